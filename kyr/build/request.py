"""What a build is asked for, in one object with one set of defaults: `BuildRequest`.
`kyr build`, `kyr proof`, `kyr site`, the page's renders and library calls all make
one; what they are told along the way (progress lines, pieces done) is `BuildEvents`.
The configurations are not part of it: each caller has its own (files named on the
command line, the form's text), and one request builds every one of them alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kyr.choices import Paper, Target

if TYPE_CHECKING:
    from kyr.build.plan import Mix
    from kyr.cache.sizes import Sizes
    from kyr.config.community import Community
    from kyr.content.pieces import Piece, Rendered
    from kyr.render.fitter import Builder
    from kyr.render.html_to_pdf import Renderer

#: Where a build goes unless told: `./output`.
OUT_DIR = Path("output")


@dataclass(frozen=True)
class BuildRequest:
    """A build's options. `paper` None: each configuration's paper; no `languages`: each
    configuration's languages; no `products`: every product that comes on the paper.
    `jobs` 0 renders in as many worker processes as pay off (1: in this process, as does
    0 with a renderer of the caller's own); `force` renders pieces whose PDF is already
    in the folder from the same inputs; `shard` builds one share of the pieces; `mix`
    makes one sheet of cards in several languages per product; `allow_incomplete` builds
    untranslated strings in English; `uniform` sets every sign of a product and paper in
    one size (else each sign takes the largest size its own text allows)."""

    products: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    paper: Paper | None = None
    target: Target = Target.HOME
    out_dir: Path = OUT_DIR
    jobs: int = 0
    force: bool = False
    shard: Shard | None = None
    mix: Mix = ()
    allow_incomplete: bool = False
    uniform: bool = False

    def __post_init__(self) -> None:  # a library caller's "a4" is Paper.A4
        if self.paper is not None:
            object.__setattr__(self, "paper", Paper(self.paper))
        object.__setattr__(self, "target", Target(self.target))
        object.__setattr__(self, "products", tuple(self.products))
        object.__setattr__(self, "languages", tuple(self.languages))

    def settings(self, community: Community) -> BuildSettings:
        return BuildSettings(community, self.allow_incomplete, self.target, self.uniform)


def _ignore(*args: object) -> None:
    pass


@dataclass(frozen=True)
class BuildEvents:
    """What a build tells its caller: `progress` lines, how many pieces will be rendered
    and how many are unchanged (`on_start`), each piece as it is done (`on_rendered`),
    each configuration once it loads (`on_loaded`)."""

    progress: Callable[[str], None] = _ignore
    on_start: Callable[[int, int], None] = _ignore
    on_rendered: Callable[[Rendered], None] = _ignore
    on_loaded: Callable[[Path, Community], None] = _ignore


@dataclass(frozen=True)
class Shard:
    """One of N equal shares of a build's pieces (`kyr build --shard I/N`, parsed by
    `kyr.build.shards.parse_shard`)."""

    index: int  # 1-based
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


@dataclass(frozen=True)
class BuildSettings:
    """What a Builder needs besides pieces: one per configuration in a run."""

    community: Community
    allow_incomplete: bool = False
    target: Target = Target.HOME
    uniform: bool = False  # one size for every sign of a product and paper (Builder.share_sizes)

    def builder(self, renderer: Renderer | None = None, known: Sizes | None = None) -> Builder:
        from kyr.render.fitter import Builder

        return Builder(
            self.community, renderer, self.allow_incomplete, self.target, known, self.uniform
        )


@dataclass(frozen=True)
class Job:
    """Pieces rendered together by one Builder: a language's pieces (a sheet reuses its
    card), or, in a uniform build, every sign of one product and paper (they share one
    type size)."""

    build: int  # index into the run's BuildSettings
    pieces: tuple[Piece, ...]


#: Events nobody listens to: a build that tells nothing.
QUIET = BuildEvents()
