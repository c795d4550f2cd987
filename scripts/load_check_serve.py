"""Load check for `kyr serve`: N concurrent preview requests (default 20, each a card in
a different language, so none is served from the cache), all answered, no crash, and the
memory of the server and its workers measured (peak resident set, from /proc).

    .venv/bin/python scripts/load_check_serve.py [N]
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from kyr.i18n.languages import load_registry
from kyr.web.server import serving

FORM = {
    "name": "Load Check Network", "country": "US", "paper": "letter", "languages": "en",
    "hotline_number": "(951) 555-0100", "qr_url": "https://example.org/rights",
    "product": "card", "target": "home",
}  # fmt: skip


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _family_rss_mib() -> float:
    """This process and all its descendants (the render workers, the fork server)."""
    pids, frontier = [os.getpid()], [os.getpid()]
    while frontier:
        pid = frontier.pop()
        children = []
        for task in Path(f"/proc/{pid}/task").glob("*"):  # children of every thread
            try:
                children += (task / "children").read_text().split()
            except OSError:
                continue
        pids += map(int, children)
        frontier += map(int, children)
    return sum(_rss_kib(pid) for pid in pids) / 1024


def load_check(count: int = 20) -> dict:
    codes = list(load_registry())[:count]
    peak = [0.0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], _family_rss_mib())
            time.sleep(0.05)

    with serving() as address:
        busy = [0]

        def preview(code: str) -> tuple[int, float, int]:
            """As the page's script does: a 503 is asked again after its Retry-After."""
            body = urllib.parse.urlencode({**FORM, "lang": code}).encode()
            start = time.monotonic()
            while True:
                try:
                    with urllib.request.urlopen(
                        address + "api/preview", body, timeout=300
                    ) as response:
                        result = json.loads(response.read())
                        status = response.status
                    break
                except urllib.error.HTTPError as error:
                    if error.code != 503:
                        raise
                    busy[0] += 1
                    time.sleep(float(error.headers.get("Retry-After", "2")))
            image = urllib.request.urlopen(address + result["previews"][0].lstrip("/"), timeout=60)
            return status, time.monotonic() - start, len(image.read())

        # Page served while the renders run: the event loop is never blocked.
        before = _family_rss_mib()
        watcher = threading.Thread(target=sample, daemon=True)
        watcher.start()
        start = time.monotonic()
        with ThreadPoolExecutor(count) as pool:
            futures = [pool.submit(preview, code) for code in codes]
            time.sleep(0.5)
            page_start = time.monotonic()
            urllib.request.urlopen(address, timeout=60).read()
            page_seconds = time.monotonic() - page_start
            results = [future.result() for future in futures]
        total = time.monotonic() - start
        stop.set()
        watcher.join()
        after = _family_rss_mib()
    latencies = sorted(seconds for _, seconds, _ in results)
    return {
        "requests": count,
        "ok": sum(status == 200 and size > 0 for status, _, size in results),
        "answered_503_then_retried": busy[0],
        "total_s": round(total, 2),
        "latency_median_s": round(latencies[len(latencies) // 2], 2),
        "latency_max_s": round(latencies[-1], 2),
        "page_during_load_s": round(page_seconds, 3),
        "rss_before_mib": round(before, 1),
        "rss_peak_mib": round(peak[0], 1),
        "rss_after_mib": round(after, 1),
    }


if __name__ == "__main__":
    print(json.dumps(load_check(int(sys.argv[1]) if len(sys.argv) > 1 else 20), indent=1))
