"""Bad input: one clear line naming what and where, a non-zero exit, no traceback, and
nothing written or overwritten in the output folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from kyr import paths
from kyr.errors import ExitStatus

from .conftest import copy_project, error_lines, run_kyr

SAMPLE = paths.sample_config().read_text()


@pytest.fixture()
def out_dir(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    (out / "card-en-letter.pdf").write_bytes(b"an earlier build")
    return out


def assert_clean_failure(result, out_dir: Path, status: ExitStatus, *fragments: str) -> None:
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    lines = error_lines(result.stderr)
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0]
    assert sorted(p.name for p in out_dir.iterdir()) == ["card-en-letter.pdf"]
    assert (out_dir / "card-en-letter.pdf").read_bytes() == b"an earlier build"


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "community.toml"
    path.write_text(text)
    return path


def test_unknown_product_is_refused(out_dir) -> None:
    result = run_kyr("build", "--product", "billboard", "--out", str(out_dir))
    assert_clean_failure(result, out_dir, ExitStatus.UNKNOWN, "unknown product 'billboard'")


def test_unknown_language_is_refused(out_dir) -> None:
    result = run_kyr("build", "--lang", "xx", "--out", str(out_dir))
    assert_clean_failure(result, out_dir, ExitStatus.UNKNOWN, "unknown language 'xx'")


def test_malformed_toml_names_file_and_line(tmp_path, out_dir) -> None:
    config = write_config(tmp_path, SAMPLE.replace('name = "Example', "name = Example"))
    result = run_kyr("build", "--config", str(config), "--out", str(out_dir))
    assert_clean_failure(
        result, out_dir, ExitStatus.CONFIG, "community.toml:7: invalid TOML", "(column "
    )


def test_missing_key_is_named(tmp_path, out_dir) -> None:
    config = write_config(tmp_path, SAMPLE.replace('url = "https://example.org/rights"', ""))
    result = run_kyr("build", "--config", str(config), "--out", str(out_dir))
    assert_clean_failure(
        result, out_dir, ExitStatus.CONFIG, "community.toml", "missing key 'qr.url'"
    )


@pytest.mark.parametrize(
    "url", ["http://example.org/rights", "javascript:alert(1)", "file:///etc/passwd", "https://"]
)
def test_qr_url_must_be_https_or_tel(tmp_path, out_dir, url) -> None:
    config = write_config(tmp_path, SAMPLE.replace("https://example.org/rights", url))
    result = run_kyr("build", "--config", str(config), "--out", str(out_dir))
    assert_clean_failure(result, out_dir, ExitStatus.CONFIG, "community.toml:18", "key 'qr.url'")


def test_unknown_config_key_is_named_with_its_line(tmp_path, out_dir) -> None:
    config = write_config(tmp_path, SAMPLE.replace("[hotline]\n", '[hotline]\nnumbr = "1"\n'))
    result = run_kyr("build", "--config", str(config), "--out", str(out_dir))
    assert_clean_failure(result, out_dir, ExitStatus.CONFIG, "community.toml:14", "hotline.numbr")


def test_missing_config_file_is_named(tmp_path, out_dir) -> None:
    result = run_kyr("build", "--config", str(tmp_path / "nope.toml"), "--out", str(out_dir))
    assert_clean_failure(result, out_dir, ExitStatus.CONFIG, "nope.toml", "not found")


def test_malformed_po_names_file_and_line(tmp_path, out_dir) -> None:
    """A copy of the project with a broken Spanish catalog: the build names file and line."""
    copy = copy_project(tmp_path / "project")
    po = copy / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    lines = po.read_text().splitlines()
    target = next(i for i, line in enumerate(lines) if line.startswith("msgstr") and i > 20)
    lines[target] = lines[target].rstrip('"')  # an unterminated string
    po.write_text("\n".join(lines) + "\n")
    result = run_kyr("build", "--lang", "es", "--product", "card", "--out", str(out_dir), cwd=copy)
    assert_clean_failure(
        result,
        out_dir,
        ExitStatus.CATALOG,
        f"es/LC_MESSAGES/messages.po:{target + 1}",
        "not closed",
    )


def test_product_on_paper_it_does_not_come_on_is_refused(out_dir) -> None:
    result = run_kyr("build", "--product", "card", "--paper", "tabloid", "--out", str(out_dir))
    assert_clean_failure(result, out_dir, ExitStatus.UNKNOWN, "'card'", "tabloid")


def test_a_folder_in_the_way_of_an_output_file_is_refused_before_writing(out_dir) -> None:
    (out_dir / "door-slip-en-letter.pdf").mkdir()
    result = run_kyr(
        "build",
        "--product",
        "card",
        "--product",
        "door-slip",
        "--lang",
        "en",
        "--out",
        str(out_dir),
    )
    assert result.returncode == ExitStatus.OUTPUT
    assert "a folder of that name is in the way" in result.stderr
    assert "Traceback" not in result.stderr
    assert (out_dir / "card-en-letter.pdf").read_bytes() == b"an earlier build"
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "card-en-letter.pdf",
        "door-slip-en-letter.pdf",
    ]
