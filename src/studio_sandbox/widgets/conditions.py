"""The comparisons of split-based-on conditions."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, time

Comparison = Callable[[str, str], bool]


def _number(text: str) -> float | None:
    try:
        return float(text.strip())
    except ValueError:
        return None


def _numeric(compare: Callable[[float, float], bool]) -> Comparison:
    def check(subject: str, value: str) -> bool:
        left, right = _number(subject), _number(value)
        return left is not None and right is not None and compare(left, right)

    return check


def _choices(value: str) -> list[str]:
    return [choice.strip() for choice in value.split(",")]


def _regex(subject: str, value: str) -> bool:
    try:
        return re.search(value, subject) is not None
    except re.error:
        return False


def _moment(text: str) -> datetime | None:
    """An ISO date or date-time; one without a zone is taken as UTC so any two can be compared."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _clock_time(text: str) -> time | None:
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        return None


def _dated(parse: Callable[[str], object], before: bool) -> Comparison:
    def check(subject: str, value: str) -> bool:
        left, right = parse(subject), parse(value)
        if left is None or right is None:
            return False
        try:
            return bool(left < right) if before else bool(left > right)  # type: ignore[operator]
        except TypeError:  # naive vs aware date-times
            return False

    return check


COMPARISONS: dict[str, Comparison] = {
    "equal_to": lambda s, v: s == v,
    "not_equal_to": lambda s, v: s != v,
    "matches_any_of": lambda s, v: s.strip() in _choices(v),
    "does_not_match_any_of": lambda s, v: s.strip() not in _choices(v),
    "contains": lambda s, v: v in s,
    "does_not_contain": lambda s, v: v not in s,
    "starts_with": lambda s, v: s.startswith(v),
    "does_not_start_with": lambda s, v: not s.startswith(v),
    "is_blank": lambda s, _v: s.strip() == "",
    "is_not_blank": lambda s, _v: s.strip() != "",
    "regex": _regex,
    "less_than": _numeric(lambda a, b: a < b),
    "greater_than": _numeric(lambda a, b: a > b),
    "is_before_date": _dated(_moment, before=True),
    "is_after_date": _dated(_moment, before=False),
    "is_before_time": _dated(_clock_time, before=True),
    "is_after_time": _dated(_clock_time, before=False),
}
CASE_PRESERVING = frozenset({"regex"})


def condition_holds(kind: str, subject: str, value: str, case_sensitive: bool = False) -> bool:
    """Whether `subject` satisfies the condition; an unknown condition type never matches."""
    compare = COMPARISONS.get(kind)
    if compare is None:
        return False
    if not case_sensitive and kind not in CASE_PRESERVING:
        subject, value = subject.casefold(), value.casefold()
    return compare(subject, value)
