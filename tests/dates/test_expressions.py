"""Table test for issue 4: date expressions resolved against a publication date (synthetic, written by us).

The anchor is Tuesday 8 November 2016 unless a row says otherwise. Each row: expression, anchor, expected
date (None = must stay unresolved), expected ACLED time_precision.
"""
from __future__ import annotations

from datetime import date

import pytest

from eventwire.dates import parse_expression

TUE = date(2016, 11, 8)  # a Tuesday
SAT = date(2020, 5, 9)  # a Saturday
JAN = date(2019, 1, 3)  # early in the year: yearless dates fall in the year before

ROWS = [
    # weekdays: most recent up to publication; "last" strictly before; "next" forward
    ("on Monday", TUE, date(2016, 11, 7), 1),
    ("Monday", TUE, date(2016, 11, 7), 1),
    ("on Sunday", TUE, date(2016, 11, 6), 1),
    ("late on Saturday", TUE, date(2016, 11, 5), 1),
    ("early on Friday", TUE, date(2016, 11, 4), 1),
    ("Thursday night", TUE, date(2016, 11, 3), 1),
    ("on Wednesday morning", TUE, date(2016, 11, 2), 1),
    ("on Tuesday", TUE, date(2016, 11, 8), 1),
    ("last Tuesday", TUE, date(2016, 11, 1), 1),
    ("last Monday", TUE, date(2016, 11, 7), 1),
    ("next Monday", TUE, date(2016, 11, 14), 1),
    ("next Tuesday", TUE, date(2016, 11, 15), 1),
    ("this coming Friday", TUE, date(2016, 11, 11), 1),
    ("in the early hours of Sunday", TUE, date(2016, 11, 6), 1),
    ("Sunday evening", SAT, date(2020, 5, 3), 1),
    ("on Friday", SAT, date(2020, 5, 8), 1),
    ("Tues.", TUE, date(2016, 11, 8), 1),
    # relative days
    ("yesterday", TUE, date(2016, 11, 7), 1),
    ("yesterday morning", TUE, date(2016, 11, 7), 1),
    ("the day before yesterday", TUE, date(2016, 11, 6), 1),
    ("today", TUE, date(2016, 11, 8), 1),
    ("earlier today", TUE, date(2016, 11, 8), 1),
    ("this morning", TUE, date(2016, 11, 8), 1),
    ("early this morning", TUE, date(2016, 11, 8), 1),
    ("this afternoon", TUE, date(2016, 11, 8), 1),
    ("this evening", TUE, date(2016, 11, 8), 1),
    ("earlier on today", TUE, date(2016, 11, 8), 1),
    ("tonight", TUE, date(2016, 11, 8), 1),
    ("tomorrow", TUE, date(2016, 11, 9), 1),  # read as a date; that a later date is no event is decided elsewhere
    ("last night", TUE, date(2016, 11, 7), 1),
    ("late last night", TUE, date(2016, 11, 7), 1),
    ("overnight", TUE, date(2016, 11, 7), 1),
    ("two days ago", TUE, date(2016, 11, 6), 1),
    ("3 days ago", TUE, date(2016, 11, 5), 1),
    ("a week ago", TUE, date(2016, 11, 1), 2),
    # counted back from the day of the story ("five days earlier, the rebels had taken ...")
    ("five days earlier", TUE, date(2016, 11, 3), 1),
    ("two days before,", TUE, date(2016, 11, 6), 1),
    # weeks and months: midpoints
    ("last week", TUE, date(2016, 11, 3), 2),
    ("the previous week", SAT, date(2020, 4, 30), 2),
    ("earlier this week", date(2016, 11, 10), date(2016, 11, 8), 2),
    ("over the weekend", TUE, date(2016, 11, 5), 2),
    ("last weekend", SAT, date(2020, 5, 2), 2),
    ("last month", TUE, date(2016, 10, 15), 3),
    ("earlier this month", TUE, date(2016, 11, 4), 3),
    ("earlier this month", date(2016, 11, 28), date(2016, 11, 14), 3),
    ("in October", TUE, date(2016, 10, 15), 3),
    ("in December", TUE, date(2015, 12, 15), 3),
    ("during June", SAT, date(2019, 6, 15), 3),
    ("in early March", SAT, date(2020, 3, 15), 3),
    ("in May 2020", None, date(2020, 5, 15), 3),
    ("On an unspecified date in April 2019", None, date(2019, 4, 15), 3),
    ("mid-July 2018", None, date(2018, 7, 15), 3),
    ("Sept. 2017", None, date(2017, 9, 15), 3),
    ("in November", TUE, date(2016, 11, 4), 3),
    # explicit dates in all common forms
    ("7 November", TUE, date(2016, 11, 7), 1),
    ("7 November 2016", None, date(2016, 11, 7), 1),
    ("on 19 March 2020", None, date(2020, 3, 19), 1),
    ("November 7", TUE, date(2016, 11, 7), 1),
    ("November 7, 2016", None, date(2016, 11, 7), 1),
    ("Nov. 7", TUE, date(2016, 11, 7), 1),
    ("Nov 7th", TUE, date(2016, 11, 7), 1),
    ("the 7th of November", TUE, date(2016, 11, 7), 1),
    ("7th of November 2016", None, date(2016, 11, 7), 1),
    ("Monday, Nov. 7, 2016", None, date(2016, 11, 7), 1),
    ("Monday 7 November", TUE, date(2016, 11, 7), 1),
    ("2016-11-07", None, date(2016, 11, 7), 1),
    ("on 2nd May 2020", None, date(2020, 5, 2), 1),
    ("Jun 27th 2019", None, date(2019, 6, 27), 1),
    ("December 16 2019", None, date(2019, 12, 16), 1),
    ("On 3 Apr 2021", None, date(2021, 4, 3), 1),
    ("on December 30", JAN, date(2018, 12, 30), 1),
    ("on 2 January", JAN, date(2019, 1, 2), 1),
    ("on November 27th", date(2018, 12, 4), date(2018, 11, 27), 1),
    # numeric: day-first unless ruled out by the calendar or the publication date
    ("7/11", TUE, date(2016, 11, 7), 1),
    ("on 04/03", date(2017, 3, 11), date(2017, 3, 4), 1),
    ("on 25/03", date(2017, 4, 1), date(2017, 3, 25), 1),
    ("11/25/2016", None, date(2016, 11, 25), 1),
    ("25/11/2016", None, date(2016, 11, 25), 1),
    ("07.11.2016", None, date(2016, 11, 7), 1),
    ("on 10/9", date(2016, 10, 12), date(2016, 10, 9), 1),  # the reading closest before publication
    # approximate qualifiers (ACLED's "around", "as reported", "week of", "month of")
    ("Around 17 August 2021 (as reported)", None, date(2021, 8, 17), 2),
    ("Around 11 October 2021 (week of)", None, date(2021, 10, 11), 2),
    ("Around 15 September 2021 (month of)", None, date(2021, 9, 15), 3),
    ("On 19 July 2021 (or around)", None, date(2021, 7, 19), 2),
    ("On or before October 28th", date(2018, 11, 4), date(2018, 10, 28), 2),
    ("As reported on 19 July 2021", None, date(2021, 7, 19), 2),
    ("around 3 May 2020", None, date(2020, 5, 3), 2),
    # ranges: midpoint; precision by length
    ("Between 1 and 7 May 2020", None, date(2020, 5, 4), 2),
    ("between 28 February - 8 March 2021", None, date(2021, 3, 4), 2),
    ("from 24 April to 8 May 2020", None, date(2020, 5, 1), 3),
    ("5-6 April 2021", None, date(2021, 4, 5), 2),
    ("May 1-7, 2020", None, date(2020, 5, 4), 2),
    ("between 14 June and 15 June 2022", None, date(2022, 6, 14), 2),
    ("between December 30 and January 2", JAN, date(2018, 12, 31), 2),
    # no publication date: relative expressions stay null
    ("on Monday", None, None, 1),
    ("yesterday", None, None, 1),
    ("last week", None, None, 2),
    ("7 November", None, None, 1),
]


@pytest.mark.issue(4)
@pytest.mark.parametrize("expr,anchor,expected,precision", ROWS, ids=[f"{r[0]}@{r[1]}" for r in ROWS])
def test_expression(expr, anchor, expected, precision):
    got = parse_expression(expr, anchor=anchor)
    assert got is not None, f"{expr!r} not read"
    assert got.date == expected
    if expected is not None:
        assert got.time_precision == precision
        a, b = got.span
        assert 0 <= a < b <= len(expr)
    else:
        assert got.reason  # says why it stayed null


def test_every_month_weekday_and_relative_day_the_reader_knows_has_a_row():
    # A word added to data/dates_lexicon.toml without an expression here is a reading nobody checked.
    import re
    import tomllib
    from importlib import resources

    lexicon = tomllib.loads(resources.files("eventwire").joinpath("data/dates_lexicon.toml").read_text("utf-8"))
    told = " ".join(expr for expr, *_ in ROWS).lower()
    words = [w for section in ("months", "weekdays", "relative_days") for w in lexicon[section]]
    assert [w for w in words if not re.search(rf"\b{re.escape(w.lower())}\b", told)] == []


@pytest.mark.parametrize("expr", ["for three days", "24/7", "the past decade", "annually", "2 soldiers",
                                  "two days before the vote"])
def test_not_a_date(expr):
    got = parse_expression(expr, anchor=TUE)
    assert got is None or got.date is None


def test_outlet_locale_month_first():
    got = parse_expression("on 7/11", anchor=date(2016, 7, 20), dayfirst=False)
    assert got.date == date(2016, 7, 11)
