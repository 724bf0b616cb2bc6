"""Turning a checked ``Letter`` into what is sent: HTML, plain text and PDF.

One template per kind and language (``templates/lt/refusal.html``) holds the whole wording, so
a lawyer reads and edits a letter as a letter; the words and paragraphs the kinds share
(remedies, the VDAI record, the late-answer paragraph) live once per language in
``_parts.html``. The PDF and the e-mail come from the same template: the e-mail leaves out
what only paper needs (letterhead, envelope window) and its plain text is derived from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape

from tvarka.adapters.letters.dates import long_date as written_date
from tvarka.adapters.letters.plain import html_to_text
from tvarka.domain.letters import ARTICLE, NOT_A_REPLY, Letter
from tvarka.domain.settings import Language

TEMPLATES = Path(__file__).with_name("templates")
PAGE_LABEL = {Language.lt: ("Puslapis", "iš"), Language.en: ("Page", "of")}


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def _bilingual(text: str, part: int) -> str:
    """Records such as VDAI's write 'Lithuanian (English)'; pick one side, or keep it all."""
    if text.endswith(")") and " (" in text:
        lithuanian, english = text[:-1].split(" (", 1)
        return (lithuanian, english)[part]
    return text


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["lt_part"] = lambda text: _bilingual(text, 0)
    env.filters["en_part"] = lambda text: _bilingual(text, 1)
    env.filters["first_upper"] = lambda text: text[:1].upper() + text[1:]
    return env


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _css(letter: Letter) -> str:
    """The stylesheet with the page labels of the letter's language and, on the pages after
    the first, the sender and reference, so a loose second page still says whose it is."""
    page, of = PAGE_LABEL[letter.language]
    number = "Nr." if letter.language is Language.lt else "Ref."
    context = letter.context
    running = f"{context.organisation.legal_name} · {number} {context.request.reference}"
    css = (TEMPLATES / "letter.css").read_text(encoding="utf-8")
    return (css.replace("{{PAGE}}", page).replace("{{OF}}", of)
            .replace("{{RUNNING}}", _css_string(running)))


def _variables(letter: Letter, *, email: bool, registered: bool) -> dict[str, Any]:
    language = letter.language

    def long_date(day: dt.date) -> str:
        return written_date(day, language).replace(" ", "\u00a0")  # one line

    helpers = {"date": long_date, "iso": dt.date.isoformat}
    parts = _environment().get_template(f"{language.value}/_parts.html").make_module(helpers)
    return {
        **helpers,
        "p": parts,
        "ctx": letter.context,
        "lang": language.value,
        "kind": letter.kind.value,
        "reply": letter.kind not in NOT_A_REPLY,  # "Re your request of ...": the person's own
        "article": ARTICLE[letter.context.request.right],
        "email": email,
        "registered": registered,
        "css": "" if email else _css(letter),
    }


def _template(letter: Letter) -> Template:
    return _environment().get_template(f"{letter.language.value}/{letter.kind.value}.html")


def subject(letter: Letter) -> str:
    """The subject line, with the request reference so a reply finds its request."""
    template = _template(letter)
    variables = _variables(letter, email=True, registered=False)
    title = "".join(template.blocks["subject"](template.new_context(variables))).strip()
    number = "Nr." if letter.language is Language.lt else "Ref."
    return f"{title} ({number} {letter.context.request.reference})"


def render_html(letter: Letter, *, registered: bool = False, email: bool = False) -> str:
    return _template(letter).render(_variables(letter, email=email, registered=registered))


def render_email(letter: Letter) -> RenderedEmail:
    html = render_html(letter, email=True)
    return RenderedEmail(subject=subject(letter), text=html_to_text(html), html=html)


def render_pdf(letter: Letter, *, registered: bool = False) -> bytes:
    """A4 PDF; ``registered`` prints the registered-mail endorsement in the address window."""
    from weasyprint import HTML  # imported here: loading Pango costs ~0.3 s at start

    html = render_html(letter, registered=registered)
    pdf: bytes = HTML(string=html, base_url=str(TEMPLATES)).write_pdf()
    return pdf
