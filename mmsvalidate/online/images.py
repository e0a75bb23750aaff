"""E341: does an image decode completely? Pillow, restricted to the formats MMS images use.

``Image.verify()`` accepts a truncated JPEG, so every frame is decoded with ``load()``. Pillow's
decompression-bomb guard stays on, and an image over its pixel limit is refused before decoding
(the limit's warning zone included): such a file is no usable MMS image.
"""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

#: The Pillow formats tried for each sniffed image kind (WBMP has no Pillow decoder).
FORMATS = {"jpeg": "JPEG", "png": "PNG", "gif": "GIF", "bmp": "BMP", "webp": "WEBP"}
#: Frames of an animation decoded at most.
MAX_FRAMES = 500


def problem(data: bytes, kind: str) -> str | None:
    """Why ``data`` (an image of the sniffed ``kind``) does not decode completely, or ``None``."""
    pillow_format = FORMATS.get(kind)
    if pillow_format is None:
        return None
    try:
        with Image.open(io.BytesIO(data), formats=(pillow_format,)) as image:
            width, height = image.size
            guard = Image.MAX_IMAGE_PIXELS
            if guard is not None and width * height > guard:
                return f"{width}x{height} pixels, over the decompression-bomb guard ({guard:,} pixels)"
            frames = getattr(image, "n_frames", 1)
            for frame in range(min(frames, MAX_FRAMES)):
                image.seek(frame)
                image.load()
    except UnidentifiedImageError:
        return f"not a {pillow_format} image that can be read"
    except Image.DecompressionBombError as exc:
        return f"over the decompression-bomb guard: {exc}"
    except Exception as exc:  # any failure to decode, whatever Pillow raises for it
        return f"{pillow_format} does not decode completely: {exc}"
    return None
