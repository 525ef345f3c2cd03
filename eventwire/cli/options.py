"""What several commands share, defined once: options (so names, metavars and help read the same in every
command), counted words, and the one-time notices a user at a terminal should see."""
from __future__ import annotations

import click

from ..errors import InputError

# The database: one option for every command that opens one.
DEFAULT_DB = "eventwire.db"
DATE = click.DateTime(formats=["%Y-%m-%d"])


def db_option(func):
    return click.option("--db", default=DEFAULT_DB, show_default=True, envvar="EVENTWIRE_DB", metavar="URL",
                        help="Database URL (sqlite:///file.db, postgresql://user@host:port/db) or a SQLite file "
                             "path; also EVENTWIRE_DB.")(func)


def _published(_ctx, _param, value):
    if value is None:
        return None
    from ..ingest.limits import check_published

    try:
        return check_published(value.date())
    except InputError as exc:
        raise click.BadParameter(exc.reason) from None


def published_option(func):
    return click.option("--published", type=DATE, default=None, metavar="YYYY-MM-DD", callback=_published,
                        help="Publication date for inputs that carry none (the anchor of 'yesterday', "
                             "'on Monday').")(func)


def date_option(name: str, help: str):
    return click.option(name, type=DATE, metavar="YYYY-MM-DD", help=help)


def plural(n: int, word: str, words: str | None = None) -> str:
    """'1 event', '2 events' ('1 country', '3 countries' with `words`)."""
    return f"{n} {word if n == 1 else words or word + 's'}"


class UndatedNotice:
    """Called with each article read: the first time one has no publication date (and none was given with
    --published), tells the user once that its relative dates stay empty."""

    def __init__(self, echo) -> None:
        self.echo = echo
        self.shown = False

    def __call__(self, article) -> None:
        if article.published is None and not self.shown:
            self.shown = True
            self.echo(f"warning: {article.source or article.id} has no publication date, so dates such as "
                      "'yesterday' or 'on Monday' stay empty; give one with --published YYYY-MM-DD "
                      "(shown once)")
