"""Where the project's own files live. Rendering may read nothing outside these."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
LOCALES = ROOT / "locales"
ASSETS = ROOT / "assets"
FONTS = ASSETS / "fonts"
SAMPLE_CONFIG = ROOT / "examples" / "sample-community.toml"
DEFAULT_OUTPUT = ROOT / "output"
