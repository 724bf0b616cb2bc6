"""Content rules: a letter that breaks its kind's rule cannot be made, and the error names the
field at fault."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from tests.letter_contexts import context, with_decision, with_request
from tvarka.domain.authority import VDAI
from tvarka.domain.letters import (
    Ground,
    Letter,
    LetterKind,
    LetterRuleError,
    Right,
    StillProcessed,
    court_remedy,
)
from tvarka.domain.settings import Language


@pytest.mark.parametrize("kind", list(LetterKind))
@pytest.mark.parametrize("language", list(Language))
def test_the_sample_of_every_kind_satisfies_its_rules(kind: LetterKind, language: Language) -> None:
    Letter(kind, language, context(kind, language))


@pytest.mark.parametrize(
    "kind", [LetterKind.refusal, LetterKind.partial_refusal, LetterKind.invalid_request_notice]
)
def test_a_refusal_without_vdai_cannot_be_produced(kind: LetterKind) -> None:
    with pytest.raises(LetterRuleError) as caught:
        Letter(kind, Language.lt, context(kind, authority=None))
    assert caught.value.field == "authority"


def test_a_refusal_without_the_court_cannot_be_produced() -> None:
    with pytest.raises(LetterRuleError) as caught:
        Letter(LetterKind.refusal, Language.lt, context(LetterKind.refusal, court=None))
    assert caught.value.field == "court"


def test_an_incomplete_vdai_record_is_refused_by_field() -> None:
    broken = dataclasses.replace(VDAI, email="")
    with pytest.raises(LetterRuleError) as caught:
        Letter(LetterKind.refusal, Language.lt, context(LetterKind.refusal, authority=broken))
    assert caught.value.field == "authority.email"


def test_a_refusal_needs_reasons_with_their_legal_basis() -> None:
    ctx = context(LetterKind.refusal)
    with pytest.raises(LetterRuleError) as caught:
        Letter(LetterKind.refusal, Language.lt, with_decision(ctx, refusal_grounds=()))
    assert caught.value.field == "decision.refusal_grounds"
    no_basis = with_decision(ctx, refusal_grounds=(Ground("kept for accounting", " "),))
    with pytest.raises(LetterRuleError) as caught:
        Letter(LetterKind.refusal, Language.lt, no_basis)
    assert caught.value.field == "decision.refusal_grounds[0].legal_basis"


def test_refusing_erasure_must_say_which_data_stay_and_why() -> None:
    ctx = with_decision(context(LetterKind.refusal), still_processed=())
    assert ctx.request.right is Right.erasure
    with pytest.raises(LetterRuleError) as caught:
        Letter(LetterKind.refusal, Language.lt, ctx)
    assert caught.value.field == "decision.still_processed"
    access = with_request(ctx, right=Right.access)
    Letter(LetterKind.refusal, Language.lt, access)  # nothing keeps running after access


def test_a_partial_refusal_says_what_was_done() -> None:
    ctx = with_decision(context(LetterKind.partial_refusal), actions_taken=())
    with pytest.raises(LetterRuleError) as caught:
        Letter(LetterKind.partial_refusal, Language.en, ctx)
    assert caught.value.field == "decision.actions_taken"


def test_an_extension_after_the_due_date_is_refused() -> None:
    ctx = context(LetterKind.extension)
    on_time = dataclasses.replace(ctx, sent_on=ctx.request.due_on)
    Letter(LetterKind.extension, Language.lt, on_time)  # the last day still counts
    late = dataclasses.replace(ctx, sent_on=ctx.request.due_on + dt.timedelta(days=1))
    with pytest.raises(LetterRuleError) as caught:
        Letter(LetterKind.extension, Language.lt, late)
    assert caught.value.field == "sent_on"
    assert "Art. 12(3)" in caught.value.message


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"extended_due_on": None}, "request.extended_due_on"),
        ({"extension_reasons": "  "}, "request.extension_reasons"),
        ({"extended_due_on": dt.date(2026, 12, 1)}, "request.extended_due_on"),
    ],
)
def test_an_extension_gives_its_reasons_and_a_later_date(changes: dict[str, object],
                                                         field: str) -> None:
    with pytest.raises(LetterRuleError) as caught:
        Letter(LetterKind.extension, Language.lt,
               with_request(context(LetterKind.extension), **changes))
    assert caught.value.field == field


def test_a_late_answer_states_the_reasons_and_the_right_to_complain() -> None:
    ctx = context(LetterKind.answer)
    late = dataclasses.replace(ctx, sent_on=ctx.request.due_on + dt.timedelta(days=3))
    assert late.is_late
    with pytest.raises(LetterRuleError) as caught:
        Letter(LetterKind.answer, Language.lt, late)
    assert caught.value.field == "late_reasons"
    explained = dataclasses.replace(late, late_reasons="the system was down")
    with pytest.raises(LetterRuleError) as caught:
        Letter(LetterKind.answer, Language.lt, dataclasses.replace(explained, authority=None))
    assert caught.value.field == "authority"
    Letter(LetterKind.answer, Language.lt, explained)


def test_an_extended_deadline_moves_what_counts_as_late() -> None:
    ctx = with_request(context(LetterKind.answer), extended_due_on=dt.date(2027, 2, 2))
    assert not dataclasses.replace(ctx, sent_on=dt.date(2027, 1, 20)).is_late
    assert dataclasses.replace(ctx, sent_on=dt.date(2027, 2, 3)).is_late


def test_a_restriction_is_announced_before_it_is_lifted() -> None:
    ctx = context(LetterKind.restriction_lift_notice)
    lifting = ctx.decision.restriction_lifts_on
    assert lifting is not None
    with pytest.raises(LetterRuleError) as caught:
        Letter(LetterKind.restriction_lift_notice, Language.lt,
               dataclasses.replace(ctx, sent_on=lifting))
    assert caught.value.field == "sent_on"


def test_an_invalid_request_notice_says_what_is_wrong() -> None:
    with pytest.raises(LetterRuleError) as caught:
        Letter(LetterKind.invalid_request_notice, Language.lt,
               with_decision(context(LetterKind.invalid_request_notice), defects=()))
    assert caught.value.field == "decision.defects"


def test_a_forwarded_request_names_the_person_and_the_request() -> None:
    with pytest.raises(LetterRuleError) as caught:
        Letter(LetterKind.processor_forward, Language.lt,
               with_request(context(LetterKind.processor_forward), subject_name=None))
    assert caught.value.field == "request.subject_name"


def test_dates_before_receipt_are_refused() -> None:
    ctx = context(LetterKind.acknowledgement)
    with pytest.raises(LetterRuleError) as caught:
        Letter(LetterKind.acknowledgement, Language.lt,
               dataclasses.replace(ctx, sent_on=ctx.request.received_on - dt.timedelta(days=1)))
    assert caught.value.field == "sent_on"


def test_the_court_remedy_is_the_art_79_one() -> None:
    assert "79" in court_remedy(VDAI).source


@pytest.mark.parametrize("right", [Right.access, Right.objection, Right.portability])
def test_recipients_are_told_only_of_rectification_erasure_and_restriction(right: Right) -> None:
    with pytest.raises(LetterRuleError) as caught:
        Letter(LetterKind.recipient_notice, Language.lt,
               with_request(context(LetterKind.recipient_notice), right=right))
    assert caught.value.field == "request.right"


@pytest.mark.parametrize(("changes", "field"), [
    ({"actions_taken": ()}, "decision.actions_taken"),
    ({"data_concerned": ()}, "decision.data_concerned"),  # the rectified data
    ({"still_processed": (StillProcessed("invoices", "accounting", "Art. 6(1)(c)"),)},
     "decision"),
])
def test_a_recipient_notice_says_what_was_done_and_no_more(changes: dict[str, object],
                                                           field: str) -> None:
    with pytest.raises(LetterRuleError) as caught:
        Letter(LetterKind.recipient_notice, Language.lt,
               with_decision(context(LetterKind.recipient_notice), **changes))
    assert caught.value.field == field


def test_art_17_2_belongs_to_an_erasure_notice_only() -> None:
    notice = with_decision(context(LetterKind.recipient_notice), made_public=True)
    with pytest.raises(LetterRuleError) as caught:
        Letter(LetterKind.recipient_notice, Language.en, notice)  # a rectification
    assert caught.value.field == "decision.made_public"
    Letter(LetterKind.recipient_notice, Language.en, with_request(notice, right=Right.erasure))
    with pytest.raises(LetterRuleError):
        Letter(LetterKind.answer, Language.en,
               with_decision(context(LetterKind.answer), made_public=True))


@pytest.mark.parametrize(("changes", "field"), [
    ({"clarify_topic": None}, "decision.clarify_topic"),
    ({"questions": ()}, "decision.questions"),
    ({"questions": ("  ",)}, "decision.questions[0]"),
])
def test_a_clarification_says_what_is_unclear(changes: dict[str, object], field: str) -> None:
    with pytest.raises(LetterRuleError) as caught:
        Letter(LetterKind.clarification, Language.lt,
               with_decision(context(LetterKind.clarification), **changes))
    assert caught.value.field == field


def test_a_clarification_is_asked_before_the_answer_is_due() -> None:
    ctx = context(LetterKind.clarification)
    with pytest.raises(LetterRuleError) as caught:
        Letter(LetterKind.clarification, Language.lt, dataclasses.replace(
            ctx, sent_on=ctx.request.final_due_on + dt.timedelta(days=1)))
    assert caught.value.field == "sent_on"
