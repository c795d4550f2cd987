#!/usr/bin/env python3
"""A national network's build, measured (issue 24): N chapters, each with its own details
(names in several scripts, numbers as people type them, links up to the limits), their
card sheets in every shipped language, with an empty cache for each N.

    make bench-national                                  # 1, 10, 100, 300 chapters
    .venv/bin/python scripts/bench_national.py --chapters 1,10 --langs es,ar,zh-Hans

Each N is built twice: in one `kyr build --config FOLDER --jobs 2`, and as two shards
(`--shard 1/2`, `--shard 2/2`, one process each, side by side) joined with
`kyr manifest merge`. Prints seconds, PDFs per second and the cost per chapter."""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: As the main benchmark: compiled modules kept, as on a user's machine.
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}

PLACES = [
    "Alameda County", "Fresno", "East Los Angeles", "Santa Ana", "Salinas Valley",
    "Chicago Southwest Side", "Houston Gulfton", "Brownsville", "El Paso", "Phoenix West",
    "Tucson", "Denver Westwood", "Atlanta Buford Highway", "Charlotte", "Durham",
    "Nashville", "Queens", "Sunset Park", "Newark Ironbound", "Lawrence", "Providence",
    "Minneapolis Lake Street", "Milwaukee South Side", "Omaha", "Yakima Valley",
    "Seattle White Center", "Portland Cully", "Salt Lake City", "Las Vegas East",
    "Miami-Dade", "Homestead", "Immokalee", "Orlando", "New Orleans", "Dalton",
]  # fmt: skip
KINDS = [
    "Rapid Response Network", "Immigrant Rights Coalition", "Sanctuary Collective",
    "Comité de Defensa del Barrio", "Red de Respuesta Rápida", "Mutual Aid Hotline",
    "Know Your Rights Project", "Workers' Center",
]  # fmt: skip
#: Names written in the members' own scripts, as some chapters do.
OWN_SCRIPT_NAMES = [
    "Mạng lưới Phản ứng Nhanh Little Saigon", "华埠移民权益互助网络",
    "شبكة الاستجابة السريعة ديربورن",
    "Réseau haïtien de réponse rapide, Little Haiti", "Сеть быстрого реагирования, Брайтон-Бич",
    "ሀገር በቀል የስደተኞች ድጋፍ መረብ", "Kababayan Rapid Response, Daly City",
]  # fmt: skip
PHONE_STYLES = ["({a}) {b}-{c}", "{a}-{b}-{c}", "{a}.{b}.{c}", "+1 {a} {b} {c}", "1-{a}-{b}-{c}"]
AREA_CODES = ["510", "559", "323", "714", "831", "773", "713", "956", "915", "602", "520"]


def quoted(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def slug(text: str) -> str:
    kept = "".join(ch.lower() if ch.isascii() and ch.isalnum() else "-" for ch in text)
    return "-".join(part for part in kept.split("-") if part)


def chapter_config(index: int, rng: random.Random, languages: list[str]) -> str:
    """One chapter's kyr.toml: a name (sometimes in its own script, sometimes at the
    60-character limit), a number as typed, a link with a query string (up to 150 bytes)
    and up to three resources."""
    if rng.random() < 0.2:
        name = rng.choice(OWN_SCRIPT_NAMES)
    else:
        name = f"{rng.choice(PLACES)} {rng.choice(KINDS)}"
        if rng.random() < 0.3:
            name = f"{name}, Chapter {index + 1}"
    name = name[:60]
    area = rng.choice(AREA_CODES)
    number = rng.choice(PHONE_STYLES).format(a=area, b=rng.randint(201, 989), c=f"{index:04d}")
    host = slug(f"{rng.choice(PLACES)}-immigrant-families-rapid-response")[:55] + ".org"
    url = f"https://www.{host}/kyr/card?src=card&ch={index:03d}&lang=multi"[:150]
    lines = [
        f"name = {quoted(name)}",
        'paper = "letter"', 'country = "US"', f"languages = {json.dumps(languages)}",
        "", "[hotline]", f'number = "{number}"',
        'label = "24-hour hotline: raids, arrests, checkpoints"',
        "", "[qr]", f'url = "{url}"',
    ]  # fmt: skip
    for resource in range(rng.randint(0, 3)):
        lines += [
            "", "[[resources]]", f'name = "Legal help {resource + 1}: {rng.choice(PLACES)}"',
            f'phone = "{rng.choice(PHONE_STYLES).format(a=area, b=555, c=f"01{resource}0")}"',
            f'url = "https://legal-help-{resource}.example.org/intake?ch={index:03d}&lang=es"',
        ]  # fmt: skip
    return "\n".join(lines) + "\n"


def write_chapters(folder: Path, count: int, languages: list[str]) -> None:
    folder.mkdir(parents=True)
    rng = random.Random(2026)
    for index in range(count):
        text = chapter_config(index, rng, languages)
        (folder / f"chapter-{index + 1:03d}.toml").write_text(text, encoding="utf-8")


def kyr(*args: str, cache: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kyr", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True, env={**ENV, "XDG_CACHE_HOME": cache},
    )  # fmt: skip


def finished(*processes: subprocess.Popen) -> None:
    for process in processes:
        _, err = process.communicate()
        if process.returncode:
            sys.exit(f"kyr failed: {err.strip().splitlines()[-1:]}")


def measure(tmp: Path, count: int, langs: list[str]) -> tuple[float, float, int]:
    """Seconds in one build and as two shards, and the PDFs made, for `count` chapters."""
    chapters = tmp / f"chapters-{count}"
    write_chapters(chapters, count, langs)
    common = ("--config", str(chapters), "--product", "card-sheet")
    start = time.perf_counter()
    finished(kyr("build", *common, "--jobs", "2", "--out", str(tmp / f"one-{count}"),
                 cache=tempfile.mkdtemp(prefix="kyr-nat-")))  # fmt: skip
    one = time.perf_counter() - start
    start = time.perf_counter()
    shards = [
        kyr("build", *common, "--jobs", "1", "--shard", f"{i}/2",
            "--out", str(tmp / f"shard-{count}-{i}"), cache=tempfile.mkdtemp(prefix="kyr-nat-"))
        for i in (1, 2)
    ]  # fmt: skip
    finished(*shards)
    merged = [str(tmp / f"shard-{count}-{i}") for i in (1, 2)]
    finished(kyr("manifest", "merge", *merged, "--out", str(tmp / f"merged-{count}"),
                 cache=tempfile.mkdtemp(prefix="kyr-nat-")))  # fmt: skip
    sharded = time.perf_counter() - start
    pdfs = len(list((tmp / f"one-{count}").rglob("*.pdf")))
    return one, sharded, pdfs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapters", default="1,10,100,300", help="comma-separated counts")
    parser.add_argument("--langs", default="", help="comma-separated codes (default: all)")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from kyr.i18n.languages import load_registry

    langs = options.langs.split(",") if options.langs else list(load_registry())
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{len(langs)} languages, card-sheet, letter; {os.cpu_count()} CPUs, load {load}")
    print("| chapters | PDFs | one build, --jobs 2 | PDFs/s | two shards + merge | PDFs/s "
          "| s per chapter |\n| --- | --- | --- | --- | --- | --- | --- |")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="kyr-national-") as name:
        for count in map(int, options.chapters.split(",")):
            one, sharded, pdfs = measure(Path(name), count, langs)
            cells = [count, pdfs, f"{one:.1f} s", f"{pdfs / one:.1f}", f"{sharded:.1f} s",
                     f"{pdfs / sharded:.1f}", f"{min(one, sharded) / count:.2f}"]  # fmt: skip
            print("| " + " | ".join(map(str, cells)) + " |", flush=True)


if __name__ == "__main__":
    main()
