"""Twilio's list paging: `PageSize`, `Page`, `PageToken`, and a `meta` block with absolute links."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

from studio_sandbox.errors import invalid_parameter

T = TypeVar("T")
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000


@dataclass(frozen=True)
class PageRequest:
    """Which page a list request asks for, and the filters to carry into the paging links."""

    page: int
    page_size: int
    token: str | None
    filters: tuple[tuple[str, str], ...] = ()


def _integer(query: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    text = query.get(name)
    if text is None or text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        raise invalid_parameter(name, "must be an integer") from None
    if not low <= value <= high:
        raise invalid_parameter(name, f"must be between {low} and {high}")
    return value


def page_request(query: Mapping[str, str], filter_names: Sequence[str] = ()) -> PageRequest:
    """Read the paging parameters of a list request (400 when they are out of range)."""
    filters = tuple((name, query[name]) for name in filter_names if query.get(name))
    return PageRequest(
        page=_integer(query, "Page", 0, 0, 10**9),
        page_size=_integer(query, "PageSize", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
        token=query.get("PageToken") or None,
        filters=filters,
    )


def _select(items: Sequence[T], seq_of: Callable[[T], int], request: PageRequest) -> tuple[list[T], bool]:
    """The page's items (newest first) and whether older items remain after it."""
    token, size = request.token, request.page_size
    if token and token[:2] in ("PA", "PB") and token[2:].isdigit():
        anchor = int(token[2:])
        if token.startswith("PA"):
            rest = [item for item in items if seq_of(item) < anchor]
            return rest[:size], len(rest) > size
        newer = [item for item in items if seq_of(item) > anchor]
        chosen = newer[-size:]
        return chosen, len(chosen) < len(items)
    start = request.page * size
    return list(items[start : start + size]), len(items) > start + size


def paginate(
    items: Sequence[T], seq_of: Callable[[T], int], request: PageRequest, list_url: str, key: str
) -> tuple[list[T], dict[str, Any]]:
    """Cut one page out of `items` (newest first) and build the `meta` block around it."""
    chosen, has_more = _select(items, seq_of, request)

    def link(page: int, token: str | None) -> str:
        params = [*request.filters, ("PageSize", str(request.page_size)), ("Page", str(page))]
        if token:
            params.append(("PageToken", token))
        return f"{list_url}?{urlencode(params)}"

    previous = None
    if request.page > 0 and chosen:
        previous = link(request.page - 1, f"PB{seq_of(chosen[0])}")
    meta = {
        "page": request.page,
        "page_size": request.page_size,
        "first_page_url": link(0, None),
        "previous_page_url": previous,
        "next_page_url": link(request.page + 1, f"PA{seq_of(chosen[-1])}") if has_more and chosen else None,
        "url": link(request.page, request.token),
        "key": key,
    }
    return chosen, meta
