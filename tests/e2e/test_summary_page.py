"""The Summary page draws the calls made in the test: totals, today's bar, the heat map, the hours."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.async_api import Page, expect

from tests.e2e.conftest import make_calls, screenshot_path, sign_in
from tests.e2e.pages.summary import SummaryPage
from tests.support.stack import Stack

pytestmark = pytest.mark.browser


async def test_summary_shows_the_calls_made_today(fresh_stack: Stack, page: Page) -> None:
    # 1, 1, 2, 0 are answered (confirmed, confirmed, cancelled, voicemail); 3 busy and 4 no answer are not.
    await make_calls(fresh_stack, [1, 1, 2, 0, 3, 4])
    response = await fresh_stack.http.get("/api/calls/config")
    assert response.status_code == 200, response.text
    zone = ZoneInfo(response.json()["data"]["time_zone"])
    now = datetime.now(zone)
    today = now.date().isoformat()

    await sign_in(page, fresh_stack)
    summary = SummaryPage(page, fresh_stack.app_url)
    await summary.open()
    await expect(page.get_by_test_id("preset-30")).to_have_attribute("aria-pressed", "true")
    await expect(summary.total("calls")).to_have_text("6")
    await expect(summary.total("answered")).to_have_text("4")
    await expect(summary.total("not_reached")).to_have_text("2")
    await expect(summary.total("confirmed")).to_have_text("2")
    await expect(summary.total("answer_rate")).to_have_text("67%")

    await expect(summary.day_bar(today)).to_have_attribute("data-calls", "6")
    assert await summary.day_bar(today).locator("rect.bar--confirmed").count() == 1
    await expect(page.locator('[data-testid="day-bar"][data-calls="0"]')).to_have_count(29)
    await expect(summary.heat_day(today)).to_have_attribute("data-calls", "6")
    await expect(summary.hour_bars).to_have_count(24)
    this_hour = summary.page.locator(f'[data-testid="hour-bar"][data-hour="{now.hour}"]')
    await expect(this_hour).to_have_attribute("data-calls", "6")

    # Every chart is an image with a description, and its figures are there as a table too.
    await expect(summary.charts).to_have_count(3)
    for label in await summary.charts.evaluate_all("svgs => svgs.map(svg => svg.getAttribute('aria-label'))"):
        assert label and len(label) > 20, label
    daily = page.get_by_test_id("daily-chart")
    await daily.get_by_text("Show as a table").click()
    await expect(daily.get_by_role("row").filter(has_text="Confirmed")).to_have_count(1)  # the header row
    await page.screenshot(path=screenshot_path("summary-today"), full_page=True)

    # Another range: the last 7 days still hold today's calls; the URL keeps the choice.
    await summary.choose_preset("7")
    await expect(page.get_by_test_id("day-bar")).to_have_count(7)
    await expect(summary.day_bar(today)).to_have_attribute("data-calls", "6")
    await page.reload()
    await summary.wait_until_loaded()
    await expect(page.get_by_test_id("preset-7")).to_have_attribute("aria-pressed", "true")


async def test_a_range_one_report_refuses_shows_no_figures_of_another_range(
    fresh_stack: Stack, page: Page
) -> None:
    await make_calls(fresh_stack, [1])
    await sign_in(page, fresh_stack)
    summary = SummaryPage(page, fresh_stack.app_url)
    await summary.open()
    await expect(summary.total("calls")).to_have_text("1")
    # Totals accept a range of years; the daily figures at most 366 days.
    await summary.shell.open("#/summary?from=2024-01-01&to=2026-01-31")
    await expect(page.get_by_test_id("summary-error")).to_contain_text("366")
    await expect(page.get_by_test_id("total-calls")).to_have_count(0)
    await expect(page.get_by_test_id("daily-chart")).to_have_count(0)


async def test_a_start_date_after_the_end_date_is_refused_with_a_reason(
    fresh_stack: Stack, page: Page
) -> None:
    await sign_in(page, fresh_stack)
    summary = SummaryPage(page, fresh_stack.app_url)
    await summary.open("from=2026-11-01&to=2026-11-30")
    await page.locator('[data-testid="range-picker"] input[name="from"]').fill("2026-12-15")
    await expect(page.get_by_test_id("range-error")).to_contain_text("must not be after the end date")
    await expect(page).to_have_url(re.compile(r"from=2026-11-01"))
    await page.locator('[data-testid="range-picker"] input[name="from"]').fill("2026-11-10")
    await expect(page.get_by_test_id("range-error")).to_have_count(0)
    await expect(page).to_have_url(re.compile(r"from=2026-11-10"))
