"""The objects a command loads once, kept out of the cyclic garbage collector's sight.

A command imports hundreds of modules, classes and functions that live until the process ends. The collector
would walk them all at each full collection and once more as the interpreter exits, and find nothing to free:
about a tenth of a one-file ``check``. :func:`settle` sets aside the objects alive at that moment
(``gc.freeze``), once the command is loaded and as it ends; worker processes forked later share them.
:func:`release` hands them back (``gc.unfreeze``) when the process runs another command (tests do), so at most
one run's worth is ever set aside.
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
