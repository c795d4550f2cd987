"""Imported once by the worker server (`kyr.build.pool.worker_context`) before it forks
workers: WeasyPrint with the bundled fonts pinned, the modules a worker renders with and
kyr's compiled templates (pure Python, safe to fork), so no worker loads them again.
Nothing of Pango, fontconfig or cairo is started here: their state must not be shared
by forked processes."""

from __future__ import annotations

import contextlib
import signal

# Ctrl-C is the parent's to handle: it stops the workers and prints one line. The server
# ignores SIGINT from here on (it would print a traceback while it imports), and so do
# the workers it forks, from their first instruction.
signal.signal(signal.SIGINT, signal.SIG_IGN)

from kyr.errors import KyrError  # noqa: E402

with contextlib.suppress(KyrError):  # a worker reports the same problem when it renders
    from kyr.render import html_to_pdf as render

    render.weasyprint()
    import kyr.render.fitter  # noqa: F401
    from kyr.content.templating import compile_templates

    compile_templates()

