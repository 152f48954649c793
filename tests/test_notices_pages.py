"""Page dates: a UTC timestamp a day off the URL's day is the newsroom's day in the URL."""

from __future__ import annotations

from pipeline.ingest import read_path
from pipeline.ingest.dates import local_day, url_date

PAGE = """<html><head><title>Quillfeather ends Nimbus</title>
<link rel="canonical" href="https://news.example.org/2031/03/04/quillfeather-ends-nimbus/">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Quillfeather ends
Nimbus", "datePublished": "2031-03-05T02:34:30Z"}</script></head><body><article>
<h1>Quillfeather ends Nimbus</h1><p>Quillfeather Cloud said on Tuesday evening that it would
retire its Nimbus storage API at the end of June, giving customers four months to move their
data to the newer Cumulus service before the old endpoints stop answering requests.</p>
</article></body></html>"""


def test_utc_timestamp_a_day_after_the_url_day_is_the_url_day(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    document = next(iter(read_path(path)))
    assert document.published == "2031-03-04"
    assert "URL" in document.published_evidence


def test_local_day_only_explains_a_time_zone_shift():
    assert local_day("2031-03-05T02:34:30Z", "2031-03-04") == "2031-03-04"
    assert local_day("2031-03-04T22:10:00Z", "2031-03-05") == "2031-03-05"
    assert local_day("2031-03-05T15:00:00Z", "2031-03-04") is None  # afternoon: not a shift
    assert local_day("2031-03-07T02:00:00Z", "2031-03-04") is None  # days apart
    assert local_day("2031-03-05", "2031-03-04") is None  # no time: nothing to shift
    assert url_date("https://x.example/news/key-moments-2031-03-04/") == "2031-03-04"
