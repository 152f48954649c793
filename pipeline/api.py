"""The Python API: `analyze(text_or_path, published=None, ...)`.

The CLI's `dateline analyze` is a thin layer over `analyze_documents`. Every document gets a
record; a document that cannot be read or extracted gets a record whose `errors` say why,
instead of an exception that would stop the batch.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline import __version__
from pipeline.document import Document, normalise_text
from pipeline.extract import document_info, extract
from pipeline.nlp import load_model, model_label, parse
from pipeline.record import AnalysisRecord, PipelineInfo

PathLike = str | Path


def _looks_like_path(value: PathLike) -> bool:
    if isinstance(value, Path):
        return True
    if "\n" in value or len(value) > 4096:
        return False
    try:
        return Path(value).exists()
    except OSError:
        return False


# One word with a folder separator or a file suffix ("notes/brief.txt", "story.html"): meant
# as a file, so a missing one is an error rather than a one-word text to analyse.
_PATH_SHAPED = re.compile(r"^\S*(/|\\)\S*$|^\S+\.[A-Za-z][A-Za-z0-9]{0,4}$")


def text_document(text: str, *, published: str | None = None,
                  kind: str | None = None) -> Document:
    """A text given directly (an argument, standard input) as a Document."""
    return Document(text=normalise_text(text), published=published,
                    published_source="argument" if published else None,
                    kind=kind or "news", source=None, reader="text")


def read_documents(text_or_path: PathLike, *, published: str | None = None,
                   kind: str | None = None, field_map: dict[str, str] | None = None,
                   allow_private_urls: bool = False,
                   ) -> Iterator[Document | AnalysisRecord]:
    """Documents from an http(s) URL, a path (file or directory) or a text given directly.

    A string naming a file that does not exist is an error record, not a text. A read
    failure is yielded as an error-only AnalysisRecord so callers can report it.
    """
    from pipeline.ingest import IngestError, iter_paths
    from pipeline.ingest.fetch import is_url, read_input

    if is_url(text_or_path):
        paths: Iterable[PathLike] = [str(text_or_path)]
    elif _looks_like_path(text_or_path):
        paths = iter_paths([text_or_path])
    elif _PATH_SHAPED.match(str(text_or_path).strip()):
        yield error_record(str(text_or_path), "read", "FileNotFound",
                           f"{text_or_path} does not exist")
        return
    else:
        yield text_document(str(text_or_path), published=published, kind=kind)
        return
    for path in paths:
        for item in read_input(path, published=published, kind=kind, field_map=field_map,
                               allow_private=allow_private_urls):
            if isinstance(item, IngestError):
                yield error_record(str(path), item.stage, item.error_type, item.message)
            else:
                yield item


def error_record(source: str, stage: str, error_type: str, message: str,
                 model: str = "") -> AnalysisRecord:
    """A record for a document that could not be read: empty text, the error listed."""
    document = Document(text="", source=source, kind="other")
    return AnalysisRecord(
        pipeline=PipelineInfo(version=__version__, model=model),
        document=document_info(document),
        errors=[{"stage": stage, "type": error_type, "message": message}],
    )


def analyze_documents(documents: Iterable[Document | AnalysisRecord], *, model: str | None = None,
                      registry_path: PathLike | None = None) -> Iterator[AnalysisRecord]:
    """Parse and extract each document; extraction failures become the record's errors."""
    nlp = load_model(model)
    label = model_label(nlp)
    registry = _load_registry(registry_path)
    for document in documents:
        if isinstance(document, AnalysisRecord):
            document.pipeline.model = label
            yield document
            continue
        try:
            doc = parse(nlp, document.text)
            record = extract(document, doc, model=label, registry=registry)
        except Exception as error:  # noqa: BLE001 - one bad document must not stop the rest
            record = AnalysisRecord(pipeline=PipelineInfo(version=__version__, model=label),
                                    document=document_info(document))
            record.errors.append({
                "stage": "extract", "type": type(error).__name__, "message": str(error),
                "trace": traceback.format_exc(limit=3),
            })
        yield record


def _load_registry(registry_path: PathLike | None):
    from pipeline.extract.registry import load_registry

    return load_registry(registry_path)


def analyze(text_or_path: PathLike, published: str | None = None, *, model: str | None = None,
            kind: str | None = None, registry: PathLike | None = None,
            field_map: dict[str, str] | None = None) -> AnalysisRecord:
    """Analyse one text or file and return its analysis record.

    For a file holding several documents (an article with reader comments, a feed), the first
    document's record is returned; use `analyze_all` for every record.
    """
    records = analyze_all(text_or_path, published, model=model, kind=kind, registry=registry,
                          field_map=field_map)
    if not records:
        return error_record(str(text_or_path), "read", "NoDocument",
                            "the input held no document")
    return records[0]


def analyze_all(text_or_path: PathLike, published: str | None = None, *, model: str | None = None,
                kind: str | None = None, registry: PathLike | None = None,
                field_map: dict[str, str] | None = None) -> list[AnalysisRecord]:
    """Every document's record, in reading order (an article before its comments)."""
    documents = read_documents(text_or_path, published=published, kind=kind, field_map=field_map)
    return list(analyze_documents(documents, model=model, registry_path=registry))
