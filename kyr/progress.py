"""How a long command shows it is working: on a terminal, a bar with the count and the
time left (click's progressbar, on stderr); in a pipe or CI log, one line per item on
stdout (stderr keeps only warnings and the one-line error)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

import click

#: Items that must be done (after the first) before the time left is shown: the first
#: item carries the start-up (workers, fonts), so the time per item is measured after it.
ETA_AFTER = 2


def time_left(done: int, total: int, first_done_at: float | None, now: float) -> float | None:
    """Seconds left, from the pace of the items done after the first one; None until
    `ETA_AFTER` of them are done (an estimate from the start-up alone would be wrong by
    a factor of ten for a small build)."""
    if first_done_at is None or done - 1 < ETA_AFTER or done >= total:
        return None
    pace = (now - first_done_at) / (done - 1)
    return pace * (total - done)


def format_time_left(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 60:
        return f"about {max(1, round(seconds))} s left"
    return f"about {round(seconds / 60)} min left"


class Progress:
    """Counts items done out of a total announced with `start`."""

    def __init__(
        self,
        label: str,
        interactive: bool | None = None,
        stream: TextIO | None = None,
        line_stream: TextIO | None = None,
    ) -> None:
        self.label = label
        self.stream = stream or sys.stderr  # the bar's
        self.line_stream = line_stream  # the lines' (None: stdout)
        self.interactive = self.stream.isatty() if interactive is None else interactive
        self.total = 0
        self.done = 0
        self._bar: Any = None
        self._first_done_at: float | None = None

    def start(self, total: int) -> None:
        self.total, self.done, self._first_done_at = total, 0, None
        if self.interactive and total:
            self._bar = click.progressbar(
                length=total,
                label=self.label,
                show_eta=False,  # click's counts the start-up in every item: see time_left
                show_pos=True,
                file=self.stream,
                item_show_func=lambda left: left,
            )
            self._bar.__enter__()

    def advance(self, what: str) -> None:
        """One item done; `what` names it on the line printed outside a terminal."""
        self.done += 1
        now = time.monotonic()
        if self._first_done_at is None:
            self._first_done_at = now
        if self._bar is not None:
            left = time_left(self.done, self.total, self._first_done_at, now)
            self._bar.update(1, current_item=format_time_left(left))
            if self.done >= self.total:
                self.finish()  # before anything else is printed
        else:
            click.echo(f"[{self.done}/{self.total}] {what}", file=self.line_stream)

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None

    def wrap(self, action: Callable[[], Any]) -> Any:
        """Run `action`, closing the bar whatever happens."""
        try:
            return action()
        finally:
            self.finish()
