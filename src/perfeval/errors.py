"""The exceptions perfeval raises.

Every error perfeval raises derives from :class:`PerfevalError` and also from the built-in
exception it resembles, so ``except ValueError`` keeps working in callers' code. An error
carries the *field*, the *row* and the offending *value*, and its message names all three.
"""

from __future__ import annotations

__all__ = [
    "DocumentError",
    "InvalidAmountError",
    "InvalidIndicatorError",
    "InvalidNumberError",
    "InvalidPolicyError",
    "InvalidTypeError",
    "LimitError",
    "PerfevalError",
    "TargetParseError",
    "UnknownCodeError",
    "UnknownPolicyError",
]


def _location(field: str | None, row: int | str | None) -> str:
    parts = []
    if row is not None:
        parts.append(f"row {row}" if isinstance(row, int) else str(row))
    if field:
        parts.append(field)
    return ", ".join(parts)


class PerfevalError(Exception):
    """Base class of every error perfeval raises on purpose."""

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        row: int | str | None = None,
        value: object = None,
    ) -> None:
        self.reason = message
        self.field = field
        self.row = row
        self.value = value
        where = _location(field, row)
        shown = f" (got {value!r})" if value is not None else ""
        super().__init__(f"{where}: {message}{shown}" if where else f"{message}{shown}")


class InvalidNumberError(PerfevalError, ValueError):
    """A value that should be an exact decimal number is not one (a float, NaN, text...)."""


class InvalidAmountError(InvalidNumberError):
    """A money amount, weight or score that is a number but not an acceptable one (negative)."""


class InvalidTypeError(PerfevalError, TypeError):
    """An object of the wrong type passed where a perfeval model is expected."""


class TargetParseError(PerfevalError, ValueError):
    """Printed target or actual text that the parser cannot read."""


class InvalidIndicatorError(PerfevalError, ValueError):
    """An indicator row whose fields contradict each other."""


class UnknownPolicyError(PerfevalError, LookupError):
    """A policy id that the registry does not know."""


class InvalidPolicyError(PerfevalError, ValueError):
    """A policy setting that is not one perfeval knows (a misspelt formula id, a share
    outside [0, 1])."""


class UnknownCodeError(PerfevalError, ValueError):
    """A finding code that is not in the catalogue (:data:`perfeval.findings.CATALOGUE`)."""


class DocumentError(PerfevalError, ValueError):
    """A table document that cannot be used at all (wrong shape, wrong type).

    When several rows are bad, one error reports them all: :attr:`errors` holds each,
    and :attr:`field` names the first place.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        row: int | str | None = None,
        value: object = None,
        errors: tuple[DocumentError, ...] = (),
    ) -> None:
        super().__init__(message, field=field, row=row, value=value)
        self.errors = errors


class LimitError(PerfevalError, ValueError):
    """Input above one of the limits of :class:`~perfeval.limits.Limits` (bytes, rows,
    nesting, digits…). :attr:`limit` is the setting's name; the message says how to raise it.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        row: int | str | None = None,
        value: object = None,
        limit: str | None = None,
    ) -> None:
        super().__init__(message, field=field, row=row, value=value)
        self.limit = limit
