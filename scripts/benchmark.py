#!/usr/bin/env python3
"""Print kyr's speed and memory figures next to the targets from the research notes.

Figures, not pass/fail: one line each, name, value and the bar to compare with.

    .venv/bin/python scripts/benchmark.py          # everything (~75 s on 2 CPUs)
    .venv/bin/python scripts/benchmark.py --quick  # skip the all-products builds (~20 s)

WeasyPrint is never imported here directly: kyr.render imports it lazily (on the first
Renderer() or import_weasyprint() call) after pinning the bundled fonts, and refuses to
run if something imported it first.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from kyr import paths
from kyr.build import build
from kyr.config import Community, load_community
from kyr.languages import load_registry
from kyr.render import Renderer, fast_subsetting_available
from kyr.render import weasyprint as import_weasyprint

PAPER = "letter"
COLD_RUNS = 3
WARM_RUNS = 5
WORKERS = 2


def report(name: str, value: str, target: str = "", note: str = "") -> None:
    line = f"{name:<50} {value:>12}"
    if target:
        line += f"   target: {target}"
    if note:
        line += f"   ({note})"
    print(line.rstrip(), flush=True)


def seconds(value: float) -> str:
    return f"{value:.2f} s"


def millis(value: float) -> str:
    return f"{value * 1000:.0f} ms"


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median_time(action: Callable[[], object], runs: int) -> float:
    return statistics.median(timed(action) for _ in range(runs))


def mebibytes(maxrss: int) -> str:
    """ru_maxrss is in KiB on Linux, in bytes on macOS."""
    scale = 1 if sys.platform == "darwin" else 1024
    return f"{maxrss * scale / 2**20:.0f} MiB"


class TimedRenderer(Renderer):
    """A Renderer that records how long each layout pass and each PDF write takes."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.layouts: list[float] = []
        self.writes: list[float] = []

    def reset(self) -> None:
        self.layouts.clear()
        self.writes.clear()

    def layout(self, html: str, stylesheets: list[str], what: str) -> Any:
        start = time.perf_counter()
        try:
            return super().layout(html, stylesheets, what)
        finally:
            self.layouts.append(time.perf_counter() - start)

    def pdf(self, document: Any, what: str, *args: Any, **kwargs: Any) -> bytes:
        start = time.perf_counter()
        try:
            return super().pdf(document, what, *args, **kwargs)
        finally:
            self.writes.append(time.perf_counter() - start)

    def breakdown(self, runs: int) -> str:
        """Per build: layout passes (the type-size search) × ms each, PDF write ms."""
        if not self.layouts or not self.writes:
            return ""
        passes = len(self.layouts) / runs
        each = statistics.median(self.layouts) * 1000
        write = statistics.median(self.writes) * 1000
        return f"{passes:.0f} layout passes × {each:.0f} ms + PDF write {write:.0f} ms"


def run_kyr(*args: str) -> None:
    """`python -m kyr …` in a fresh process, from the repository root."""
    subprocess.run(
        [sys.executable, "-m", "kyr", *args],
        cwd=paths.CHECKOUT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def measure(name: str, action: Callable[[], None]) -> None:
    """Run one measurement; a failure prints one line instead of ending the benchmark."""
    try:
        action()
    except Exception as error:  # e.g. a template mid-edit: report it, measure the rest
        detail = getattr(error, "stderr", None) or str(error)
        if isinstance(detail, bytes):
            detail = detail.decode(errors="replace")
        lines = str(detail).strip().splitlines() or ["?"]
        report(name, "FAILED", lines[-1])


def cold(tmp: Path) -> None:
    def card() -> None:
        out = str(tmp / "cold")
        value = median_time(
            lambda: run_kyr("build", "--product", "card", "--lang", "es", "--out", out),
            COLD_RUNS,
        )
        report(f"cold: kyr build card es (median of {COLD_RUNS})", seconds(value), "peer ~0.85 s")

    def products() -> None:
        value = median_time(lambda: run_kyr("products"), COLD_RUNS)
        report(f"cold: kyr products (median of {COLD_RUNS})", seconds(value), "fast, no WeasyPrint")

    measure("cold: kyr build card es", card)
    measure("cold: kyr products", products)


def warm(community: Community, renderer: TimedRenderer, tmp: Path, codes: tuple[str, ...]) -> None:
    out = tmp / "warm"

    def one(product: str, code: str) -> Callable[[], object]:
        return lambda: build(community, out, (product,), (code,), PAPER, renderer=renderer)

    def card() -> None:
        one("card", "es")()  # warm-up: parses the stylesheets once
        renderer.reset()
        value = median_time(one("card", "es"), WARM_RUNS)
        report(f"warm: card es (median of {WARM_RUNS})", millis(value), "41 ms with HarfBuzz")
        report("warm: card es, where the time goes", "", note=renderer.breakdown(WARM_RUNS))

    def sheet() -> None:
        one("card-sheet", "es")()
        renderer.reset()
        value = median_time(one("card-sheet", "es"), WARM_RUNS)
        report(
            f"warm: card-sheet es, 10-up (median of {WARM_RUNS})",
            millis(value),
            "peer ~60 ms (8-up)",
        )
        report("warm: card-sheet es, where the time goes", "", note=renderer.breakdown(WARM_RUNS))

    def all_cards() -> None:
        value = timed(lambda: build(community, out, ("card",), codes, PAPER, renderer=renderer))
        report(
            f"warm: card, all {len(codes)} languages",
            seconds(value),
            f"peer ~6 s for 56 (~{6 * len(codes) / 56:.1f} s for {len(codes)})",
        )

    measure("warm: card es", card)
    measure("warm: card-sheet es", sheet)
    measure("warm: card, all languages", all_cards)


def build_everything(
    community: Community, renderer: Renderer, out: Path, codes: tuple[str, ...]
) -> int:
    """Every product that comes on the paper, in `codes`; returns the number of PDFs."""
    return len(build(community, out, (), codes, PAPER, renderer=renderer))


def worker(codes: tuple[str, ...], out: str) -> tuple[int, float, float]:
    """One worker process: its own Renderer. Returns PDFs, start-up and build seconds."""
    start = time.perf_counter()
    renderer = Renderer()
    started = time.perf_counter()
    community = load_community(paths.sample_config())
    count = build_everything(community, renderer, Path(out), codes)
    return count, started - start, time.perf_counter() - started


def full(community: Community, renderer: Renderer, tmp: Path, codes: tuple[str, ...]) -> None:
    def one_process() -> None:
        start = time.perf_counter()
        count = build_everything(community, renderer, tmp / "full", codes)
        value = time.perf_counter() - start
        report(
            f"warm: every product × {len(codes)} languages ({count} PDFs)",
            seconds(value),
        )
        report("warm: every product, throughput", f"{count / value:.1f} PDF/s")

    def two_processes() -> None:
        # Signs put English plus two languages on each PDF, so the halves may make one
        # sign more than a single build does (the PDF count says so).
        half = (len(codes) + 1) // 2
        parts = [codes[:half], codes[half:]]
        # 'spawn', not 'fork': by now this process has imported WeasyPrint and initialised
        # fontconfig, Pango and cairo (with their caches and GLib threads); forking that
        # state is unsafe and can deadlock. Spawned workers start clean and pin the fonts
        # themselves, exactly like `kyr build`, so the wall time below includes each
        # worker's WeasyPrint import and Renderer start-up: the honest cost of the split.
        context = multiprocessing.get_context("spawn")
        start = time.perf_counter()
        with ProcessPoolExecutor(max_workers=WORKERS, mp_context=context) as pool:
            futures = [
                pool.submit(worker, part, str(tmp / f"worker-{i}")) for i, part in enumerate(parts)
            ]
            results = [future.result() for future in futures]
        value = time.perf_counter() - start
        count = sum(result[0] for result in results)
        detail = ", ".join(
            f"{len(part)} langs: {up:.2f} s start + {work:.2f} s build"
            for part, (_, up, work) in zip(parts, results, strict=True)
        )
        report(
            f"{WORKERS} workers: every product ({count} PDFs), wall",
            seconds(value),
            "below 1 process (notes: 2 × 50 pages 1.05 s vs 1.8 to 2.5 s in one)",
        )
        report(f"{WORKERS} workers: throughput", f"{count / value:.1f} PDF/s", note=detail)

    measure("warm: every product", one_process)
    measure(f"{WORKERS} workers: every product", two_processes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the all-products builds")
    options = parser.parse_args()

    began = time.perf_counter()
    community = load_community(paths.sample_config())
    codes = tuple(load_registry())
    report("python", sys.version.split()[0])
    report("shipped languages", str(len(codes)))
    # Other work on the machine skews every figure, the 2-worker one most: show it.
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    report("CPUs / load average (1, 5, 15 min)", f"{os.cpu_count()}", note=load)

    with tempfile.TemporaryDirectory(prefix="kyr-bench-") as name:
        tmp = Path(name)
        # Cold runs first, before this process imports WeasyPrint (it does not matter to
        # the subprocesses, but keeps the figures independent of the parent's state).
        cold(tmp)

        imported = timed(import_weasyprint)
        report(
            "in process: import WeasyPrint (pinned fonts)",
            seconds(imported),
            note="notes: 0.6 to 0.8 s",
        )
        fast = fast_subsetting_available()
        report(
            "fast HarfBuzz subsetting",
            "yes" if fast else "NO",
            "yes (libharfbuzz-subset0; ~10x slower without)",
        )
        start = time.perf_counter()
        renderer = TimedRenderer()
        report("in process: Renderer() start-up", millis(time.perf_counter() - start))

        warm(community, renderer, tmp, codes)
        if options.quick:
            report("every product, 1 and 2 processes", "skipped", "--quick")
        else:
            full(community, renderer, tmp, codes)

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report("peak memory, this process", mebibytes(own))
    report(
        "peak memory, largest child process",
        mebibytes(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss),
    )
    report("benchmark total", seconds(time.perf_counter() - began))


if __name__ == "__main__":
    main()
