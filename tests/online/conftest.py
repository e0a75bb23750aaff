"""Fixtures for the online tests: the local server, generated media files, a loopback-only guard.

An audit hook fails any test here that connects anywhere but loopback, and records the connections
made, so tests can prove that a refusal or an offline check opened no socket at all.
"""

from __future__ import annotations

import io
import ipaddress
import sys
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest

from mmsvalidate.model import Request, Slide
from mmsvalidate.writers import WRITERS
from tests.online.server import MediaServer

pytest.importorskip("httpcore")
Image = pytest.importorskip("PIL.Image")

FORMS = tuple(WRITERS)


class Guard:
    """What the audit hook watches: on only during online tests."""

    on = False
    connects: list[tuple[str, int]] = []  # noqa: RUF012 (one shared record)


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not Guard.on or event != "socket.connect":
        return
    address = args[1]
    if not isinstance(address, tuple):
        return
    host = str(address[0]).partition("%")[0]
    Guard.connects.append((host, int(address[1])))
    if not ipaddress.ip_address(host).is_loopback:
        raise RuntimeError(f"an online test tried to connect to {host}: only loopback is allowed")


sys.addaudithook(_audit)


@pytest.fixture(autouse=True)
def loopback_only() -> Iterator[list[tuple[str, int]]]:
    Guard.connects = []
    Guard.on = True
    try:
        yield Guard.connects
    finally:
        Guard.on = False


@pytest.fixture(scope="session")
def _server() -> Iterator[MediaServer]:
    server = MediaServer()
    yield server
    server.close()


@pytest.fixture
def server(_server: MediaServer) -> MediaServer:
    _server.reset()
    return _server


def picture(fmt: str, size: tuple[int, int] = (64, 48)) -> bytes:
    """An image made with Pillow."""
    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 90)).save(out, fmt)
    return out.getvalue()


def zipped(names: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return out.getvalue()


#: MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz), after an ID3v2 header.
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + (b"\xff\xfb\x90\x64" + b"\x00" * 413) * 4
MP3_RAW = (b"\xff\xfb\x90\x64" + b"\x00" * 413) * 4
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00\x00\x00\x08free" + b"\x00\x00\x00\x08mdat"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
VCARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nTEL:+14155550100\r\nEND:VCARD\r\n"
ICAL = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Sale\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
HTML = b"<!DOCTYPE html>\n<html><head><title>Not found</title></head><body>Sorry</body></html>\n"


def pkpass() -> bytes:
    return zipped({"pass.json": b'{"formatVersion": 1}', "manifest.json": b"{}", "signature": b"sig"})


def docx() -> bytes:
    return zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def request(**slots: str) -> Request:
    """A valid request with one slide holding ``slots`` (slot name -> URL) and a text."""
    return Request(
        action="sendMMS",
        api_key="k",
        to="14158586273",
        from_="60856",
        subject="Hello",
        name="n",
        slides=(Slide(text="Hi", duration="5", **slots),),
    )


def in_form(model: Request, form: str) -> str:
    return WRITERS[form](model)
