"""The extract stage: a spaCy Doc and its Document in, an AnalysisRecord out.

Order matters: actors first (events need them as agents and targets), then time expressions,
then events and attributions, which attach dates and speakers.
"""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline import __version__
from pipeline.document import Document
from pipeline.record import AnalysisRecord, DocumentInfo, PipelineInfo


def document_info(document: Document) -> DocumentInfo:
    return DocumentInfo(
        id=document.id, kind=document.kind, title=document.title, url=document.url,
        publisher=document.publisher, author=document.author, published=document.published,
        published_source=document.published_source, text=document.text,
        parent_id=document.parent_id, source=document.source,
    )


def extract(document: Document, doc: Doc, *, model: str, registry=None) -> AnalysisRecord:
    """Run every extractor over one parsed document."""
    from pipeline.extract.actors import find_actors
    from pipeline.extract.events import find_events
    from pipeline.extract.timex import find_timexes

    record = AnalysisRecord(pipeline=PipelineInfo(version=__version__, model=model),
                            document=document_info(document))
    actors = find_actors(doc, registry=registry)
    timexes = find_timexes(doc, document.published)
    events, attributions = find_events(doc, actors, timexes, document.published)
    record.actors = actors.actors
    record.timexes = timexes
    record.events = events
    record.attributions = attributions
    return record
