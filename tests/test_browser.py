"""The timeline as a person uses it: Playwright driving Debian's Chromium against a live
Datasette on 127.0.0.1. A missing browser fails under CI=true and skips elsewhere
(`make browser` / scripts/install-browser.sh installs it)."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_publish_data import build_db

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("DATELINE_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _missing(message: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(db: Path) -> Iterator[str]:
    """Datasette with the plugin over `db`, in a thread, until the generator is closed."""
    import uvicorn

    from pipeline.publish.compat import make_datasette

    ds = make_datasette([db])
    port = _free_port()
    config = uvicorn.Config(ds.app(), host="127.0.0.1", port=port, log_level="warning",
                            lifespan="on")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """The seed-like database, for the module's lifetime only."""
    yield from serve(build_db(tmp_path_factory.mktemp("browser") / "timeline.db"))


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).exists():
        _missing(f"{CHROMIUM} missing: run scripts/install-browser.sh")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.dialogs = []  # type: ignore[attr-defined]
    page.console_errors = []  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    yield page
    context.close()


def _dates(page) -> list[str]:
    return page.locator(".dl-event").evaluate_all("els => els.map(e => e.dataset.date)")


def test_timeline_shows_events_in_date_order(page, server):
    page.goto(f"{server}/-/timeline")
    dates = _dates(page)
    assert len(dates) >= 8 and dates == sorted(dates)
    months = page.locator(".dl-month-label").all_inner_texts()
    assert months[:2] == ["June 2024", "July 2024"]
    assert page.get_by_text("week-end of 29–30 June 2024").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "timeline.png"), full_page=True)
    assert (ARTIFACTS / "timeline.png").stat().st_size > 10_000
    assert not [e for e in page.console_errors if "Content Security Policy" in e]


def test_actor_filter_narrows_the_timeline(page, server):
    page.goto(f"{server}/-/timeline")
    before = page.locator(".dl-event").count()
    page.fill("input[name=actor]", "NHSE")
    with page.expect_navigation():
        page.click(".dl-filters button[type=submit]")
    after = page.locator(".dl-event").count()
    assert 0 < after < before
    actors = page.locator(".dl-event .dl-actor").all_inner_texts()
    targets = page.locator(".dl-event .dl-targets").all_inner_texts()
    assert all(a == "NHS England" for a in actors) or any("NHS England" in t for t in targets)


def test_clicking_an_event_highlights_its_sentence(page, server):
    # TPP's statement is undated: asking for the `reported` role shows it as a card.
    page.goto(f"{server}/-/timeline?actor=TPP&action_type=statement&role=reported")
    card = page.locator(".dl-event").first
    sentence = card.locator(".dl-evidence").inner_text()
    with page.expect_navigation():
        card.locator(".dl-what").click()  # the card itself, not one of its links
    assert "/-/timeline/document" in page.url
    evidence = page.locator("mark.evidence")
    assert evidence.first.is_visible()
    assert "".join(evidence.all_inner_texts()).strip() == sentence.strip()
    assert page.locator("mark.evidence .quote").inner_text() == "not making this change"
    background = evidence.first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.evaluate("document.activeElement && document.activeElement.id") == "evidence"
    page.screenshot(path=str(ARTIFACTS / "document.png"), full_page=True)


HOSTILE_PATHS = ["/-/timeline", "/-/timeline?actor=mallory", "/timeline/timeline",
                 "/timeline/documents", "/timeline/actors", "/timeline/claims",
                 "/timeline/events?_labels=on"]


def test_a_malicious_document_fires_no_script(page, server):
    page.add_init_script("window.__xss = undefined;")
    for path in HOSTILE_PATHS:
        page.goto(server + path)
        page.mouse.move(5, 5)
        for element in page.locator("b, img, svg").all()[:20]:
            try:
                element.hover(timeout=1000)
            except Exception:  # noqa: BLE001 - invisible elements cannot be hovered; fine
                pass
        assert page.evaluate("window.__xss") is None, path
        assert page.locator('a[href^="javascript" i]').count() == 0, path
        assert "\u202e" not in page.content(), path
    # The hostile document's own page, reached the way a reader would.
    page.goto(f"{server}/-/timeline?actor=mallory")
    with page.expect_navigation():
        page.locator(".dl-event .dl-open").first.click()
    assert page.evaluate("window.__xss") is None
    assert page.locator("script:not([src])").evaluate_all(
        "els => els.every(e => !e.textContent.includes('__xss'))")
    assert "<script>window.__xss = 4</script>" in page.locator(".dl-text").inner_text()
    assert page.dialogs == []
    page.screenshot(path=str(ARTIFACTS / "hostile.png"), full_page=True)


def test_datasette_pages_work_under_the_content_security_policy(page, server):
    """The CSP allows Datasette's own inline scripts by hash: its SQL editor still starts."""
    page.goto(f"{server}/timeline")
    page.wait_for_selector(".CodeMirror, .cm-editor")  # CodeMirror 5 on 0.65, 6 on 1.0
    for path in ("/timeline/timeline", "/timeline/actor_timeline?actor=NHSE",
                 "/timeline/deadlines"):
        page.goto(server + path)
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
