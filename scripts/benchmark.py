#!/usr/bin/env python3
"""Print kyr's speed and memory figures next to the targets (issue 13), then the same
as a Markdown table for the README.

Figures, not pass/fail. Commands are timed as a user runs them (`python -m kyr …` in a
fresh process, medians of interleaved runs); the warm figures are in-process, with the
renderer and the type-size cache already warm (a repeat build lays each piece out once).

    .venv/bin/python scripts/benchmark.py          # everything (~6 min on 2 CPUs)
    .venv/bin/python scripts/benchmark.py --quick  # skip the all-languages runs (~1.5 min)
    .venv/bin/python scripts/benchmark.py --layouts  # layouts per piece, empty cache (~1 min)

WeasyPrint is never imported here directly: kyr.render.html_to_pdf imports it lazily after pinning
the bundled fonts. Every run uses a cache folder of its own (XDG_CACHE_HOME), so the
user's cache neither helps nor suffers.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CACHE = tempfile.mkdtemp(prefix="kyr-bench-cache-")
os.environ["XDG_CACHE_HOME"] = CACHE  # before kyr is imported: its caches go here

from kyr import paths  # noqa: E402
from kyr.build.plan import language_groups  # noqa: E402
from kyr.build.run import build  # noqa: E402
from kyr.config.community import load_community  # noqa: E402
from kyr.content.pieces import Piece  # noqa: E402
from kyr.content.products import public_products  # noqa: E402
from kyr.i18n.languages import get_language, load_registry  # noqa: E402
from kyr.render.fitter import Builder  # noqa: E402
from kyr.render.html_to_pdf import Renderer, fast_subsetting_available  # noqa: E402

RUNS = 3
WARM_RUNS = 5
#: Commands run as on a user's machine, where Python keeps compiled modules (__pycache__);
#: a sandbox may say not to (PYTHONDONTWRITEBYTECODE), which would time compiling kyr
#: from source at every start. `main` compiles kyr first, as a first run would.
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
#: The twenty languages kyr first shipped (the peer comparison's set).
FIRST_TWENTY = 20
PAPER = "letter"
#: A sample of scripts and text lengths for the first-fit count (issue 24).
FIRST_FIT_LANGUAGES = ("en", "es", "ar", "zh-Hans", "hi", "my", "am", "th", "ru", "vi")


@dataclass
class Row:
    measure: str
    value: str
    target: str = ""
    reached: str = ""


ROWS: list[Row] = []


def report(measure: str, value: str, target: str = "", reached: bool | None = None) -> None:
    verdict = "" if reached is None else ("yes" if reached else "no")
    ROWS.append(Row(measure, value, target, verdict))
    line = f"{measure:<58} {value:>12}"
    if target:
        line += f"   target {target}: {verdict}" if verdict else f"   ({target})"
    print(line.rstrip(), flush=True)


def seconds(value: float) -> str:
    return f"{value:.2f} s"


def millis(value: float) -> str:
    return f"{value * 1000:.0f} ms"


def mebibytes(maxrss: int) -> str:
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: KiB on Linux
    return f"{maxrss * scale / 2**20:.0f} MiB"


def run(*args: str, env: dict[str, str] | None = None) -> float:
    """Seconds for one command in a fresh process, from the repository root."""
    start = time.perf_counter()
    subprocess.run(
        args, cwd=paths.CHECKOUT, check=True, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, env={**ENV, **(env or {})},
    )  # fmt: skip
    return time.perf_counter() - start


def kyr(*args: str, env: dict[str, str] | None = None) -> float:
    return run(sys.executable, "-m", "kyr", *args, env=env)


def interleaved(actions: dict[str, Callable[[], float]], runs: int) -> dict[str, float]:
    """Median seconds of each action, run in turn `runs` times (so load drifts hit all)."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            times[name].append(action())
    return {name: statistics.median(values) for name, values in times.items()}


def timed(action: Callable[[], Any]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def start_up(tmp: Path) -> None:
    out = str(tmp / "cold")
    card = ("build", "--product", "card", "--lang", "es", "--out", out, "--force")
    kyr(*card)  # remembers the card's sizes: a repeat build lays it out once
    figures = interleaved(
        {
            "import": lambda: run(sys.executable, "-c", "import weasyprint"),
            "card": lambda: kyr(*card),
            "products": lambda: kyr("products"),
            "help": lambda: kyr("--help"),
        },
        RUNS,
    )
    ratio = figures["card"] / figures["import"]
    report("python -c 'import weasyprint' (the floor)", seconds(figures["import"]))
    report(
        "cold: kyr build card es (sizes known)",
        f"{seconds(figures['card'])} = {ratio:.2f}×",
        "≤ 1.3 × import",
        ratio <= 1.3,
    )
    empty = {"XDG_CACHE_HOME": tempfile.mkdtemp(prefix="kyr-bench-empty-")}
    first = kyr(*card, env=empty)
    report(
        "cold: kyr build card es (empty cache)",
        f"{seconds(first)} = {first / figures['import']:.2f}×",
    )
    both = f"{figures['products']:.2f} / {figures['help']:.2f} s"
    report("cold: kyr products / kyr --help", both)


def warm(renderer: Renderer, tmp: Path) -> None:
    community = load_community(paths.sample_config())
    for code in ("es", "ar", "zh-Hans", "hi", "th"):
        for product in ("card", "card-sheet"):
            def once(product: str = product, code: str = code) -> None:
                build(community, tmp / "warm", (product,), (code,), PAPER, renderer=renderer,
                      jobs=1, force=True)  # fmt: skip

            once()  # parses the stylesheets, remembers the sizes
            value = statistics.median(timed(once) for _ in range(WARM_RUNS))
            target = "≤ 100 ms" if product == "card-sheet" else ""
            report(
                f"warm: {product} {code}",
                millis(value),
                target,
                value <= 0.1 if target else None,
            )


def first_fits(renderer: Renderer) -> None:
    """Layouts per piece with an empty cache: every product in FIRST_FIT_LANGUAGES on
    letter, each piece's type size searched once (a card's back is one piece), counted
    by the fitter (`Builder.search_layouts`: the search's layouts, not a sign's spread or
    a flyer's columns). Counts, not times: the machine's load does not move them."""
    builder = Builder(load_community(paths.sample_config()), renderer, known={})
    pieces = {
        Piece(product, group, PAPER): None  # each once (the duplex test is English only)
        for product in public_products().values()
        if not product.is_message and PAPER in product.papers
        for code in FIRST_FIT_LANGUAGES
        for group in language_groups(product, (get_language(code),))
    }
    for piece in pieces:
        builder.fit(piece)
    counts = list(builder.search_layouts.values())
    mean = statistics.mean(counts)
    at_most_three = sum(count <= 3 for count in counts) / len(counts)
    report(
        "layouts per piece with an empty cache (mean, max)",
        f"{mean:.2f}, {max(counts)}",
        f"{len(counts)} pieces, {at_most_three:.0%} in ≤ 3",
    )


def catalogs(tmp: Path, codes: tuple[str, ...], quick: bool) -> None:
    sets = {f"{FIRST_TWENTY} languages": codes[:FIRST_TWENTY]}
    if not quick:
        sets[f"all {len(codes)} languages"] = codes
    for label, chosen in sets.items():
        langs = [arg for code in chosen for arg in ("--lang", code)]

        def sheets(jobs: int, out: str, chosen_langs: list[str] = langs) -> float:
            return kyr("build", "--product", "card-sheet", *chosen_langs, "--jobs", str(jobs),
                       "--out", str(tmp / out), "--force")  # fmt: skip

        empty = {"XDG_CACHE_HOME": tempfile.mkdtemp(prefix="kyr-bench-empty-")}
        first = kyr("build", "--product", "card-sheet", *langs, "--jobs", "2",
                    "--out", str(tmp / "first"), env=empty)  # fmt: skip
        figures = interleaved(
            {"1": lambda: sheets(1, "one"), "2": lambda: sheets(2, "two")}, RUNS
        )
        speedup = figures["1"] / figures["2"]
        report(f"card-sheet, {label}, --jobs 1", seconds(figures["1"]))
        twenty = label.startswith(str(FIRST_TWENTY))
        report(
            f"card-sheet, {label}, --jobs 2",
            seconds(figures["2"]),
            "≤ 3 s" if twenty else "",
            figures["2"] <= 3.0 if twenty else None,
        )
        report(f"card-sheet, {label}, speed-up", f"{speedup:.2f}×", "≥ 1.7×", speedup >= 1.7)
        report(f"card-sheet, {label}, --jobs 2, empty cache", seconds(first))


def no_op(tmp: Path) -> None:
    out = str(tmp / "catalog")
    kyr("build", "--out", out)
    value = statistics.median(kyr("build", "--out", out) for _ in range(WARM_RUNS))
    count = len(list((tmp / "catalog").glob("*.pdf")))
    report(f"no-op rebuild of the sample catalog ({count} PDFs)", seconds(value), "≤ 0.1 s",
           value <= 0.1)  # fmt: skip


def pdf_sizes(tmp: Path) -> None:
    out = tmp / "sizes"
    kyr("build", "--product", "card", "--lang", "es", "--lang", "ar", "--lang", "zh-Hans",
        "--lang", "hi", "--out", str(out))  # fmt: skip
    for code, script, limit in (("es", "Latin", 60), ("ar", "Arabic", None),
                                ("zh-Hans", "CJK", 150), ("hi", "Devanagari", None)):  # fmt: skip
        size = (out / f"card-{code}-{PAPER}.pdf").stat().st_size / 1000
        report(
            f"card PDF, {script} ({code})",
            f"{size:.0f} KB",
            f"≤ {limit} KB" if limit else "",
            size <= limit if limit else None,
        )


def growth(renderer: Renderer, tmp: Path, codes: tuple[str, ...]) -> None:
    community = load_community(paths.sample_config())
    for count in (1, 5, 20, len(codes)):
        chosen = codes[:count]
        build(community, tmp / "growth", ("card-sheet",), chosen, PAPER, renderer=renderer,
              jobs=1, force=True)  # fmt: skip
        value = timed(
            lambda chosen=chosen: build(
                community, tmp / "growth", ("card-sheet",), chosen, PAPER, renderer=renderer,
                jobs=1, force=True,
            )
        )  # fmt: skip
        report(f"growth: card-sheet × {count} languages, one process", seconds(value),
               f"{value / count * 1000:.0f} ms a language")  # fmt: skip


def first_languages(codes: tuple[str, ...], tmp: Path) -> None:
    """The fit check with an empty cache: answered from the shipped results, with one
    catalog changed (that language laid out), and with the templates changed (every
    language laid out, as before kyr shipped its results)."""
    empty = {"XDG_CACHE_HOME": tempfile.mkdtemp(prefix="kyr-bench-empty-")}
    value = kyr("languages", env=empty)
    report(f"first kyr languages ({len(codes)} languages, empty cache)", seconds(value),
           "≤ 3 s", value <= 3)  # fmt: skip
    again = kyr("languages", env=empty)
    report("kyr languages again (cached)", seconds(again))
    locales = tmp / "changed-locales"
    shutil.copytree(paths.locales_dir(), locales)
    with (locales / "es" / "LC_MESSAGES" / "messages.po").open("a", encoding="utf-8") as po:
        po.write("\n# changed\n")
    empty = {"XDG_CACHE_HOME": tempfile.mkdtemp(prefix="kyr-bench-empty-")}
    value = kyr("--locales", str(locales), "languages", env=empty)
    report("first kyr languages, es catalog changed (es laid out)", seconds(value))
    templates = tmp / "changed-templates"
    shutil.copytree(paths.templates_dir(), templates)
    with (templates / "card.css").open("a", encoding="utf-8") as css:
        css.write("\n/* changed */\n")
    empty = {"XDG_CACHE_HOME": tempfile.mkdtemp(prefix="kyr-bench-empty-")}
    value = kyr("--templates", str(templates), "languages", env=empty)
    report(f"first kyr languages, templates changed ({len(codes)} laid out)", seconds(value))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the all-languages runs")
    parser.add_argument(
        "--layouts", action="store_true", help="only the layouts per piece with an empty cache"
    )
    options = parser.parse_args()
    if options.layouts:
        first_fits(Renderer())
        return

    began = time.perf_counter()
    compileall.compile_dir(paths.PACKAGE, quiet=1)
    codes = tuple(load_registry())
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, load {load}"
    report("date, machine", time.strftime("%Y-%m-%d"), machine)
    report("python, shipped languages", f"{sys.version.split()[0]}, {len(codes)}")
    report("fast HarfBuzz subsetting", "yes" if fast_subsetting_available() else "NO")
    with tempfile.TemporaryDirectory(prefix="kyr-bench-") as name:
        tmp = Path(name)
        start_up(tmp)
        no_op(tmp)
        pdf_sizes(tmp)
        catalogs(tmp, codes, options.quick)
        renderer = Renderer()
        first_fits(renderer)
        warm(renderer, tmp)
        growth(renderer, tmp, codes if not options.quick else codes[:20])
        if not options.quick:
            first_languages(codes, tmp)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report("peak memory, largest kyr process", mebibytes(children), "≤ 300 MiB",
           children * 1024 <= 300 * 2**20 if sys.platform != "darwin" else None)  # fmt: skip
    report("peak memory, this benchmark process", mebibytes(own))
    report("benchmark total", seconds(time.perf_counter() - began))

    print("\n| measure | value | target | reached |\n| --- | --- | --- | --- |")
    for row in ROWS:
        print(f"| {row.measure} | {row.value} | {row.target} | {row.reached} |")


if __name__ == "__main__":
    main()
