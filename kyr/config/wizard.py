"""`kyr init`: a community configuration made by answering questions, for organizers who
have never written TOML. Each answer is checked as it is typed, on its own and then by
loading a file that holds it (every check the loader makes, same messages), and the file
written is commented like the shipped sample and loads with exactly the values typed.
Nothing typed is lost: when the file cannot be written, the answers are kept for the next
`kyr init` (kyr/config/kept_answers.py).

The parts, in the order `run_init` uses them: the questions (kyr/config/questions.py),
the checks of each answer (kyr/config/answers.py) and the file (kyr/config/init_file.py)."""

from __future__ import annotations

import shlex
from pathlib import Path

from kyr import paths
from kyr.config.choice import LOCAL_NAME
from kyr.config.init_file import check_target, write_config
from kyr.config.kept_answers import AnswerSheet, forget_answers, keep_answers, kept_file, read_kept
from kyr.config.questions import Confirm, Echo, Prompt, ask_answers


def run_init(
    path: Path,
    force: bool,
    prompt: Prompt,
    confirm: Confirm,
    echo: Echo,
    note: Echo = lambda line: None,
    fresh: bool = False,
) -> None:
    """The whole of `kyr init`: check FILE, ask (offering the answers kept from an
    unfinished run, unless `fresh`), write, say what to run next. If the file cannot be
    written, whatever the reason, the answers given are kept and `note` (stderr) says
    where; once it is written they are removed."""
    check_target(path, force)
    kept, problem = (None, None) if fresh else read_kept(path)
    if problem:
        note(problem)
    echo(
        f"Writing {path}. Press Enter to take the answer in [brackets]; Ctrl-C stops "
        "without writing it (your answers are kept for the next kyr init)."
    )
    if kept:
        echo(
            f"Offering the answers of the unfinished `kyr init` (kept in {kept_file(path)}): "
            f"Enter keeps each one. To start afresh: {_init_command(path)} --fresh"
        )
    typed = AnswerSheet()
    try:
        answers = ask_answers(prompt, confirm, echo, kept=kept, typed=typed)
        community = write_config(path, answers, force)
    except BaseException:
        sheet = typed.over(kept or AnswerSheet())
        if sheet:
            where = keep_answers(path, sheet)
            note(
                f"your answers are kept in {where}; `{_init_command(path)}` offers them again"
                if where
                else f"your answers could not be kept ({kept_file(path)} cannot be written)"
            )
        raise
    forget_answers(path)
    if community.sample:
        echo(
            "Note: 555-01xx numbers and example.org links are fictional, so everything "
            "built from this file prints a SAMPLE mark."
        )
    echo(f"Wrote {path}. Check it, then build everything with:")
    if _is_local_config(path):
        echo("  kyr build")
        echo(f"(kyr build, serve, site and proof use ./{LOCAL_NAME} when run in this folder)")
    else:
        echo(f"  kyr build --config {shlex.quote(str(path))}")


def _is_local_config(path: Path) -> bool:
    """True when `path` is the `./kyr.toml` the other commands look for."""
    return path.resolve() == (paths.working_folder() / LOCAL_NAME).resolve()


def _init_command(path: Path) -> str:
    return "kyr init" if _is_local_config(path) else f"kyr init {shlex.quote(str(path))}"
