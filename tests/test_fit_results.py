"""The fit check's results shipped with kyr (locales/fit-results.json): a fresh install's
first `kyr languages` lays nothing out, a catalog the user changed is checked again
alone, and the suite fails while the shipped file is stale."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kyr import paths
from kyr.cache import digest as input_digest
from kyr.cache import fit_results as fit_cache
from kyr.config.community import Community
from kyr.i18n.languages import load_registry

from .conftest import copy_project, run_kyr
from .import_graph import SUBPACKAGES, imports_of

REFRESH = "run `make fit-results` (scripts/refresh_fit_results.py, a minute or two) and commit it"


def stale_languages(community: Community) -> list[str]:
    """Which shipped results no longer answer for kyr's catalogs, templates, fonts and
    layout code ("every language" for all): what a fresh install would check again."""
    shipped = fit_cache.read_shipped()
    if shipped.get("key") != fit_cache.shared_key():
        return ["every language"]
    entries = shipped.get("languages") or {}
    return [
        code
        for code, language in load_registry().items()
        if (entries.get(code) or {}).get("key") != fit_cache.language_key(language, community)
    ]


def _locked_versions() -> dict[str, str]:
    """requirements.lock's pinned versions, by lower-case name."""
    lock = (paths.CHECKOUT / "requirements.lock").read_text(encoding="utf-8")
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==([^\s\\]+)", lock, flags=re.MULTILINE)
    return {name.lower(): version for name, version in pins}


def test_the_shipped_fit_results_are_up_to_date(sample) -> None:
    """Made with requirements.lock's layout libraries and this machine's Pango and HarfBuzz,
    for the current catalogs, templates, fonts and layout code. (Other library versions,
    in `make test-latest` or on another system, are a reason to lay out again, not a
    stale file.)"""
    shipped = fit_cache.read_shipped()
    assert shipped, f"no {paths.display(fit_cache.shipped_file())}: {REFRESH}"
    here, locked = input_digest.layout_libraries(), _locked_versions()
    unlocked = [name for name in input_digest.LAYOUT_PACKAGES if here[name] != locked.get(name)]
    if unlocked:
        pytest.skip(f"not requirements.lock's {', '.join(unlocked)}")
    made_with = shipped.get("libraries") or {}
    system = [
        n for n in here if n not in input_digest.LAYOUT_PACKAGES and made_with.get(n) != here[n]
    ]
    if system:
        pytest.skip(f"the shipped fit results were made with another {', '.join(system)}")
    stale = stale_languages(sample)
    assert not stale, f"stale fit results for {', '.join(stale)}: {REFRESH}"


def test_a_changed_catalog_or_registry_row_makes_only_that_result_stale(tmp_path, sample):
    project = copy_project(tmp_path / "project")
    catalog = project / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    registry = project / "locales" / "languages.toml"
    arabic = 'code = "ar"\nscript = "Arab"\nfonts = ["Noto Naskh Arabic", "Noto Sans"]\n'
    unreviewed, reviewed = 'reviewed_by = ""\n', 'reviewed_by = "A. Reviewer"\n'
    text = registry.read_text(encoding="utf-8")
    assert arabic + unreviewed in text
    registry.write_text(text.replace(arabic + unreviewed, arabic + reviewed), encoding="utf-8")
    try:
        paths.use_data_dirs(project / "templates", project / "locales")
        assert stale_languages(sample) == ["es", "ar"], "ar's registry row changed"
        (project / "templates" / "card.css").write_text("/* edited */", encoding="utf-8")
        paths.use_data_dirs(project / "templates", project / "locales")
        assert stale_languages(sample) == ["every language"]
    finally:
        paths.use_data_dirs()


def test_first_kyr_languages_on_an_empty_cache_answers_from_the_shipped_results(
    tmp_path,
) -> None:
    """No layout happens: WeasyPrint is not even imported."""
    script = (
        "import sys\n"
        "from kyr.cli.main import main\n"
        "try:\n"
        "    main(['languages'])\n"
        "except SystemExit as done:\n"
        "    assert done.code == 0, done.code\n"
        "print('weasyprint imported:', 'weasyprint' in sys.modules)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "empty-cache")}
    ran = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines()[-1] == "weasyprint imported: False"
    assert "[1/" not in ran.stderr, "no language was laid out"
    rows = {line.split()[0]: line.split() for line in ran.stdout.splitlines()[1:-1]}
    assert set(rows) == set(load_registry())
    assert rows["ta"][6] == "yes", "Tamil's card fits at 6.25 pt"
    assert not list((tmp_path / "empty-cache").glob("kyr/fit-results.json")), "nothing cached"


def test_a_catalog_the_user_changed_is_checked_again_alone(tmp_path) -> None:
    project = copy_project(tmp_path / "project")
    catalog = project / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    listed = run_kyr("languages", cwd=project)
    assert listed.returncode == 0, listed.stderr
    assert listed.stderr.splitlines() == ["[1/1] es"], "Spanish alone is laid out"
    spanish = next(line for line in listed.stdout.splitlines() if line.startswith("es "))
    assert spanish.split()[6] == "yes"


def _packed_files() -> list[Path]:
    """What setup.py packs into the wheel's kyr/_data (its DATA globs, read, not run)."""
    tree = ast.parse((paths.CHECKOUT / "setup.py").read_text(encoding="utf-8"))
    (data,) = [
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "DATA"
    ]
    return sorted({path for pattern in data for path in paths.CHECKOUT.glob(pattern)})


def test_the_shipped_fit_results_hold_in_the_installed_wheel(tmp_path, monkeypatch, sample):
    """The wheel carries the file, and its copy of the templates, fonts and catalogs gives
    the keys the checkout gives: an installed kyr's first `kyr languages` lays nothing out."""
    packed = tmp_path / "_data"
    for source in _packed_files():
        target = packed / source.relative_to(paths.CHECKOUT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    assert (packed / "locales" / "fit-results.json").is_file()
    in_checkout = (fit_cache.shared_key(), stale_languages(sample))
    monkeypatch.setattr(paths, "data_root", lambda: packed)
    try:
        paths.use_data_dirs()  # clears what was read from the checkout
        assert fit_cache.shipped_file() == packed / "locales" / "fit-results.json"
        assert (fit_cache.shared_key(), stale_languages(sample)) == in_checkout
    finally:
        monkeypatch.undo()
        paths.use_data_dirs()


def test_every_module_the_fit_check_runs_is_keyed_or_said_not_to_decide_fit() -> None:
    """A module the check imports changes the shipped results' key (LAYOUT_MODULES) or is
    said not to decide fit (NOT_LAYOUT_MODULES): a new one must be put in one list."""
    seen: set[str] = set()
    todo = ["build.fit_check"]
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo.extend(imports_of(module))
    seen -= set(SUBPACKAGES)  # their __init__.py holds a docstring, no code
    layout, other = set(input_digest.LAYOUT_MODULES), set(input_digest.NOT_LAYOUT_MODULES)
    assert not layout & other
    assert seen - layout - other == set(), "add them to LAYOUT_MODULES or NOT_LAYOUT_MODULES"
    assert all(input_digest.module_file(name).is_file() for name in layout | other)
