"""Caches of readings of short texts.

Tables repeat their cells ("100%", "≥95%", "10", "效果明显"), so perfeval reads each
distinct text once per process and keeps the reading. A cache keyed by text must not let
hostile input grow it: :func:`short_text_cache` keeps only texts of a bounded length
(longer ones, rare in real tables, are read each time), so a full cache holds at most
*maxsize* × *longest* characters.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["short_text_cache"]

R = TypeVar("R")


def short_text_cache(maxsize: int, longest: int) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Decorate a function whose arguments are positional, the first a text: calls with a
    text of at most *longest* characters go through a least-recently-used cache of
    *maxsize* entries, other calls straight to the function. ``cache_clear()`` and
    ``cache_info()`` are the cache's; ``__wrapped__`` is the function."""

    def decorate(function: Callable[..., R]) -> Callable[..., R]:
        cached = functools.lru_cache(maxsize=maxsize)(function)

        @functools.wraps(function)
        def read(text: str, *args: Any) -> R:
            if len(text) <= longest:
                return cached(text, *args)
            return function(text, *args)

        read.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        read.cache_info = cached.cache_info  # type: ignore[attr-defined]
        return read

    return decorate
