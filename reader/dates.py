"""Partial dates (`2023`, `2023-05`, `2023-05-12`) that keep their precision."""

from __future__ import annotations

import re
from dataclasses import dataclass

_DATE_RE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def month_days(year: int, month: int) -> int:
    """Days in a month (what `calendar.monthrange` gives, without importing `calendar` and
    `locale` at start-up)."""
    leap = month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return _MONTH_DAYS[month - 1] + leap


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: object) -> PartialDate | None:
        """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (also a `datetime.date`); None if invalid."""
        if text is None:
            return None
        raw = str(text).strip()
        if hasattr(text, "isoformat"):  # a date or datetime from YAML front matter
            raw = raw[:10]
        match = _DATE_RE.fullmatch(raw)
        if not match:
            return None
        year = int(match[1])
        month = int(match[2]) if match[2] else None
        day = int(match[3]) if match[3] else None
        if month is not None and not 1 <= month <= 12:
            return None
        if day is not None and not 1 <= day <= month_days(year, month or 1):
            return None
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        """`year`, `month` or `day`."""
        return "day" if self.day else "month" if self.month else "year"

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def bounds(self) -> tuple[int, int]:
        """The first and last day covered, as `YYYYMMDD` integers."""
        if self.month is None:
            return self.year * 10000 + 101, self.year * 10000 + 1231
        first = self.year * 10000 + self.month * 100
        if self.day is None:
            return first + 1, first + month_days(self.year, self.month)
        return first + self.day, first + self.day
