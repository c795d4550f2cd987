"""The fuzz targets with a thousand examples each (make test-slow); `make fuzz` runs
10,000 each."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_every_fuzz_target_holds_for_a_thousand_examples() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         str(Path(__file__).parent / "test_fuzz_loaders.py")],
        env={**os.environ, "KYR_FUZZ_EXAMPLES": "1000"},
        capture_output=True, text=True, timeout=1800,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "6 passed" in result.stdout
