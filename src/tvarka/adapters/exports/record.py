"""The Art. 30(1) controller record and the Art. 30(2) processor record as tables of text cells.

Every renderer (XLSX, CSV, JSON, PDF) draws from these tables, so the four formats say the same
thing. Each list item carries its citation in square brackets; a value the documents lost shows
as "missing: <why> [citation]" instead of an empty cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tvarka.adapters.exports.labels import (
    CONTROLLER_COLUMNS,
    PROCESSOR_COLUMNS,
    Lang,
    headings,
    length,
    text,
    vocab,
)
from tvarka.domain.cited import Cited, Gap
from tvarka.domain.legal_time.lengths import Unit
from tvarka.domain.profile import Role
from tvarka.domain.register.categories import category_name
from tvarka.domain.register.countries import country_name
from tvarka.domain.register.model import (
    Activity,
    DataItem,
    Processor,
    Recipient,
    Register,
    RetentionRule,
    Source,
    SubjectCategory,
    Transfer,
)


class RecordKind(StrEnum):
    controller = "controller"  # Art. 30(1)
    processor = "processor"  # Art. 30(2)


@dataclass(frozen=True)
class Table:
    kind: RecordKind
    title: str
    columns: list[tuple[str, str]]  # key, heading
    rows: list[dict[str, str]]


@dataclass(frozen=True)
class Header:
    lang: Lang
    fields: list[tuple[str, str]]  # heading, value
    general_security: list[str]
    generated: date


def _cite(value: str, citation: str | None) -> str:
    return f"{value} [{citation}]" if citation else value


def _gap(gap: Gap, lang: Lang) -> str:
    return _cite(f"{text('missing', lang)}: {gap.note}", gap.citation)


def _lines(items: list[str], lang: Lang) -> str:
    return "\n".join(f"• {i}" for i in items) if items else text("none", lang)


def _cited(value: Cited[str] | Gap, lang: Lang) -> str:
    return _gap(value, lang) if isinstance(value, Gap) else _cite(value.value, value.citation)


def _basis(activity: Activity, lang: Lang) -> str:
    if isinstance(activity.legal_bases, Gap):
        return _gap(activity.legal_bases, lang)
    if not activity.legal_bases:
        prefix = (
            "pagal duomenų valdytojo nurodymus"
            if lang == "lt"
            else "on the controller's instructions"
        )
        return f"{prefix} (BDAR 28 str.)" if lang == "lt" else f"{prefix} (GDPR Art. 28)"
    out = []
    for b in activity.legal_bases:
        words = f"6(1)({b.basis.value}) {vocab('basis_' + b.basis.value, lang)} <{b.basis.dpv_iri}>"
        if b.inferred:
            words += f" ({text('inferred', lang)})"
        if b.legitimate_interest is not None:
            words += f"; {text('legitimate_interest', lang)}: {_cited(b.legitimate_interest, lang)}"
        out.append(_cite(words, b.citation))
    return _lines(out, lang)


def _conditions(activity: Activity, lang: Lang) -> str:
    items = [_cite(c.condition.article, c.citation) for c in activity.special_conditions]
    items += [_cite(c.condition.article, c.citation) for c in activity.criminal_conditions]
    return _lines(items, lang)


def _subjects(items: list[SubjectCategory | Gap], lang: Lang) -> str:
    return _lines(
        [_gap(s, lang) if isinstance(s, Gap) else _cite(s.label, s.citation) for s in items], lang
    )


def _data(items: list[DataItem | Gap], lang: Lang) -> str:
    out = []
    for d in items:
        if isinstance(d, Gap):
            out.append(_gap(d, lang))
            continue
        label = f"{d.label} ({category_name(d.key, lang)})"
        if d.optional:
            label += f", {text('optional', lang)}"
        out.append(_cite(label, d.citation))
    return _lines(out, lang)


def _sources(items: list[Source | Gap], lang: Lang) -> str:
    out = []
    for s in items:
        if isinstance(s, Gap):
            out.append(_gap(s, lang))
            continue
        kind = vocab("controller_source" if s.kind.value == "controller" else s.kind.value, lang)
        out.append(_cite(f"{kind}: {s.name}" if s.name else kind, s.citation))
    return _lines(out, lang)


def _recipients(items: list[Recipient | Gap], lang: Lang) -> str:
    out = []
    for r in items:
        if isinstance(r, Gap):
            out.append(_gap(r, lang))
            continue
        where = f" ({country_name(r.country, lang)})" if r.country else ""
        out.append(_cite(r.name + where, r.citation))
    return _lines(out, lang)


def _processors(items: list[Processor | Gap], lang: Lang) -> str:
    out = []
    for p in items:
        if isinstance(p, Gap):
            out.append(_gap(p, lang))
            continue
        where = f" ({country_name(p.country, lang)})" if p.country else ""
        out.append(_cite(f"{p.name}{where}: {p.service}", p.citation))
    return _lines(out, lang)


def _transfer(t: Transfer, lang: Lang) -> str:
    words = f"{country_name(t.country, lang)} ({t.country}), {t.recipient}: {vocab(t.mechanism.value, lang)}"
    if t.derogation is not None:
        words += f" ({text('derogation', lang)} 49(1)({t.derogation.value}))"
    if t.valid_from or t.valid_to:
        words += f", {text('valid', lang)} {t.valid_from or '…'}–{t.valid_to or '…'}"
    if t.consent_is_condition_of_service:
        words += f"; {text('consent_condition', lang)}"
    return _cite(words, t.citation)


def _transfers(items: list[Transfer | Gap], lang: Lang) -> str:
    return _lines(
        [_gap(t, lang) if isinstance(t, Gap) else _transfer(t, lang) for t in items], lang
    )


def _rule(r: RetentionRule, lang: Lang) -> str:
    if r.period.unit is Unit.immediately:
        when = text("immediately_after", lang)
    else:
        when = f"{length(r.period, lang)} {text('after', lang)}"
        if r.bound.value == "at_least":
            when = f"{text('at_least', lang)} {when}"
    words = f"{when}: {r.anchor_label} → {vocab(r.action.value, lang)}"
    if r.applies_to:
        words = f"{r.applies_to}: {words}"
    if r.exceptions:
        words += f"; {text('exceptions', lang)}: " + "; ".join(
            _cite(e.value, e.citation) for e in r.exceptions
        )
    return _cite(words, r.citation)


def _retention(items: list[RetentionRule | Gap], lang: Lang) -> str:
    return _lines([_gap(r, lang) if isinstance(r, Gap) else _rule(r, lang) for r in items], lang)


def _security(activity: Activity, lang: Lang) -> str:
    items = [_cited(m, lang) for m in activity.security_measures]
    items.append(text("see_general", lang))
    return _lines(items, lang)


def _automated(activity: Activity, lang: Lang) -> str:
    out = []
    for d in activity.automated_decisions:
        effect = (
            text("legal_effect", lang)
            if d.legal_or_similar_effect
            else text("no_legal_effect", lang)
        )
        profiling = f"{text('profiling', lang)}, " if d.profiling else ""
        out.append(_cite(f"{d.description} ({profiling}{effect})", d.citation))
    return _lines(out, lang)


def _dpia(activity: Activity, lang: Lang) -> str:
    if activity.dpia is None:
        return text("none", lang)
    word = text("required" if activity.dpia.required else "not_required", lang)
    return f"{word}: {activity.dpia.reason} ({activity.dpia.reference})"


def _notes(activity: Activity, lang: Lang) -> str:
    items = []
    if activity.questionable is not None:
        items.append(
            _cite(
                f"{text('questionable', lang)}: {activity.questionable.reason}",
                activity.questionable.citation,
            )
        )
    if activity.note:
        items.append(activity.note)
    return _lines(items, lang) if items else ""


def _purpose(activity: Activity, lang: Lang) -> str:
    return _cite(activity.purpose.text(lang), activity.purpose.citation)


def _contract(activity: Activity, lang: Lang) -> str:
    contract = activity.controller_contract
    if contract is None:
        return text("none", lang)
    signed = contract.signed_on
    sub = contract.sub_processing
    end = contract.end_of_contract
    return _lines(
        [
            f"{text('signed_on', lang)}: "
            + (
                _gap(signed, lang)
                if isinstance(signed, Gap)
                else _cite(str(signed.value), signed.citation)
            ),
            f"{text('sub_processing', lang)}: "
            + (
                _gap(sub, lang)
                if isinstance(sub, Gap)
                else _cite(vocab(sub.value.value, lang), sub.citation)
            ),
            f"{text('end_of_contract', lang)}: "
            + (
                _gap(end, lang)
                if isinstance(end, Gap)
                else _cite(vocab(end.value.value, lang), end.citation)
            ),
        ],
        lang,
    )


def controller_row(no: int, a: Activity, lang: Lang) -> dict[str, str]:
    return {
        "no": str(no),
        "activity": a.key,
        "purpose": _purpose(a, lang),
        "role": _cite(vocab(a.role.value.value, lang), a.role.citation),
        "legal_basis": _basis(a, lang),
        "special_conditions": _conditions(a, lang),
        "data_subjects": _subjects(a.data_subjects, lang),
        "data_categories": _data(a.data_categories, lang),
        "sources": _sources(a.sources, lang),
        "recipients": _recipients(a.recipients, lang),
        "processors": _processors(a.processors, lang),
        "transfers": _transfers(a.transfers, lang),
        "retention": _retention(a.retention, lang),
        "security": _security(a, lang),
        "automated": _automated(a, lang),
        "dpia": _dpia(a, lang),
        "notes": _notes(a, lang),
    }


def processor_row(no: int, a: Activity, lang: Lang) -> dict[str, str]:
    controller = a.on_behalf_of
    return {
        "no": str(no),
        "activity": a.key,
        "controller": text("none", lang) if controller is None else _cited(controller, lang),
        "purpose": _purpose(a, lang),
        "data_subjects": _subjects(a.data_subjects, lang),
        "data_categories": _data(a.data_categories, lang),
        "processors": _processors(a.processors, lang),
        "contract": _contract(a, lang),
        "transfers": _transfers(a.transfers, lang),
        "retention": _retention(a.retention, lang),
        "security": _security(a, lang),
        "notes": _notes(a, lang),
    }


def build_table(register: Register, kind: RecordKind, lang: Lang) -> Table:
    if kind is RecordKind.controller:
        activities = register.by_role(Role.controller, Role.joint_controller)
        rows = [controller_row(i, a, lang) for i, a in enumerate(activities, 1)]
        return Table(kind, text("controller_title", lang), headings(CONTROLLER_COLUMNS, lang), rows)
    activities = register.by_role(Role.processor)
    rows = [processor_row(i, a, lang) for i, a in enumerate(activities, 1)]
    return Table(kind, text("processor_title", lang), headings(PROCESSOR_COLUMNS, lang), rows)


def build_header(register: Register, lang: Lang, generated: date) -> Header:
    org = register.organisation
    fields = [
        (text("legal_name", lang), _cited(org.legal_name, lang)),
        (text("company_code", lang), _cited(org.company_code, lang)),
        (text("address", lang), _cited(org.address, lang)),
        (text("contacts", lang), "; ".join(_cited(c, lang) for c in org.contacts)),
        (text("dpo", lang), _cited(org.dpo, lang)),
    ]
    if register.review is not None:
        review = (
            f"{text('review_every', lang)} {length(register.review.every, lang, accusative=True)}"
        )
        fields.append((text("review", lang), _cite(review, register.review.citation)))
    general = [_cited(m, lang) for m in register.security_measures]
    return Header(lang, fields, general, generated)


def kinds_with_rows(register: Register, only: RecordKind | None) -> list[RecordKind]:
    """The records to export: the one asked for, else every record the register has rows for."""
    if only is not None:
        return [only]
    kinds = [k for k in RecordKind if build_table(register, k, "en").rows]
    return kinds or [RecordKind.controller]
