"""The data key: encrypts what Tvarka must keep secret at rest, held outside its database.

Read from ``TVARKA_DATA_KEY`` (32 bytes, base64) or a file ``data.key`` in the data folder,
created on first use with mode 0600 — so a copy of the database alone opens no connected
system's password, no subject's identity and no access package. Derived keys (the per-
organisation hashing secret for erasure) come from it through HKDF, never stored.
"""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from tvarka.adapters.access_package.sealing import seal, unseal
from tvarka.config import Config


def data_key(config: Config) -> bytes:
    if text := os.environ.get("TVARKA_DATA_KEY"):
        key = base64.b64decode(text)
        if len(key) != 32:
            raise ValueError("TVARKA_DATA_KEY must be 32 bytes, base64-encoded")
        return key
    path = Path(config.data_dir) / "data.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(secrets.token_bytes(32))
    key = path.read_bytes()
    if len(key) != 32:
        raise ValueError(f"{path}: the data key must be exactly 32 bytes")
    return key


def derived(key: bytes, purpose: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode()).derive(key)


def seal_text(key: bytes, text: str, context: str) -> bytes:
    """``context`` (e.g. ``system:delano/crm``) is bound in: a sealed value moved elsewhere fails."""
    return seal(text.encode(), key, context)


def unseal_text(key: bytes, sealed: bytes, context: str) -> str:
    return unseal(sealed, key, context).decode()
