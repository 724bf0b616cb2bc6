"""The admin pages in a real Chromium: log in, change the password, pick an organisation,
read its profile with citations and highlighted gaps, switch to English."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI

from tests.e2e.conftest import Account, make_account
from tests.services import chromium
from tvarka.app import create_app
from tvarka.runtime import Runtime

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """The app on a free port of 127.0.0.1 in a thread, for as long as the block runs."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        instance.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def server(loaded: Runtime) -> Iterator[str]:
    with serving(create_app(loaded)) as url:
        yield url


@pytest.fixture
def page(tmp_path: Path):
    executable = chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser.new_page()
        browser.close()


def first_login(page, url: str, account: Account) -> None:
    """Log in with the issued password and choose a new one, as the first login asks."""
    page.goto(url)
    page.fill("#email", account.email)
    page.fill("#password", account.password)
    page.click("main button[type=submit]")
    page.fill("#current_password", account.password)
    page.fill("#new_password", account.password + "-mine")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_dpo_reads_the_profile_with_citations_and_gaps(
    server: str, page, loaded: Runtime, tmp_path: Path
) -> None:
    account = make_account(loaded, "it-sales", "owner")
    page.goto(server + "/")
    assert page.url.endswith("/login")
    assert page.locator("h1").inner_text() == "Prisijungti"  # Lithuanian by default

    page.fill("#email", account.email)
    page.fill("#password", "wrong-password")
    page.click("main button[type=submit]")
    assert "neteisingas" in page.locator(".error").inner_text()

    page.fill("#email", account.email)
    page.fill("#password", account.password)
    page.click("main button[type=submit]")
    assert page.url.endswith("/password")  # the issued password must be changed first
    page.fill("#current_password", account.password)
    page.fill("#new_password", account.password + "-mine")
    page.click("main button[type=submit]")

    page.wait_for_load_state()
    assert page.url == server + "/org/it-sales"
    assert "SIA IT Sales" in page.locator("h1").inner_text()
    identity = page.locator("#identity").inner_text()
    assert "000 §" in identity  # every value shows its citation
    gaps = page.locator("#identity [data-gap]")
    assert gaps.count() >= 2  # no company code, obfuscated e-mail
    assert page.locator("#identity [data-gap=damaged]").count() >= 1
    assert "Valstybinė duomenų apsaugos inspekcija" in page.locator("#authority").inner_text()
    assert page.locator("#settings tr.gap").count() >= 1
    page.screenshot(path=str(tmp_path / "profile-lt.png"), full_page=True)

    page.click("#lang-switch")
    assert page.locator("h2").first.inner_text() == "Where the documents are silent or damaged" \
        or page.locator("#identity").is_visible()
    assert page.get_by_role("heading", name="Identity and contacts").is_visible()
    page.goto(server + "/org/it-sales")  # the choice sticks
    assert page.get_by_role("heading", name="Supervisory authority").is_visible()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_staff_record_the_persons_reply_to_a_clarification_in_the_browser(
    server: str, page, loaded: Runtime, tmp_path: Path
) -> None:
    import datetime as dt

    from tests import people
    from tvarka.domain.legal_time.calendar import VILNIUS
    from tvarka.services import requests
    from tvarka.services.actor import SYSTEM
    from tvarka.services.requests import IdentityCheck, NewRequest
    from tvarka.services.requests.clarification import ask

    made = requests.submit(loaded.uow(), loaded.data_key, SYSTEM, "it-sales", NewRequest(
        right="access", channel="email", received_at=dt.date.today().isoformat(),
        name="Ona Testaitė", email=people.email("subject"), text="my purchases",
        identity=IdentityCheck("one_time_code_known_address"), language="en"))
    ask(loaded.uow(), loaded, SYSTEM, "it-sales", made.public_id, "scope",
        ["Which shop do you mean?"])
    account = make_account(loaded, "it-sales", "owner")
    first_login(page, server + "/login?lang=en", account)

    page.goto(f"{server}/org/it-sales/requests/{made.public_id}")
    assert "clock paused" in page.locator("#status").inner_text()
    just_now = dt.datetime.now(VILNIUS).replace(microsecond=0) + dt.timedelta(seconds=1)
    page.fill("#received", just_now.replace(tzinfo=None).isoformat())
    page.fill("#reply-text", "The shop in Kaunas.")
    page.click("#reply-form button[type=submit]")
    page.wait_for_load_state()
    assert "The shop in Kaunas." in page.locator("#replies").inner_text()
    assert "clock paused" not in page.locator("#status").inner_text()
    assert page.locator("#reply-form").count() == 0
    page.screenshot(path=str(tmp_path / "reply-recorded.png"), full_page=True)
