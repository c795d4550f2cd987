"""How a long command shows it is working: on a terminal, a bar with the count and the
time left (click's progressbar, on stderr); in a pipe or CI log, one line per item on
stdout (stderr keeps only warnings and the one-line error)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TextIO

import click


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

    def start(self, total: int) -> None:
        self.total, self.done = total, 0
        if self.interactive and total:
            self._bar = click.progressbar(
                length=total, label=self.label, show_eta=True, show_pos=True, file=self.stream
            )
            self._bar.__enter__()

    def advance(self, what: str) -> None:
        """One item done; `what` names it on the line printed outside a terminal."""
        self.done += 1
        if self._bar is not None:
            self._bar.update(1)
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
