"""MPEG audio frames of every version and layer the frame header defines are sniffed as MP3.

ISO/IEC 11172-3 and 13818-3 (and the MPEG 2.5 extension): after the 11 sync bits, two version bits (00 MPEG 2.5,
01 reserved, 10 MPEG 2, 11 MPEG 1) and two layer bits (00 reserved, 01 layer III, 10 layer II, 11 layer I).
docs/online.md lists MP3 among the audio types sniffed from the bytes.
"""

from __future__ import annotations

import pytest

from mmsvalidate.online.sniff import KINDS, sniff

VERSIONS = {"MPEG 2.5": 0b00, "MPEG 2": 0b10, "MPEG 1": 0b11}
LAYERS = {"III": 0b01, "II": 0b10, "I": 0b11}


def frame(version: int, layer: int, protected: bool = True) -> bytes:
    """One frame: bitrate index 8, sampling-rate index 0, no padding, mono; 413 bytes of silence after it."""
    second = 0xE0 | version << 3 | layer << 1 | (1 if protected else 0)
    return bytes([0xFF, second, 0x80, 0xC4]) + bytes(413)


@pytest.mark.parametrize("layer", LAYERS)
@pytest.mark.parametrize("version", VERSIONS)
def test_every_defined_version_and_layer_is_mp3(version: str, layer: str) -> None:
    for protected in (True, False):
        data = frame(VERSIONS[version], LAYERS[layer], protected) * 4
        assert sniff(data).kind == KINDS["mp3"], (version, layer, protected)


@pytest.mark.parametrize("version", VERSIONS)
def test_the_reserved_layer_is_not_mp3_in_any_version(version: str) -> None:
    # layer bits 00 are reserved in an MPEG audio frame; with MPEG 1 or 2 they make an ADTS (AAC) header instead
    data = frame(VERSIONS[version], 0b00) * 4
    expected = None if version == "MPEG 2.5" else KINDS["aac"]
    assert sniff(data).kind == expected


@pytest.mark.parametrize("layer", LAYERS)
def test_the_reserved_version_is_not_mp3_in_any_layer(layer: str) -> None:
    assert sniff(frame(0b01, LAYERS[layer]) * 4).kind is None
