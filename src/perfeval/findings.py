"""Findings: what scoring and audit have to say about a table, located and bilingual.

Each :class:`Finding` has a stable :attr:`~Finding.code` (the codes of the document
spec, listed in :data:`CODES` with their default severity), a :attr:`~Finding.where`
path into the input document (``indicators[3].score``), what the table printed, what
perfeval computed, and a message in zh_CN and in en.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Final

import attrs

from perfeval.number import fixed

__all__ = ["CODES", "Finding", "Severity"]


class Severity(enum.StrEnum):
    """How bad a finding is."""

    ERROR = "error"
    """The table is wrong."""
    WARNING = "warning"
    """The table is doubtful or incomplete."""
    INFO = "info"
    """Worth knowing; nothing to fix."""


#: Every finding code, with its default severity.
CODES: Final[dict[str, Severity]] = {
    "fund-total-mismatch": Severity.ERROR,
    "rate-mismatch": Severity.ERROR,
    "fund-score-mismatch": Severity.ERROR,
    "score-mismatch": Severity.ERROR,
    "score-exceeds-weight": Severity.ERROR,
    "qualitative-score-out-of-tier": Severity.WARNING,
    "weights-mismatch": Severity.ERROR,
    "total-mismatch": Severity.ERROR,
    "total-unverified": Severity.INFO,
    "grade-mismatch": Severity.ERROR,
    "missing-value": Severity.WARNING,
    "unparseable-value": Severity.WARNING,
    "unit-mismatch": Severity.ERROR,
    "invalid-weight": Severity.ERROR,
    "missing-deviation-note": Severity.WARNING,
    "over-achievement": Severity.WARNING,
    "over-budget": Severity.WARNING,
    "undefined-rate": Severity.WARNING,
    "unknown-group": Severity.INFO,
}


@attrs.frozen(kw_only=True)
class Finding:
    """One located observation about a table."""

    code: str
    where: str
    """Path into the input document: ``funds.rows[0].rate``, ``indicators[3].score``."""
    message: str
    """In English."""
    message_zh: str
    """In Chinese (zh_CN)."""
    severity: Severity = attrs.field()
    printed: str | None = None
    computed: str | None = None

    @severity.default
    def _default_severity(self) -> Severity:
        return CODES.get(self.code, Severity.WARNING)

    @classmethod
    def make(
        cls,
        code: str,
        where: str,
        message: str,
        message_zh: str,
        printed: Decimal | str | None = None,
        computed: Decimal | str | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding with printed and computed values written as plain text, and the
        code's default severity unless *severity* is given."""

        def text(value: Decimal | str | None) -> str | None:
            return fixed(value) if isinstance(value, Decimal) else value

        return cls(
            code=code,
            where=where,
            message=message,
            message_zh=message_zh,
            printed=text(printed),
            computed=text(computed),
            severity=severity or CODES.get(code, Severity.WARNING),
        )

    def text(self, locale: str = "zh_CN") -> str:
        """The message in *locale* (``zh_CN`` or ``en``)."""
        return self.message_zh if locale.startswith("zh") else self.message

    def at(self, prefix: str) -> Finding:
        """This finding with its path placed under *prefix* (``indicators[3]``)."""
        where = f"{prefix}.{self.where}" if self.where else prefix
        return attrs.evolve(self, where=where)
