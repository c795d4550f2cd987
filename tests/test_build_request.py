"""One build request: `kyr build`, `kyr proof`, `kyr site`, the page and a library call
make the same `BuildRequest` for the same choices, and the command line offers exactly
the targets, papers and directions kyr knows (`kyr.choices`)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import kyr.build.networks
import kyr.build.run
import kyr.web.site
from kyr.build.request import BuildRequest, Shard
from kyr.build.run import build
from kyr.choices import Direction, Paper, Target
from kyr.cli.build_commands import build as build_command
from kyr.cli.build_commands import proof, site
from kyr.cli.language_commands import add
from kyr.cli.options import OneOf
from kyr.web.rendering import IN_MEMORY, page_request

from .conftest import run_kyr


@pytest.fixture
def asked(monkeypatch) -> dict[str, BuildRequest]:
    """The request each way in asks for, caught before anything is rendered."""
    caught: dict[str, BuildRequest] = {}

    def networks(sources, request, events):
        caught["build"] = request
        return []

    def build_site(community, request, progress):
        caught["site"] = request
        return []

    def render_builds(plans, request, events, renderer):
        caught["library"] = request
        return [kyr.build.run.BuildOutput(request.out_dir, {}, [])]

    monkeypatch.setattr(kyr.build.networks, "build_networks", networks)
    monkeypatch.setattr(kyr.web.site, "build_site", build_site)
    monkeypatch.setattr(kyr.build.run, "render_builds", render_builds)
    return caught


@pytest.mark.parametrize(
    "choices",
    [[], ["--product", "card", "--lang", "es", "--paper", "a4", "--for", "print-shop"]],
    ids=["defaults", "chosen"],
)
def test_the_command_line_the_site_the_page_and_a_library_call_ask_for_one_build(
    choices, asked, sample, tmp_path
) -> None:
    out = ["--out", str(tmp_path)]
    assert run_kyr("build", *choices, *out).returncode == 0
    assert run_kyr("site", *choices, *out).returncode == 0
    products, languages = tuple(choices[1:2]), tuple(choices[3:4])
    paper, target = (choices[5], choices[7]) if choices else (None, Target.HOME)
    build(sample, tmp_path, products, languages, paper, target=target)

    expected = BuildRequest(products, languages, paper, target, out_dir=tmp_path)
    assert asked == {"build": expected, "site": expected, "library": expected}
    if paper:  # the page always names a paper, renders in its worker and every time
        page = page_request(products, languages, paper, target)
        assert page == replace(expected, out_dir=IN_MEMORY, jobs=1, force=True)


def test_every_build_option_reaches_the_request(asked, tmp_path) -> None:
    args = ["build", "--lang", "es", "--out", str(tmp_path), "--jobs", "3", "--force",
            "--shard", "2/4", "--allow-incomplete", "--mix", "es=10",
            "--product", "card-sheet"]  # fmt: skip
    assert run_kyr(*args).returncode == 0
    assert asked["build"] == BuildRequest(
        ("card-sheet",), ("es",), out_dir=tmp_path, jobs=3, force=True, shard=Shard(2, 4),
        mix=(("es", 10),), allow_incomplete=True,
    )  # fmt: skip


def test_a_proof_is_one_product_rendered_every_time_in_this_process(asked, tmp_path) -> None:
    assert run_kyr("proof", "--lang", "es", "--lang", "ar", "--out", str(tmp_path)).returncode == 0
    assert asked["build"] == BuildRequest(
        ("proof",), ("es", "ar"), Paper.LETTER, out_dir=tmp_path, jobs=1, force=True
    )


def option(command, name: str) -> OneOf:
    [param] = [param for param in command.params if name in param.opts]
    assert isinstance(param.type, OneOf)
    return param.type


def test_the_command_line_offers_the_choices_kyr_knows() -> None:
    for command in (build_command, site):
        assert list(option(command, "--paper").choices) == ["letter", "a4", "tabloid", "a3"]
        assert list(option(command, "--for").choices) == [target.value for target in Target]
    assert list(option(build_command, "--paper").choices) == [paper.value for paper in Paper]
    assert list(option(proof, "--paper").choices) == [Paper.LETTER.value, Paper.A4.value]
    assert list(option(add, "--direction").choices) == [value.value for value in Direction]


def test_a_choice_typed_on_the_command_line_is_the_enum_member() -> None:
    assert option(build_command, "--paper").convert("a4", None, None) is Paper.A4
    assert option(build_command, "--for").convert("print-shop", None, None) is Target.PRINT_SHOP


def test_a_library_caller_may_name_a_paper_and_target_as_text(tmp_path) -> None:
    request = BuildRequest(paper="a3", target="print-shop", out_dir=Path(tmp_path))
    assert (request.paper, request.target) == (Paper.A3, Target.PRINT_SHOP)
    assert f"card-es-{request.paper}.pdf" == "card-es-a3.pdf"


def test_a_renderer_handed_to_a_build_renders_here_unless_jobs_are_asked_for(
    monkeypatch, sample, tmp_path
) -> None:
    from kyr.build.run import plan_build, render_builds

    workers: list[int] = []

    def render_jobs(settings, jobs, count, known, renderer, on_rendered):
        workers.append(count)
        return [[] for _ in jobs], {}

    monkeypatch.setattr(kyr.build.run, "render_jobs", render_jobs)
    monkeypatch.setattr(kyr.build.run, "auto_jobs", lambda pieces: 4)
    request = BuildRequest(("card", "card-sheet"), ("es", "ar", "vi"), "letter", force=True)
    for renderer, jobs in ((object(), 0), (None, 0), (object(), 3)):
        plan = plan_build(sample, tmp_path, request)
        render_builds([plan], replace(request, jobs=jobs), renderer=renderer)
    assert workers == [1, 4, 3]
