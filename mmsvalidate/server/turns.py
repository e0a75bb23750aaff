"""Work batched over one turn of the event loop and done just after it: what every request of the turn added,
written once (the access log's lines, the metrics' samples)."""

from __future__ import annotations

import asyncio


class EndOfTurn:
    """Something :meth:`flush`\\ ed once just after the event loop's current turn, when :meth:`later` asks for
    it (at once, when no event loop runs in this thread). :meth:`flush` starts with :meth:`done`."""

    _armed = False

    def later(self) -> None:
        """Have :meth:`flush` run just after this turn of the event loop (once, however often asked)."""
        if self._armed:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.flush()
            return
        self._armed = True
        loop.call_soon(self.flush)

    def done(self) -> None:
        """The flush asked for is running: a later request asks for another."""
        self._armed = False

    def flush(self) -> None:
        raise NotImplementedError
