"""Whom a rectification, erasure or restriction may have to reach (GDPR Art. 19), as the
register of processing knows them: the named recipients and the processors of the activities
that concern the person's kind of data subject.

A proposal, not a decision: the register says who receives data in an activity, not whether
this person's data went there. Recipients recorded only by category ("couriers") cannot be
written to and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tvarka.domain.register.model import Processor, Recipient, Register, SubjectCategory
from tvarka.domain.register.vocabulary import RecipientKind
from tvarka.domain.vocabulary import SubjectType

# The fideslang data-subject keys the register uses for each kind of requester.
SUBJECT_KEYS: dict[SubjectType, frozenset[str]] = {
    SubjectType.customer: frozenset({"customer", "visitor", "prospect", "client"}),
    SubjectType.employee: frozenset({"employee"}),
    SubjectType.candidate: frozenset({"job_applicant"}),
}


@dataclass(frozen=True)
class ProposedRecipient:
    name: str
    role: str  # "recipient" or "processor"
    activities: tuple[str, ...]
    citation: str


def proposed_recipients(register: Register, subject_type: SubjectType) -> list[ProposedRecipient]:
    """Named recipients and processors of the activities about ``subject_type``, each once,
    with the activities that name it."""
    keys = SUBJECT_KEYS[subject_type]
    found: dict[str, ProposedRecipient] = {}
    for activity in register.activities:
        subjects = {s.key for s in activity.data_subjects if isinstance(s, SubjectCategory)}
        if not subjects & keys:
            continue
        named = [(r.name, "recipient", r.citation) for r in activity.recipients
                 if isinstance(r, Recipient) and r.kind is RecipientKind.named]
        named += [(p.name, "processor", p.citation) for p in activity.processors
                  if isinstance(p, Processor)]
        for name, role, citation in named:
            first = found.setdefault(name, ProposedRecipient(name, role, (), citation))
            found[name] = replace(first, activities=(*first.activities, activity.key))
    return list(found.values())
