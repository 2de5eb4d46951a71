"""UTC days, the archive's unit: a day is its ISO date (YYYY-MM-DD) and covers
[start_us(day), end_us(day)) in epoch microseconds."""

from __future__ import annotations

import datetime as dt

DAY_US = 86_400_000_000


_EPOCH = dt.date(1970, 1, 1)


def day_of(at_us: int) -> str:
    # Integer arithmetic: a float of epoch seconds cannot tell the last microsecond of a day
    # from the next midnight.
    return (_EPOCH + dt.timedelta(days=at_us // DAY_US)).isoformat()


def start_us(day: str) -> int:
    return (dt.date.fromisoformat(day) - _EPOCH).days * DAY_US


def end_us(day: str) -> int:
    return start_us(day) + DAY_US


def shift(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def days_between(start: int, end: int) -> list[str]:
    """Every UTC day that [start, end) (microseconds) touches, oldest first."""
    if end <= start:
        return []
    first = dt.date.fromisoformat(day_of(start))
    count = (dt.date.fromisoformat(day_of(end - 1)) - first).days + 1
    return [(first + dt.timedelta(days=i)).isoformat() for i in range(count)]
