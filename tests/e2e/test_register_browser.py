"""The register in a real Chromium: read, follow to the findings, edit an activity, delete one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.conftest import make_account
from tests.e2e.test_browser import first_login, page, server  # noqa: F401 - shared fixtures
from tvarka.runtime import Runtime

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_dpo_edits_the_register_and_reads_the_findings(
    server: str,  # noqa: F811
    page,  # noqa: F811
    loaded: Runtime,
    tmp_path: Path,
) -> None:
    account = make_account(loaded, "delano", "owner")
    first_login(page, server + "/login", account)

    page.click("#org-nav >> text=Duomenų tvarkymo veiklos įrašai")
    assert page.url.endswith("/org/delano/register")
    assert page.locator("section.activity").count() == 25
    assert "003 D-EMP2 12.3" in page.locator("#review").inner_text()
    page.screenshot(path=str(tmp_path / "register-lt.png"), full_page=False)

    page.click("#activity-video-surveillance >> text=Taisyti")
    data = json.loads(page.locator("#activity").input_value())
    data["retention"] = [
        {
            "anchor": "recorded",
            "anchor_label": "recording",
            "period": "30 calendar days",
            "action": "delete",
            "citation": "003 D-VIDEO L51",
        }
    ]
    page.fill("#activity", json.dumps(data, ensure_ascii=False, indent=2))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "/org/delano/register" in page.url
    assert "30 kalendorinių dienų" in page.locator("#activity-video-surveillance").inner_text()

    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#activity-car-park-security >> button.danger")
    page.wait_for_load_state()
    assert page.locator("#activity-car-park-security").count() == 0

    page.click("#org-nav >> text=Atitikties radiniai")
    codes = page.locator("#findings tr[data-code]")
    assert codes.count() > 10
    text = page.locator("#findings").inner_text()
    assert "FEE-ONCE-PER-YEAR" in text and "003 D-DSR 12.6" in text
    assert "ACTIVITY-QUESTIONABLE" not in text  # the car-park leftover was deleted
