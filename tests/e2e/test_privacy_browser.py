"""The privacy centre in a real Chromium with a real SMTP server: a person asks in Lithuanian,
gets the code by e-mail, confirms it, follows the request in English and downloads the answer
sent by portal; bad input shows the error and stores nothing; the pages never tell whether
the person is known."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests import people
from tests.e2e.test_browser import page, serving  # noqa: F401 - shared fixture
from tests.mailserver import LocalSmtp
from tvarka.adapters.db.request_tables import DsrRequest, PrivacySubmission
from tvarka.app import create_app
from tvarka.domain.requests.decisions import ACCESS_CONTENTS, Decision
from tvarka.domain.requests.terms import Outcome
from tvarka.runtime import Runtime
from tvarka.services import requests
from tvarka.services.actor import SYSTEM
from tvarka.services.mail import outbox
from tvarka.services.requests import IdentityCheck
from tvarka.services.requests.letters import LetterInput, issue_task_letters

pytestmark = pytest.mark.browser
ORG = "it-sales"


@dataclasses.dataclass
class Site:
    url: str
    runtime: Runtime
    smtp: LocalSmtp

    def code_sent_to(self, address: str) -> str:
        """Deliver the outbox through the SMTP server and read the code the person got."""
        outbox.send_pending(self.runtime)
        mails = [r for r in self.smtp.received if r.recipients == [address]]
        assert mails, f"no e-mail reached {address}"
        body = mails[-1].message.get_content()
        return next(word for word in body.split() if word.isdigit() and len(word) == 6)


@pytest.fixture
def site(loaded: Runtime) -> Iterator[Site]:
    smtp = LocalSmtp()
    smtp.start()
    mailing = Runtime(dataclasses.replace(loaded.config, smtp_url=smtp.url))
    mailing.__dict__["engine"] = loaded.engine
    try:
        with serving(create_app(mailing)) as url:
            yield Site(url, mailing, smtp)
    finally:
        smtp.stop()


def count(rt: Runtime, model: type) -> int:
    with rt.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def fill_request(page, address: str, medium: str = "portal") -> None:  # noqa: F811
    page.select_option("#right", "access")
    page.fill("#name", "Ona Testaitė")
    page.fill("#email", address)
    page.fill("#text", "Kokius mano asmens duomenis tvarkote?")
    page.select_option("#response_medium", medium)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_person_asks_confirms_follows_and_downloads_the_answer(
    site: Site, page, loaded: Runtime, tmp_path: Path  # noqa: F811
) -> None:
    form = f"{site.url}/privacy/{ORG}"
    page.goto(form + "?lang=en")
    assert page.locator("h1").inner_text().startswith("Privacy centre")
    page.goto(form + "?lang=lt")
    assert page.locator("h1").inner_text().startswith("Privatumo centras")

    # bad input: the browser refuses an empty name, the server a letter without an address
    address = people.email("ona")
    fill_request(page, address)
    page.fill("#name", "")
    page.click("#privacy-form button[type=submit]")
    assert page.locator("#privacy-form").is_visible() and page.locator("#code-form").count() == 0
    fill_request(page, address, medium="registered_mail")
    page.click("#privacy-form button[type=submit]")
    error = page.locator("#form-error").inner_text()
    # the field at fault and what is wrong, in the page's language
    assert error == "Pašto adresas: registruotam laiškui reikia pašto adreso"
    assert page.input_value("#name") == "Ona Testaitė"  # what was typed is kept
    assert count(loaded, PrivacySubmission) == 0 and site.smtp.received == []

    # the request, confirmed with the code that came by e-mail (in Lithuanian)
    page.select_option("#response_medium", "portal")
    page.click("#privacy-form button[type=submit]")
    assert page.locator("#code-sent").is_visible()
    code = site.code_sent_to(address)
    assert "kodas" in site.smtp.received[-1].message["Subject"].lower()
    assert count(loaded, DsrRequest) == 0  # nothing exists until the code is entered
    page.fill("#code", code)
    page.click("#code-form button[type=submit]")
    reference = page.locator("#reference").inner_text()
    assert reference.startswith("r-") and count(loaded, DsrRequest) == 1
    page.screenshot(path=str(tmp_path / "privacy-registered-lt.png"))

    # a known and an unknown address get the same page
    pages = []
    for someone in (address, people.email("stranger")):
        page.goto(form + "?lang=en")
        fill_request(page, someone)
        page.click("#privacy-form button[type=submit]")
        pages.append(page.locator("main").inner_text())
    assert pages[0] == pages[1] and "If the address is valid" in pages[0]

    # staff answer by portal
    requests.verify_identity(loaded.uow(), loaded.data_key, SYSTEM, ORG, reference,
                             IdentityCheck("one_time_code_known_address"))
    decided = requests.decide(loaded.uow(), loaded.data_key, SYSTEM, ORG, reference,
                              Decision(Outcome.granted,
                                       access_content={k: "stated" for k in ACCESS_CONTENTS}))
    task = next(t for t in decided.tasks if t.letter_kind == "answer")
    (letter,) = issue_task_letters(loaded.uow(), loaded, SYSTEM, ORG, reference, task.id,
                                   LetterInput(actions_taken=["your data are listed below"]))
    assert letter.channel == "portal"

    # following: a wrong reference and the right one look the same
    follow = f"{form}/follow?lang=en"
    seen = []
    for ref in ("r-0000000000000000", reference):
        page.goto(follow)
        page.fill("#reference", ref)
        page.fill("#email", address)
        page.click("#follow-form button[type=submit]")
        seen.append(page.locator("main").inner_text())
    assert seen[0] == seen[1]
    page.fill("#code", site.code_sent_to(address))
    page.click("#code-form button[type=submit]")
    assert page.locator("#status").inner_text() == "answered"
    with page.expect_download() as download:
        page.click("#downloads a")
    saved = tmp_path / "answer.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
