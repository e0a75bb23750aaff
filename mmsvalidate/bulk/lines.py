"""A campaign file as text lines: its encoding decoded first (a byte order mark names it, as for a single
request: UTF-8, UTF-16 or UTF-32; else UTF-8), split at its own line breaks, each line bounded.

A byte the encoding can't decode is kept as U+DC00 plus the byte, so the record holding it is that
record's finding (``mmsvalidate.readers.records``) and the lines after it are read as usual.
"""

from __future__ import annotations

import codecs
from collections import deque
from collections.abc import Callable, Iterator
from typing import BinaryIO

import attrs

from mmsvalidate.readers import BOMS

#: The error handler that keeps each undecodable byte as U+DC00 + byte (bytes under 0x80 too, unlike
#: ``surrogateescape``: a broken UTF-16 unit may hold one).
MARK = "mmsvalidate-undecoded"


def _mark(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    return "".join(chr(0xDC00 + byte) for byte in error.object[error.start : error.end]), error.end


codecs.register_error(MARK, _mark)


@attrs.frozen
class Line:
    """A line of the file: its text with its line break, its number, and where its bytes start.

    ``over`` is true for a line longer than the limit: its text is then empty, its rest skipped, and ``odd``
    says whether it held an odd number of quotes (``"``: a CSV row's quoted cell runs on past it, or ends on it).
    """

    text: str
    number: int
    offset: int
    over: bool = False
    odd: bool = False


class Lines:
    """The lines of a binary stream, decoded, at most ``limit`` bytes (UTF-8) a line kept.

    Lines handed back with :meth:`push` are given again first; :meth:`rewind` reads the stream
    again from a line's offset, when the stream can seek.
    """

    def __init__(self, stream: BinaryIO, limit: int) -> None:
        self.stream = stream
        self.limit = limit
        self.encoding, skip = _detect(stream)
        self.unit = 4 if "32" in self.encoding else 2 if "16" in self.encoding else 1
        self.newline = "\n".encode(self.encoding)
        self.offset = skip
        self.number = 0
        self.pending: deque[Line] = deque()

    def __iter__(self) -> Iterator[Line]:
        return self

    def __next__(self) -> Line:
        if self.pending:
            return self.pending.popleft()
        cap = (self.limit + 2) * self.unit
        raw = self._readline(cap)
        if not raw:
            raise StopIteration
        self.number += 1
        start = self.offset
        self.offset += len(raw)
        if len(raw) >= cap and not self._ended(raw):
            quotes = self._quotes()
            count = quotes(raw)
            while (rest := self._readline(cap)) and not self._ended(rest):
                self.offset += len(rest)
                count += quotes(rest)
            self.offset += len(rest)
            count += quotes(rest, True)
            return Line("", self.number, start, over=True, odd=bool(count & 1))
        text = raw.decode(self.encoding, errors=MARK)
        if utf8_size(text, self.limit) > self.limit:
            return Line("", self.number, start, over=True, odd=bool(text.count('"') & 1))
        return Line(text, self.number, start)

    def _quotes(self) -> Callable[..., int]:
        """A counter of the quotes in a line's successive pieces of bytes (in UTF-16 or UTF-32, decoded)."""
        if self.unit == 1:  # in UTF-8, a 0x22 byte is a quote and nothing else
            return lambda piece, final=False: piece.count(b'"')
        decoder = codecs.getincrementaldecoder(self.encoding)(errors=MARK)
        return lambda piece, final=False: decoder.decode(piece, final).count('"')

    def push(self, lines: list[Line]) -> None:
        """Give ``lines`` again, before the rest of the stream."""
        self.pending.extendleft(reversed(lines))

    def seekable(self) -> bool:
        return self.stream.seekable()

    def rewind(self, line: Line) -> None:
        """Read on from ``line`` again (the stream must be seekable)."""
        self.pending.clear()
        self.stream.seek(line.offset)
        self.offset, self.number = line.offset, line.number - 1

    def _ended(self, raw: bytes) -> bool:
        return raw.endswith(self.newline) and len(raw) % self.unit == 0

    def _readline(self, cap: int) -> bytes:
        """The next line's bytes with its line break (at a code unit boundary), at most about ``cap``."""
        if self.unit == 1:
            return self.stream.readline(cap)
        data = bytearray()
        while len(data) < cap:
            piece = self.stream.readline(cap - len(data))
            if not piece:
                break
            data += piece
            if not data.endswith(b"\n"):
                continue
            if self.newline[0] == 0x0A and (len(data) - 1) % self.unit == 0:
                data += self.stream.read(self.unit - 1)  # little-endian: the rest of the unit follows 0x0A
            if self._ended(bytes(data[-self.unit :])) and len(data) % self.unit == 0:
                break
        return bytes(data)


def break_size(text: str) -> int:
    """How many characters at the end of a line's ``text`` are its line break (``\\r\\n``, ``\\n``, or a last
    line's ``\\r``)."""
    if text.endswith("\r\n"):
        return 2
    return 1 if text.endswith(("\n", "\r")) else 0


def utf8_size(text: str, limit: int) -> int:
    """The size the line limit bounds: the UTF-8 bytes of a line's ``text`` without its line break (its count
    of characters when they are too few to take more than ``limit`` bytes, so that short lines are not encoded)."""
    own = len(text) - break_size(text)
    if own <= limit // 4:  # no character takes more than 4 bytes
        return own
    return len(text[:own].encode("utf-8", errors="surrogatepass"))


def _detect(stream: BinaryIO) -> tuple[str, int]:
    """The stream's encoding from its byte order mark, and the offset just past the mark."""
    peek = getattr(stream, "peek", None)
    if stream.seekable():
        start = stream.tell()
        head = stream.read(4)
        stream.seek(start)
    elif peek is not None:
        start, head = 0, peek(4)[:4]
    else:  # pragma: no cover - every stream the package opens can seek or peek
        return "utf-8", 0
    for bom, name in BOMS:
        if head.startswith(bom):
            stream.read(len(bom))
            return name, start + len(bom)
    return "utf-8", start
