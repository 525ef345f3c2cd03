"""A Rich progress bar for commands that work through articles: done, rate, elapsed and (when the number
of articles can be told cheaply) ETA, on stderr."""
from __future__ import annotations


def article_progress(label: str, inputs):
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)
    from rich.text import Text

    from ..ingest import estimate_count

    class RateColumn(ProgressColumn):
        def render(self, task) -> Text:
            return Text(f"{task.speed:.1f} articles/s" if task.speed else "? articles/s")

    progress = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), RateColumn(), TimeElapsedColumn(),
                        TextColumn("ETA"), TimeRemainingColumn(), console=Console(stderr=True))
    progress.add_task(label, total=estimate_count(inputs))
    return progress
