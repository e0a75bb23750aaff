"""Finding the files to check: the paths named, folders walked, and why a path can't be checked.

Paths are strings spelt as ``pathlib`` spells them (:func:`~mmsvalidate.files.pure`): ``./a//b/`` is
``a/b`` in every output."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from mmsvalidate import files
from mmsvalidate.files import child, pure, stat_or_none

if TYPE_CHECKING:
    from mmsvalidate.settings.resolve import Resolver


#: File name endings of JSON Lines and CSV files (``mmsvalidate.bulk.SUFFIXES`` is the same table).
STREAM_SUFFIXES = tuple(files.STREAM_SUFFIXES)


class Target:
    """A path to check as the user named it (or standard input), or why it can't be."""

    __slots__ = ("label", "path", "reason", "stdin")

    def __init__(self, label: str, path: str | None, stdin: bool = False, reason: str | None = None) -> None:
        self.label, self.path, self.stdin, self.reason = label, path, stdin, reason


def _skipped(path: str, skip: tuple[str, ...]) -> bool:
    """Whether ``path`` is one of ``skip`` (the output files, which are never themselves checked)."""
    return any(_same(path, other) for other in skip)


def _same(path: str, other: str) -> bool:
    if os.path.basename(path) != os.path.basename(other):
        return False
    if os.path.abspath(path) == os.path.abspath(other):
        return True
    try:
        return os.path.samefile(path, other)
    except OSError:
        return False


def campaign(path: str) -> bool | None:
    """For a file ending ``.jsonl``, ``.ndjson`` or ``.csv``: whether its CSV header or first JSON Lines
    record names a sendMMS request's parameters (a campaign file, not other data); ``None`` for another
    name. A file that can't be read is taken (checking it says why)."""
    name = os.path.basename(path)
    if not name.lower().endswith(STREAM_SUFFIXES):
        return None  # told without the bulk package: a folder's other files cost no import of it
    from mmsvalidate.bulk.records import kind_of
    from mmsvalidate.bulk.sniffing import names_a_request

    form = kind_of(name)
    if form is None:
        return None
    try:
        # not blocking: a named pipe would wait for a writer forever (one that is no regular file is taken, and
        # checking it says so)
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return True
    with open(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return True
        try:
            return names_a_request(stream, form)
        except OSError:
            return True


def walk(
    folder: str, resolver: Resolver, skip: tuple[str, ...] = (), others: list[str] | None = None
) -> Iterator[str | Target]:
    """Request files under a folder, sorted, by each folder's include and exclude patterns; a
    sub-folder that can't be listed is a :class:`Target` saying why.

    A JSON Lines or CSV file that ``include`` does not name is taken when its content is a campaign
    (:func:`campaign`), else added to ``others``. Hidden files and folders are skipped and symlinked
    folders are not followed. Iterative, so any depth costs no stack; ``skip`` (the output files) is
    never yielded.
    """
    stack = [folder]
    while stack:
        here = stack.pop()
        try:
            with os.scandir(here) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            yield Target(here, here, reason=f"cannot be listed: {exc.strerror or exc}")
            continue
        settings = resolver.for_folder(here)
        folders = []
        for entry in entries:
            path = child(here, entry.name)
            if entry.name.startswith("."):
                continue
            try:
                is_folder, linked = entry.is_dir(), entry.is_symlink()
            except OSError:
                is_folder, linked = False, False
            if is_folder:
                if not linked and not settings.excluded(path):
                    folders.append(path)
            elif settings.excluded(path) or _skipped(path, skip):
                continue
            elif settings.included(path):
                yield path
            elif (taken := campaign(path)) is not None:
                if taken:
                    yield path
                elif others is not None:
                    others.append(path)
        stack.extend(reversed(folders))


def targets(
    paths: tuple[str, ...],
    resolver: Resolver,
    force_exclude: bool,
    stdin_filename: str | None,
    on_empty: Callable[[str], None] = lambda folder: None,
    *,
    skip: tuple[str, ...] = (),
    on_others: Callable[[str, int], None] | None = None,
) -> Iterator[Target]:
    """Every file to check, once, in order; folders recursed (``on_empty`` told of one with no request
    file, ``on_others`` of how many JSON Lines or CSV files in one are not campaigns, by default a note on
    standard error); standard input for ``-``, read once however often it is named. Every path named or
    walked is a target, with the reason when it can't be checked; ``skip`` (the output file) is not walked
    into."""
    told = on_others or skipped_note
    seen: set[str] = set()
    for raw in paths:
        if raw == "-":
            if "-" in seen:
                continue
            seen.add("-")
            named = pure(stdin_filename) if stdin_filename else None
            settings = resolver.for_file(named) if named is not None else resolver.for_folder(resolver.cwd)
            if not (named is not None and force_exclude and settings.excluded(named)):
                yield Target(stdin_filename or "-", named, stdin=True)
            continue
        if not raw:  # an unset variable's expansion, say: no file, never the working folder it would spell
            if "" not in seen:
                seen.add("")
                yield Target(raw, raw, reason="an empty path names no file or folder")
            continue
        path = pure(raw)
        try:
            status = stat_or_none(path)
        except OSError as exc:  # a folder on the way that can't be searched
            status, problem = None, f"cannot be read: {exc.strerror or exc}"
        else:
            problem = "no such file or folder"
        if status is None:
            key = os.path.normpath(os.path.abspath(raw))
            if key not in seen:
                seen.add(key)
                yield Target(raw, path, reason=problem)
            continue
        if force_exclude and resolver.for_file(path).excluded(path):
            continue
        found = False
        others: list[str] = []
        for item in walk(path, resolver, skip, others) if stat.S_ISDIR(status.st_mode) else [path]:
            found = True
            if isinstance(item, Target):
                yield item
                continue
            key = os.path.realpath(item)
            if key not in seen:
                seen.add(key)
                yield Target(item, item)
        if others:
            told(raw, len(others))
        elif not found:
            on_empty(raw)


def skipped_note(folder: str, count: int) -> None:
    """Say, once a folder, how many JSON Lines or CSV files in it were skipped and why."""
    from mmsvalidate.cli.options import say

    files = "1 JSON Lines or CSV file" if count == 1 else f"{count:,} JSON Lines or CSV files"
    say(
        f"note: {folder}: skipped {files} whose header or first record names no sendMMS request "
        "(TO and two more of its parameters); name a file, or its pattern in include, to check it"
    )


#: What a JSON Lines or CSV file holds, by the form of its records.
_HOLDS = {
    "json": "a JSON Lines file holds JSON-form requests, one a line",
    "query": "a CSV file holds query-form requests, one a row",
}


def form_conflict(form: str, records: str) -> str | None:
    """Why a JSON Lines or CSV file, whose records are in form ``records``, is not read in the ``form`` asked
    (``--form`` or the configuration's ``form``), or ``None`` when that form is ``auto`` or theirs."""
    if form in ("auto", records):
        return None
    return f"the form {form} was asked, but {_HOLDS[records]}"
