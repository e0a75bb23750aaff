"""Finding the files to check, reading them, and checking them in this or worker processes."""

from __future__ import annotations

import collections
import contextlib
import itertools
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

import attrs

from mmsvalidate.cli.options import read_limited

if TYPE_CHECKING:
    from mmsvalidate.bulk.records import Record
    from mmsvalidate.formats import Checked
    from mmsvalidate.settings.config import Resolver, Settings

#: Below this many files a batch is checked in one process: starting workers costs more.
PARALLEL_FROM = 200
#: A JSON Lines or CSV file this big counts as a big batch on its own.
BIG_STREAM = 1 << 20
#: File name endings of JSON Lines and CSV files (``mmsvalidate.bulk.SUFFIXES``; a test keeps them equal).
STREAM_SUFFIXES = (".jsonl", ".ndjson", ".csv")
#: Requests of one JSON Lines or CSV file sent to a worker at a time; files sent at a time.
RECORDS_PER_JOB = 400
FILES_PER_JOB = 16


def workers(jobs: int | None, files: int) -> int:
    """How many processes check the files: ``--jobs``, or with none given, every CPU for a big batch."""
    if jobs is None:
        return (os.cpu_count() or 1) if files >= PARALLEL_FROM else 1
    return jobs or (os.cpu_count() or 1)


def weight(targets: Iterable[Target]) -> int:
    """How big a batch is, in files: a big JSON Lines or CSV file counts as a big batch."""
    total = 0
    for target in targets:
        total += 1
        if target.path is not None and not target.stdin and stream_form(target) is not None:
            with contextlib.suppress(OSError):
                total += PARALLEL_FROM if target.path.stat().st_size >= BIG_STREAM else 0
    return total


def stream_form(target: Target) -> str | None:
    """The form of the records when the target is a JSON Lines or CSV file, else ``None``."""
    named = target.path
    if named is None or target.reason is not None or not named.name.lower().endswith(STREAM_SUFFIXES):
        return None
    from mmsvalidate.bulk import kind_of  # only now: a cold start on one plain file skips the bulk package

    return kind_of(named.name)


Task = tuple[str, "Path | None", "bytes | str", "Settings | None", bool]
#: A unit of work for a process: some files, or some requests of one JSON Lines or CSV file.
Job = tuple[str, Any]


def jobs(targets: Iterable[Target], resolver: Resolver, with_to: bool, skip: Skip | None = None) -> Iterator[Job]:
    """The work, in order: files in small groups, JSON Lines and CSV files split into requests.

    ``skip(label, content)`` says whether a file is left out (``--skip-non-requests``).
    """
    group: list[Task] = []
    for target in targets:
        form = stream_form(target)
        if form is None:
            group.extend(tasks([target], resolver, with_to, skip))
            if len(group) >= FILES_PER_JOB:
                yield "files", group
                group = []
            continue
        if group:
            yield "files", group
            group = []
        yield from _record_jobs(target, form, resolver, with_to)
    if group:
        yield "files", group


def _record_jobs(target: Target, form: str, resolver: Resolver, with_to: bool) -> Iterator[Job]:
    from mmsvalidate.bulk.records import read

    assert target.path is not None
    settings = resolver.for_file(target.path) if target.stdin else resolver.for_folder(target.path.parent)
    try:
        if target.stdin:
            stream: BinaryIO = sys.stdin.buffer
        elif not stat.S_ISREG(target.path.stat().st_mode):
            yield "files", [(target.label, target.path, "not a regular file", None, with_to)]
            return
        else:
            stream = target.path.open("rb")
    except OSError as exc:
        yield "files", [(target.label, target.path, f"cannot be read: {exc.strerror or exc}", None, with_to)]
        return
    try:
        records = read(stream, form, settings.profile.max_request_bytes)
        while chunk := list(itertools.islice(records, RECORDS_PER_JOB)):
            yield "records", (target.label, target.path, settings, with_to, chunk)
    except OSError as exc:
        yield "files", [(target.label, target.path, f"cannot be read: {exc.strerror or exc}", None, with_to)]
    finally:
        if not target.stdin:
            stream.close()


@attrs.frozen
class Deferred:
    """A request whose settings ask for the online check: finished after the batch, in this process,
    so that each distinct media URL of the whole run is fetched once. (Not a tuple: a tuple is an
    unreadable path.)"""

    label: str
    path: Path | None
    content: bytes | str
    form: str
    settings: Settings
    with_to: bool
    record: Record | None = None


def online(settings: Settings) -> bool:
    """Whether the files under ``settings`` have their media checked online."""
    return bool(settings.online.get("online"))


def run_job(job: Job) -> list[Checked | Deferred | tuple[str, str]]:
    """Do one job (in a worker process, or not): its results, in order."""
    kind, work = job
    if kind == "files":
        return [run_task(task) for task in work]
    from mmsvalidate import readers
    from mmsvalidate.bulk import check_record
    from mmsvalidate.formats import Checked
    from mmsvalidate.settings import selection

    label, path, settings, with_to, records = work
    codes = settings.codes_for(path)
    done: list[Checked | Deferred | tuple[str, str]] = []
    for record in records:
        if online(settings) and record.problem is None:
            done.append(Deferred(label, path, record.content, record.form, settings, with_to, record))
            continue
        report = selection.keep(check_record(record, settings.profile), codes)
        to = None
        if with_to and record.problem is None:
            request = readers.read(record.content, record.form, settings.profile).request
            to = request.to if request is not None else None
        done.append(Checked(label, report, to, record.line))
    return done


def ordered(work: Iterable[Job], run: Callable[[Job], list[Any]], pool: Any, window: int) -> Iterator[Any]:
    """Each job's results in order, at most ``window`` jobs in flight (so memory stays flat)."""
    if pool is None:
        for job in work:
            yield from run(job)
        return
    pending: collections.deque[Any] = collections.deque()
    for job in work:
        pending.append(pool.apply_async(run, (job,)))
        if len(pending) >= window:
            yield from pending.popleft().get()
    while pending:
        yield from pending.popleft().get()


#: ``skip(label, content)``: whether a file read is left out, unchecked.
Skip = Callable[[str, bytes], bool]


def tasks(targets: Iterable[Target], resolver: Resolver, with_to: bool, skip: Skip | None = None) -> Iterator[Task]:
    """Each target with its content (or why it can't be read) and its settings; files ``skip`` says, left out."""
    for target in targets:
        label, path = target.label, target.path
        if target.reason is not None:
            yield label, path, target.reason, None, with_to
        elif target.stdin:
            settings = resolver.for_file(path) if path is not None else resolver.for_folder(resolver.cwd)
            yield label, path, sys.stdin.buffer.read(settings.profile.max_request_bytes + 1), settings, with_to
        else:
            assert path is not None
            settings = resolver.for_folder(path.parent)
            try:
                if not stat.S_ISREG(path.stat().st_mode):
                    yield label, path, "not a regular file", None, with_to
                    continue
                content = read_limited(path, settings.profile.max_request_bytes)
            except OSError as exc:
                yield label, path, f"cannot be read: {exc.strerror or exc}", None, with_to
                continue
            if skip is None or not skip(label, content):
                yield label, path, content, settings, with_to


def run_task(task: Task) -> Checked | Deferred | tuple[str, str]:
    """Check one task (in a worker process, or not): a report, or ``(label, reason)`` if unreadable."""
    label, path, content, settings, with_to = task
    if settings is None or isinstance(content, str):
        return label, str(content)
    if online(settings):
        return Deferred(label, path, content, settings.form, settings, with_to)
    return check_one(label, path, content, settings, with_to=with_to)


def not_checked(label: str, reason: str) -> Checked:
    """A file that could not be read, as a report of its own so every output format counts it."""
    from mmsvalidate.codes import CODES
    from mmsvalidate.diagnostic import Finding
    from mmsvalidate.formats import Checked
    from mmsvalidate.report import Report

    entry = CODES["MV114"]
    return Checked(label, Report((Finding("MV114", entry.severity, entry.render(reason)),)))


def check_one(label: str, path: Path | None, content: bytes, settings: Settings, *, with_to: bool) -> Checked:
    """Check one request: suppressions, the configured profile and codes."""
    from mmsvalidate.engine import run
    from mmsvalidate.formats import Checked
    from mmsvalidate.settings import selection

    parsed, report = run(content, form=settings.form, profile=settings.profile)
    report = selection.keep(report, settings.codes_for(path))
    request = parsed.request if parsed is not None else None
    return Checked(label, report, request.to if with_to and request is not None else None)


def walk(folder: Path, resolver: Resolver) -> Iterator[Path]:
    """Request files under a folder, sorted, by each folder's include and exclude patterns.

    Hidden files and folders are skipped and symlinked folders are not followed.
    """
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        settings = resolver.for_folder(here)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not settings.excluded(here / d))
        for name in sorted(files):
            path = here / name
            if not name.startswith(".") and settings.included(path) and not settings.excluded(path):
                yield path


class Target(NamedTuple):
    """A path to check as the user named it (or standard input), or why it can't be."""

    label: str
    path: Path | None
    stdin: bool = False
    reason: str | None = None


def targets(
    paths: tuple[str, ...],
    resolver: Resolver,
    force_exclude: bool,
    stdin_filename: str | None,
    on_empty: Callable[[str], None] = lambda folder: None,
) -> Iterator[Target]:
    """Every file to check, once, in order; folders recursed (``on_empty`` told of one with no request
    file); standard input for ``-``, read once however often it is named."""
    seen: set[str] = set()
    for raw in paths:
        if raw == "-":
            if "-" in seen:
                continue
            seen.add("-")
            named = Path(stdin_filename) if stdin_filename else None
            settings = resolver.for_file(named) if named is not None else resolver.for_folder(resolver.cwd)
            if not (named is not None and force_exclude and settings.excluded(named)):
                yield Target(stdin_filename or "-", named, stdin=True)
            continue
        path = Path(raw)
        if not path.exists():
            key = os.path.normpath(os.path.abspath(raw))
            if key not in seen:
                seen.add(key)
                yield Target(raw, path, reason="no such file or folder")
            continue
        if force_exclude and resolver.for_file(path).excluded(path):
            continue
        found = False
        for file in walk(path, resolver) if path.is_dir() else [path]:
            found = True
            key = os.path.realpath(file)
            if key not in seen:
                seen.add(key)
                yield Target(str(file), file)
        if not found:
            on_empty(raw)
