"""End to end: the seed article through `pipeline.analyze`, the store and the published
timeline. Skips (with the reason) while the extractors yield no events for it."""

from __future__ import annotations

import asyncio

import pytest
from jsonschema import Draft202012Validator

from pipeline.document import Document
from pipeline.publish.compat import make_datasette
from pipeline.publish.formats import timelinejs_schema
from pipeline.store import Store


def test_seed_article_reaches_the_timeline_page(tmp_path, seed_path):
    from pipeline.api import analyze

    record = analyze(seed_path, published="2024-07-01")
    if not record.events:
        pytest.skip("the extract stage yields no events for the seed yet")
    info = record.document
    document = Document(text=info.text, title=info.title, url=info.url, publisher=info.publisher,
                        author=info.author, published=info.published,
                        published_source=info.published_source, kind=info.kind,
                        source=info.source, parent_id=info.parent_id)
    store = Store(tmp_path / "timeline.db")
    store.write(document, record)
    store.close()

    ds = make_datasette([tmp_path / "timeline.db"])

    async def fetch():
        rows = (await ds.client.get("/timeline/timeline.json?_shape=array&_size=max")).json()
        page = await ds.client.get("/-/timeline?size=1000")
        tl = await ds.client.get("/timeline/timeline.timelinejs?_size=max")
        return rows, page, tl

    rows, page, timelinejs = asyncio.run(fetch())
    assert rows, "events were extracted but none reached the timeline view"
    for row in rows:
        assert row["sentence"] and row["sentence"] in info.text
    assert page.status_code == 200
    assert page.text.count('data-event-id=') == len(rows)
    Draft202012Validator(timelinejs_schema()).validate(timelinejs.json())
