"""What the media stage may do and what it checks against: reach, limits, presets, time.

Part of the core (options are data): nothing here touches the network or imports a network library.
The stage itself, which fetches, is :mod:`mmsvalidate.online`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import attrs

from mmsvalidate.diagnostic import NOWHERE, Location

#: The slot kinds a media limit can name, and ``message`` (the estimated delivered size, MV123).
KINDS = ("image", "audio", "video", "vcard", "ical", "pdf", "passbook")
MESSAGE = "message"
#: Never read more than this from one URL when no limit is set.
READ_CAP = 50 * 1024 * 1024

KB, MB = 1000, 1000 * 1000
_UNITS = {"": 1, "B": 1, "KB": KB, "MB": MB, "KIB": 1024, "MIB": 1024 * 1024}
_SIZE = re.compile(r"([0-9]{1,12})\s*(B|KB|MB|KIB|MIB|)")


@attrs.frozen
class Preset:
    """Named media limits, with where the figures come from."""

    name: str
    limits: Mapping[str, int]
    source: str


def _all(size: int, **others: int) -> dict[str, int]:
    return {kind: others.get(kind, size) for kind in KINDS}


PRESETS: Mapping[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "carrier-safe",
            {**_all(500 * KB), MESSAGE: 1400 * KB},
            "each file at most 500 KB, as Bandwidth and SignalWire recommend for delivery on every US carrier; "
            "the message at most 1.4 MB base64-encoded, AT&T's US short-code limit as Sinch publishes it "
            "(about 1 MB binary; the smallest of the large US carriers)",
        ),
        Preset(
            "aws",
            {kind: size for kind, size in _all(600 * KB, image=2 * MB).items() if kind != "passbook"},
            "AWS End User Messaging SMS: images (GIF, JPEG, PNG) at most 2 MB a file, audio, video, vCard, "
            "iCalendar and PDF at most 600 KB a file (it lists no Passbook limit)",
        ),
        Preset(
            "twilio",
            _all(5 * MB),
            "Twilio Programmable Messaging: an MMS's media at most 5 MB in all, so no file above it",
        ),
    )
}


def _limits(value: object) -> dict[str, int]:
    items = dict(value) if isinstance(value, Mapping) else {}
    for kind, size in items.items():
        if kind not in (*KINDS, MESSAGE):
            raise ValueError(f"unknown media kind {kind!r}; expected one of {', '.join((*KINDS, MESSAGE))}")
        if not isinstance(size, int) or isinstance(size, bool) or size < 1:
            raise ValueError(f"the {kind} limit must be a positive number of bytes, not {size!r}")
    return items


def _host(name: str) -> str:
    """A host name as fetches compare it: lower case, no final dot, IDNA (``bücher.example`` → ``xn--...``)."""
    name = name.strip().lower().rstrip(".")
    try:
        return name.encode("idna").decode("ascii")
    except UnicodeError:
        return name


def _hosts(value: object) -> frozenset[str]:
    if isinstance(value, str):
        value = (value,)
    return frozenset(_host(str(host)) for host in value)  # type: ignore[attr-defined]


def _cache_dir(value: object) -> Path | None:
    """A cache folder's path: never empty (that would be the working folder, where the next run would check
    the cache's files as requests) and never holding a NUL (no system call takes one)."""
    if value is None:
        return None
    text = str(value) if isinstance(value, str | Path) else None
    if text is None:
        raise TypeError(f"cache_dir is a path, not {type(value).__name__}")
    if not text.strip():
        raise ValueError("cache_dir is empty: name a folder")
    if "\0" in text:
        raise ValueError("cache_dir holds a NUL character, which no folder's name can")
    return Path(text)


def _preset(value: str | None) -> str | None:
    if value is not None and value not in PRESETS:
        raise ValueError(f"unknown media preset {value!r}; expected one of {', '.join(PRESETS)}")
    return value


@attrs.frozen(kw_only=True)
class MediaOptions:
    """How the media of a request are fetched and judged. Every field has a safe default.

    ``limits`` (kind → bytes, and ``message`` for MV123) override the ``preset``'s. ``allow_private``
    lets fetches reach loopback, private and link-local addresses (never cloud metadata ones);
    ``allow_hosts`` does so for the named hosts only. ``only_hosts``, when set, is an allow-list: media
    are fetched from these hosts only (a name, or ``*.example.com`` for the names under it), at every
    hop; any other host is refused before it is even resolved (E35x), as a service that checks what
    callers send needs. ``timeout`` bounds each URL's fetch as a whole
    (every hop and the body), in seconds. Proxies are not used (the environment's proxy variables
    are ignored): the address check must see the media's own address.
    """

    allow_private: bool = False
    allow_hosts: frozenset[str] = attrs.field(factory=frozenset, converter=_hosts)
    preset: str | None = attrs.field(default=None, converter=_preset)
    limits: Mapping[str, int] = attrs.field(factory=dict, converter=_limits)
    timeout: float = attrs.field(default=10.0)
    concurrency: int = attrs.field(default=16)
    per_host: int = attrs.field(default=4)
    max_redirects: int = 5
    read_cap: int = READ_CAP
    cache_dir: Path | None = attrs.field(default=None, converter=_cache_dir)
    user_agent: str = "mmsvalidate (media pre-flight check)"
    only_hosts: frozenset[str] | None = attrs.field(default=None, converter=attrs.converters.optional(_hosts))

    def fetches_from(self, host: str) -> bool:
        """Whether ``host`` may be fetched from: always, unless ``only_hosts`` lists others only."""
        if self.only_hosts is None:
            return True
        host = host.lower().rstrip(".")
        return any(
            host == allowed or (allowed.startswith("*.") and host.endswith(allowed[1:])) for allowed in self.only_hosts
        )

    @timeout.validator
    def _positive_timeout(self, _: object, value: float) -> None:
        if not value > 0:
            raise ValueError(f"timeout must be more than 0 seconds, not {value!r}")

    @concurrency.validator
    @per_host.validator
    def _positive_count(self, attribute: attrs.Attribute[int], value: int) -> None:
        if value < 1:
            raise ValueError(f"{attribute.name} must be at least 1, not {value!r}")

    def limit(self, kind: str) -> int | None:
        """The byte limit for ``kind`` (or ``message``): an explicit one, else the preset's; ``None``."""
        if kind in self.limits:
            return self.limits[kind]
        if self.preset is not None:
            return PRESETS[self.preset].limits.get(kind)
        return None

    def read_limit(self, kind: str) -> int:
        """The most bytes read for a URL in a ``kind`` slot: one more than its limit, or than the read cap."""
        limit = self.limit(kind)
        return min(limit, self.read_cap) + 1 if limit is not None else self.read_cap + 1


def parse_limit(text: str) -> tuple[str, int]:
    """``KIND=BYTES`` (``image=600000``, ``video=3MB``, ``pdf=500KB``) as a kind and a byte count."""
    kind, sep, size = text.partition("=")
    kind, size = kind.strip().lower(), size.strip().upper().replace("_", "")
    if not sep or kind not in (*KINDS, MESSAGE):
        raise ValueError(f"expected KIND=BYTES with KIND one of {', '.join((*KINDS, MESSAGE))}, not {text!r}")
    found = _SIZE.fullmatch(size)
    if found and int(found[1]) > 0:
        return kind, int(found[1]) * _UNITS[found[2]]
    raise ValueError(f"expected a positive number of bytes (600000, 600KB, 1MB, 1MiB), not {size!r}")


@attrs.frozen
class MediaSlot:
    """A slot whose URL the media stage fetches: slide index (from 0), slot name, URL, where it is written, and
    whether the API sends its query (fetched without it otherwise, as the API strips it)."""

    slide: int
    slot: str
    url: str
    location: Location = NOWHERE
    query_kept: bool = False

    @property
    def pointer(self) -> str:
        return f"/slides/{self.slide}/{self.slot}"
