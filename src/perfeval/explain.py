"""Sentences that say, in zh_CN or en, how a score came about.

The sentences are written next to what they explain: :func:`explain_indicator` beside the
indicator rules (:mod:`perfeval.scoring`), :func:`explain_funds` beside the funds rule
(:mod:`perfeval.funds`). This module gathers both names in one place to import from.
"""

from __future__ import annotations

from perfeval.funds import explain_funds
from perfeval.scoring import explain_indicator

__all__ = ["explain_funds", "explain_indicator"]
