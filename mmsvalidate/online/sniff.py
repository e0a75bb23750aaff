"""What a file is, from its first bytes: a small table of the types the slide slots take.

Each entry says which slot takes the type and the ``Content-Type`` values that name it. Bytes of
no entry get a description of what they look like instead (an HTML page, a ZIP archive without
``pass.json``), for E629's detail. Only the head of a file is read, except for ZIP archives,
whose member list (at the end) tells a Passbook pass from an office document.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import attrs

#: How many bytes sniffing looks at (ZIP archives aside).
HEAD = 4096


@attrs.frozen
class Kind:
    """A recognised file type: its name, the slot that takes it, and the media types naming it.

    ``also`` names another slot that takes it when the first bytes can't tell which it is: an MP4 or
    3GP file may hold audio only (its tracks are described at the end of the file, not read here).
    """

    name: str
    slot: str
    label: str
    mimes: frozenset[str]
    also: str | None = None

    def taken_by(self, slot: str) -> bool:
        """Whether ``slot`` takes this kind."""
        return slot in (self.slot, self.also)


def _kind(name: str, slot: str, label: str, *mimes: str, also: str | None = None) -> Kind:
    return Kind(name, slot, label, frozenset(mimes), also)


KINDS = {
    k.name: k
    for k in (
        _kind("jpeg", "image", "JPEG image", "image/jpeg", "image/jpg", "image/pjpeg"),
        _kind("png", "image", "PNG image", "image/png", "image/x-png"),
        _kind("gif", "image", "GIF image", "image/gif"),
        _kind("bmp", "image", "BMP image", "image/bmp", "image/x-bmp", "image/x-ms-bmp"),
        _kind("wbmp", "image", "WBMP image", "image/vnd.wap.wbmp"),
        _kind("webp", "image", "WebP image", "image/webp"),
        _kind("mp3", "audio", "MP3 audio", "audio/mpeg", "audio/mp3", "audio/mpeg3", "audio/x-mpeg-3"),
        _kind("wav", "audio", "WAV audio", "audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"),
        _kind("amr", "audio", "AMR audio", "audio/amr", "audio/amr-wb", "audio/3gpp"),
        _kind("aac", "audio", "AAC audio", "audio/aac", "audio/aacp", "audio/x-aac"),
        _kind("m4a", "audio", "M4A (MPEG-4) audio", "audio/mp4", "audio/m4a", "audio/x-m4a", "audio/aac"),
        _kind("ogg", "audio", "Ogg audio", "audio/ogg", "application/ogg", "audio/vorbis", "audio/opus"),
        _kind("midi", "audio", "MIDI audio", "audio/midi", "audio/mid", "audio/x-midi", "audio/sp-midi"),
        _kind("mp4", "video", "MP4 video", "video/mp4", "video/x-m4v", "application/mp4", "audio/mp4", also="audio"),
        _kind("3gp", "video", "3GP video", "video/3gpp", "video/3gpp2", "audio/3gpp", "audio/3gpp2", also="audio"),
        _kind("mov", "video", "QuickTime video", "video/quicktime"),
        _kind("mpeg", "video", "MPEG video", "video/mpeg", "video/mpg"),
        _kind("avi", "video", "AVI video", "video/x-msvideo", "video/avi", "video/msvideo"),
        _kind("asf", "video", "WMV/ASF video", "video/x-ms-wmv", "video/x-ms-asf", "video/x-ms-wm"),
        _kind("webm", "video", "WebM video", "video/webm"),
        _kind("vcard", "vcard", "vCard", "text/vcard", "text/x-vcard", "text/directory"),
        _kind("ical", "ical", "iCalendar", "text/calendar", "text/x-vcalendar"),
        _kind("pdf", "pdf", "PDF document", "application/pdf", "application/x-pdf"),
        _kind("pkpass", "passbook", "Passbook pass", "application/vnd.apple.pkpass"),
    )
}

#: ``ftyp`` brands of the ISO base media family, by kind (anything else in the family is MP4 video).
_AUDIO_BRANDS = frozenset({b"M4A ", b"M4B ", b"M4P ", b"F4A ", b"F4B "})
_3GP_BRANDS = (b"3gp", b"3g2", b"3ge", b"3gg", b"3gs", b"kddi")


def _riff(head: bytes) -> str | None:
    form = head[8:12]
    return {b"WEBP": "webp", b"WAVE": "wav", b"AVI ": "avi"}.get(form) if head[:4] == b"RIFF" else None


def _iso_media(head: bytes) -> str | None:
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _AUDIO_BRANDS:
            return "m4a"
        if brand.startswith(_3GP_BRANDS):
            return "3gp"
        return "mov" if brand == b"qt  " else "mp4"
    if head[4:8] in (b"moov", b"mdat", b"wide", b"free") and head[:2] == b"\x00\x00":
        return "mov"
    return None


def _text(head: bytes) -> str | None:
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n").upper()
    if text.startswith(b"BEGIN:VCARD"):
        return "vcard"
    if text.startswith(b"BEGIN:VCALENDAR"):
        return "ical"
    return None


def _uintvar(data: bytes, at: int) -> tuple[int, int] | None:
    value = 0
    for index in range(at, min(at + 4, len(data))):
        value = (value << 7) | (data[index] & 0x7F)
        if not data[index] & 0x80:
            return value, index + 1
    return None


def _wbmp(data: bytes) -> str | None:
    """A WBMP (type 0) has no magic: the header's size must match the file's exactly."""
    if data[:2] != b"\x00\x00":
        return None
    width = _uintvar(data, 2)
    height = _uintvar(data, width[1]) if width else None
    if not width or not height or not width[0] or not height[0]:
        return None
    return "wbmp" if len(data) == height[1] + (width[0] + 7) // 8 * height[0] else None


def _mpeg_frame(head: bytes) -> bool:
    """An MPEG audio frame header: sync, a defined version and layer, a valid bitrate and rate."""
    if len(head) < 3 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer = (head[1] >> 3) & 3, (head[1] >> 1) & 3
    bitrate, rate = head[2] >> 4, (head[2] >> 2) & 3
    return version != 1 and layer != 0 and bitrate != 15 and rate != 3


def _mpeg_audio(head: bytes) -> str | None:
    if head.startswith(b"ID3"):
        return "mp3"
    if head[:1] == b"\xff" and len(head) > 1:
        if head[1] & 0xF6 == 0xF0:  # ADTS: sync, layer 00
            return "aac"
        if _mpeg_frame(head):
            return "mp3"
    if head.startswith(b"ADIF"):
        return "aac"
    return None


_BMP_HEADERS = frozenset({12, 40, 52, 56, 64, 108, 124})


def _bmp(head: bytes) -> str | None:
    if head[:2] == b"BM" and len(head) >= 18 and int.from_bytes(head[14:18], "little") in _BMP_HEADERS:
        return "bmp"
    return None


def _vint(data: bytes, at: int) -> tuple[int, int, int] | None:
    """The EBML variable-size integer at ``at`` (RFC 8794, 4): its bytes as read (an element ID), its value
    without the length marker (a size; all ones, an unknown size, reads as more than any head holds), and
    where it ends; None if cut short or longer than 8 bytes."""
    length = 9 - data[at].bit_length() if at < len(data) else 9
    if length > 8 or at + length > len(data):
        return None
    raw = int.from_bytes(data[at : at + length])
    return raw, raw & ((1 << (7 * length)) - 1), at + length


def _doctype(head: bytes) -> bytes | None:
    """The DocType of the EBML header ``head`` starts with (webm, matroska), read element by element."""
    size = _vint(head, 4)
    if size is None:
        return None
    at, end = size[2], min(len(head), size[2] + size[1])
    while at < end:
        element = _vint(head, at)
        length = _vint(head, element[2]) if element else None
        if element is None or length is None:
            return None
        if element[0] == 0x4282:
            return head[length[2] : length[2] + length[1]].rstrip(b"\0")
        at = length[2] + length[1]
    return None


def _ebml(head: bytes) -> str | None:
    return "webm" if head.startswith(b"\x1a\x45\xdf\xa3") and _doctype(head) == b"webm" else None


_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"#!AMR\n", "amr"),
    (b"#!AMR-WB\n", "amr"),
    (b"OggS", "ogg"),
    (b"MThd", "midi"),
    (b"\x00\x00\x01\xba", "mpeg"),
    (b"\x00\x00\x01\xb3", "mpeg"),
    (b"\x30\x26\xb2\x75\x8e\x66\xcf\x11\xa6\xd9\x00\xaa\x00\x62\xce\x6c", "asf"),
)

_PROBES: tuple[Callable[[bytes], str | None], ...] = (_riff, _iso_media, _bmp, _ebml, _text, _mpeg_audio)


#: A ZIP archive is listed only when its end record declares at most this many entries in a central directory
#: of at most :data:`MAX_DIRECTORY` bytes (a Passbook pass holds a few dozen files): listing is linear in them.
MAX_ENTRIES = 1000
MAX_DIRECTORY = 256 * 1024
#: The end-of-central-directory record: its signature, its least size, and the most a comment after it adds.
_END = b"PK\x05\x06"
_END_SIZE = 22
_COMMENT = 65_535
#: The entry count a ZIP64 archive's end record gives (the real count is in the ZIP64 record).
_ZIP64_ENTRIES = 0xFFFF


def zip_directory(data: bytes) -> tuple[int, int] | None:
    """The entries and central-directory bytes a ZIP archive's end record declares, or ``None`` without one."""
    end = data.rfind(_END, max(0, len(data) - _END_SIZE - _COMMENT))
    if end < 0 or len(data) - end < _END_SIZE:
        return None
    entries = int.from_bytes(data[end + 10 : end + 12], "little")
    size = int.from_bytes(data[end + 12 : end + 16], "little")
    return entries, size


def _zip(data: bytes, complete: bool) -> tuple[str | None, str]:
    if not complete:
        return None, "a ZIP archive (not read whole)"
    declared = zip_directory(data)
    if declared is None:
        return None, "a damaged ZIP archive"
    entries, size = declared
    if entries >= _ZIP64_ENTRIES:
        return None, "a ZIP64 archive (65,535 entries or more), too large to list"
    if entries > MAX_ENTRIES or size > MAX_DIRECTORY:
        return None, f"a ZIP archive of {entries:,} entries in a {size:,}-byte directory, too large to list"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError):
        return None, "a damaged ZIP archive"
    if "pass.json" in names:
        return "pkpass", ""
    if "[Content_Types].xml" in names:
        return None, "an Office Open XML document (.docx, .xlsx, ...)"
    return None, "a ZIP archive without pass.json"


def _describe(head: bytes) -> str:
    """What bytes of no known type look like."""
    if not head:
        return "empty"
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")[:512].lower()
    if text.startswith((b"<!doctype html", b"<html")) or b"<html" in text or b"<body" in text:
        return "an HTML page"
    if text.startswith(b"<?xml") or text.startswith(b"<"):
        return "XML"
    if text.startswith((b"{", b"[")):
        return "JSON or other text"
    if head.startswith(b"\x1f\x8b"):
        return "gzip-compressed data"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "a Matroska file (not WebM)"
    if head.startswith(b"II*\x00") or head.startswith(b"MM\x00*"):
        return "a TIFF image"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old Office document"
    if all(32 <= byte < 127 or byte in b"\t\r\n" for byte in head[:512]):
        return "plain text"
    return "unrecognised bytes (" + head[:8].hex(" ") + ")"


@attrs.frozen
class Sniffed:
    """The verdict on some bytes: a known :class:`Kind`, or what they look like."""

    kind: Kind | None
    description: str

    @property
    def label(self) -> str:
        return self.kind.label if self.kind else self.description


def sniff(data: bytes, complete: bool = True) -> Sniffed:
    """The type of ``data`` (a file's head, or the whole file when ``complete``)."""
    head = data[:HEAD]
    name: str | None = None
    described: str = ""
    for signature, found in _SIGNATURES:
        if head.startswith(signature):
            name = found
            break
    if name is None and head.startswith(b"PK\x03\x04"):
        name, described = _zip(data, complete)
    if name is None and not described:
        name = next((probed for probe in _PROBES if (probed := probe(head))), None)
    if name is None and not described and b"%PDF-" in data[:1024]:
        name = "pdf"
    if name is None and not described and complete:
        name = _wbmp(data)
    if name is None:
        return Sniffed(None, described or _describe(head))
    kind = KINDS[name]
    return Sniffed(kind, kind.label)


def media_type(header: str | None) -> str | None:
    """The media type of a ``Content-Type`` header, lower-cased, without parameters."""
    if header is None:
        return None
    return header.split(";", 1)[0].strip().lower() or None


def takes(slot: str) -> tuple[str, ...]:
    """The names of the kinds ``slot`` takes (``JPEG``, ``PNG``, ...)."""
    return tuple(k.name.upper() for k in KINDS.values() if k.taken_by(slot))
