"""The `kyr` command's first step: Ctrl-C while kyr is still loading (a few tenths of a
second of imports) is the same one line and exit 130 as later, not a Python traceback."""

from __future__ import annotations

import os
import signal
import sys

STOPPED = "kyr: error: stopped (Ctrl-C or SIGTERM)\n"


def _stopped_while_loading(signum: int, frame: object) -> None:
    sys.stderr.write(STOPPED)
    sys.stderr.flush()
    os._exit(130)  # nothing is written yet; no cleanup to run


def main(argv: list[str] | None = None) -> None:
    loading = signal.signal(signal.SIGINT, _stopped_while_loading)
    from kyr.cli.main import main as run

    signal.signal(signal.SIGINT, loading)
    run(argv)
