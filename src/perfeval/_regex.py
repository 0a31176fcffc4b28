"""Regular expressions compiled on first use.

The text grammar (:mod:`perfeval.targets`) holds a few dozen patterns, several over the
whole CJK range, and compiling them all costs a command-line call more than reading its
file. :func:`lazy` gives an object that stands for the compiled pattern and compiles it
the first time one of its methods is asked for; from then on the pattern's own methods
are called directly.
"""

from __future__ import annotations

import re
from typing import Any, cast

__all__ = ["lazy"]

_METHODS = ("match", "fullmatch", "search", "sub", "subn", "finditer", "findall", "split")


class _Lazy:
    """A pattern's source and flags until it is used; then its compiled methods."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        # Called only for what the instance does not hold: compile once, keep the compiled
        # pattern and its methods on the instance (threads that race compile it twice,
        # which is harmless); other attributes (.pattern, .groups) are the compiled one's.
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(*self._source)
            for method in _METHODS:
                setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """*pattern* compiled the first time it is used (a stand-in with the methods of
    :class:`re.Pattern`)."""
    return cast("re.Pattern[str]", _Lazy(pattern, flags))
