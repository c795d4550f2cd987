"""What the form starts with when `kyr serve` has no configuration, and how the page
knows that nothing has been typed in yet (no error is shown for a field not typed)."""

from __future__ import annotations

from kyr.choices import Target
from kyr.config.community import MAX_RESOURCES
from kyr.web.form import RESOURCE_FIELDS, FormData, resource_field


def blank_form() -> FormData:
    """The form when `kyr serve` has no configuration: every detail empty, for the
    network's own ("Fill in the example" gives the sample's instead)."""
    return FormData({"product": "card", "target": Target.HOME})


#: The fields holding a network's details (besides the resources').
DETAIL_FIELDS = ("name", "country", "hotline_number", "hotline_label", "qr_url", "qr_label")


def is_blank(form: FormData) -> bool:
    """Nothing of the network typed in yet (what to print may be chosen)."""
    resources = [resource_field(i, part) for i in range(MAX_RESOURCES) for part in RESOURCE_FIELDS]
    return not any(form.get(name).strip() for name in (*DETAIL_FIELDS, *resources))
