"""`kyr site`'s pages and fonts, by file name inside the site's folder: index.html, a page
per language and its large print (LANG/index.html, LANG/large.html), and the fonts the
pages draw with (kyr/web/webfonts.py).

A language's page shows the message (templates/message.html: the rights, the statement in
English verbatim and what it says, the hotline, the link, the resources, the print
rules) as text, rendered from the same catalogs as the PDFs; then the PDFs, the images
and the messages to copy. Products are named and described in the page's language where
its catalog has the words (kyr.content.product_words), else in English, marked so. The
site's own words (headings, links) are the `web` catalog's, in the language's interface
when it has a web.po, else English."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from kyr.config.community import Community
from kyr.content.product_words import paper_name, product_words
from kyr.i18n.languages import SOURCE_LANGUAGE, Language, load_registry
from kyr.web.site_content import SiteContent, sections

LARGE_PAGE = "large.html"


@dataclass(frozen=True)
class Words:
    """A product's name and description, and the language they are in."""

    name: str
    description: str
    lang: Language


def product_words_in(product_id: str, code: str) -> Words:
    """The product's words in `code`, else in English (then marked English)."""
    registry = load_registry()
    words, english = product_words(product_id, code), product_words(product_id, SOURCE_LANGUAGE)
    own = code == SOURCE_LANGUAGE or words != english
    lang = registry[code] if own else registry[SOURCE_LANGUAGE]
    return Words(words.name, words.description, lang)


def site_codes(content: SiteContent) -> tuple[str, ...]:
    """The site's languages, in the order the build made them."""
    codes = [code for item in content.items for code in item.languages]
    codes += [message.language for message in content.messages]
    codes += [image.language for image in content.images]
    return tuple(dict.fromkeys(codes))


def _render(template: str, code: str, **variables: object) -> str:
    from kyr.web import ui

    return ui.render_page(
        template,
        ui.interface(code),
        script_class=ui.script_class,
        words=product_words_in,
        paper_name=paper_name,
        **variables,
    )


def index_page(community: Community, content: SiteContent) -> str:
    english = load_registry()[SOURCE_LANGUAGE]
    return _render(
        "site.html",
        SOURCE_LANGUAGE,
        community=community,
        sections=sections(content.items, site_codes(content)),
        page_lang=english,
        root="",
        large=False,
    )


def language_pages(
    community: Community, content: SiteContent, language: Language, items: list, message: str
) -> dict[str, str]:
    """LANG/index.html and LANG/large.html."""
    code = language.code
    shared = dict(
        community=community,
        language=language,
        page_lang=language,
        root="../",
        message=Markup(message),  # rendered by kyr's autoescaping sandbox
        items=items,
        images=[image for image in content.images if image.language == code],
        messages=[text for text in content.messages if text.language == code],
    )
    return {
        f"{code}/index.html": _render("site_language.html", code, large=False, **shared),
        f"{code}/{LARGE_PAGE}": _render("site_language.html", code, large=True, **shared),
    }


def site_files(
    community: Community, content: SiteContent, allow_incomplete: bool = False
) -> dict[str, bytes]:
    """Every page and font file of the site, by name inside its folder."""
    from kyr.content.messages import message_html
    from kyr.web.webfonts import FOLDER, font_folder

    pages = {"index.html": index_page(community, content)}
    languages = []
    for language, items in sections(content.items, site_codes(content)):
        languages.append(language)
        message = message_html(community, language, allow_incomplete)
        pages.update(language_pages(community, content, language, items, message))
    english = load_registry()[SOURCE_LANGUAGE]  # the site's own words, the statement
    fonts = font_folder(pages.values(), list(dict.fromkeys([english, *languages])))
    files = {name: page.encode("utf-8") for name, page in pages.items()}
    files.update({f"{FOLDER}/{name}": data for name, data in fonts.items()})
    return files
