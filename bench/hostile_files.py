"""Hostile media, made in milliseconds without decoding anything: an animated GIF of many full-canvas frames,
a large RGBA PNG, a ZIP archive of many entries. Shared by ``bench/hostile_media.py`` and the tests."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import Image

#: A GIF frame's Graphic Control Extension: no disposal, a 10 ms delay.
_CONTROL = b"\x21\xf9\x04\x00\x01\x00\x00\x00"


def animated_gif(frames: int, width: int, height: int) -> bytes:
    """A GIF of ``frames`` frames each covering the whole ``width`` x ``height`` canvas (one colour, so
    tiny), every frame a real image to decode: one frame made by Pillow, repeated."""
    out = io.BytesIO()
    Image.new("P", (width, height), 0).save(out, "GIF")
    one = out.getvalue()
    flags = one[10]
    table = 3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0
    start = one.index(b"\x2c", 13 + table)  # the image descriptor
    head, frame = one[:start], one[start:-1]  # the trailer (;) dropped
    loop = b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    return head[: 13 + table] + loop + (_CONTROL + frame) * frames + b";"


def big_png(width: int, height: int, mode: str = "RGBA", row_filter: int = 0) -> bytes:
    """A ``width`` x ``height`` PNG of zero pixels (8 bits a channel), compressed row by row: a few hundred KB
    for a 9000x9000 RGBA image, written without ever holding its pixels. ``row_filter`` is each row's PNG filter
    type (4, Paeth: the decoder does arithmetic on every byte, about twice the CPU of 0, none)."""
    colour, channels = {"RGBA": (6, 4), "RGB": (2, 3), "L": (0, 1)}[mode]

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    packer = zlib.compressobj(9)
    row = bytes([row_filter]) + b"\x00" * (width * channels)
    pixels = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def many_entries_zip(entries: int, *, with_pass: bool = True) -> bytes:
    """A ZIP archive (stored, not compressed) of ``entries`` empty files, ``pass.json`` first when asked."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        if with_pass:
            archive.writestr("pass.json", b'{"formatVersion": 1}')
        for n in range(entries - with_pass):
            archive.writestr(f"f{n}", b"")
    return out.getvalue()
