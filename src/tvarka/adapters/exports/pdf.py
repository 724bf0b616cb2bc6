"""PDF for a person, from an HTML template through WeasyPrint (the same renderer letters will use).

DejaVu Sans is named first because it carries every Lithuanian letter (ą č ę ė į š ų ū ž).
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from tvarka.adapters.exports.labels import text
from tvarka.adapters.exports.record import Header, Table

_ENV = Environment(
    loader=PackageLoader("tvarka.adapters.exports", "templates"),
    autoescape=select_autoescape(["html"]),
)


def _css_text(value: str) -> str:
    """Text safe inside a CSS string in the page margin: no quotes, backslashes or markup."""
    return "".join(c for c in value if c not in "\"'\\<>&")


def render_html(header: Header, tables: list[Table]) -> str:
    lang = header.lang
    return _ENV.get_template("ropa.html").render(
        header=header,
        tables=tables,
        org_name=_css_text(header.fields[0][1].split(" [")[0]),
        running_title=_css_text(text("running_title", lang)),
        page_word=text("page", lang),
        generated_word=text("generated", lang),
        general_word=text("general_security", lang),
        citations_word=text("citations", lang),
        empty_word=text("no_activities", lang),
    )


def render_pdf(header: Header, tables: list[Table]) -> bytes:
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    pdf: bytes = HTML(string=render_html(header, tables)).write_pdf()
    return pdf
