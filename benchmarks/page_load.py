"""Median load time of `/-/timeline` for a database of N events (default 10,000).

Builds a synthetic database through `pipeline.store.Store.write` (records constructed here, no
NLP), serves it with `dateline serve` on 127.0.0.1 for the length of the run only, and times:
- `http`: the full HTML response of the page (server time + transfer), N runs;
- `browser`: Chromium's load event for the page (parse, CSS, JS), if Chromium is installed.

    .venv/bin/python benchmarks/page_load.py [--events 10000] [--runs 15] [--db PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.document import Document  # noqa: E402
from pipeline.extract import document_info  # noqa: E402
from pipeline.record import (  # noqa: E402
    Actor,
    AnalysisRecord,
    Event,
    EventDate,
    Mention,
    PipelineInfo,
    Span,
    Timex,
)
from pipeline.store import Store  # noqa: E402

ACTIONS = [("ask", "request"), ("tell", "instruction"), ("confirm", "confirmation"),
           ("deny", "denial"), ("publish", "action"), ("plan", "plan"), ("say", "statement")]
ROLES = ["occurred", "occurred", "deadline", "planned", "reported"]
EVENTS_PER_DOCUMENT = 20


def build(path: Path, events: int, seed: int = 7) -> None:
    """`events` events in documents of 20, spread over two years, 60 actors."""
    rng = random.Random(seed)
    actors = [(f"actor-{i}", f"Organisation {i}") for i in range(60)]
    store = Store(path)
    start = dt.date(2023, 1, 1)
    with store.db.atomic():
        for doc_index in range(events // EVENTS_PER_DOCUMENT):
            sentences = []
            for i in range(EVENTS_PER_DOCUMENT):
                a, b = rng.sample(actors, 2)
                action, _ = rng.choice(ACTIONS)
                sentences.append(f"{a[1]} will {action} {b[1]} about item {doc_index}-{i} "
                                 f"on day {rng.randint(1, 700)}.")
            text = " ".join(sentences)
            published = (start + dt.timedelta(days=doc_index % 700)).isoformat()
            document = Document(text=text, title=f"Synthetic notice {doc_index}",
                                publisher="Benchmark Wire", published=published,
                                url=f"https://bench.example/{doc_index}", kind="news",
                                source=f"bench-{doc_index}.txt")
            record = AnalysisRecord(pipeline=PipelineInfo("bench", "none"),
                                    document=document_info(document))
            used = {}
            offset = 0
            for i, sentence in enumerate(sentences):
                a_name = sentence.split(" will ")[0]
                a_id = "actor-" + a_name.split()[-1]
                b_name = sentence.split(" will ")[1].split(" about ")[0].split(" ", 1)[1]
                b_id = "actor-" + b_name.split()[-1]
                for actor_id, name in ((a_id, a_name), (b_id, b_name)):
                    used.setdefault(actor_id, Actor(actor_id, name, "organisation", [name]))
                used[a_id].mentions.append(Mention(offset, offset + len(a_name), a_name))
                day = start + dt.timedelta(days=rng.randint(0, 700))
                record.timexes.append(Timex(offset, offset + 5, sentence[:5], "DATE",
                                            day.isoformat(), [day.isoformat()] * 2))
                action, action_type = rng.choice(ACTIONS)
                record.events.append(Event(
                    id=f"e{i}", actor=a_id, action=action, action_type=action_type,
                    targets=[b_id], content=f"item {doc_index}-{i}", negated=rng.random() < 0.1,
                    modality="asserted",
                    date=EventDate(day.isoformat(), [day.isoformat()] * 2, rng.choice(ROLES),
                                   len(record.timexes) - 1),
                    attributed_to=None, quote=None,
                    sentence=Span(offset, offset + len(sentence), sentence)))
                offset += len(sentence) + 1
            record.actors = list(used.values())
            store.write(document, record)
    store.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def time_http(url: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        with urllib.request.urlopen(url, timeout=60) as response:
            body = response.read()
        times.append(time.perf_counter() - began)
        assert b"dl-event" in body
    return times


def time_browser(url: str, runs: int) -> list[float] | None:
    chromium = os.environ.get("DATELINE_CHROMIUM", "/usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(chromium).exists():
        return None
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        try:
            page = browser.new_page()
            for _ in range(runs):
                began = time.perf_counter()
                page.goto(url, wait_until="load", timeout=60000)
                times.append(time.perf_counter() - began)
        finally:
            browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--db", type=Path, default=REPO / "benchmarks" / "out" / "page_load.db")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    if args.rebuild or not args.db.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.db}{suffix}").unlink(missing_ok=True)
        began = time.perf_counter()
        build(args.db, args.events)
        print(f"built {args.db} in {time.perf_counter() - began:.1f}s", file=sys.stderr)
    store = Store(args.db)
    events = store.db["events"].count
    timeline_rows = store.db.execute("select count(*) from timeline").fetchone()[0]
    store.close()

    port = free_port()
    # A bounded lifetime: the server is killed when the run ends, and `timeout` kills it if
    # this script dies first.
    server = subprocess.Popen(
        ["timeout", "900", str(REPO / ".venv" / "bin" / "dateline"), "serve", str(args.db),
         "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/-/timeline"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url, timeout=30).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("server did not start") from None
                time.sleep(0.3)
        http = time_http(url, args.runs)
        filtered = time_http(url + "?actor=Organisation%207&role=deadline", args.runs)
        browser = time_browser(url, args.runs)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()

    result = {
        "events": events, "timeline_rows": timeline_rows, "runs": args.runs,
        "http_median_ms": round(statistics.median(http) * 1000, 1),
        "http_filtered_median_ms": round(statistics.median(filtered) * 1000, 1),
        "browser_load_median_ms": round(statistics.median(browser) * 1000, 1)
        if browser else None,
    }
    print(json.dumps(result, indent=2))
    out = REPO / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "page_load.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
