"""Helpers of the widget tests: its parts as locators, typing like a person, a clean console, axe."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import Watched

expect: Any = pytest.importorskip("playwright.sync_api").expect


def widget_input(page: Any) -> Any:
    return page.locator("course-search").get_by_role("combobox")


def listbox(page: Any) -> Any:
    return page.locator("course-search [role=listbox]")


def results(page: Any) -> Any:
    return page.locator("course-search [role=option].res")


def search(page: Any, text: str) -> Any:
    """Type like a person (so the debounce runs) and wait for the listbox."""
    box = widget_input(page)
    expect(box).to_be_visible()
    box.click()
    box.press_sequentially(text, delay=30)
    expect(box).to_have_attribute("aria-expanded", "true")
    return box


def active_id(page: Any) -> str | None:
    value: str | None = widget_input(page).get_attribute("aria-activedescendant")
    return value


def assert_clean(seen: Watched) -> None:
    assert not seen.csp, "CSP violations:\n" + "\n".join(seen.csp)
    assert not seen.errors, "page errors:\n" + "\n".join(seen.errors)
    assert not seen.dialogs, "dialogs opened:\n" + "\n".join(seen.dialogs)


def axe_violations(page: Any) -> None:
    """Run axe-core (every rule, best practices included); print the report on failure."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page)
    if found.violations_count:
        print(found.generate_report())
    assert found.violations_count == 0, found.generate_snapshot()
