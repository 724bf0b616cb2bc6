"""Problems found in a dataset or a connected system before any request runs.

Each problem names its exact place (``dataset.collection.field``) so an engineer can fix the
annotation or the database without searching; where the fix is mechanical (a missing index)
the problem carries it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ProblemLevel(StrEnum):
    error = "error"  # the dataset or system is refused: requests would run wrong
    warning = "warning"  # accepted, but something will be slow, skipped or unreachable


@dataclass(frozen=True)
class Problem:
    level: ProblemLevel
    code: str  # stable, e.g. "reference-missing-collection"
    place: str  # e.g. "shop_pg_dataset.orders.customer_id"
    message: str
    fix: str | None = None  # e.g. the CREATE INDEX statement that removes the problem

    def __str__(self) -> str:
        text = f"{self.level.value}: {self.place}: {self.message}"
        return f"{text}\n  fix: {self.fix}" if self.fix else text


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.level is ProblemLevel.error]


class DatasetRefused(ValueError):
    """A dataset with errors: nothing was loaded. ``problems`` lists every error found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
