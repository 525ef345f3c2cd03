"""Progress on stderr for long work: articles done (with rate and ETA), and the gazetteer's one-time build.
Shown only on a terminal: piped, stderr holds the EWxxx lines alone."""
from __future__ import annotations

import sqlite3

import click

from ..errors import message


def article_progress(inputs, verb: str):
    """A bar for `verb` ("extracting", "ingesting"): articles done, rate and (when the total can be told
    cheaply) ETA. Start and stop it (or use it as a context manager)."""
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)
    from rich.text import Text

    from ..ingest import estimate_count

    class RateColumn(ProgressColumn):
        def render(self, task) -> Text:
            return Text(f"{task.speed:.1f} articles/s" if task.speed else "? articles/s")

    progress = Progress(TextColumn(verb), BarColumn(), MofNCompleteColumn(), RateColumn(), TimeElapsedColumn(),
                        TextColumn("ETA"), TimeRemainingColumn(), console=Console(stderr=True))
    progress.add_task(verb, total=estimate_count(inputs))
    return progress


def say(progress, line: str) -> None:
    """One line on stderr, printed above the progress bar when there is one."""
    if progress is not None:
        progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
    else:
        click.echo(line, err=True)


def ready_gazetteer(*, show: bool) -> None:
    """Build the place gazetteer now if it is missing or stale (the first run: 15-60 s), with a progress bar
    when `show`; otherwise it is built silently on first use, as before."""
    from ..places import build

    if not show or build.is_current():
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    with Progress(TextColumn("building the place gazetteer (first run only): {task.fields[step]:<10}"), BarColumn(),
                  MofNCompleteColumn(), TextColumn("steps"), TimeElapsedColumn(), TextColumn("ETA"),
                  TimeRemainingColumn(), console=Console(stderr=True)) as bar:
        task = bar.add_task("gazetteer", total=len(build.BUILD_STEPS), step="")
        try:
            build.ensure(progress=lambda step, done, _total: bar.update(task, completed=done, step=step))
        except (OSError, sqlite3.Error, ValueError) as exc:  # as places.gazetteer() reports it
            raise click.ClickException(message("EW201", detail=exc)) from exc
