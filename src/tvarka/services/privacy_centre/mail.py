"""The privacy centre's one-time code, e-mailed through the outbox (delivered by the SMTP
sender like every letter), in the language of the page the person used."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from sqlalchemy import select

from tvarka.adapters.db.tables import Organisation
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.adapters.mail.compose import domain_of, new_message_id
from tvarka.runtime import Runtime
from tvarka.services.mail import outbox
from tvarka.services.privacy_centre.submissions import PRIVACY_CENTRE, CodeMessage, CodeSender

TEXTS = {
    "lt": ("Jūsų patvirtinimo kodas",
           ("Jūsų kodas privatumo centre: {code}\n\nKodas galioja 30 minučių. Jei šio kodo "
            "neprašėte, šį laišką galite ištrinti.\n\n{organisation}")),
    "en": ("Your confirmation code",
           ("Your privacy centre code: {code}\n\nThe code is valid for 30 minutes. If you did "
            "not ask for it, you may delete this message.\n\n{organisation}")),
}


def outbox_sender(runtime: Runtime) -> CodeSender:
    def send(uow: UnitOfWork, message: CodeMessage) -> str:
        org = uow.session.scalar(select(Organisation).where(Organisation.key == message.org_key))
        if org is None:
            return "pending"
        subject, body = TEXTS.get(message.language, TEXTS["lt"])
        sender = runtime.config.mail_from
        email = EmailMessage()
        email["From"] = formataddr((org.legal_name, sender))
        email["To"] = message.to
        email["Subject"] = f"{subject} · {org.legal_name}"
        email["Date"] = format_datetime(datetime.now(UTC))
        email["Message-ID"] = new_message_id(domain_of(sender))
        email.set_content(body.format(code=message.code, organisation=org.legal_name))
        outbox.enqueue(uow, runtime.data_key, org=org, actor=PRIVACY_CENTRE,
                       recipient=message.to, message=email)
        return "queued"

    return send
