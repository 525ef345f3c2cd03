"""`eventwire watch` and `eventwire sources add/list/remove`: follow live sources into the event database.

Thin: the polling, fetching and state live in eventwire.watch; this module parses arguments, opens the
store and prints one line per poll.
"""
from __future__ import annotations

import json
import os
import signal
import sys

import click

from ..errors import EventwireError
from . import cli
from .db_cmd import _open, db_option
from .extract_cmd import _quiet_parser_logs


def _duration(_ctx, param, value):
    from ..watch.sources import parse_duration

    if value is None:
        return None
    try:
        return parse_duration(value, minimum=0.0 if param is not None and param.name == "delay" else 1.0)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _sources_file_option(func):
    return click.option("--file", "sources_file", default="sources.toml", show_default=True, envvar="EVENTWIRE_SOURCES",
                        type=click.Path(dir_okay=False), metavar="FILE", help="The sources file (TOML).")(func)


@cli.command()
@click.argument("sources", nargs=-1)
@db_option
@_sources_file_option
@click.option("--every", default="10m", show_default=True, callback=_duration, metavar="DURATION",
              help="Poll interval for sources that set none (90s, 10m, 2h, 1d).")
@click.option("--once", is_flag=True, help="Poll each source once (sources backing off after failures wait) and exit.")
@click.option("--delay", default="1s", show_default=True, callback=_duration, metavar="DURATION",
              help="Pause between two requests to one host (robots.txt's Crawl-delay wins when longer).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True, metavar="SECONDS",
              help="Seconds to connect and between two reads; a whole response gets three times this.")
@click.option("--max-bytes", type=click.IntRange(min=1024), default=5 * 1024 * 1024, show_default=True, metavar="N",
              help="Largest page or feed read (after decompression).")
@click.option("--contact", envvar="EVENTWIRE_CONTACT", default=None, metavar="URL",
              help="A URL or e-mail address added to the User-Agent, so a site can reach whoever runs the watcher.")
@click.option("--triage/--no-triage", default=True, show_default=True,
              help="Store pages with no violence or protest vocabulary without running the extractor on them.")
@click.option("--quiet", "-q", is_flag=True, help="No line per poll.")
def watch(sources, db, sources_file, every, once, delay, timeout, max_bytes, contact, triage, quiet):
    """Follow RSS/Atom feeds, (news) sitemaps and local folders; store the events of every new page.

    SOURCES are feed or sitemap URLs, or folders; without any, those listed in the sources file. State
    (what was seen, when to poll next, failures) is kept in the database, so a restart resumes.

    Example:

    \b
        eventwire watch https://news.example/rss.xml ./inbox --db events.db --every 15m
    """
    from ..watch import Policy, watch as run
    from ..watch import sources as srcmod
    from ..watch.fetch import DEFAULT_USER_AGENT

    _quiet_parser_logs()
    try:
        chosen = [srcmod.source_for(s) for s in sources] if sources else srcmod.load(sources_file)
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"no sources: {exc}" if isinstance(exc, OSError) else str(exc)) from None
    if not chosen:
        raise click.ClickException(f"no sources: name some, or add them with `eventwire sources add` ({sources_file})")
    agent = DEFAULT_USER_AGENT if not contact else DEFAULT_USER_AGENT[:-1] + f"; {contact})"
    policy = Policy(user_agent=agent, timeout=timeout, deadline=3 * timeout, max_bytes=max_bytes, delay=delay)
    store = _open(db)
    stopping = []
    # SIGTERM (a service manager stopping us) ends the run between two pages, like Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    err = click.get_text_stream("stderr")

    def report(res) -> None:
        if not quiet:
            err.write(f"{res}\n")
            err.flush()

    try:
        totals = run(store, chosen, every=every, once=once, triage=triage, policy=policy, report=report,
                     should_stop=lambda: bool(stopping))
    except KeyboardInterrupt:
        totals = None
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        store.close()
    if totals is not None:
        click.echo(f"{totals['polls']} polls, {totals['added']} articles added, {totals['failed_polls']} failed polls, "
                   f"{totals['page_failures']} failed pages", err=True)
        if once and (totals["failed_polls"] or totals["page_failures"]):
            sys.exit(2)


@cli.group()
def sources():
    """Edit and inspect the sources file that `eventwire watch` follows."""


@sources.command("add")
@click.argument("url")
@_sources_file_option
@click.option("--outlet", metavar="NAME", help="The outlet's name (else the site's own name from each page).")
@click.option("--country", metavar="COUNTRY", help="ISO3 code of the country the outlet reports from.")
@click.option("--language", default="en", show_default=True, metavar="CODE", help="Language of its pages.")
@click.option("--every", metavar="DURATION", help="Poll interval (90s, 10m, 2h, 1d); the watcher's --every when absent.")
def sources_add(url, sources_file, outlet, country, language, every):
    """Add a feed, sitemap or folder to the sources file (or update the one with this URL).

    Example:

        eventwire sources add https://news.example/rss.xml --outlet "News Example" --country KEN --every 15m
    """
    from ..watch import sources as srcmod

    if every is not None:
        _duration(None, None, every)
    src = srcmod.source_for(url)
    if country and not (len(country) == 3 and country.isalpha()):
        raise click.BadParameter("expected an ISO 3166-1 alpha-3 code, e.g. KEN", param_hint="--country")
    src = srcmod.Source(url=src.url, outlet=outlet, country=country.upper() if country else None, language=language,
                        every=every)
    if language and language.lower() not in ("en", "eng", "english"):
        click.echo(f"note: the extractor reads English; pages in {language!r} will be stored but code few events",
                   err=True)
    try:
        changed = srcmod.add(sources_file, src)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{'added' if changed else 'already listed'}: {src.url} ({sources_file})", err=True)


@sources.command("remove")
@click.argument("url")
@_sources_file_option
def sources_remove(url, sources_file):
    """Remove a source from the sources file (what it stored stays in the database).

    Example:

        eventwire sources remove https://news.example/rss.xml
    """
    from ..watch import sources as srcmod

    try:
        removed = srcmod.remove(sources_file, url) or srcmod.remove(sources_file, srcmod.source_for(url).url)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if not removed:
        raise click.ClickException(f"{url} is not in {sources_file}")
    click.echo(f"removed: {url} ({sources_file})", err=True)


@sources.command("list")
@_sources_file_option
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
def sources_list(sources_file, db, fmt):
    """The sources in the file, with what the watcher recorded about each: last poll, next poll, failures.

    Example:

        eventwire sources list --db events.db
    """
    from ..watch import sources as srcmod, state

    try:
        listed = srcmod.load(sources_file) if os.path.exists(sources_file) else []
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    polled = {}
    if "://" in db or os.path.exists(db):  # never create a database just to list a file
        store = _open(db)
        try:
            with store.connection() as conn:
                polled = {r["url"]: r for r in state.summaries(conn)}
        finally:
            store.close()
    rows = []
    for src in listed:
        st = polled.pop(src.url, {})
        rows.append({"url": src.url, "outlet": src.outlet, "country": src.country, "language": src.language,
                     "every": src.every, "listed": True, **_state_fields(st)})
    for url, st in polled.items():  # watched from the command line, not in the file
        rows.append({"url": url, "outlet": st.get("outlet"), "country": None, "language": None, "every": None,
                     "listed": False, **_state_fields(st)})
    out = click.get_text_stream("stdout")
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("source", "outlet", "kind", "every", "last ok", "next poll", "failures", "failed pages",
                  "articles", "last error", title=f"{len(rows)} sources ({sources_file})")
    for r in rows:
        table.add_row(r["url"] + ("" if r["listed"] else " (not in file)"), r["outlet"] or "", r["kind"] or "",
                      r["every"] or "", r["last_ok_at"] or "never", r["next_poll_at"] or "now",
                      str(r["failures"]), str(r["pages_failed"]), str(r["articles_added"]), r["last_error"] or "")
    Console(file=out, width=None if out.isatty() else 220).print(table)


def _state_fields(st: dict) -> dict:
    keys = ("kind", "last_polled_at", "last_ok_at", "next_poll_at", "last_error", "last_error_at")
    out = {k: st.get(k) for k in keys}
    out.update(failures=st.get("failures", 0), pages_failed=st.get("pages_failed", 0),
               articles_added=st.get("articles_added", 0), ok=st.get("failures", 0) == 0)
    return out
