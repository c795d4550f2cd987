"""`kyr.cli.main.main(argv, env)`: a run reads relative paths, `./kyr.toml` and
KYR_TEMPLATES from its `Environment` and prints on its streams, and leaves the process's
folder, environment and streams as they were."""

from __future__ import annotations

import io
import os
import sys

import pytest

from kyr.cli.environment import Environment
from kyr.cli.main import main
from kyr.errors import ExitStatus

from .conftest import run_kyr


def test_the_default_out_folder_is_found_in_the_runs_folder(tmp_path) -> None:
    (tmp_path / "output").mkdir()
    before = os.getcwd(), sys.stdout, sys.stderr
    checked = run_kyr("verify", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout == f"{tmp_path / 'output'}: every file is as its manifest says\n"
    assert (os.getcwd(), sys.stdout, sys.stderr) == before


def test_a_relative_path_that_is_missing_is_named_in_the_runs_folder(tmp_path) -> None:
    missing = run_kyr("manifest", "merge", "shard-1", "--out", "merged", cwd=tmp_path)
    assert missing.returncode == ExitStatus.USAGE
    assert f"Directory '{tmp_path / 'shard-1'}' does not exist" in missing.stderr


def test_main_prints_on_the_environments_streams(tmp_path) -> None:
    stdout, stderr = io.StringIO(), io.StringIO()
    env = Environment(cwd=tmp_path, environ={}, stdout=stdout, stderr=stderr)
    with pytest.raises(SystemExit) as exit:
        main(["products"], env)
    assert exit.value.code == 0
    assert stdout.getvalue().startswith("card ") and stderr.getvalue() == ""
