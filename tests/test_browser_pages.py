"""The timeline pages at a phone's width and a desktop's, in Debian's Chromium (see
test_browser.py for the set-up): the filter form, folded statements, the document page's
event card, Datasette's folded glossary and the visual TimelineJS page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from test_browser import ARTIFACTS, browser, serve  # noqa: F401 - `browser` is a fixture
from test_publish_data import build_db

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    yield from serve(build_db(tmp_path_factory.mktemp("pages") / "timeline.db", ferry=True))


def _page(browser, width: int):  # noqa: F811 - the fixture's value
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.console_errors = []  # type: ignore[attr-defined]
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    return context, page


def _overlap(a: dict, b: dict) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def test_filter_form_is_usable_at_390_px(browser, server):  # noqa: F811
    context, page = _page(browser, 390)
    page.goto(f"{server}/-/timeline")
    controls = page.locator(".dl-filters input:not([type=hidden]), .dl-filters select,"
                            " .dl-filters button")
    boxes = [controls.nth(i).bounding_box() for i in range(controls.count())]
    assert len(boxes) == 7
    for box in boxes:
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    fields = boxes[:-1]
    assert min(b["width"] for b in fields) >= 140  # no field cut to two letters
    assert not any(_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    page.screenshot(path=str(ARTIFACTS / "timeline-390.png"), full_page=True)
    context.close()


def test_folded_statements_expand(browser, server):  # noqa: F811
    context, page = _page(browser, 1280)
    page.goto(f"{server}/-/timeline")
    folded = page.locator(".dl-folded", has_text="Ferry timetable agreed")
    statement = folded.locator(".dl-statement").first
    assert not statement.is_visible()
    folded.locator("summary .dl-more").click()
    assert statement.is_visible()
    assert "according to" in folded.inner_text()
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_event_card_and_sentence_are_both_in_view_on_arrival(browser, server, width):  # noqa: F811
    context, page = _page(browser, width)
    page.goto(f"{server}/-/timeline?role=deadline&actor=NHSE")
    with page.expect_navigation():
        page.locator(".dl-event .dl-open").first.click()
    page.wait_for_timeout(300)
    card = page.locator("#dl-focus").bounding_box()
    evidence = page.locator("#evidence").bounding_box()
    for box in (card, evidence):
        assert box["y"] >= 0 and box["y"] + box["height"] <= 800
    assert not _overlap(card, evidence)
    assert page.locator("#dl-focus .dl-badge-deadline").is_visible()
    page.screenshot(path=str(ARTIFACTS / f"document-{width}.png"))
    context.close()


def test_column_glossary_is_collapsed(browser, server):  # noqa: F811
    context, page = _page(browser, 1280)
    page.goto(f"{server}/timeline/events")
    glossary = page.locator("details.dl-glossary")
    assert glossary.count() == 1 and not page.locator("dl.column-descriptions").is_visible()
    glossary.locator("summary").click()
    assert page.locator("dl.column-descriptions").is_visible()
    context.close()


def test_visual_timeline_draws_without_other_origins(browser, server):  # noqa: F811
    context, page = _page(browser, 1280)
    origins = []
    page.on("request", lambda r: origins.append(r.url.split("/")[2]))
    page.goto(f"{server}/-/timeline/visual")
    page.wait_for_selector(".tl-timeline .tl-slide", state="attached")
    assert page.locator(".tl-timenav .tl-timemarker").count() >= 3
    page.wait_for_timeout(500)
    assert page.locator(".tl-storyslider").bounding_box()["height"] >= 300  # slides not squeezed
    assert set(origins) == {server.split("/")[2]}
    # TimelineJS sets an empty `ontouchstart=" "` (an old iOS hover workaround) on touch
    # screens; the policy refuses that no-op and nothing else.
    assert not [e for e in page.console_errors if "inline event handler" not in e]
    page.screenshot(path=str(ARTIFACTS / "visual.png"))
    context.close()


_SPLIT_WORDS = """() => {
  const split = [];
  for (const li of document.querySelectorAll('ul.tight-bullets li')) {
    const walker = document.createTreeWalker(li, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1 && m[0].length < 16) split.push(m[0]);
      }
    }
  }
  return split;
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_facet_values_wrap_between_words(browser, server, width):  # noqa: F811
    context, page = _page(browser, width)
    page.goto(f"{server}/timeline/events?_facet=actor_id&_facet=content")
    assert page.locator("ul.tight-bullets li").count() >= 5
    assert page.evaluate(_SPLIT_WORDS) == []  # no "Auth|ority", no count split "1|0"
    context.close()


@pytest.mark.parametrize("path", ["/-/timeline", "/-/timeline/visual"])
def test_the_site_name_is_a_subtitle_in_the_heading(browser, server, path):  # noqa: F811
    context, page = _page(browser, 390)
    page.goto(f"{server}{path}")
    sizes = page.evaluate("""() => ['h1', 'h1 small'].map(s => parseFloat(
        getComputedStyle(document.querySelector(s)).fontSize))""")
    assert sizes[1] <= 0.6 * sizes[0], sizes
    context.close()
