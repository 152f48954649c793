"""Fuzzing the batch: random byte and Unicode mutations of real documents from ../shared/data,
a few hundred per run with a fixed seed, in one `ingest` run between good documents.

Whatever the mutation, the batch must end, and every input file must end as a stored
document or a typed row (never lost, never a crash), with the usual checks of
`robust_harness.check_run`.
"""

from __future__ import annotations

import gzip
import json
import os
import random
from collections import Counter
from itertools import islice
from pathlib import Path

import pytest
from conftest import shared_path
from robust_harness import check_run, copy_db, good_text, query, run_ingest, snapshot

from pipeline.document import Document, storable_path
from pipeline.ingest import read_path

SEED = 19
COUNTS = {"jsonl": 120, "text": 110, "html": 50}  # mutants per source kind
# Code points that have broken or could break a reader: lone surrogates (only through JSON
# escapes or invalid UTF-8 bytes), bidi controls, NUL, BOM, non-characters, combining marks,
# line separators, astral characters.
ODD_CHARS = ["\u202e", "\u2066", "\u200f", "\x00", "\ufeff", "\uffff", "\u0301" * 40, "\u2028",
             "\r", "\U0001f600", "\U000e0041", "\u00a0" * 10, "\t" * 50]
ODD_BYTES = [b"\xff\xfe", b"\xed\xa0\x80", b"\xc3", b"\x00" * 8, b"\x1f\x8b", b"<div>" * 300,
             b"<!--", b"<a" * 500, b"\xe2\x80\xae", b"---\n", b"\n\n\n", b"&#xD800;"]


def mutate_bytes(raw: bytes, rng: random.Random) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 6)):
        if not data:
            break
        at = rng.randrange(len(data))
        choice = rng.random()
        if choice < 0.25:
            data[at] = rng.randrange(256)  # flip a byte
        elif choice < 0.45:
            data[at:at] = rng.choice(ODD_BYTES)
        elif choice < 0.6:
            del data[at:at + rng.randint(1, 200)]
        elif choice < 0.75:
            end = min(len(data), at + rng.randint(1, 400))
            data[at:at] = data[at:end] * rng.randint(2, 20)  # repeat a stretch
        elif choice < 0.85:
            del data[at:]  # cut short
        else:
            data[at:at] = rng.randbytes(rng.randint(1, 64))
    return bytes(data)


def mutate_text(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(chars) + 1)
        chars[at:at] = rng.choice(ODD_CHARS + ["\ud800", "\udfff", "\udc80"])
    return "".join(chars)


def mutants(folder: Path, rng: random.Random) -> list[Path]:
    """Mutated copies of shared documents, written under `folder` (never into the repo)."""
    made: list[Path] = []
    reuters = shared_path("data", "reuters21578.jsonl")
    with reuters.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in islice(lines, 400)]
    for n in range(COUNTS["jsonl"]):
        record = dict(rng.choice(records))
        if n % 2:
            for key in rng.sample(sorted(record), k=min(2, len(record))):
                if isinstance(record[key], str) and record[key]:
                    record[key] = mutate_text(record[key], rng)
            raw = json.dumps(record).encode()  # ASCII escapes carry surrogates as \udXXX
        else:
            raw = mutate_bytes(json.dumps(record, ensure_ascii=False).encode(), rng)
        made.append(_write(folder / f"m-{n:03d}-reuters.jsonl", raw))
    notices = sorted(shared_path("data", "notices-dev", "docs").glob("*.txt"))
    for n in range(COUNTS["text"]):
        source = rng.choice(notices)
        text = source.read_text(encoding="utf-8")[:3000]
        raw = (mutate_text(text, rng).encode("utf-8", "surrogatepass") if n % 2
               else mutate_bytes(text.encode(), rng))
        name = f"m-{n:03d}-{source.stem}"
        if n % 17 == 0:  # a hostile file name now and then
            name += rng.choice(["-\u202etxt", "-caf\udce9", "-\u2067x\u2069"])
        target = _write(folder / f"{name}.txt", raw)
        sidecar = source.with_name(f"{source.stem}.meta.json")
        if sidecar.exists() and n % 3 == 0:
            _write(folder / f"{name}.meta.json", mutate_bytes(sidecar.read_bytes(), rng))
        made.append(target)
    pages = sorted(shared_path("data", "article-extraction-benchmark", "html").glob("*.gz"))
    for n in range(COUNTS["html"]):
        page = gzip.decompress(rng.choice(pages).read_bytes())[:20_000] + b"</body></html>"
        made.append(_write(folder / f"m-{n:03d}-page.html", mutate_bytes(page, rng)))
    return made


def _write(path: Path, raw: bytes) -> Path:
    with open(os.fsencode(path), "wb") as handle:  # surrogate-escaped names: their bytes
        handle.write(raw)
    return path


@pytest.mark.slow
def test_fuzzed_documents_never_crash_the_batch_or_go_missing(tmp_path):
    rng = random.Random(SEED)
    inputs = tmp_path / "in"
    inputs.mkdir()
    earlier_folder = tmp_path / "earlier"
    earlier_folder.mkdir()
    (earlier_folder / "earlier.txt").write_text(good_text("earlier fuzz"))
    db = tmp_path / "fuzz.db"
    assert run_ingest(db, [earlier_folder]).ok
    earlier = snapshot(db)
    copy_db(db, tmp_path / "before.db")
    goods = ["a-good-fuzz.txt", "z-good-fuzz.txt"]
    for name in goods:
        (inputs / name).write_text(good_text(name))
    made = mutants(inputs, rng)
    assert len(made) == sum(COUNTS.values())

    run = run_ingest(db, [inputs], timeout=900)
    check_run(run, db, earlier, goods)
    documents = Counter(storable_path(s) for (s,) in query(db, "select source from documents"))
    errors: dict[str, set[str]] = {}
    for path, error_type in query(db, "select path, error_type from ingest_errors"
                                      " where severity = 'error'"):
        errors.setdefault(path, set()).add(error_type)
    ids = {i for (i,) in query(db, "select id from documents")}
    # A file with neither a document nor a row of its own must hold only texts stored from
    # another file (a mutation elsewhere than the text leaves a duplicate: 'unchanged').
    unaccounted = [p for p in made if storable_path(p) not in documents
                   and storable_path(p) not in errors]
    lost = [p for p in unaccounted
            if not all(isinstance(item, Document) and item.id in ids
                       for item in read_path(p))]
    assert not lost, lost[:10]
    kinds = Counter(t for types in errors.values() for t in types)
    stored = sum(1 for p in made if storable_path(p) in documents)
    print(f"fuzz: {len(made)} mutants (seed {SEED}): {stored} stored as documents, "
          f"{len(unaccounted)} duplicates of stored texts, "
          f"{len(made) - stored - len(unaccounted)} error rows only; "
          f"types {dict(kinds.most_common())}; "
          f"{run.seconds:.0f} s, peak RSS {run.peak_rss_mb:.0f} MB")
    # The fuzz reaches both outcomes: a fuzzer that only breaks files tests too little.
    assert stored > len(made) // 3 and kinds
