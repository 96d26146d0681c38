"""Helpers for driving the pages in headless Chromium."""

from __future__ import annotations

from playwright.sync_api import Browser, Page

from tests.web.servers import PASSWORD, output_dir


def new_page(browser: Browser, base_url: str, *, mobile: bool = False) -> Page:
    viewport = {"width": 390, "height": 844} if mobile else {"width": 1280, "height": 900}
    context = browser.new_context(base_url=base_url, viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def log_in(page: Page, username: str) -> None:
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/login" not in page.url, f"login as {username} failed"


def log_out(page: Page) -> None:
    page.click("form[action='/logout'] button")
    page.wait_for_url("**/login")


def screenshot(page: Page, name: str) -> None:
    page.screenshot(path=str(output_dir() / f"{name}.png"), full_page=True)


def act(page: Page, action: str, *, department: str | None = None, note: str | None = None) -> None:
    """Open an action's form on the ticket page, fill it, submit, and wait for the answer."""
    box = page.locator(f"details.action[data-action='{action}']")
    box.locator("summary").click()
    if department is not None:
        box.locator("select[name=department]").select_option(department)
    if note is not None:
        box.locator("textarea[name=note]").fill(note)
    with page.expect_navigation():
        box.locator("button[type=submit]").click()
    assert page.locator("#action-error").count() == 0, page.locator("#action-error").inner_text()
