"""Imported once by the worker server (`kyr.parallel.worker_context`) before it forks
workers: WeasyPrint with the bundled fonts pinned, and the modules a worker renders with,
so no worker imports them again."""

from __future__ import annotations

import contextlib

from kyr.errors import KyrError

with contextlib.suppress(KyrError):  # a worker reports the same problem when it renders
    from kyr import render

    render.weasyprint()
    import kyr.builder  # noqa: F401

