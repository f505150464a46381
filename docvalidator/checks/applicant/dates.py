"""Dates and date ranges as written in Chinese documents."""

from __future__ import annotations

import datetime as dt
import re

DATE = r"(\d{4})\s*(?:年|[-./])\s*(\d{1,2})\s*(?:月|[-./])\s*(\d{1,2})\s*日?"
DATE_RE = re.compile(DATE)
OPEN_END = r"长期|永久|不约定期限|无固定期限"
RANGE_RE = re.compile(
    rf"(?:自\s*)?{DATE}\s*(?:起)?\s*(?:至|到|—|–|-|~|～)\s*(?:{DATE}|(?P<open>{OPEN_END}))\s*止?")
MONTH_RANGE_RE = re.compile(
    r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*月?\s*(?:至|到|—|–|~|～|-|\s)\s*(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*月?")


def make_date(y: str, m: str, d: str) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def parse_range(m: re.Match[str]) -> tuple[dt.date | None, dt.date | None, bool]:
    """(start, end, open_ended) of a RANGE_RE match; end None and open_ended True for 长期."""
    start = make_date(*m.group(1, 2, 3))
    if m.group("open"):
        return start, None, True
    return start, make_date(*m.group(4, 5, 6)), False


def months_between(a: dt.date, b: dt.date) -> int:
    """Whole months from a to b (negative if b is before a)."""
    n = (b.year - a.year) * 12 + b.month - a.month
    if b.day < a.day and not _is_last_day(b):
        n -= 1
    return n


def _is_last_day(d: dt.date) -> bool:
    return (d + dt.timedelta(days=1)).month != d.month


def lease_months(start: dt.date, end: dt.date) -> int:
    """Length of a term whose end day is inclusive (2026-01-01 to 2026-06-30 is 6 months)."""
    return months_between(start, end + dt.timedelta(days=1))
