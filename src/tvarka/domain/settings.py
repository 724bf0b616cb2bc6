"""Per-organisation settings (requirements.md §4.4): the legal default, the organisation's value.

Placeholder shape; the full parameter table is filled in with every §4.4 parameter.
"""

from __future__ import annotations

from tvarka.domain.cited import Cited, Gap, Strict


class Settings(Strict):
    password_min_length: Cited[int] | Gap
