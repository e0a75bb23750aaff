"""E341: does an image decode completely? Pillow, restricted to the formats MMS images use, under a budget.

``Image.verify()`` accepts a truncated JPEG, so every frame is decoded with ``load()``. Before anything is
decoded, the image is surveyed (its header and frame count: linear in its bytes, no pixel decoded) and its
pixels are counted over **every frame**: more than Pillow's decompression-bomb guard in one frame, or in all
of them together (:data:`PIXEL_BUDGET`), and it is refused undecoded; such a file is no usable MMS image.
Small images (:data:`IN_THREAD` pixels in all) are then decoded in a thread; larger ones in a child process
under a CPU-time and an address-space limit, killed when the online timeout runs out (:func:`decode`), so a
hostile image costs a bounded time and memory and never holds a shared pool.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import math
import resource
import signal
import sys

from PIL import Image, UnidentifiedImageError

#: The Pillow formats tried for each sniffed image kind (WBMP has no Pillow decoder).
FORMATS = {"jpeg": "JPEG", "png": "PNG", "gif": "GIF", "bmp": "BMP", "webp": "WEBP"}
#: Pixels decoded at most for one image, every frame counted: the decompression-bomb guard's figure.
PIXEL_BUDGET = 89_478_485
#: Images of at most this many pixels (every frame counted) are decoded in a thread: milliseconds.
IN_THREAD = 4_000_000
#: A decoding process may use the online timeout in CPU time, and this many times it in wall-clock time (a busy
#: machine gives it less than a whole CPU): then it is killed.
WALL = 3
#: The address space a decoding process may use (the largest image the budget allows, RGBA, takes 358 MB).
MEMORY = 768 * 1024 * 1024


#: The address space this process may use, when it is a decoding process (for the verdict's words).
_limit = [MEMORY]


def _guard() -> int:
    guard = Image.MAX_IMAGE_PIXELS
    return min(guard, PIXEL_BUDGET) if guard is not None else PIXEL_BUDGET


def survey(data: bytes, kind: str) -> tuple[int, str | None]:
    """The pixels decoding ``data`` would produce, every frame counted, and why it is refused undecoded
    (``None``: it may be decoded). Reads the header and walks the frames; decodes no pixel."""
    pillow_format = FORMATS.get(kind)
    if pillow_format is None:
        return 0, None
    guard = _guard()
    try:
        with Image.open(io.BytesIO(data), formats=(pillow_format,)) as image:
            width, height = image.size
            if width * height > guard:
                return width * height, f"{width}x{height} pixels, over the decompression-bomb guard ({guard:,} pixels)"
            frames = getattr(image, "n_frames", 1)
    except UnidentifiedImageError:
        return 0, f"not a {pillow_format} image that can be read"
    except Image.DecompressionBombError as exc:
        return 0, f"over the decompression-bomb guard: {exc}"
    except Exception as exc:  # any failure to read the header or walk the frames
        return 0, f"{pillow_format} does not decode completely: {exc}"
    pixels = width * height * frames
    if pixels > guard:
        return pixels, (
            f"{frames:,} frames of {width}x{height} pixels: {pixels:,} pixels to decode, over the "
            f"decompression-bomb guard ({guard:,} pixels) counted over every frame"
        )
    return pixels, None


def problem(data: bytes, kind: str) -> str | None:
    """Why ``data`` (an image of the sniffed ``kind``) does not decode completely, or ``None``. Decodes here:
    :func:`decode` bounds the cost of images larger than :data:`IN_THREAD` pixels."""
    pillow_format = FORMATS.get(kind)
    if pillow_format is None:
        return None
    _, refused = survey(data, kind)
    if refused is not None:
        return refused
    try:
        with Image.open(io.BytesIO(data), formats=(pillow_format,)) as image:
            for frame in range(getattr(image, "n_frames", 1)):
                image.seek(frame)
                image.load()
    except MemoryError:
        return f"needs more than the {_limit[0] // (1024 * 1024):,} MiB of memory decoding may use (stopped)"
    except Exception as exc:  # any failure to decode, whatever Pillow raises for it
        return f"{pillow_format} does not decode completely: {exc}"
    return None


async def decode(data: bytes, kind: str, timeout: float, turns: asyncio.Semaphore | None = None) -> str | None:
    """:func:`problem`, with its cost bounded: the survey in a thread; an image of more than :data:`IN_THREAD`
    pixels decoded in a child process of at most ``timeout`` seconds (wall and CPU time) and :data:`MEMORY`
    bytes, one per ``turns`` at once (waiting for a turn is not counted), killed after :data:`WALL` x ``timeout``
    seconds; the verdict says when it was stopped."""
    pixels, refused = await asyncio.to_thread(survey, data, kind)
    if refused is not None or kind not in FORMATS:
        return refused
    if pixels <= IN_THREAD:
        return await asyncio.to_thread(problem, data, kind)
    async with turns if turns is not None else contextlib.nullcontext():
        return await _in_child(data, kind, timeout)


async def _in_child(data: bytes, kind: str, timeout: float) -> str | None:
    cpu = max(1, math.ceil(timeout))
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from mmsvalidate.online.images import main; main()",
        kind,
        str(cpu),
        str(MEMORY),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    wall = timeout * WALL
    try:
        async with asyncio.timeout(wall):
            said, _ = await child.communicate(data)
    except TimeoutError:
        return f"not decoded within {wall:g} s, {WALL} times the online timeout (stopped)"
    finally:
        if child.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                child.kill()
            await child.wait()
    if child.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return f"decoding used more than {cpu} s of CPU time, the online timeout (stopped)"
    try:
        answer = json.loads(said)
    except ValueError:
        return f"the decoder stopped (exit status {child.returncode})"
    return answer if isinstance(answer, str) or answer is None else str(answer)


def main() -> None:
    """The child process: ``KIND CPU_SECONDS MEMORY_BYTES``, the image on standard input, the verdict (JSON)
    on standard output."""
    kind, cpu, memory = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    _limit[0] = memory
    with contextlib.suppress(ValueError, OSError):  # a platform without it still has the time limit
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    data = sys.stdin.buffer.read()
    sys.stdout.write(json.dumps(problem(data, kind)))
    sys.stdout.flush()
