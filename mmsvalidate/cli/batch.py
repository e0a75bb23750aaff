"""Reading the files to check and checking them in this or worker processes (finding them: :mod:`paths`)."""

from __future__ import annotations

import collections
import contextlib
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO

from mmsvalidate.cli.options import read_limited, read_stdin, say, stdin_stream
from mmsvalidate.cli.paths import STREAM_SUFFIXES, Target, form_conflict
from mmsvalidate.files import parent

if TYPE_CHECKING:
    from mmsvalidate.bulk.records import Record
    from mmsvalidate.checker import CheckOptions, Examined
    from mmsvalidate.cli.blocks import Emitter
    from mmsvalidate.formats import Checked
    from mmsvalidate.settings.resolve import Resolver

#: Below this many files a batch is checked in one process: starting workers costs more.
PARALLEL_FROM = 200
#: A JSON Lines or CSV file this big counts as a big batch on its own.
BIG_STREAM = 1 << 20
#: Requests of one JSON Lines or CSV file sent to a worker at a time: at most this many, and no more than
#: :data:`JOB_WEIGHT` bytes of them (``bulk.records.weight``; a record heavier than that is a job alone), so
#: the memory of the jobs in flight follows their bytes, not their count. Files sent at a time.
RECORDS_PER_JOB = 400
JOB_WEIGHT = 4 << 20
FILES_PER_JOB = 16
#: The most processes ``--jobs`` may ask for (as many as ``serve --workers``).
MAX_JOBS = 256


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
                total += PARALLEL_FROM if os.stat(target.path).st_size >= BIG_STREAM else 0
    return total


def stream_form(target: Target) -> str | None:
    """The form of the records when the target is a JSON Lines or CSV file, else ``None``."""
    if target.path is None or target.reason is not None:
        return None
    name = os.path.basename(target.path)
    if not name.lower().endswith(STREAM_SUFFIXES):
        return None
    from mmsvalidate.bulk import kind_of  # only now: a cold start on one plain file skips the bulk package

    return kind_of(name)


#: A file to check: its label, path, content (or why it can't be read) and how it is checked.
Task = tuple[str, "str | None", "bytes | str", "CheckOptions | None"]
#: A unit of work for a process: some files, or some requests of one JSON Lines or CSV file.
Job = tuple[str, Any]


def jobs(targets: Iterable[Target], resolver: Resolver, skip: Skip | None = None) -> Iterator[Job]:
    """The work, in order: files in small groups, JSON Lines and CSV files split into requests.

    ``skip(label, content)`` says whether a file is left out (``--skip-non-requests``).
    """
    group: list[Task] = []
    for target in targets:
        form = stream_form(target)
        if form is None:
            group.extend(tasks([target], resolver, skip))
            if len(group) >= FILES_PER_JOB:
                yield "files", group
                group = []
            continue
        if group:
            yield "files", group
            group = []
        yield from _record_jobs(target, form, resolver)
    if group:
        yield "files", group


def chunks(records: Iterable[Record], limit: int = JOB_WEIGHT, most: int = RECORDS_PER_JOB) -> Iterator[list[Record]]:
    """``records`` in order, in lists of at most ``most`` records weighing at most ``limit`` bytes in all
    (one heavier record alone); each list is made as the records are read."""
    from mmsvalidate.bulk.records import weight

    chunk: list[Record] = []
    total = 0
    for record in records:
        size = weight(record)
        if chunk and (total + size > limit or len(chunk) >= most):
            yield chunk
            chunk, total = [], 0
        chunk.append(record)
        total += size
    if chunk:
        yield chunk


def _record_jobs(target: Target, form: str, resolver: Resolver) -> Iterator[Job]:
    from mmsvalidate.bulk.records import pack, read

    assert target.path is not None
    settings = resolver.for_file(target.path) if target.stdin else resolver.for_folder(parent(target.path))
    options = settings.options_for(target.path)
    if (conflict := form_conflict(options.form, form)) is not None:  # refused, not read in another form
        yield "files", [(target.label, target.path, conflict, None)]
        return
    try:
        if target.stdin:
            stream: BinaryIO = stdin_stream()
        elif not stat.S_ISREG(os.stat(target.path).st_mode):
            yield "files", [(target.label, target.path, "not a regular file", None)]
            return
        else:
            stream = open(target.path, "rb")  # noqa: SIM115 (closed below)
    except OSError as exc:
        yield "files", [(target.label, target.path, f"cannot be read: {exc.strerror or exc}", None)]
        return
    try:
        records = read(stream, form, options.profile.max_request_bytes, options.profile.max_items)
        any_record = False
        for chunk in chunks(records):
            any_record = True
            yield "records", (target.label, options, pack(chunk))
        if not any_record:
            yield "records", (target.label, options, pack([]))
    except OSError as exc:
        yield "files", [(target.label, target.path, f"cannot be read: {exc.strerror or exc}", None)]
    finally:
        if not target.stdin:
            stream.close()


class Pending:
    """A request checked offline whose options ask for the media stage too: finished in this process,
    in windows, so each distinct media URL of the whole run is fetched once. (Not a tuple: a tuple is
    an unreadable path.) ``weight`` is what the record weighed (``bulk.records.weight``): the media
    windows are bounded by it too."""

    __slots__ = ("examined", "label", "options", "record", "weight")

    def __init__(
        self, label: str, options: CheckOptions, examined: Examined, record: int | None = None, weight: int = 0
    ) -> None:
        self.label, self.options, self.examined, self.record, self.weight = label, options, examined, record, weight


def rendered(job: Job, emitters: Sequence[Emitter]) -> Job:
    """``job``, its checked requests to be given back rendered by ``emitters`` (the run's outputs, all
    streaming) in blocks (:class:`~mmsvalidate.cli.blocks.Block`), not as reports."""
    return "rendered", (tuple(emitters), job)


def run_job(job: Job) -> list[Any]:
    """Do one job (in a worker process, or not): its results, in order. Each process builds one checker
    per distinct options and reuses it."""
    kind, work = job
    if kind == "rendered":
        from mmsvalidate.cli.blocks import blocks

        emitters, inner = work
        return blocks(_checked(inner), emitters)
    return _checked(job)


def _checked(job: Job) -> list[Checked | Pending | tuple[str, str]]:
    kind, work = job
    if kind == "files":
        return [run_task(task) for task in work]
    from mmsvalidate.bulk import check_record, examine_record
    from mmsvalidate.bulk.records import unpack, weight
    from mmsvalidate.checker import checker_for
    from mmsvalidate.formats import Checked

    label, options, packed = work
    records = unpack(packed)
    if not records:
        return [empty_stream(label)]

    checker = checker_for(options)
    done: list[Checked | Pending | tuple[str, str]] = []
    for record in records:
        if options.media is not None:
            done.append(Pending(label, options, examine_record(record, checker), record.line, weight(record)))
        else:
            done.append(Checked(label, check_record(record, checker), record=record.line))
    return done


def empty_stream(label: str) -> Checked:
    """A JSON Lines or CSV file without any record: said on standard error, an entry of 0 requests."""
    from mmsvalidate.formats import Checked
    from mmsvalidate.report import Report

    say(f"{label}: no requests in this file (no record in it)")
    return Checked(label, Report(()), requests=0)


class Workers:
    """Worker processes that check jobs, and start again when one dies (killed for memory, a crash).

    A dead worker fails every job in flight, not only its own: each of those is checked again alone,
    file by file, in a process of its own, so only a file whose check kills that process too is given
    back as not checked (MV114, exit 2), named. After :data:`RESTARTS` deaths of the pool the remaining
    jobs are not checked either. Never a hang.
    """

    RESTARTS = 3

    def __init__(self, processes: int) -> None:
        self.processes, self.deaths = processes, 0
        self.pool: Any = self._start(processes)
        self.single: Any = None

    @staticmethod
    def _start(processes: int) -> Any:
        import concurrent.futures
        import multiprocessing

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        context = multiprocessing.get_context(method)
        return concurrent.futures.ProcessPoolExecutor(processes, mp_context=context, initializer=_leave_interrupts)

    def submit(self, run: Callable[[Job], list[Any]], job: Job) -> Any:
        """A future of ``run(job)``, or ``None`` when workers keep dying."""
        from concurrent.futures.process import BrokenProcessPool

        while self.deaths <= self.RESTARTS:
            try:
                return self.pool.submit(run, job)
            except BrokenProcessPool:
                self.died()
        return None

    def died(self) -> None:
        """Note a dead worker and start the pool again (the futures of the dead one fail)."""
        self.deaths += 1
        self.pool.shutdown(wait=False, cancel_futures=True)
        if self.deaths <= self.RESTARTS:
            self.pool = self._start(self.processes)

    def alone(self, run: Callable[[Job], list[Any]], job: Job) -> list[Any]:
        """``run(job)`` again after its pool died, one file at a time in a process of its own: the
        results, with each file whose check kills that process too given back as not checked."""
        from concurrent.futures.process import BrokenProcessPool

        done: list[Any] = []
        for part in _parts(job):
            if self.single is None:
                self.single = self._start(1)
            try:
                done.extend(self.single.submit(run, part).result())
            except BrokenProcessPool:
                self.single.shutdown(wait=False, cancel_futures=True)
                self.single = None
                done.extend((label, "not checked: the worker process checking it died") for label in labels(part))
        return done

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        if self.single is not None:
            self.single.shutdown(wait=True, cancel_futures=True)


def _leave_interrupts() -> None:
    """In a worker: Ctrl+C (sent to the whole process group) is the main process's to handle, which stops
    the pool; a worker that took it too would print a traceback of its own. A worker whose main process is
    gone (killed, so it could not stop the pool) ends itself within a second instead of waiting forever."""
    import os
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_orphaned, args=(os.getppid(),), name="parent-watch", daemon=True).start()


def _orphaned(parent: int) -> None:
    """End this worker once its parent is no longer ``parent`` (it died and the worker was re-parented)."""
    import os
    import time

    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _parts(job: Job) -> list[Job]:
    """A job split into one job a file (a JSON Lines or CSV file's job is one file's already)."""
    kind, work = job
    if kind == "rendered":
        emitters, inner = work
        return [(kind, (emitters, part)) for part in _parts(inner)]
    return [(kind, [task]) for task in work] if kind == "files" else [job]


def labels(job: Job) -> list[str]:
    """The files a job holds, as the output names them (a JSON Lines or CSV file once)."""
    kind, work = job
    if kind == "rendered":
        return labels(work[1])
    return [task[0] for task in work] if kind == "files" else [work[0]]


def _results(job: Job, future: Any, submitted_to: Any, workers: Workers, run: Callable[[Job], list[Any]]) -> list[Any]:
    from concurrent.futures.process import BrokenProcessPool

    if future is None:
        return [(label, "not checked: worker processes kept dying") for label in labels(job)]
    try:
        return future.result()  # type: ignore[no-any-return]
    except BrokenProcessPool:
        if submitted_to is workers.pool:  # the first failed future of a dead pool starts a new one
            workers.died()
        if workers.deaths > workers.RESTARTS:
            return [(label, "not checked: worker processes kept dying") for label in labels(job)]
        return workers.alone(run, job)  # this job may not be the one that killed it


def ordered(work: Iterable[Job], run: Callable[[Job], list[Any]], pool: Workers | None, window: int) -> Iterator[Any]:
    """Each job's results in order, at most ``window`` jobs in flight (so memory stays flat)."""
    if pool is None:
        for job in work:
            yield from run(job)
        return
    pending: collections.deque[tuple[Job, Any, Any]] = collections.deque()
    for job in work:
        pending.append((job, pool.submit(run, job), pool.pool))
        if len(pending) >= window:
            yield from _results(*pending.popleft(), pool, run)
    while pending:
        yield from _results(*pending.popleft(), pool, run)


#: ``skip(label, content)``: whether a file read is left out, unchecked.
Skip = Callable[[str, bytes], bool]


def tasks(targets: Iterable[Target], resolver: Resolver, skip: Skip | None = None) -> Iterator[Task]:
    """Each target with its content (or why it can't be read) and its options; files ``skip`` says, left out."""
    for target in targets:
        label, path = target.label, target.path
        if target.reason is not None:
            yield label, path, target.reason, None
        elif target.stdin:
            settings = resolver.for_file(path) if path is not None else resolver.for_folder(resolver.cwd)
            try:
                yield label, path, read_stdin(settings.profile.max_request_bytes), settings.options_for(path)
            except OSError as exc:
                yield label, path, f"cannot be read: {exc.strerror or exc}", None
        else:
            assert path is not None
            settings = resolver.for_folder(parent(path))
            try:
                if not stat.S_ISREG(os.stat(path).st_mode):
                    yield label, path, "not a regular file", None
                    continue
                content = read_limited(path, settings.profile.max_request_bytes)
            except OSError as exc:
                yield label, path, f"cannot be read: {exc.strerror or exc}", None
                continue
            if skip is None or not skip(label, content):
                yield label, path, content, settings.options_for(path)


def run_task(task: Task) -> Checked | Pending | tuple[str, str]:
    """Check one file (in a worker process, or not): a report, offline work awaiting the media stage, or
    ``(label, reason)`` if unreadable."""
    from mmsvalidate.checker import checker_for
    from mmsvalidate.formats import Checked

    label, _, content, options = task
    if options is None or isinstance(content, str):
        return label, str(content)
    checker = checker_for(options)
    if options.media is not None:
        return Pending(label, options, checker.examine(content))
    return Checked(label, checker.check(content))


def not_checked(label: str, reason: str) -> Checked:
    """A file that could not be read, as a report of its own so every output format counts it."""
    from mmsvalidate.checker import not_checked as unread
    from mmsvalidate.formats import Checked

    return Checked(label, unread(reason))
