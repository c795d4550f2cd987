"""Registration colour for print shops: crop marks printed on every plate, so each
plate's marks line up with the others' and the cutter trims all inks alike.

In PDF that is a Separation colour space named /All (ISO 32000-1, 8.6.6.4), tint 1.
kyr's marks ask for it as CMYK 100/100/100/100, the usual stand-in for registration:
`device-cmyk(1 1 1 1)` in the templates' print-shop stylesheet, `1 1 1 1 K` where kyr
draws marks itself. The print-shop pass (kyr/pdf/print_shop.py) turns exactly that colour
into /All; no colour of the templates comes out as four full inks otherwise (greys go
to black ink only, colours to at most three inks)."""

from __future__ import annotations

from typing import Any

#: How a mark asks for registration colour before the print-shop pass.
REGISTRATION_CMYK = (1.0, 1.0, 1.0, 1.0)
#: The Separation colour space's name in a page's or form's /ColorSpace resources.
RESOURCE = "/KyrRegistration"
#: Where a stylesheet that applies only to `kyr build --for print-shop` lives, under the
#: templates folder in use: it sets the marks' colour.
STYLESHEET = "print-shop.css"


def is_registration(values: tuple[float, ...]) -> bool:
    """True for the CMYK stand-in for registration: all four inks at 100 %."""
    return values == REGISTRATION_CMYK


def separation_all(document: Any) -> Any:
    """`[/Separation /All /DeviceCMYK f]`, f mapping tint t to (t, t, t, t): shown as
    four-colour black by viewers, printed on every plate by a RIP. Indirect, made once
    per document."""
    import pikepdf

    tint = pikepdf.Dictionary(
        FunctionType=2,
        Domain=[0, 1],
        C0=[0, 0, 0, 0],
        C1=[1, 1, 1, 1],
        N=1,
    )
    return document.make_indirect(
        pikepdf.Array([pikepdf.Name.Separation, pikepdf.Name.All, pikepdf.Name.DeviceCMYK, tint])
    )
