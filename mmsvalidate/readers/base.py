"""What a reader hands on: the model, where each value came from, and what the form's schema reads."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, NamedTuple

from mmsvalidate.diagnostic import NOWHERE, Location
from mmsvalidate.model import Request

#: The top-level key that holds a JSON request's suppressions (declared in request.schema.json).
MARK_KEY = "$mmsvalidate"


class Failure(NamedTuple):
    """Why a source could not be read as a request at all.

    ``kind`` is ``"syntax"`` (the form's own grammar: not well-formed XML, bad JSON, bad
    encoding), ``"refused"`` (hostile constructs the reader will not process, such as DTDs,
    entities or XInclude), ``"limit"`` (past one of the profile's reading limits) or
    ``"not-a-request"`` (well-formed, but not a sendMMS request).
    """

    kind: str
    message: str
    location: Location = NOWHERE


class Mark(NamedTuple):
    """A suppression mark as written, collected by a reader while it parses, and where it starts.

    ``written`` is the text of an XML comment or of a query ``#`` line that mentions
    ``mmsvalidate`` (``location`` is where that text starts), or the value of a JSON request's
    top-level ``$mmsvalidate`` key. Readers judge no mark; :mod:`mmsvalidate.settings.suppressions` does.
    """

    written: object
    location: Location
    #: ``True`` for a comment's text, ``False`` for the JSON key's value.
    comment: bool = True


class Stop(Exception):
    """Raised inside a reader to give up with a :class:`Failure`."""

    def __init__(self, kind: str, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.failure = Failure(kind, message, location or Location())


Locator = Callable[[str], Location | None]
#: How many levels :meth:`Parsed.where` walks up a pointer (past any reading depth limit), so a pointer of
#: thousands of slashes costs a bounded walk.
ANCESTORS = 64


def _nowhere(pointer: str) -> Location | None:
    return None


class Parsed:
    """A source read in one form.

    ``document`` is what the form's schema validates (an XML element or a JSON-like mapping);
    ``locate`` maps a pointer (model pointer, or the form's own) to where it was written;
    ``comments`` are where the comments that don't mention mmsvalidate start (XML comments, query ``#`` lines).
    """

    __slots__ = ("comments", "document", "failure", "form", "locate", "marks", "request")

    def __init__(
        self,
        form: str,
        request: Request | None = None,
        document: object = None,
        locate: Locator = _nowhere,
        failure: Failure | None = None,
        marks: tuple[Mark, ...] = (),
        comments: tuple[Location, ...] = (),
    ) -> None:
        self.form, self.request, self.document, self.locate = form, request, document, locate
        self.failure, self.marks, self.comments = failure, marks, comments

    def moved(self, locate: Locator, marks: tuple[Mark, ...]) -> Parsed:
        """The same reading located by ``locate``, with ``marks`` (a campaign record's, in its file)."""
        return Parsed(self.form, self.request, self.document, locate, self.failure, marks, self.comments)

    def where(self, pointer: str | None) -> Location:
        """The location of ``pointer`` or of its nearest written ancestor (a few levels up at most)."""
        for _ in range(ANCESTORS):
            if pointer is None:
                break
            found = self.locate(pointer)
            if found is not None:
                return found
            if not pointer:
                break
            pointer = pointer.rpartition("/")[0]
        return NOWHERE


class Recorder:
    """Collects values, the location of each, and the values given more than once.

    A repeated value is recorded as ``pointer[n]`` (``/to[2]`` for the second ``to``), located at
    that occurrence.
    """

    def __init__(self) -> None:
        self.locations: dict[str, Location] = {}
        self._repeats: dict[str, int] = {}

    def place(self, pointer: str, location: Location | None) -> None:
        """Note where ``pointer`` was written, unless already noted."""
        if location is not None:
            self.locations.setdefault(pointer, location)

    def value(
        self,
        store: dict[str, str],
        key: str,
        pointer: str,
        value: str,
        location: Location | None,
        *,
        first_wins: bool,
    ) -> None:
        """Store ``value`` under ``key`` and note its location, recording a repeat if seen before."""
        if key not in store:
            store[key] = value
            self.place(pointer, location)
            return
        count = self._repeats.get(pointer, 1) + 1
        self._repeats[pointer] = count
        if location is not None:
            self.locations[f"{pointer}[{count}]"] = location
        if not first_wins:
            store[key] = value
            if location is not None:
                self.locations[pointer] = location

    def repeated(self) -> tuple[str, ...]:
        """The repeats, as ``pointer[n]`` for every extra occurrence."""
        return tuple(f"{p}[{n}]" for p, last in self._repeats.items() for n in range(2, last + 1))


def is_record(value: object) -> bool:
    """Whether ``value`` is a record of a campaign file (:class:`mmsvalidate.readers.records.Record`).

    No record exists before its module is imported, so a process that never read a campaign file (a
    ``check`` of one request) answers without importing it.
    """
    records: Any = sys.modules.get("mmsvalidate.readers.records")
    return records is not None and isinstance(value, records.Record)
