#!/usr/bin/env python3
"""Recompute the fit check for kyr's own catalogs and write locales/fit-results.json,
the results shipped in the wheel, so that a fresh install's first `kyr languages`
lays nothing out.

    .venv/bin/python scripts/refresh_fit_results.py            # every language, ~1 min on 2 CPUs
    .venv/bin/python scripts/refresh_fit_results.py --jobs 1   # in this process

Run it after changing a catalog, a template, a font, kyr's layout code or the locked
library versions: tests/test_fit_results.py fails while the file is stale. Every
language is laid out again (in a cache folder of this run's own: neither the user's
cache nor the file being replaced is read), with the sample configuration, exactly as
`kyr languages` checks it."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time

os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="kyr-refresh-fit-")  # before kyr

from kyr import paths
from kyr.build.fit_check import fit_results
from kyr.cache import fit_results as fit_cache
from kyr.config.community import load_community
from kyr.i18n.languages import load_registry


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (0: one per core)")
    options = parser.parse_args()
    if not paths.running_from_checkout():
        print("refresh_fit_results.py: run it from a kyr checkout", file=sys.stderr)
        return 2
    began = time.perf_counter()
    community = load_community(paths.sample_config())
    languages = list(load_registry().values())
    done: list[str] = []

    def checked(code: str) -> None:
        done.append(code)
        print(f"[{len(done)}/{len(languages)}] {code}", file=sys.stderr, flush=True)

    results = fit_results(
        languages, community, jobs=options.jobs, on_checked=checked, use_shipped=False
    )
    keys = {language.code: fit_cache.language_key(language, community) for language in languages}
    content = fit_cache.shipped_results(fit_cache.shared_key(), keys, results)
    target = fit_cache.shipped_file()
    text = json.dumps(content, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    target.write_text(text, encoding="utf-8")
    failing = sorted(code for code, failures in results.items() if failures)
    print(
        f"wrote {paths.display(target)}: {len(results)} languages, "
        f"{len(failing)} not fitting{': ' + ', '.join(failing) if failing else ''} "
        f"({time.perf_counter() - began:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
