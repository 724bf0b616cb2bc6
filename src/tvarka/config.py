"""Runtime configuration, read from the environment once per process.

Everything has a working default so that `scripts/run` starts on a fresh machine with an
embedded SQLite file in the project's data folder.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Config:
    database_url: str
    data_dir: Path
    secret_key: str
    max_body_bytes: int
    smtp_url: str | None = None  # TVARKA_SMTP_URL; None: e-mail stays in the outbox
    mail_from: str = "tvarka@localhost"  # TVARKA_MAIL_FROM: the envelope and From address

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _data_dir() -> Path:
    return Path(os.environ.get("TVARKA_DATA_DIR", PROJECT_ROOT / "data")).resolve()


def _secret_key(data_dir: Path) -> str:
    """The session-signing key: from the environment, else a file kept beside the data."""
    if key := os.environ.get("TVARKA_SECRET_KEY"):
        return key
    path = data_dir / "secret.key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def load_config() -> Config:
    data_dir = _data_dir()
    url = os.environ.get("TVARKA_DATABASE_URL") or f"sqlite:///{data_dir / 'tvarka.sqlite3'}"
    return Config(
        database_url=url,
        data_dir=data_dir,
        secret_key=_secret_key(data_dir),
        max_body_bytes=int(os.environ.get("TVARKA_MAX_BODY_BYTES", "1000000")),
        smtp_url=os.environ.get("TVARKA_SMTP_URL") or None,
        mail_from=os.environ.get("TVARKA_MAIL_FROM") or "tvarka@localhost",
    )
