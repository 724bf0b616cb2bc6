"""A letter as an e-mail: plain text and HTML alternatives, the PDF attached.

The Message-ID is fixed when the message is queued, so a message the outbox sends twice
(at-least-once delivery) is recognisably the same message to the receiving side.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, formataddr


def new_message_id(domain: str) -> str:
    return f"<{secrets.token_hex(16)}@{domain}>"


def letter_email(
    *,
    sender_address: str,
    sender_name: str,
    reply_to: str | None,
    recipient: str,
    subject: str,
    text: str,
    html: str,
    pdf: bytes,
    pdf_name: str,
    message_id: str,
    at: datetime,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((sender_name, sender_address))
    message["To"] = recipient
    if reply_to:
        message["Reply-To"] = reply_to
    message["Subject"] = subject
    message["Date"] = format_datetime(at)
    message["Message-ID"] = message_id
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=pdf_name)
    return message


def safe_filename(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "letter"


def domain_of(address: str) -> str:
    return Address(addr_spec=address).domain or "localhost"
