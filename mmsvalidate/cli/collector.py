"""The objects a command loads once, kept out of the cyclic garbage collector's sight.

A command imports hundreds of modules, classes and functions that live until the process ends. The collector
would walk them all at each full collection and once more as the interpreter exits, and find nothing to free:
about a tenth of a one-file ``check``. :func:`settle` sets aside the objects alive at that moment
(``gc.freeze``), once the command is loaded and as it ends; worker processes forked later share them.
:func:`release` hands them back (``gc.unfreeze``) when the process runs another command (tests do), so at most
one run's worth is ever set aside.

Code is loaded inside :func:`loading`: with no collection at all while modules load (each would walk the
new classes and tables and free none), and what was loaded set aside as the block ends.
"""

from __future__ import annotations

import gc

_settled = False


def settle() -> None:
    """Set aside every object alive now: no later collection walks them."""
    global _settled
    gc.freeze()
    _settled = True


def release() -> None:
    """Hand back to the collector what :func:`settle` set aside (nothing if it did not run)."""
    global _settled
    if _settled:
        _settled = False
        gc.unfreeze()


class _Loading:
    """The context of :func:`loading` (a class: contextlib would be loaded before the window opens)."""

    __slots__ = ("collecting",)

    def __enter__(self) -> None:
        self.collecting = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc_info: object) -> None:
        settle()
        if self.collecting:
            gc.enable()


def loading() -> _Loading:
    """No collection while the block loads code; then :func:`settle`, and the collector as it was found."""
    return _Loading()
