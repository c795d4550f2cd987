"""The load check (scripts/load_check_serve.py): 20 concurrent previews, all answered,
the page served meanwhile, memory bounded by the two render workers."""

from __future__ import annotations

import importlib.util

import pytest

from kyr import paths


@pytest.mark.slow
def test_twenty_concurrent_previews_complete_with_bounded_memory() -> None:
    spec = importlib.util.spec_from_file_location(
        "load_check_serve", paths.CHECKOUT / "scripts" / "load_check_serve.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    figures = module.load_check(20)
    print(figures)
    assert figures["ok"] == 20  # every one, after Retry-After where the queue was full
    assert figures["answered_503_then_retried"] > 0  # 20 at once is more than the queue holds
    assert figures["page_during_load_s"] < 2  # rendering never blocks the page
    assert figures["rss_peak_mib"] < 1500  # the server, the fork server and two workers
