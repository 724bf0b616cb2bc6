"""Generated people for tests: never real personal data (seed rule 002 R§7.6.12)."""

from __future__ import annotations

import secrets


def email(role: str = "person") -> str:
    return f"{role}-{secrets.token_hex(4)}@example.com"


def password() -> str:
    return "Pw-" + secrets.token_urlsafe(12)
