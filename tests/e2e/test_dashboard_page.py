"""Ayşe's morning on the Dashboard: one call, then tomorrow's list from a CSV, watching the figures move."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from tests.e2e.conftest import sign_in
from tests.e2e.pages.dashboard import SETTLE_TIMEOUT_MS, DashboardPage
from tests.support.stack import Stack, running_stack
from voicedash.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)]

# The sandbox callee is chosen by the last digit: 1 confirms, 2 cancels, 0 leaves a voicemail.
CALLEES = "120"


def patient_number(index: int) -> tuple[str, str]:
    """(as the booking system wrote it, E.164) — three spellings of Turkish mobile numbers."""
    national = f"532{index:06d}{CALLEES[index % 3]}"
    spellings = [
        f"0{national[:3]} {national[3:6]} {national[6:8]} {national[8:]}",
        f"+90 {national[:3]} {national[3:6]} {national[6:]}",
        f"0{national}",
    ]
    return spellings[index % 3], f"+90{national}"


def appointments_csv(tmp_path: Path) -> tuple[Path, int]:
    """20 patients in Excel's Turkish CSV dialect; rows 5, 9 and 14 are bad. Returns the file and the
    number of calls that will be confirmed."""
    lines = ["Ad Soyad;Telefon;Randevu;Doktor"]
    confirmed = 0
    good = 0
    for row in range(1, 21):
        name = f'"Hasta {row}; Yılmaz"'  # a quoted cell holding the delimiter
        if row == 5:
            phone = ""  # no number
        elif row == 9:
            phone = "abc"  # not a number
        elif row == 14:
            phone = patient_number(0)[0]  # row 1's number again
        else:
            phone, e164 = patient_number(good)
            confirmed += e164.endswith("1")
            good += 1
        lines.append(f'{name};{phone};"05.12.2026 10:{row:02d}";Dr. Öz')
    path = tmp_path / "yarin-randevular.csv"
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode())
    return path, confirmed


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test its own empty SQLite database (not the module's shared one): the figures it checks are
    today's, and a call or batch of another test would be counted in them and shown among its batches."""
    assert request.param == "sqlite"
    return f"sqlite+aiosqlite:///{tmp_path / 'voicedash.db'}"


@pytest.fixture
async def stack(database_url: str) -> AsyncIterator[Stack]:
    # Fast pacing so a list of 17 is started in well under a second; short calls.
    async with running_stack(
        database_url, time_scale=0.02, default_region="TR", calls_per_second=30
    ) as running:
        yield running


@pytest.fixture
async def dashboard(stack: Stack, page: Page) -> DashboardPage:
    await sign_in(page, stack)
    dashboard = DashboardPage(page, stack.app_url)
    await dashboard.open()
    return dashboard


async def test_one_call_goes_live_to_confirmed(dashboard: DashboardPage) -> None:
    await dashboard.expect_figure("calls", "0")
    await dashboard.call("+1 415 555 0101")

    row = dashboard.live_row("+1 415 555 0101")
    await expect(row).to_be_visible()
    await expect(row).to_have_attribute("data-outcome", "confirmed", timeout=SETTLE_TIMEOUT_MS)
    await expect(dashboard.live.get_by_test_id("live-recent")).to_contain_text("+1 415 555 0101")
    await dashboard.expect_figure("calls", "1")
    await dashboard.expect_figure("confirmed", "1")
    await dashboard.expect_figure("answer_rate", "100%")
    # The keypress and the decision it led to are one line of the feed.
    pressed = dashboard.feed.get_by_test_id("feed-item").filter(has_text="pressed 1")
    await expect(pressed).to_have_count(1)
    await expect(pressed).to_contain_text("Confirmed")
    await dashboard.screenshot("dashboard-page-one-call")


async def test_a_csv_of_twenty_is_checked_started_and_followed(
    dashboard: DashboardPage, tmp_path: Path
) -> None:
    csv_file, confirmed = appointments_csv(tmp_path)
    await dashboard.upload(csv_file)

    # The header was recognised and the phone column preselected by its name.
    await expect(dashboard.page.get_by_label("Column with the phone number")).to_have_value("1")
    await expect(dashboard.page.get_by_test_id("batch-file-name")).to_contain_text("20 rows")
    await dashboard.expect_checked()
    await expect(dashboard.summary).to_contain_text("17 will be called, 3 rejected")
    for reason in (
        "Row 5 has no number",
        "Row 9 is not a valid phone number",
        "Row 14 is the same number as row 1",
    ):
        await expect(dashboard.summary).to_contain_text(reason)
    await expect(dashboard.preview_rows).to_have_count(20)
    await expect(dashboard.preview_row(5)).to_have_attribute("data-code", "MISSING_NUMBER")
    await expect(dashboard.preview_row(1)).to_contain_text("Will call +90 532 000 00 01")
    await expect(dashboard.preview_row(1)).to_contain_text("Hasta 1; Yılmaz")
    await expect(dashboard.start_button()).to_have_text("Start 17 calls")
    await dashboard.screenshot("dashboard-page-csv-preview")

    panel = await dashboard.start_batch()
    await expect(panel).to_be_focused()
    await expect(panel).to_have_attribute("data-status", "complete", timeout=SETTLE_TIMEOUT_MS)
    await expect(dashboard.count(panel, "started")).to_have_text("17")
    await expect(dashboard.count(panel, "failed")).to_have_text("0")
    await expect(dashboard.count(panel, "remaining")).to_have_text("0")
    await expect(panel.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "17")
    await panel.get_by_text("Rows of the list not called: 3").click()
    await expect(panel.get_by_test_id("batch-rejected")).to_contain_text("Row 9 is not a valid phone number")

    await dashboard.expect_figure("calls", "17")
    await dashboard.expect_figure("confirmed", str(confirmed))
    await expect(dashboard.live.get_by_test_id("live-empty")).to_be_visible(timeout=SETTLE_TIMEOUT_MS)
    await dashboard.screenshot("dashboard-page-batch-complete")

    # After a reload the finished batch is still reported until it is hidden.
    await dashboard.reload()
    panel = dashboard.progress()
    await expect(panel).to_have_attribute("data-status", "complete")
    await expect(dashboard.count(panel, "started")).to_have_text("17")
    await panel.get_by_role("button", name="Hide").click()
    await expect(dashboard.page.get_by_test_id("batch-progress")).to_have_count(0)


async def test_pasted_lists_and_spreadsheet_cells_are_read_row_by_row(
    dashboard: DashboardPage, tmp_path: Path
) -> None:
    await dashboard.paste("0532 000 00 01, 0532 000 00 12;+90 532 000 00 20\n\n05320000031\n")
    assert await dashboard.preview_inputs() == [
        "0532 000 00 01",
        "0532 000 00 12",
        "+90 532 000 00 20",
        "05320000031",
    ]
    await dashboard.expect_checked()
    await expect(dashboard.summary).to_contain_text("4 will be called")

    # Cells pasted from a spreadsheet: a heading row, the number in the second column.
    await dashboard.paste("Name\tGSM\nAli\t0532 000 00 41\nVeli\t\n")
    await expect(dashboard.page.get_by_label("Column with the phone number")).to_have_value("1")
    assert await dashboard.preview_inputs() == ["0532 000 00 41", "(empty)"]
    await dashboard.expect_checked()
    await expect(dashboard.summary).to_contain_text("1 will be called, 1 rejected: Row 2 has no number")

    # A comma CSV in the Windows Turkish code page, quoted line break, no header: the column is guessed.
    legacy = tmp_path / "liste.csv"
    legacy.write_bytes('"Gül\nŞen",05320000051\r\nİpek,05320000062\r\n'.encode("cp1254"))
    await dashboard.page.get_by_role("button", name="Clear").click()
    await dashboard.upload(legacy)
    inputs = dashboard.preview_rows.locator(".preview__input")
    await expect(inputs).to_have_text(["05320000051", "05320000062"])
    await expect(dashboard.page.get_by_label("The first row holds column names")).not_to_be_checked()
    await expect(dashboard.preview_row(1)).to_contain_text("Gül")
    await expect(dashboard.preview_row(2)).to_contain_text("İpek")
    await dashboard.choose_column(0)
    await dashboard.expect_checked()
    await expect(dashboard.summary).to_contain_text("0 will be called, 2 rejected")
    await expect(dashboard.start_button()).to_be_disabled()

    # Excel's "Unicode text": UTF-16 with a BOM, tab-separated.
    unicode_text = tmp_path / "liste.txt"
    unicode_text.write_bytes("Ad\tTelefon\r\nAyşe\t0532 000 00 71\r\n".encode("utf-16"))
    await dashboard.page.get_by_role("button", name="Clear").click()
    await dashboard.upload(unicode_text)
    await expect(dashboard.preview_rows.locator(".preview__input")).to_have_text(["0532 000 00 71"])
    await expect(dashboard.preview_row(1)).to_contain_text("Ayşe")


async def test_a_running_batch_survives_a_reload_and_can_be_cancelled(database_url: str, page: Page) -> None:
    # One call a second, so most of the list is still waiting when it is cancelled.
    async with running_stack(database_url, time_scale=0.02, default_region="TR", calls_per_second=1) as stack:
        await sign_in(page, stack)
        dashboard = DashboardPage(page, stack.app_url)
        await dashboard.open()
        await dashboard.paste("\n".join(patient_number(index)[0] for index in range(12)))
        await dashboard.expect_checked()
        panel = await dashboard.start_batch()
        await expect(panel).to_have_attribute("data-status", "running")
        await expect(dashboard.count(panel, "started")).not_to_have_text("0", timeout=SETTLE_TIMEOUT_MS)

        await dashboard.reload()
        panel = dashboard.progress()
        await expect(panel).to_have_attribute("data-status", "running")
        await panel.get_by_role("button", name="Cancel the rest").click()
        await panel.get_by_role("button", name="Yes, stop them").click()
        await expect(panel).to_have_attribute("data-status", "cancelled", timeout=SETTLE_TIMEOUT_MS)
        started = int(await dashboard.count(panel, "started").inner_text())
        not_called = int(await dashboard.count(panel, "cancelled").inner_text())
        assert 0 < started < 12
        assert started + not_called == 12
        await dashboard.screenshot("dashboard-page-batch-cancelled")


async def test_a_viewer_follows_a_batch_someone_else_started(database_url: str, page: Page) -> None:
    async with running_stack(database_url, time_scale=0.02, default_region="TR", calls_per_second=1) as stack:
        numbers = [patient_number(index)[0] for index in range(6)]
        started = await stack.http.post("/api/calls/start-bulk", json={"numbers": numbers})
        assert started.status_code == 202, started.text
        await stack.create_user("reception", "a viewer's long password", Role.viewer)
        response = await page.context.request.post(
            f"{stack.app_url}/api/auth/login",
            data={"username": "reception", "password": "a viewer's long password"},
            headers={"Origin": stack.app_url},
        )
        assert response.status == 200, await response.text()

        dashboard = DashboardPage(page, stack.app_url)
        await dashboard.open()
        await expect(page.get_by_test_id("viewer-note")).to_be_visible()
        await expect(page.get_by_label("Phone number")).to_have_count(0)
        await expect(dashboard.batch).to_have_count(0)
        # Found on the server (this browser never started it), and followed live to its end.
        panel = dashboard.progress()
        await expect(panel).to_have_attribute("data-status", "running")
        await expect(panel.get_by_role("button", name="Cancel the rest")).to_have_count(0)
        await expect(panel).to_have_attribute("data-status", "complete", timeout=SETTLE_TIMEOUT_MS)
        await expect(dashboard.count(panel, "started")).to_have_text("6")
        await dashboard.screenshot("dashboard-page-viewer")


async def test_a_list_longer_than_allowed_says_its_rows_were_not_checked(stack: Stack, page: Page) -> None:
    before = stack.settings.bulk_max_numbers
    stack.settings.bulk_max_numbers = 2  # read by the page when it loads
    try:
        await sign_in(page, stack)
        dashboard = DashboardPage(page, stack.app_url)
        await dashboard.open()
        await dashboard.paste("0532 000 00 01\n0532 000 00 11\n0532 000 00 21\n")
        rows = page.get_by_test_id("preview-row")
        await expect(rows).to_have_count(3)
        for row in await rows.all():
            await expect(row).to_have_attribute("data-verdict", "unchecked")
            await expect(row).to_contain_text("Not checked")
        await expect(dashboard.start_button()).to_be_disabled()
    finally:
        stack.settings.bulk_max_numbers = before
