"""Encryption at rest for personal data Tvarka keeps, with the key outside the database.

The key comes from ``TVARKA_DATA_KEY`` (32 bytes, url-safe base64) or a file beside the data
(``data/data.key``, created on first use, mode 0600). A copy of the database alone therefore
reveals nobody's contact details. Lookups by e-mail or phone go through keyed hashes (HMAC
with a key derived from the same secret), so equal values can be found without decrypting.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES = 32
NONCE_BYTES = 12
VERSION = b"\x01"


class DataKeyError(ValueError):
    """The data key is missing or malformed."""


@dataclass(frozen=True)
class DataKey:
    secret: bytes

    @classmethod
    def load(cls, data_dir: Path) -> DataKey:
        if text := os.environ.get("TVARKA_DATA_KEY"):
            return cls(_decode(text))
        path = data_dir / "data.key"
        if not path.exists():
            data_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode())
        return cls(_decode(path.read_text().strip()))

    def _subkey(self, purpose: bytes) -> bytes:
        return hmac.new(self.secret, b"tvarka:" + purpose, hashlib.sha256).digest()

    def derive(self, purpose: str) -> bytes:
        """A 32-byte key for one purpose (e.g. an organisation's erasure hashes), never stored."""
        return self._subkey(b"derive:" + purpose.encode())

    @cached_property
    def _cipher(self) -> AESGCM:
        """The encryption subkey is derived once per key, not per value."""
        return AESGCM(self._subkey(b"encrypt"))

    def encrypt(self, plaintext: bytes, context: str) -> bytes:
        """AES-256-GCM; ``context`` (e.g. a table and row) is bound to the ciphertext."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = self._cipher.encrypt(nonce, plaintext, context.encode())
        return VERSION + nonce + sealed

    def decrypt(self, token: bytes, context: str) -> bytes:
        if token[:1] != VERSION:
            raise DataKeyError("unknown ciphertext version")
        nonce, sealed = token[1 : 1 + NONCE_BYTES], token[1 + NONCE_BYTES :]
        return self._cipher.decrypt(nonce, sealed, context.encode())

    def encrypt_text(self, text: str, context: str) -> bytes:
        return self.encrypt(text.encode(), context)

    def decrypt_text(self, token: bytes, context: str) -> str:
        return self.decrypt(token, context).decode()

    def lookup_hash(self, kind: str, value: str) -> str:
        """A keyed hash for finding a value (``kind`` separates e-mails from phones)."""
        normalised = value.strip().lower()
        return hmac.new(self._subkey(b"lookup:" + kind.encode()), normalised.encode(),
                        hashlib.sha256).hexdigest()


def _decode(text: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.encode())
    except ValueError as error:
        raise DataKeyError("TVARKA_DATA_KEY must be url-safe base64") from error
    if len(raw) != KEY_BYTES:
        raise DataKeyError(f"the data key must be {KEY_BYTES} bytes, got {len(raw)}")
    return raw
