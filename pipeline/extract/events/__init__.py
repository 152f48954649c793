"""Events: who did, said, asked or promised what, to whom, when, and on whose word.

    find_events(doc, actors, timexes, published) -> (list[Event], list[Attribution])

One event per clause (a verb with its dependents) when
- its agent is an actor (the subject, or the "by" agent of a passive), or
- it is a passive of a known action with no agent ("was rolled out in March": actor null), or
- it governs a time expression (a dated happening, whoever the agent is), or
- it is the cue of an attribution (every quote or reported statement is a speech event).

Non-finite complements of speech and request verbs ("asked practices *to take action*") are the
content of that event, not events of their own. Lemmas map to action types through
`resources/verbs.yaml`. A time expression attaches to the nearest event verb above it in the
dependency tree and never to an event of another sentence. Events inside reported content get
`attributed_to` = the speaker. Mentions of one event in a document are merged.
"""

from pipeline.extract.events.draft import article_end
from pipeline.extract.events.find import find_events

__all__ = ["find_events", "article_end"]
