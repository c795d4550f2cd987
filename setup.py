"""Packs kyr's data into the wheel as `kyr/_data/`, so that an installed kyr (pip, pipx,
the container) has its templates, catalogs, fonts and sample configuration. The checkout
keeps them at the top level, where translators and designers find them; `kyr/paths.py`
looks in both places. Everything else about the build is in pyproject.toml."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# Top-level files that go into kyr/_data/, as globs relative to the checkout.
DATA = (
    "templates/*.html",
    "templates/*.css",
    "templates/*.toml",
    "templates/*.md",
    "templates/*.txt",  # the message product's text templates
    "locales/languages.toml",
    "locales/messages.pot",
    "locales/versions/*.pot",
    "locales/CHANGES.md",
    "locales/REVIEW-NOTES.md",
    "locales/fit-results.json",
    "locales/*/LC_MESSAGES/messages.po",
    "locales/web.pot",
    "locales/*/LC_MESSAGES/web.po",
    "assets/fonts/*.ttf",
    "assets/fonts/*.otf",
    "assets/fonts/OFL.txt",
    "assets/fonts/README.md",
    "assets/icc/*.icc",
    "assets/icc/LICENSE.txt",
    "examples/sample-community.toml",
    "babel.cfg",
)


def data_files() -> list[Path]:
    return sorted({path for pattern in DATA for path in ROOT.glob(pattern) if path.is_file()})


class build_py_with_data(build_py):
    """build_py, then copy the data files under kyr/_data/ in the build folder. An
    editable install copies nothing: it runs from the checkout's own folders."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / "kyr" / "_data"
        for source in data_files():
            destination = target / source.relative_to(ROOT)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)


setup(cmdclass={"build_py": build_py_with_data})
