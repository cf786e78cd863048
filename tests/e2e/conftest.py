"""Playwright driving Debian's Chromium against the served app."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, Page, async_playwright

from tests.conftest import skip_or_fail
from tests.support.stack import ADMIN_PASSWORD, ADMIN_USERNAME, Stack, running_stack
from voicedash.web import DIST

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        skip_or_fail("chromium is not installed (apt-get install chromium)")
    if not (DIST / "index.html").is_file():
        skip_or_fail("the front end is not built (make build)")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        await browser.close()


@pytest.fixture
async def page(browser: Browser) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # The Content-Security-Policy must not block anything the dashboard itself loads or runs.
    page.on(
        "console",
        lambda message: errors.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield page
    await context.close()
    assert not errors, f"the page raised: {errors}"


async def sign_in(page: Page, stack: Stack) -> None:
    """Sign the page's browser context in through the API (the login form has its own test)."""
    response = await page.context.request.post(
        f"{stack.app_url}/api/auth/login",
        data={"username": ADMIN_USERNAME, "password": ADMIN_PASSWORD},
        headers={"Origin": stack.app_url},
    )
    assert response.status == 200, await response.text()


def screenshot_path(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"{name}.png"


@pytest.fixture
async def fresh_stack(tmp_path: Path) -> AsyncIterator[Stack]:
    """A stack on its own empty SQLite database, for tests that count every call they see."""
    async with running_stack(f"sqlite+aiosqlite:///{tmp_path / 'voicedash.db'}") as running:
        yield running


def sandbox_number(index: int, last_digit: int) -> str:
    """A distinct US number whose last digit tells the sandbox how the callee behaves (see DESIGN.md)."""
    return f"+14155550{index % 100:02d}{last_digit}"


async def make_calls(stack: Stack, last_digits: Sequence[int]) -> list[dict[str, Any]]:
    """Start one call per digit and wait until each has its outcome; returns the calls, oldest first."""
    started = []
    for index, digit in enumerate(last_digits):
        response = await stack.start_call(sandbox_number(index, digit))
        assert response.status_code == 201, response.text
        started.append(response.json()["data"]["execution_sid"])
    calls = []
    for execution_sid in started:
        detail = await stack.wait_for(
            execution_sid,
            lambda d: d["call"]["outcome"] != "pending" and d["call"]["status"] not in ACTIVE_STATUSES,
        )
        calls.append(detail["call"])
    return calls


ACTIVE_STATUSES = {"queued", "initiated", "ringing", "in-progress"}
