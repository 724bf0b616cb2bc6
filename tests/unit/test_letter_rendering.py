"""Rendering: the wording reaches the PDF and the e-mail, Lithuanian letters intact."""

from __future__ import annotations

import dataclasses
import io
import re

import pytest
from pypdf import PdfReader

from tests.letter_contexts import context
from tvarka.adapters.letters.plain import html_to_text
from tvarka.adapters.letters.render import render_email, render_pdf
from tvarka.domain.authority import VDAI
from tvarka.domain.letters import ClarificationTopic, Letter, LetterKind, Right
from tvarka.domain.settings import Language


def pdf_text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def refusal_lt() -> bytes:
    return render_pdf(Letter(LetterKind.refusal, Language.lt, context(LetterKind.refusal)),
                      registered=True)


def test_lithuanian_diacritics_survive_to_the_pdf(refusal_lt: bytes) -> None:
    assert refusal_lt.startswith(b"%PDF")
    text = pdf_text(refusal_lt)
    for letter in "ąčęėįšųūž":
        assert letter in text.lower(), letter
    assert "Sprendimas atsisakyti įvykdyti Jūsų prašymą" in text
    assert "Registruotas laiškas".upper() in text


def test_a_refusal_pdf_carries_the_full_vdai_record_and_the_court(refusal_lt: bytes) -> None:
    text = pdf_text(refusal_lt)
    for value in (VDAI.name_lt, VDAI.code, VDAI.address.street, VDAI.address.postcode,
                  VDAI.email, VDAI.website, *VDAI.phones):
        assert value in text, value
    assert "Lietuvos Respublikos teismas" in text
    assert "BDAR 79 straipsnis" in text


def test_the_letterhead_and_reference_are_printed(refusal_lt: bytes) -> None:
    text = pdf_text(refusal_lt)
    assert "UAB „Bandymas“" in text and "111111115" in text
    assert "Nr. DSR-2026-0042" in text


@pytest.mark.parametrize("kind", list(LetterKind))
@pytest.mark.parametrize("language", list(Language))
def test_every_kind_renders_an_email_in_both_languages(kind: LetterKind,
                                                       language: Language) -> None:
    email = render_email(Letter(kind, language, context(kind, language)))
    assert email.subject.endswith("DSR-2026-0042)")
    assert "{{" not in email.html and "{%" not in email.text
    assert "<" not in email.text
    refusing = kind in (LetterKind.refusal, LetterKind.partial_refusal,
                        LetterKind.invalid_request_notice)
    assert (VDAI.email in email.text) == refusing
    assert ("Registruotas" in email.html) is False  # paper only


def test_an_english_extension_states_reasons_and_the_new_date() -> None:
    ctx = context(LetterKind.extension, Language.en)
    text = render_email(Letter(LetterKind.extension, Language.en, ctx)).text
    assert "2 February 2027" in text and "Reasons for the extension" in text
    assert ctx.request.extension_reasons is not None
    assert ctx.request.extension_reasons[:40] in text


def test_a_late_lithuanian_answer_gives_reasons_and_vdai() -> None:
    from tests.letter_contexts import SENDER
    from tvarka.services.letters.samples import sample_context

    ctx = sample_context(LetterKind.answer, Language.lt, SENDER, late=True)
    text = render_email(Letter(LetterKind.answer, Language.lt, ctx)).text
    assert "Dėl pavėluoto atsakymo" in text and "Vėlavimo priežastys" in text
    assert VDAI.name_lt in text and VDAI.email in text


def test_plain_text_keeps_lists_and_tables_readable() -> None:
    html = ("<h2>A</h2><p>one <b>two</b></p><ol><li>x</li><li>y</li></ol>"
            "<table><tr><th>h1</th><th>h2</th></tr><tr><td>a</td><td>b</td></tr></table>")
    assert html_to_text(html) == "A\n\none two\n\n1. x\n2. y\n\nh1 | h2\na | b\n"


@pytest.mark.parametrize("language", list(Language))
def test_a_recipient_notice_cites_art_19_and_names_only_what_the_recipient_needs(
        language: Language) -> None:
    ctx = context(LetterKind.recipient_notice, language)
    text = render_email(Letter(LetterKind.recipient_notice, language, ctx)).text
    assert ctx.request.subject_name is not None and ctx.request.subject_name in text
    assert ctx.decision.data_concerned[0] in text and ctx.decision.actions_taken[0] in text
    assert ("Article 19" if language is Language.en else "BDAR 19 straipsniu") in text
    assert ctx.request.summary is not None and ctx.request.summary not in text
    assert "17(2)" not in text and "17 straipsnio 2" not in text
    public = dataclasses.replace(ctx, decision=dataclasses.replace(ctx.decision, made_public=True),
                                 request=dataclasses.replace(ctx.request, right=Right.erasure))
    text = render_email(Letter(LetterKind.recipient_notice, language, public)).text
    assert ("Article 17(2)" if language is Language.en else "17 straipsnio 2 dalimi") in text


@pytest.mark.parametrize("language", list(Language))
def test_a_clarification_says_whether_the_clock_stands_still(language: Language) -> None:
    ctx = context(LetterKind.clarification, language)
    paused = render_email(Letter(LetterKind.clarification, language, ctx)).text
    assert ctx.decision.questions[0] in paused and "159" in paused
    running = dataclasses.replace(ctx, decision=dataclasses.replace(
        ctx.decision, clock_paused=False, clarify_topic=ClarificationTopic.identity))
    text = render_email(Letter(LetterKind.clarification, language, running)).text
    assert "159" not in text and ("12(6)" in text or "12 straipsnio 6" in text)
    assert ("2 December 2026" if language is Language.en else "2026 m. gruodžio 2 d.") in text


@pytest.mark.parametrize("language", list(Language))
def test_an_answer_lists_the_recipients_only_when_the_person_asked(language: Language) -> None:
    ctx = context(LetterKind.answer, language)
    assert ctx.decision.recipients
    text = render_email(Letter(LetterKind.answer, language, ctx)).text
    assert ctx.decision.recipients[0] in text
    unasked = dataclasses.replace(ctx, decision=dataclasses.replace(ctx.decision, recipients=None))
    assert "19" not in render_email(Letter(LetterKind.answer, language, unasked)).text
    none = dataclasses.replace(ctx, decision=dataclasses.replace(ctx.decision, recipients=()))
    text = render_email(Letter(LetterKind.answer, language, none)).text
    assert ("any recipient" if language is Language.en else "jokiems gavėjams") in text
