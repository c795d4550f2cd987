"""Where kyr finds its files: the checkout or the installed copy, a network's own
templates or catalogs folder, outputs in the current folder, and `kyr --info`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kyr import paths
from kyr.cli.main import cli
from kyr.errors import ExitStatus, KyrError

from .conftest import run_kyr


@pytest.fixture
def kyr_folders():
    """Whatever a test chooses, later tests get kyr's own folders back."""
    yield
    paths.use_data_dirs()


def _own_templates(tmp_path: Path) -> Path:
    mine = tmp_path / "mytemplates"
    shutil.copytree(paths.templates_dir(), mine)
    registry = mine / "products.toml"
    text = registry.read_text()
    registry.write_text(text.replace('title = "Wallet rights card', 'title = "Riverside card', 1))
    return mine


def test_a_checkout_runs_on_its_own_top_level_folders() -> None:
    assert paths.running_from_checkout()
    assert paths.templates_dir() == paths.CHECKOUT / "templates"
    assert paths.locales_dir() == paths.CHECKOUT / "locales"
    assert paths.fonts_dir() == paths.CHECKOUT / "assets" / "fonts"
    assert paths.sample_config() == paths.CHECKOUT / "examples" / "sample-community.toml"


def test_a_network_templates_folder_is_used_and_rendering_reads_it_and_kyrs_own_only(
    tmp_path, kyr_folders
) -> None:
    from kyr.content.products import load_products
    from kyr.render.fetcher import refusal

    mine = _own_templates(tmp_path)
    result = CliRunner().invoke(cli, ["--templates", str(mine), "products"])
    assert result.exit_code == 0, result.output
    assert "Riverside card" in result.output
    assert paths.templates_dir() == paths.CHECKOUT / "templates"  # reset after the command

    paths.use_data_dirs(templates=mine)
    assert load_products()["card"].title.startswith("Riverside card")
    assert refusal((mine / "card.css").as_uri()) is None
    assert refusal((paths.fonts_dir() / "OFL.txt").as_uri()) is None
    assert refusal((paths.CHECKOUT / "templates" / "card.css").as_uri()) is None  # its base
    (tmp_path / "elsewhere.css").write_text("")
    assert refusal((tmp_path / "elsewhere.css").as_uri())
    paths.use_data_dirs()
    assert load_products()["card"].title.startswith("Wallet rights card")


def test_a_runs_folders_end_with_the_run_and_what_each_folder_gave_stays_apart(
    tmp_path, kyr_folders
) -> None:
    from kyr.content.products import load_products

    mine = _own_templates(tmp_path)
    with paths.using_data_dirs(templates=mine) as folders:
        assert folders == paths.DataDirs(mine.resolve(), None) == paths.data_dirs()
        assert load_products()["card"].title.startswith("Riverside card")
    assert paths.data_dirs() == paths.DataDirs()
    assert load_products()["card"].title.startswith("Wallet rights card")  # nothing cleared
    with paths.using_data_dirs(templates=mine):
        assert load_products()["card"].title.startswith("Riverside card")


def test_templates_can_come_from_the_environment(tmp_path, kyr_folders) -> None:
    mine = _own_templates(tmp_path)
    result = run_kyr("products", environ={"KYR_TEMPLATES": str(mine)})
    assert result.returncode == 0 and "Riverside card" in result.stdout


def test_templates_come_from_the_runs_environment_not_the_processs(
    tmp_path, monkeypatch, kyr_folders
) -> None:
    monkeypatch.setenv("KYR_TEMPLATES", str(tmp_path / "missing"))
    result = run_kyr("products", environ={})
    assert result.returncode == 0 and "Wallet rights card" in result.stdout


def test_a_network_catalogs_folder_is_used(tmp_path, kyr_folders) -> None:
    mine = tmp_path / "mylocales"
    shutil.copytree(paths.locales_dir(), mine)
    registry = mine / "languages.toml"
    registry.write_text(
        registry.read_text().replace('english_name = "Tagalog"', 'english_name = "Filipino"')
    )
    result = CliRunner().invoke(cli, ["--locales", str(mine), "languages", "--no-fit"])
    assert result.exit_code == 0, result.output
    assert "(Filipino)" in result.output


def test_a_folder_that_is_not_a_templates_folder_is_refused_in_one_line(tmp_path) -> None:
    result = CliRunner().invoke(cli, ["--templates", str(tmp_path), "products"])
    assert result.exit_code == ExitStatus.ENVIRONMENT
    assert "not a kyr" in result.stderr and result.stderr.count("\n") == 1


def test_outputs_go_to_output_in_the_current_folder(tmp_path) -> None:
    result = run_kyr("build", "--product", "door-slip", "--lang", "en", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "output" / "door-slip-en-letter.pdf").is_file()


def test_translator_commands_outside_a_checkout_say_so_in_one_line(
    tmp_path, monkeypatch, kyr_folders
) -> None:
    monkeypatch.setattr(paths, "running_from_checkout", lambda: False)
    result = run_kyr("i18n", "check", "--no-fit", cwd=tmp_path)
    assert result.returncode == ExitStatus.ENVIRONMENT
    assert "kyr --locales DIR" in result.stderr and result.stderr.count("\n") == 1
    assert CliRunner().invoke(cli, ["i18n", "check", "--help"]).exit_code == 0


def test_translator_commands_find_the_checkout_above_the_current_folder(
    tmp_path, monkeypatch, kyr_folders
) -> None:
    project = tmp_path / "project"
    for name in ("templates", "locales"):
        shutil.copytree(paths.CHECKOUT / name, project / name)
    monkeypatch.setattr(paths, "running_from_checkout", lambda: False)
    before = (paths.CHECKOUT / "locales" / "languages.toml").read_text()
    result = run_kyr("i18n", "review", "es", "--by", "Ana Reyes", cwd=project / "locales" / "es")
    assert result.returncode == 0, result.stderr
    assert 'reviewed_by = "Ana Reyes"' in (project / "locales" / "languages.toml").read_text()
    assert (paths.CHECKOUT / "locales" / "languages.toml").read_text() == before


def test_info_names_the_libraries_and_where_the_files_are() -> None:
    result = CliRunner().invoke(cli, ["--info"])
    assert result.exit_code == 0, result.output
    for label in ("kyr version: ", "Python version: ", "WeasyPrint version: 70",
                  "Pango version: 1.", "HarfBuzz version: ", "pydyf version: ",
                  "Fast font subsetting: ", f"Templates: {paths.CHECKOUT / 'templates'}",
                  "Fit cache: "):  # fmt: skip
        assert label in result.output


def test_an_upgraded_library_invalidates_the_fit_cache(monkeypatch) -> None:
    import kyr.cache.digest as input_digest
    import kyr.cache.fit_results as fit_cache

    before = fit_cache.shared_key()
    upgraded = {**input_digest.runtime_versions(), "pango": "19999"}
    monkeypatch.setattr(input_digest, "runtime_versions", lambda: upgraded)
    input_digest.layout_digest.cache_clear()
    try:
        assert fit_cache.shared_key() != before
    finally:
        input_digest.layout_digest.cache_clear()


def test_missing_packaged_data_is_an_environment_error(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(paths, "CHECKOUT", tmp_path / "nothing")
    monkeypatch.setattr(paths, "PACKAGED", tmp_path / "nothing")
    paths.data_root.cache_clear()
    try:
        with pytest.raises(KyrError) as error:
            paths.data_root()
        assert error.value.status == ExitStatus.ENVIRONMENT
    finally:
        monkeypatch.undo()
        paths.data_root.cache_clear()


def test_the_readme_documents_global_options_and_the_container() -> None:
    readme = (paths.CHECKOUT / "README.md").read_text()
    for usage in ("kyr --info", "kyr --templates", "kyr --locales", "KYR_TEMPLATES",
                  "KYR_LOCALES", "pipx install", ".venv/bin/kyr"):  # fmt: skip
        assert usage in readme
    dockerfile = (paths.CHECKOUT / "Dockerfile").read_text()
    for command in ("docker build -t kyr .", "docker run --rm -u"):
        readme_lines = [line for line in readme.splitlines() if line.startswith(command)]
        assert readme_lines, command
        for line in readme_lines:  # the build, and `kyr serve` published to 127.0.0.1
            assert f"#   {line}" in dockerfile.splitlines()
    assert "-p 127.0.0.1:8765:8765 kyr serve --host 0.0.0.0 --allow-remote" in readme


def test_the_container_installs_the_setup_script_libraries_but_poppler() -> None:
    import re

    script = (paths.CHECKOUT / "scripts" / "setup-system.sh").read_text()
    wanted = set(re.search(r"packages=\(([^)]*)\)", script).group(1).split()) - {"poppler-utils"}
    dockerfile = (paths.CHECKOUT / "Dockerfile").read_text()
    installed = re.search(r"--no-install-recommends \\\s*\n\s*([^\\]*)\\", dockerfile).group(1)
    assert set(installed.split()) == wanted


def test_info_shows_the_folders_chosen_on_the_same_command_line(tmp_path, kyr_folders) -> None:
    mine = _own_templates(tmp_path)
    result = CliRunner().invoke(cli, ["--templates", str(mine), "--info"])
    assert result.exit_code == 0, result.output
    assert f"Templates: {mine.resolve()}" in result.output
