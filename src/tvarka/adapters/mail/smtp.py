"""Delivering one message to the SMTP server named by ``TVARKA_SMTP_URL``.

URL forms: ``smtp://host:port`` (plain, for a local relay), ``smtp+starttls://host:port`` and
``smtps://host:port`` (TLS), each with optional ``user:password@``. Errors are split into
temporary ones (server down, 4xx: try again later) and permanent ones (5xx: retrying cannot
help), because the outbox treats them differently.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

SCHEMES = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}
TIMEOUT_SECONDS = 30
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


class SmtpUrlError(ValueError):
    """TVARKA_SMTP_URL is not a usable SMTP URL."""


@dataclass(frozen=True)
class SmtpServer:
    scheme: str
    host: str
    port: int
    user: str | None = None
    password: str | None = None

    def __str__(self) -> str:  # never prints the password
        return f"{self.scheme}://{self.host}:{self.port}"


class DeliveryError(Exception):
    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


def parse_url(url: str) -> SmtpServer:
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise SmtpUrlError(f"TVARKA_SMTP_URL scheme must be one of {', '.join(SCHEMES)}")
    if not parts.hostname:
        raise SmtpUrlError("TVARKA_SMTP_URL has no host")
    return SmtpServer(
        scheme=parts.scheme,
        host=parts.hostname,
        port=parts.port or SCHEMES[parts.scheme],
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


def without_addresses(text: str) -> str:
    """Error texts often quote the recipient; masked, they may be stored and listed."""
    return _ADDRESS.sub("<address>", text)


def send(server: SmtpServer, message: bytes, sender: str, recipient: str) -> None:
    """Hand ``message`` to the server; raise DeliveryError saying whether to retry."""
    try:
        with _connect(server) as client:
            refused = client.sendmail(sender, [recipient], message)
    except smtplib.SMTPResponseException as error:
        detail = error.smtp_error.decode(errors="replace") if isinstance(
            error.smtp_error, bytes) else str(error.smtp_error)
        raise DeliveryError(
            without_addresses(f"SMTP {error.smtp_code}: {detail}"),
            permanent=error.smtp_code >= 500,
        ) from error
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _ in error.recipients.values()]
        raise DeliveryError(
            f"recipient refused (SMTP {', '.join(map(str, codes))})",
            permanent=all(code >= 500 for code in codes),
        ) from error
    except (smtplib.SMTPException, OSError) as error:
        raise DeliveryError(
            without_addresses(f"{type(error).__name__}: {error} ({server})"), permanent=False
        ) from error
    if refused:
        raise DeliveryError("recipient refused", permanent=True)


def _connect(server: SmtpServer) -> smtplib.SMTP:
    if server.scheme == "smtps":
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            server.host, server.port, timeout=TIMEOUT_SECONDS,
            context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT_SECONDS)
        if server.scheme == "smtp+starttls":
            client.starttls(context=ssl.create_default_context())
    if server.user:
        client.login(server.user, server.password or "")
    return client
