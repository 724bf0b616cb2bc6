"""Findings: a rule in an organisation's documents that breaks the GDPR or Lithuanian law.

Tvarka keeps the organisation's rule as configured, applies the lawful one where they
conflict, and reports the conflict as a finding with a stable code, so a DPO can track it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    info = "info"
    warning = "warning"  # questionable, needs a decision
    violation = "violation"  # breaks the law as written


@dataclass(frozen=True)
class Finding:
    code: str  # stable, e.g. "DSR-30-DAYS"
    severity: Severity
    title: str
    explanation: str
    legal_reference: str  # e.g. "GDPR Art. 12(3); Reg. 1182/71 Art. 3(2)(c)"
    citation: str | None  # the offending rule in the organisation's documents
