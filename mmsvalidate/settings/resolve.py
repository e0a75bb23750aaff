"""Which configuration applies where: each folder's nearest configuration file, loaded once, as settings."""

from __future__ import annotations

import os
from collections.abc import Callable

from mmsvalidate.files import is_file
from mmsvalidate.settings.config import FILES, Config, Overrides, Settings, load, settings, table_of
from mmsvalidate.settings.online import runner_keys
from mmsvalidate.settings.patterns import absolute


class Resolver:
    """The settings of each folder, finding and loading each configuration file once.

    Paths are strings (a path-like is taken too): a folder's settings are found by its absolute path.
    """

    def __init__(
        self,
        overrides: Overrides,
        *,
        config_file: os.PathLike[str] | str | None = None,
        isolated: bool = False,
        cwd: os.PathLike[str] | str | None = None,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        self.overrides = overrides
        self.cwd = absolute(cwd or os.getcwd())
        self.warn = warn
        self._fixed: Config | None = None
        if isolated:
            self._fixed = Config(None, self.cwd)
        elif config_file is not None:
            self._fixed = load(config_file).as_trusted()
        self._found: dict[str, str | None] = {}
        self._settings: dict[str | None, Settings] = {}
        self._by_folder: dict[os.PathLike[str] | str, Settings] = {}

    def find(self, folder: os.PathLike[str] | str) -> str | None:
        """The nearest configuration file at or above ``folder`` (an absolute path)."""
        visited: list[str] = []
        found: str | None = None
        current = os.fspath(folder)
        while True:
            if current in self._found:
                found = self._found[current]
                break
            visited.append(current)
            found = next(filter(self._configures, (os.path.join(current, name) for name in FILES)), None)
            if found is not None:
                break
            above = os.path.dirname(current)
            if above == current:  # the root
                break
            current = above
        for current in visited:
            self._found[current] = found
        return found

    @staticmethod
    def _configures(path: str) -> bool:
        if not is_file(path):
            return False
        return os.path.basename(path) != "pyproject.toml" or table_of(path) is not None

    def for_folder(self, folder: os.PathLike[str] | str) -> Settings:
        """The settings for files in ``folder``."""
        known = self._by_folder.get(folder)
        if known is not None:
            return known
        path = None if self._fixed is not None else self.find(absolute(folder))
        if path not in self._settings:
            config = self._fixed or (load(path) if path is not None else Config(None, self.cwd))
            self._settings[path] = settings(config, self.overrides, self.cwd)
            left_out = () if config.trusted else runner_keys(config.values)
            if left_out and self.warn is not None:
                self.warn(
                    f"warning: {config.source}: {', '.join(left_out)} ignored: a configuration found beside the "
                    "checked files can't turn the network on or widen what it reaches (use the command line, "
                    "MMSVALIDATE_* variables or --config FILE)"
                )
        self._by_folder[folder] = self._settings[path]
        return self._settings[path]

    def for_file(self, path: os.PathLike[str] | str) -> Settings:
        """The settings for the file at ``path``."""
        return self.for_folder(os.path.dirname(absolute(path)))
