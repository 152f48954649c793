"""Click options shared by several `dateline` commands, declared once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from pipeline.document import DOCUMENT_KINDS

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def _stack(*decorators: Decorator) -> Decorator:
    def apply(function: Callable[..., Any]) -> Callable[..., Any]:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return apply


document_options = _stack(
    click.option("--published",
                 help="Publication date (ISO) for every document; overrides metadata."),
    click.option("--kind", type=click.Choice(list(DOCUMENT_KINDS)),
                 help="Document kind; overrides detection."),
    click.option("--map", "field_map", multiple=True, metavar="FIELD=DOC_FIELD",
                 help="JSON lines field mapping, e.g. --map date=published."),
)

model_option = click.option("--model", help="spaCy model name or path (default: see README).")


def registry_option(*, must_exist: bool = True) -> Decorator:
    return click.option("--registry", type=click.Path(dir_okay=False, exists=must_exist),
                        help="Actor registry YAML file (default: the database's own).")


pipeline_option = click.option(
    "--pipeline", "pipeline_mode", type=click.Choice(["auto", "inline", "processes"]),
    default="auto", show_default=True,
    help="processes: spaCy in a child process, overlapped with extraction and writing here; "
         "inline: one process; auto: processes for inputs over ~200 KB (docs/scaling.md).")

summary_options = _stack(
    click.option("--quiet", is_flag=True, help="Plain log lines instead of a progress bar."),
    click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON."),
)
