"""Configuration files: ``mmsvalidate.toml``, or ``[tool.mmsvalidate]`` in ``pyproject.toml``.

Each checked file takes the nearest configuration found by walking up from its folder (in each
folder ``mmsvalidate.toml`` first, then a ``pyproject.toml`` that has the table). Keys are the
profile's fields in kebab-case (``max-slides``, ``known-campaign-refs``), plus ``form``,
``select``, ``extend-select``, ``ignore``, ``per-file-ignores``, ``include`` and ``exclude``;
patterns are relative to the configuration file's folder. A bad file is a :class:`ConfigError`
that names the file and the key.
"""

from __future__ import annotations

import os
import typing
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from mmsvalidate.checker import CheckOptions
from mmsvalidate.diagnostic import clip
from mmsvalidate.files import is_file, pure, read_file
from mmsvalidate.profile import Profile
from mmsvalidate.settings.keys import FORMS as FORMS  # re-exported: the configuration schema reads it here
from mmsvalidate.settings.keys import Check
from mmsvalidate.settings.keys import keys as _keys
from mmsvalidate.settings.keys import profile_keys as _profile_keys
from mmsvalidate.settings.online import media, merged, shown
from mmsvalidate.settings.patterns import absolute, clean, covers
from mmsvalidate.settings.pyproject import may_hold_table
from mmsvalidate.settings.selection import Layer, enabled, matching

if typing.TYPE_CHECKING:
    from mmsvalidate.checker import MediaOptions

    PROFILE_KEYS: dict[str, tuple[str, Check]]  # key → (field, check) of the keys that set a profile field
    KEYS: dict[str, Check]  # every key and its check (both made on first use: see __getattr__)

FILES = ("mmsvalidate.toml", "pyproject.toml")
#: The largest configuration file read (a pyproject.toml is a few kilobytes).
MAX_CONFIG_BYTES = 4 * 1_048_576
#: File names checked in a folder unless ``include`` says otherwise.
DEFAULT_INCLUDE = ("*.xml", "*.json", "*.txt", "*.query", "*.qs", "*.url")


#: The most characters of a key and of a message that a configuration error shows.
KEY_SHOWN = 200
MESSAGE_SHOWN = 1000


class ConfigError(Exception):
    """A configuration that can't be used: where it is, which key, and what is wrong."""

    def __init__(self, source: str, key: str | None, message: str) -> None:
        super().__init__(source, key, message)
        self.source, self.key, self.message = source, key, message

    def lines(self) -> list[str]:
        """What is wrong, a line each: the file, the key, the message."""
        lines = [f"bad configuration in {self.source}"]
        if self.key:
            lines.append(f"==> At key: {clip(self.key, KEY_SHOWN)}")  # a key may be as long as the file holds
        lines.append(f"=====> {clip(self.message, MESSAGE_SHOWN)}")
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines())


def __getattr__(name: str) -> object:
    """``PROFILE_KEYS`` and ``KEYS``, made when first asked for."""
    if name == "PROFILE_KEYS":
        return _profile_keys()
    if name == "KEYS":
        return _keys()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: How many configurations a chain of ``extend`` may hold.
MAX_EXTENDS = 16


#: No values (a read-only mapping: shared by every record that has none).
_EMPTY: Mapping[str, typing.Any] = MappingProxyType({})


class Config:
    """One configuration file's validated values (none for no file), and the folder its patterns start from.

    ``trusted`` when the runner named the file (``--config``): only then may it set the runner's keys
    (:data:`~mmsvalidate.settings.online.RUNNER_KEYS`).
    """

    __slots__ = ("layers", "path", "root", "roots", "trusted", "values")

    def __init__(
        self,
        path: str | None,
        root: str,
        values: Mapping[str, object] = _EMPTY,
        trusted: bool = False,
        roots: Mapping[str, str] = _EMPTY,
        layers: tuple[Layer, ...] = (),
    ) -> None:
        self.path, self.root, self.values, self.trusted = path, root, values, trusted
        #: With ``extend``: the folder each key's patterns start from (the file that set it), and the code
        #: selections of the files extended, outermost first (each adjusts the one before, as the command
        #: line adjusts the file's).
        self.roots, self.layers = roots, layers

    def as_trusted(self) -> Config:
        """This configuration, named by the runner."""
        return Config(self.path, self.root, self.values, True, self.roots, self.layers)

    def root_of(self, key: str) -> str:
        """The folder the patterns of ``key`` start from."""
        return self.roots.get(key, self.root)

    @property
    def source(self) -> str:
        return self.path if self.path else "the defaults"


def _suggest(key: str) -> str:
    spelled = key.replace("_", "-").lower()
    if spelled in _keys():
        return f"; did you mean {spelled!r}?"
    import difflib

    close = difflib.get_close_matches(key, list(_keys()), n=1, cutoff=0.7)
    return f"; did you mean {close[0]!r}?" if close else ""


def parse(table: Mapping[str, object], source: str, prefix: str = "") -> dict[str, object]:
    """Validate a configuration table; :class:`ConfigError` names the first bad key."""
    values: dict[str, object] = {}
    keys = _keys()
    for key, value in table.items():
        check = keys.get(key)
        if check is None:
            raise ConfigError(source, f"{prefix}{key}", f"unknown key{_suggest(key)}")
        try:
            values[key] = check(value)
        except ValueError as exc:
            raise ConfigError(source, f"{prefix}{key}", str(exc)) from None
    low, high = values.get("min-duration"), values.get("max-duration")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        raise ConfigError(source, f"{prefix}min-duration", f"{low} is more than max-duration ({high})")
    return values


def _read(path: str) -> dict[str, typing.Any] | None:
    """The TOML document of ``path``; ``None`` for a pyproject.toml whose text cannot hold the table (it is
    not parsed: :func:`~mmsvalidate.settings.pyproject.may_hold_table`)."""
    try:
        data = read_file(path, MAX_CONFIG_BYTES)
    except (OSError, ValueError) as exc:  # ValueError: a path naming a NUL byte
        raise ConfigError(path, None, f"cannot be read: {exc}") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(path, None, f"over {MAX_CONFIG_BYTES:,} bytes: not a configuration file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(path, None, f"cannot be read: {exc}") from None
    if os.path.basename(path) == "pyproject.toml" and not may_hold_table(text):
        return None
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, None, f"not valid TOML: {exc}") from None
    except (ValueError, RecursionError) as exc:  # an integer too long for int(), arrays nested thousands deep
        raise ConfigError(path, None, f"not valid TOML: {clip(str(exc) or type(exc).__name__, 200)}") from None


def table_of(path: os.PathLike[str] | str) -> tuple[Mapping[str, object], str] | None:
    """The configuration table of ``path`` and its key prefix; ``None`` for a pyproject.toml without one."""
    path = os.fspath(path)
    document = _read(path)
    if document is None:
        return None
    if os.path.basename(path) != "pyproject.toml":
        return document, ""
    tool = document.get("tool")
    if not isinstance(tool, dict) or "mmsvalidate" not in tool:
        return None
    table = tool["mmsvalidate"]
    if not isinstance(table, dict):
        raise ConfigError(path, "tool.mmsvalidate", f"expected a table, got {shown(table)}")
    return table, "tool.mmsvalidate."


def load(path: os.PathLike[str] | str, chain: tuple[str, ...] = ()) -> Config:
    r"""Read and validate one configuration file (a pyproject.toml without the table gives defaults), and
    the files it ``extend``\ s: their keys apply unless this file sets them, its selection adjusts theirs."""
    path = absolute(path)
    folder = os.path.dirname(path)
    found = table_of(path)
    if found is None:
        return Config(path, folder)
    table, prefix = found
    values = parse(table, path, prefix)
    extended = values.pop("extend", None)
    if not isinstance(extended, str):
        return Config(path, folder, values)
    # ~ or ~user at the start of the name, as pathlib expands it (one that names no home is left as it is)
    target = absolute(os.path.join(folder, os.path.expanduser(pure(extended))))
    named = shown(extended)
    if target == path or target in chain:
        raise ConfigError(path, f"{prefix}extend", f"{named} extends this file again (a loop)")
    if len(chain) + 1 >= MAX_EXTENDS:
        raise ConfigError(path, f"{prefix}extend", f"more than {MAX_EXTENDS} files extend one another")
    try:
        there = is_file(target)
    except OSError as exc:  # a name too long, a folder on the way that can't be searched
        raise ConfigError(path, f"{prefix}extend", f"{named} can't be read ({exc.strerror})") from None
    if not there:
        raise ConfigError(path, f"{prefix}extend", f"{named}: no such file")
    base = load(target, (*chain, path))
    return Config(
        path,
        folder,
        {**base.values, **values},
        roots={**{key: base.root_of(key) for key in base.values}, **{key: folder for key in values}},
        layers=(*(base.layers or (_layer(base.values),)), _layer(values)),
    )


def _layer(values: Mapping[str, object]) -> Layer:
    return Layer(_tuple(values.get("select")), _strings(values.get("extend-select")), _strings(values.get("ignore")))


class Overrides:
    """What the command line sets, over any configuration file."""

    __slots__ = ("exclude", "extend_exclude", "form", "online", "profile", "selection")

    def __init__(
        self,
        profile: Mapping[str, object] = _EMPTY,
        form: str | None = None,
        selection: Layer | None = None,
        exclude: tuple[str, ...] | None = None,
        extend_exclude: tuple[str, ...] = (),
        online: Mapping[str, object] = _EMPTY,
    ) -> None:
        self.profile, self.form, self.selection = profile, form, selection if selection is not None else Layer()
        self.exclude, self.extend_exclude, self.online = exclude, extend_exclude, online


class Settings:
    """How to check the files under one configuration, with the command line applied (``media``: the
    online check's options, ``None`` offline). Made once per configuration; its check options per set
    of codes are made once each."""

    __slots__ = ("_options", "codes", "config", "exclude", "form", "include", "media", "per_file_ignores", "profile")

    def __init__(
        self,
        config: Config,
        profile: Profile,
        form: str,
        codes: frozenset[str],
        per_file_ignores: tuple[tuple[str, frozenset[str]], ...],
        include: tuple[str, ...],
        exclude: tuple[tuple[str, str], ...],
        media: MediaOptions | None = None,
    ) -> None:
        self.config, self.profile, self.form, self.codes = config, profile, form, codes
        self.per_file_ignores, self.include, self.exclude, self.media = per_file_ignores, include, exclude, media
        self._options: dict[frozenset[str], CheckOptions] = {}

    def included(self, path: os.PathLike[str] | str) -> bool:
        """Whether a file found in a folder is checked: its name matches ``include``, in any case."""
        from fnmatch import fnmatchcase  # only here: a check of files named imports none of it

        path = absolute(path)
        name = os.path.basename(path).lower()
        return any(
            covers(p, path, self.config.root_of("include")) if "/" in clean(p) else fnmatchcase(name, clean(p).lower())
            for p in self.include
        )

    def excluded(self, path: os.PathLike[str] | str) -> bool:
        """Whether ``path`` (a file or folder) is excluded."""
        path = absolute(path)
        return any(covers(pattern, path, root) for root, pattern in self.exclude)

    def codes_for(self, path: os.PathLike[str] | str | None) -> frozenset[str]:
        """The codes reported for ``path``: the selection less its ``per-file-ignores``."""
        if path is None or not self.per_file_ignores:
            return self.codes
        path = absolute(path)
        root = self.config.root_of("per-file-ignores")
        ignored = [codes for pattern, codes in self.per_file_ignores if covers(pattern, path, root)]
        return self.codes.difference(*ignored)

    def options_for(self, path: os.PathLike[str] | str | None) -> CheckOptions:
        """How the file at ``path`` is checked (its codes less its ``per-file-ignores``)."""
        codes = self.codes_for(path)
        made = self._options.get(codes)
        if made is None:
            made = self._options[codes] = CheckOptions(
                profile=self.profile, form=self.form, codes=codes, media=self.media
            )
        return made


def settings(config: Config, overrides: Overrides, cwd: str) -> Settings:
    """The settings for the files under ``config``, with ``overrides`` applied."""
    values = config.values
    keys = _profile_keys() if values else {}  # no configuration values: no profile key to look up
    fields = {field: values[key] for key, (field, _) in keys.items() if key in values}
    fields.update(overrides.profile)
    low = fields.get("min_duration", Profile.__attrs_attrs__.min_duration.default)
    high = fields.get("max_duration", Profile.__attrs_attrs__.max_duration.default)
    if isinstance(low, int) and isinstance(high, int) and low > high:
        source = config.source if not {"min_duration", "max_duration"} & set(overrides.profile) else "the command line"
        raise ConfigError(source, "min-duration", f"{low} is more than max-duration ({high})")
    try:
        profile = Profile(**fields)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise ConfigError(config.source, None, str(exc)) from None
    ignores = typing.cast(tuple[tuple[str, tuple[str, ...]], ...], values.get("per-file-ignores", ()))
    own = _strings(values.get("exclude")) if overrides.exclude is None else ()
    exclude = (
        *((config.root_of("exclude"), p) for p in own),
        *((cwd, p) for p in overrides.exclude or ()),
        *((cwd, p) for p in overrides.extend_exclude),
    )
    return Settings(
        config=config,
        profile=profile,
        form=overrides.form or typing.cast(str, values.get("form", "auto")),
        codes=enabled([*(config.layers or (_layer(values),)), overrides.selection]),
        per_file_ignores=tuple((pattern, matching(codes)) for pattern, codes in ignores),
        include=_tuple(values.get("include")) or DEFAULT_INCLUDE,
        exclude=exclude,
        media=_media(
            merged(values, overrides.online, config.root_of("cache-dir"), trusted=config.trusted), config.source
        ),
    )


def _media(values: Mapping[str, object], source: str) -> MediaOptions | None:
    try:
        return media(values)
    except (TypeError, ValueError) as exc:
        raise ConfigError(source, None, str(exc)) from None


def _tuple(value: object) -> tuple[str, ...] | None:
    return None if value is None else tuple(typing.cast(Iterable[str], value))


def _strings(value: object) -> tuple[str, ...]:
    return _tuple(value) or ()
