"""Which community configuration a command uses, decided here for every command:

1. the files given with `--config`;
2. else `./kyr.toml`, the file `kyr init` writes, in the current folder (the working
   folder a caller of `kyr.cli.main.main` gave, see `paths.working_folder`);
3. else the shipped sample (fictional details: everything prints a SAMPLE mark).

Every command that renders says on stderr which one it used (`using_line`), so a build of
the sample is never mistaken for the network's own."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kyr import paths

#: The file `kyr init` writes by default and the commands look for in the current folder.
LOCAL_NAME = "kyr.toml"


def local_config(cwd: Path | None = None) -> Path:
    """`./kyr.toml` in `cwd` (default: the working folder, `paths.working_folder`);
    relative when that is the process's current folder (as messages show it)."""
    return (paths.working_folder() if cwd is None else cwd) / LOCAL_NAME


def found_here(cwd: Path | None = None) -> Path | None:
    """`./kyr.toml` when there is one. A file that cannot be read still counts (its
    loader then says why): kyr never quietly builds the sample instead of it."""
    path = local_config(cwd)
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        return path
    return None


def chosen_configs(given: Sequence[Path], cwd: Path | None = None) -> tuple[Path, ...]:
    """The configuration files (or folders of them) a command uses."""
    if given:
        return tuple(given)
    here = found_here(cwd)
    return (here if here is not None else paths.sample_config(),)


def chosen_config(given: Path | None, cwd: Path | None = None) -> Path:
    """The one configuration file a single-network command uses."""
    return chosen_configs((given,) if given is not None else (), cwd)[0]


def is_sample(path: Path) -> bool:
    return path == paths.sample_config()


def using_line(path: Path, name: str | None = None) -> str:
    """One line for stderr saying which configuration is used, with its network's name
    (None: the file has errors, shown elsewhere)."""
    about = f" ({name})" if name is not None else ""
    if is_sample(path):
        return (
            f"using the shipped sample configuration{about}: no ./{LOCAL_NAME} here, so "
            "everything prints a SAMPLE mark; `kyr init` writes one with your network's details"
        )
    shown = f"./{path.name}" if path.parent == paths.working_folder() else str(path)
    return f"using {shown}{about}"
