"""The sniffing table, the presets and the catalogue's words for the media rules."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mmsvalidate.codes import CODES, ONLINE_CHECKS
from mmsvalidate.codetable import checks
from mmsvalidate.online import PRESETS, OnlineOptions, parse_limit
from mmsvalidate.online.images import problem
from mmsvalidate.online.media import MEDIA_RULES, message_size
from mmsvalidate.online.sniff import KINDS, Sniffed, media_type, sniff, zip_directory
from tests.online.conftest import HTML, ICAL, MP3, MP3_RAW, MP4, PDF, VCARD, docx, picture, pkpass, zipped

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 28
AVI = b"RIFF\x24\x00\x00\x00AVI LIST" + b"\x00" * 28
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 28


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "png"),
        (b"GIF89a\x01\x00", "gif"),
        (b"BM\x00\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00\x00\x00", "bmp"),
        (WEBP, "webp"),
        (b"\x00\x00\x03\x02\xa0\x60", "wbmp"),
        (MP3, "mp3"),
        (MP3_RAW, "mp3"),
        # ISO/IEC 13818-3 frames: MPEG-2 (version bits 10) and MPEG-2.5 (00) Layer III, 0xFFF3 and 0xFFE3
        (b"\xff\xf3\x90\x64" + bytes(200), "mp3"),
        (b"\xff\xe3\x90\x64" + bytes(200), "mp3"),
        (WAV, "wav"),
        (b"#!AMR\n\x3c", "amr"),
        (b"\xff\xf1\x50\x80\x02\x1f\xfc", "aac"),
        (b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00", "m4a"),
        (b"OggS\x00\x02", "ogg"),
        (b"MThd\x00\x00\x00\x06", "midi"),
        (MP4, "mp4"),
        (b"\x00\x00\x00\x14ftyp3gp5\x00\x00\x00\x00", "3gp"),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00", "mov"),
        (b"\x00\x00\x01\xba\x44\x00", "mpeg"),
        (AVI, "avi"),
        (b"\x30\x26\xb2\x75\x8e\x66\xcf\x11\xa6\xd9\x00\xaa\x00\x62\xce\x6c", "asf"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm", "webm"),
        # the DocType is read from the EBML header wherever it is in it: after a 100-byte Void element
        (b"\x1a\x45\xdf\xa3\xf4\x42\x86\x81\x01\xec\xe4" + bytes(100) + b"\x42\x82\x84webm", "webm"),
        (VCARD, "vcard"),
        (b"\xef\xbb\xbf\r\nbegin:vcard\r\n", "vcard"),
        (ICAL, "ical"),
        (PDF, "pdf"),
        # docs/online.md: a PDF's header within its first 1024 bytes (the PDF Reference, implementation note 13)
        (b"\x01" * (1024 - 5) + PDF, "pdf"),
        (pkpass(), "pkpass"),
    ],
)
def test_each_kind_is_recognised(data: bytes, kind: str) -> None:
    found = sniff(data)
    assert found.kind is not None and found.kind.name == kind


@pytest.mark.parametrize(
    ("data", "description"),
    [
        (HTML, "an HTML page"),
        (docx(), "an Office Open XML document (.docx, .xlsx, ...)"),
        (zipped({"readme.txt": b"hi"}), "a ZIP archive without pass.json"),
        (b"PK\x03\x04garbage", "a damaged ZIP archive"),
        (b"", "empty"),
        (b"hello there", "plain text"),
        (b'{"error": "not found"}', "JSON or other text"),
        (b"\x1f\x8b\x08\x00", "gzip-compressed data"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska", "a Matroska file (not WebM)"),
        # a WebM file is one whose EBML header says DocType webm (RFC 8794; the WebM container guidelines):
        # "webm" after the header, in a Matroska file's segment, does not make it one
        (
            b"\x1a\x45\xdf\xa3\x8f\x42\x86\x81\x01\x42\x82\x88matroska\x18\x53\x80\x67\x84webm",
            "a Matroska file (not WebM)",
        ),
        # the EBML header is read as RFC 8794 says: a size starting with a zero byte is invalid; a header cut
        # after an element's ID; a DocType element just past the header's size is not the header's
        (b"\x1a\x45\xdf\xa3" + bytes(8) + b"\x07\x42\x82\x84webm", "a Matroska file (not WebM)"),
        (b"\x1a\x45\xdf\xa3\x87\x42\x82", "a Matroska file (not WebM)"),
        (b"\x1a\x45\xdf\xa3\x86\x42\x86\x81\x01\xec\x80\x42\x82\x84webm", "a Matroska file (not WebM)"),
        # no DocType in the header: Matroska's default, though a "webm" follows it
        (b"\x1a\x45\xdf\xa3\x84\x42\x86\x81\x01\x42\x82\x84webm", "a Matroska file (not WebM)"),
        (b"II*\x00\x08\x00", "a TIFF image"),
        (b"\x00\x00\x03\x02\xa0", "unrecognised bytes (00 00 03 02 a0)"),
        # a PDF header starting past the first 1024 bytes (its last byte at 1025) does not make a PDF
        (b"\x01" * (1024 - 4) + PDF, "unrecognised bytes (01 01 01 01 01 01 01 01)"),
        # MPEG audio headers with a reserved layer (00, not ADTS: version 01) or version (01) are no frames
        (b"\xff\xe9\x90\x64" + bytes(200), "unrecognised bytes (ff e9 90 64 00 00 00 00)"),
        (b"\xff\xeb\x90\x64" + bytes(200), "unrecognised bytes (ff eb 90 64 00 00 00 00)"),
    ],
)
def test_other_bytes_are_described(data: bytes, description: str) -> None:
    found = sniff(data)
    assert (found.kind, found.description) == (None, description)


def test_images_decode_or_say_why() -> None:
    for fmt, kind in (("JPEG", "jpeg"), ("PNG", "png"), ("GIF", "gif"), ("BMP", "bmp"), ("WEBP", "webp")):
        assert problem(picture(fmt), kind) is None, fmt
    png = picture("PNG")
    assert problem(png[:-30], "png") is not None
    assert problem(png, "jpeg") == "not a JPEG image that can be read"


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_decompression_bomb_is_refused_before_decoding() -> None:
    from PIL import Image

    big = Image.new("1", (9500, 9500))  # 90,250,000 pixels: over Pillow's 89,478,485
    out = io.BytesIO()
    big.save(out, "PNG")
    assert problem(out.getvalue(), "png") == ("9500x9500 pixels, over the decompression-bomb guard (89,478,485 pixels)")


def test_presets_and_limits() -> None:
    assert set(PRESETS) == {"carrier-safe", "aws", "twilio"}
    safe = OnlineOptions(preset="carrier-safe", limits={"video": 3_000_000})
    assert (safe.limit("image"), safe.limit("video"), safe.limit("message")) == (500_000, 3_000_000, 1_400_000)
    aws = OnlineOptions(preset="aws")
    assert (aws.limit("image"), aws.limit("pdf"), aws.limit("passbook"), aws.limit("message")) == (
        2_000_000,
        600_000,
        None,
        None,
    )
    assert OnlineOptions().limit("image") is None
    assert parse_limit("image=600000") == ("image", 600_000)
    assert parse_limit("Video = 3MB") == ("video", 3_000_000)
    assert parse_limit("pdf=500KiB") == ("pdf", 512_000)
    for bad in ("photo=1", "image", "image=0", "image=-5", "image=1.5MB", "image=²"):
        with pytest.raises(ValueError):
            parse_limit(bad)


def test_media_rules_say_what_the_catalogue_says() -> None:
    summaries = {rule.code: rule.summary for rule in MEDIA_RULES}
    summaries["MV123"] = (message_size.__doc__ or "").splitlines()[0]
    assert summaries == ONLINE_CHECKS
    for code in ("E241", "E331", "E338", "E341", "E351", "E358", "E629", "E229", "MV120", "MV123"):
        assert "Online check: " in checks(code), code
    for code in ("MV120", "MV121", "MV122", "MV123"):
        assert not CODES[code].offline and not CODES[code].vendor
    # no check, offline or online, can see an account
    assert checks("E104") == "Not checked here: only the API decides it (the account, a content fetch, the carrier)."


@pytest.mark.parametrize("brand", [b"3gp4", b"3gp5", b"3gp6", b"3g2a", b"3ge6", b"3gg6", b"3gs7", b"kddi"])
def test_every_3gpp_brand_is_3gp(brand: bytes) -> None:
    # 3GPP TS 26.244 (3gp*, 3ge*, 3gg*, 3gs*), 3GPP2 C.S0050 (3g2*), and KDDI's brand
    assert sniff(b"\x00\x00\x00\x14ftyp" + brand + b"\x00\x00\x00\x00").kind == KINDS["3gp"]


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"#!AMR-WB\n\x04", "amr"),  # RFC 4867: the AMR-WB storage format's magic
        (b"\x00\x00\x01\xb3\x14\x00\xf0\x13", "mpeg"),  # an MPEG-1/2 video sequence header
        (b"\x00\x00\x01\xba\x44\x00", "mpeg"),  # an MPEG program stream pack header
    ],
)
def test_more_signatures(data: bytes, kind: str) -> None:
    assert sniff(data).kind == KINDS[kind]


def test_a_zip_is_listed_up_to_a_thousand_entries() -> None:
    # a Passbook pass holds a few dozen files; docs/online.md: more than 1,000 entries are not listed
    names = {"pass.json": b"{}", **{f"f{n}": b"" for n in range(999)}}
    assert sniff(zipped(names)).kind == KINDS["pkpass"]
    names["f999"] = b""
    directory = 46 * len(names) + sum(len(name) for name in names)  # a central directory header is 46 bytes + name
    assert sniff(zipped(names)) == Sniffed(
        None, f"a ZIP archive of 1,001 entries in a {directory:,}-byte directory, too large to list"
    )


def test_a_zip_directory_over_256_kib_is_not_listed() -> None:
    long = "d/" * 1000  # 2,000-character names: 100 entries make a directory of about 205 KB
    small = {"pass.json": b"{}", **{f"{long}{n:03}": b"" for n in range(100)}}
    big = {"pass.json": b"{}", **{f"{long}{n:03}": b"" for n in range(150)}}
    assert sniff(zipped(small)).kind == KINDS["pkpass"]
    assert sniff(zipped(big)).description.endswith("-byte directory, too large to list")


def test_the_zip_end_record_is_looked_for_only_where_the_format_allows() -> None:
    # the end record (22 bytes) is followed by a comment of at most 65,535 bytes: one further back is not it
    record = b"PK\x05\x06" + b"\x00" * 4 + b"\xff\xff" * 2 + b"\x00" * 8 + b"\x00\x00"
    assert len(record) == 22
    for comment, verdict in ((65_535, "a ZIP64 archive"), (65_536, "a damaged ZIP archive")):
        data = b"PK\x03\x04" + b"\x00" * 26 + record + b"\x00" * comment
        assert sniff(data).description.startswith(verdict), comment


@pytest.mark.parametrize("brand", [b"M4A ", b"M4B ", b"M4P ", b"F4A ", b"F4B "])
def test_every_mpeg4_audio_brand_is_m4a(brand: bytes) -> None:
    # the iTunes audio, audiobook and protected brands, and Adobe's F4A/F4B audio brands
    assert sniff(b"\x00\x00\x00\x14ftyp" + brand + b"\x00\x00\x00\x00").kind == KINDS["m4a"]


@pytest.mark.parametrize("size", [12, 40, 52, 56, 64, 108, 124])
def test_every_bmp_info_header_size(size: int) -> None:
    # BITMAPCOREHEADER (12), BITMAPINFOHEADER (40), its V2/V3 extensions (52, 56), OS/2 2.x (64), V4 (108), V5 (124)
    head = b"BM" + b"\x00" * 12 + size.to_bytes(4, "little") + b"\x00" * 16
    assert sniff(head).kind == KINDS["bmp"]
    other = b"BM" + b"\x00" * 12 + (size + 1).to_bytes(4, "little") + b"\x00" * 16
    assert sniff(other).kind is None


@pytest.mark.parametrize(
    "frame",
    [
        b"\xff\xfb\xf0\x64",  # bitrate index 15: not allowed
        b"\xff\xfb\x9c\x64",  # sampling-rate index 3: reserved
        b"\xff\xeb\x90\x64",  # version bits 01: reserved
        b"\xff\xe1\x90\x64",  # layer bits 00: reserved (MPEG 2.5, so not an ADTS header either)
        b"\xfe\xfb\x90\x64",  # no frame sync
        b"\xff\xdb\x90\x64",  # 11 sync bits incomplete
    ],
)
def test_an_invalid_mpeg_audio_frame_header_is_not_mp3(frame: bytes) -> None:
    assert sniff(frame * 4).kind is None


def test_a_lone_ff_byte_is_no_audio() -> None:
    assert sniff(b"\xff").kind is None
    assert sniff(b"\xff\xfb\x90").kind == KINDS["mp3"]  # three bytes are a whole frame header


@pytest.mark.parametrize("data", [b"\x00\x00\x00\x01\x80", b"\x00\x00\x01\x00\x00", b"\x00\x00\x00\x00"])
def test_a_wbmp_of_no_width_or_height_is_not_an_image(data: bytes) -> None:
    assert sniff(data).kind is None


def test_a_zip_end_record_of_65534_entries_is_not_zip64() -> None:
    record = b"PK\x05\x06" + b"\x00" * 4 + b"\xfe\xff" * 2 + b"\x00" * 8 + b"\x00\x00"
    assert sniff(b"PK\x03\x04" + b"\x00" * 26 + record).description.startswith("a ZIP archive of 65,534 entries")


@pytest.mark.parametrize(
    ("data", "description"),
    [
        (b"<root>hi</root>", "XML"),
        (b"~~~ hello ~~~", "plain text"),  # every printable ASCII byte, '~' (126) included
        (b"hello\x7f", "unrecognised bytes (68 65 6c 6c 6f 7f)"),  # DEL (127) is a control character, not text
        (b"a" * 511 + b"\x01", "unrecognised bytes (61 61 61 61 61 61 61 61)"),  # the 512th byte is looked at
        (b"a" * 512 + b"\x01", "plain text"),  # the 513th is not
        (b"\x01\x02\x03\x04\x05\x06\x07\x08\x09", "unrecognised bytes (01 02 03 04 05 06 07 08)"),
    ],
)
def test_what_other_bytes_look_like(data: bytes, description: str) -> None:
    assert sniff(data) == Sniffed(None, description)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x00\x00\x00\x08moov" + b"\x00" * 8, "mov"),  # a QuickTime file starting with its movie atom
        (b"\x00\x00\x00\x08wide\x00\x00\x00\x08mdat", "mov"),
        (b"\x00\x00\x08\x02\xff\x00", "wbmp"),  # 8x2: one byte a row
        (b"\x00\x00\x81\x49\x03" + b"\x00" * 26 * 3, "wbmp"),  # 201x3: a width of two uintvar bytes, 26 a row
    ],
)
def test_more_kinds_at_their_edges(data: bytes, kind: str) -> None:
    assert sniff(data).kind == KINDS[kind]


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x00\x00\x02",  # WBMP of width 0
        b"\x00\x00\x08\x00",  # WBMP of height 0
        b"\x00\x00\x08\x02\xff",  # 8x2 needs two bytes
        b"\x00\x01\x00\x08moov",  # a movie atom whose size does not start 00 00
        b"BM" + b"\x00" * 12 + (40 + (1 << 24)).to_bytes(4, "little") + b"\x00" * 16,  # no BMP header is that size
    ],
)
def test_almost_kinds_are_not(data: bytes) -> None:
    assert sniff(data).kind is None


def test_the_media_type_of_a_content_type() -> None:
    assert media_type(" Image/PNG ; charset=binary") == "image/png"
    assert media_type(";x") is None and media_type(None) is None


def test_a_zip_directory_of_exactly_256_kib_is_listed() -> None:
    # a central directory header is 46 bytes and the name: 262,144 bytes in all is listed, one more is not
    def archive(total: int) -> bytes:
        left = total - (46 + len("pass.json")) - 120 * 46
        names = {"pass.json": b"{}"}
        for n in range(120):
            size = left // 120 + (left % 120 if n == 0 else 0)
            names[f"{n:04}" + "x" * (size - 4)] = b""
        return zipped(names)

    assert sniff(archive(256 * 1024)).kind == KINDS["pkpass"]
    assert sniff(archive(256 * 1024 + 1)).description.endswith("in a 262,145-byte directory, too large to list")


def test_an_upper_case_html_page_is_an_html_page() -> None:
    assert sniff(b"<!DOCTYPE HTML>\n<HTML><BODY>Not found</BODY></HTML>").description == "an HTML page"


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x00\x00\x08mdat" + b"\x00" * 8,  # QuickTime: the media data atom may come first, the movie atom last
        b"\x00\x00\x00\x08free\x00\x00\x00\x08moov",  # or a free-space atom
    ],
)
def test_a_quicktime_file_may_start_with_any_top_level_atom(data: bytes) -> None:
    assert sniff(data).kind == KINDS["mov"]


def test_a_json_array_looks_like_json() -> None:
    # an API's error answer instead of the media: an array is JSON as much as an object is
    assert sniff(b'[{"error": "not found"}]') == Sniffed(None, "JSON or other text")


def test_an_empty_zip_is_its_end_record_alone() -> None:
    # the ZIP format: an archive of no entries is one end-of-central-directory record, at offset 0
    assert zip_directory(zipped({})) == (0, 0)
    assert zip_directory(b"PK\x03\x04" + b"\x00" * 40) is None  # no end record: nothing declared


def _central(archive: bytes) -> int:
    return archive.index(b"PK\x01\x02")


@pytest.mark.parametrize(
    "damage",
    [
        # a version needed to extract that no ZIP specification has (22.8)
        lambda a: a[: _central(a) + 6] + b"\xe4" + a[_central(a) + 7 :],
        # a central directory header whose signature is not one
        lambda a: a.replace(b"PK\x01\x02", b"PK\x01\x03"),
        # a name flagged UTF-8 (general purpose bit 11) that is not UTF-8
        lambda a: a[: _central(a) + 9] + b"\x08" + a[_central(a) + 10 : -22 - 9] + b"\xff" + a[-22 - 8 :],
    ],
)
def test_a_damaged_central_directory_is_a_damaged_zip_archive(damage: Callable[[bytes], bytes]) -> None:
    archive = zipped({"pass.json": b"{}"})
    assert sniff(damage(archive)) == Sniffed(None, "a damaged ZIP archive")


def test_the_directory_size_is_the_end_records_four_bytes() -> None:
    # the ZIP format: the end record gives the entries (2 bytes at offset 10) and the size of the central
    # directory (4 bytes at offset 12), little-endian
    record = b"PK\x05\x06" + b"\x00" * 6 + b"\x02\x00" + b"\x00\x00\x00\x01" + b"\x00" * 6
    assert zip_directory(b"PK\x03\x04" + record) == (2, 1 << 24)


def _vint(value: int, width: int) -> bytes:
    """``value`` as an EBML variable-size integer of ``width`` bytes (RFC 8794, 4.1: the length marker,
    then the value; wider than needed is allowed)."""
    return (value | 1 << (7 * width)).to_bytes(width)


def _element(element_id: bytes, data: bytes, width: int) -> bytes:
    return element_id + _vint(len(data), max(width, (len(data).bit_length() + 6) // 7 + 1))


_DOCTYPE, _VERSION, _VOID = b"\x42\x82", b"\x42\x86", b"\xec"


@given(
    doctype=st.sampled_from([b"webm", b"matroska", b"web", b"webmx", None]),
    padding=st.integers(0, 3),
    void=st.integers(0, 300),
    widths=st.lists(st.integers(1, 8), min_size=4, max_size=4),
    void_first=st.booleans(),
)
def test_webm_is_the_doctype_of_the_ebml_header(
    doctype: bytes | None, padding: int, void: int, widths: list[int], void_first: bool
) -> None:
    # docs/online.md: WebM is an EBML file whose header says DocType webm (a string may end in NUL padding)
    children = [_element(_VERSION, b"\x01", widths[0]) + b"\x01"]
    children.append(_element(_VOID, bytes(void), widths[1]) + bytes(void))
    if doctype is not None:
        value = doctype + bytes(padding)
        children.insert(0 if void_first else 2, _element(_DOCTYPE, value, widths[2]) + value)
    body = b"".join(children)
    header = b"\x1a\x45\xdf\xa3" + _element(b"", body, widths[3]) + body
    segment = b"\x18\x53\x80\x67\x88" + _element(_DOCTYPE, b"webm", 1) + b"webm" + b"\x00"
    found = sniff(header + segment)
    assert (found.kind.name if found.kind else found.description) == (
        "webm" if doctype == b"webm" else "a Matroska file (not WebM)"
    )
    # cut anywhere before its DocType's last byte, the header says no DocType: not WebM
    if doctype == b"webm":
        end = header.index(b"webm") + 4
        for cut in {end - 1, end - 3, header.index(b"webm") - 1, 5}:
            assert sniff(header[:cut]).kind is None, cut


def test_an_html_page_is_told_within_its_first_512_bytes() -> None:
    """docs/online.md: bytes of no known type are an HTML page when their first 512 (after a byte order mark and
    blanks) hold ``<html`` or ``<body``."""
    assert sniff(b"\xef\xbb\xbf \n" + b"x" * 507 + b"<html>").description == "an HTML page"
    assert sniff(b"x" * 507 + b"<body>").description == "an HTML page"
    assert sniff(b"x" * 508 + b"<html>").description != "an HTML page"
