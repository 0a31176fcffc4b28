"""Limits on untrusted input, checked before the work: what a hostile or broken file may cost.

perfeval reads files sent in by many units, so every reader bounds what it accepts: the
bytes it reads, the rows and cells of a document, the length of a string, the nesting
of a JSON or TOML value, and the digits and exponent of a number. The defaults are
generous for real tables (a real 自评表 has fewer than 100 indicator rows; a report file
is a few MiB) and small enough that a hostile file costs little. Every limit is a setting
of :class:`Limits`; a breach raises :class:`~perfeval.errors.LimitError` naming the
setting, the value met, and how to raise it.

>>> DEFAULT_LIMITS.max_rows
10000
>>> strict = attrs.evolve(DEFAULT_LIMITS, max_rows=50)
>>> strict.check("max_rows", 51, "indicators")
Traceback (most recent call last):
...
perfeval.errors.LimitError: indicators: 51 is above the limit max_rows=50; raise it with ...

Files are read by :func:`read_source`: regular files and standard input ("-") only, with a
cap on the bytes read (never read whole, then checked).
"""

from __future__ import annotations

import io
import os
import stat
from decimal import Decimal
from typing import IO, Any, Final

import attrs

from perfeval.errors import DocumentError, LimitError

__all__ = [
    "DEFAULT_LIMITS",
    "LimitError",
    "Limits",
    "check_number_text",
    "check_parsed",
    "decode_text",
    "json_text_within",
    "limit_error",
    "number_within",
    "read_source",
    "read_text",
]

_MIB: Final = 1024 * 1024


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise LimitError("must be a whole number of at least 1", field=attribute.name, value=value)


@attrs.frozen(kw_only=True)
class Limits:
    """The bounds perfeval's readers put on untrusted input (each a setting).

    Raise one with :func:`attrs.evolve` (``attrs.evolve(DEFAULT_LIMITS, max_rows=200_000)``)
    and pass it as ``limits=`` to the readers.
    """

    max_bytes: int = attrs.field(default=16 * _MIB, validator=_positive)
    """Bytes read from one document file or standard input (16 MiB)."""
    max_workbook_bytes: int = attrs.field(default=20 * _MIB, validator=_positive)
    """Bytes read from one .xlsx workbook (20 MiB, the workbook reader's own bound)."""
    max_rows: int = attrs.field(default=10_000, validator=_positive)
    """Rows of one list in a document: indicator rows, fund rows, notes (10,000)."""
    max_cells: int = attrs.field(default=200_000, validator=_positive)
    """Values (objects, lists, strings, numbers…) in one parsed document (200,000)."""
    max_string: int = attrs.field(default=100_000, validator=_positive)
    """Characters of one string in a document (100,000)."""
    max_depth: int = attrs.field(default=32, validator=_positive)
    """Nesting of lists and objects in a document (32; a table document needs 5)."""
    max_digits: int = attrs.field(default=100, validator=_positive)
    """Characters of one number as written in a document, sign and exponent included (100)."""
    max_exponent: int = attrs.field(default=64, validator=_positive)
    """Largest written exponent of a number, ``1e64`` (numbers perfeval uses need 17)."""

    def check(self, name: str, value: int, where: str | None = None) -> None:
        """Raise :class:`LimitError` when *value* is above the setting *name*."""
        bound = getattr(self, name)
        if value > bound:
            raise limit_error(name, value, bound, where)


def limit_error(name: str, value: int, bound: int, where: str | None = None) -> LimitError:
    """The error for *value* met above the limit *name* = *bound*."""
    return LimitError(
        f"{value} is above the limit {name}={bound}; raise it with Limits({name}=...)",
        field=where,
        value=value,
        limit=name,
    )


#: The limits readers use unless given others.
DEFAULT_LIMITS: Final = Limits()


def _refuse_non_regular(file: str) -> None:
    """Refuse at once (``os.stat``, before opening) anything but a regular file."""
    try:
        mode = os.stat(file).st_mode
    except OSError as error:
        raise DocumentError(f"cannot read: {error.strerror or error}", field=file) from None
    except ValueError as error:  # an embedded NUL in the name
        raise DocumentError(f"cannot read: {error}", field=file) from None
    if stat.S_ISDIR(mode):
        raise DocumentError("is a directory, not a file", field=file)
    if not stat.S_ISREG(mode):
        kind = "a FIFO" if stat.S_ISFIFO(mode) else "a device or special file"
        raise DocumentError(f"is {kind}; only regular files and - (stdin) are read", field=file)


def _capped(stream: IO[Any], cap: int, where: str, limit: str) -> Any:
    """At most *cap* units of *stream*; :class:`LimitError` when there are more."""
    chunks: list[Any] = []
    size = 0
    while True:
        chunk = stream.read(min(_MIB, cap + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > cap:
            raise LimitError(
                f"more than {cap} bytes; raise it with Limits({limit}=...)",
                field=where,
                limit=limit,
            )
    empty: Any = b"" if not chunks or isinstance(chunks[0], bytes) else ""
    return empty.join(chunks)


def read_source(
    file: str | os.PathLike[str],
    *,
    stdin: IO[Any] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    workbook: bool = False,
) -> bytes:
    """The bytes of *file* (a regular file, or ``"-"`` for *stdin*), read with a cap.

    A FIFO, a device or a directory is refused before it is opened. Reading stops one byte
    past ``limits.max_bytes`` (``max_workbook_bytes`` with *workbook*) and raises
    :class:`~perfeval.errors.LimitError`. A file that cannot be read raises
    :class:`~perfeval.errors.DocumentError` naming it once.
    """
    name = os.fspath(file)
    limit = "max_workbook_bytes" if workbook else "max_bytes"
    cap: int = getattr(limits, limit)
    if name == "-":
        if stdin is None:
            raise DocumentError("standard input is closed", field="-")
        try:
            data = _capped(stdin, cap, "-", limit)
        except OSError as error:
            raise DocumentError(f"cannot read: {error.strerror or error}", field="-") from None
        if isinstance(data, str):  # a text stream given where bytes were expected
            return data.encode("utf-8", errors="surrogatepass")
        return bytes(data)
    _refuse_non_regular(name)
    try:
        with open(name, "rb") as handle:
            return bytes(_capped(handle, cap, name, limit))
    except OSError as error:
        raise DocumentError(f"cannot read: {error.strerror or error}", field=name) from None


def decode_text(data: bytes, where: str | None = None) -> str:
    """UTF-8 *data* as text (a leading byte-order mark dropped); :class:`DocumentError`."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentError(
            f"not UTF-8 text (byte {error.start} cannot be decoded)", field=where
        ) from None


def read_text(
    file: str | os.PathLike[str],
    *,
    stdin: IO[Any] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> str:
    """The UTF-8 text of *file* or of *stdin* (``"-"``; a binary or a text stream), read
    with the byte cap of :func:`read_source`."""
    name = os.fspath(file)
    if name == "-" and stdin is not None:
        binary = getattr(stdin, "buffer", None)
        if binary is None and isinstance(stdin, io.TextIOBase):
            try:  # a text stream with no bytes under it (io.StringIO): cap its characters
                text: str = _capped(stdin, limits.max_bytes, "-", "max_bytes")
            except OSError as error:
                raise DocumentError(f"cannot read: {error.strerror or error}", field="-") from None
            return text.removeprefix("\ufeff")
        stdin = binary if binary is not None else stdin
    return decode_text(read_source(name, stdin=stdin, limits=limits), name)


def check_number_text(text: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a number written with more than ``max_digits`` characters or an exponent
    beyond ``max_exponent``, from its text alone (before it is converted)."""
    if len(text) > limits.max_digits:
        raise LimitError(
            f"a number written with {len(text)} characters is above the limit "
            f"max_digits={limits.max_digits}; raise it with Limits(max_digits=...)",
            value=text[:20] + "…",
            limit="max_digits",
        )
    mantissa, marker, exponent = text.lower().partition("e")
    if marker:
        digits = exponent.lstrip("+-")
        if digits.isascii() and digits.isdigit():
            whole = len(mantissa.lstrip("+-").split(".")[0].lstrip("0"))
            if abs(int(exponent)) + whole > limits.max_exponent:
                raise limit_error("max_exponent", abs(int(exponent)), limits.max_exponent)


def json_text_within(text: str, limits: Limits = DEFAULT_LIMITS) -> bool:
    """Whether JSON *text* is too short to break any limit :func:`check_parsed` checks on
    strings, lists, objects, values and nesting: in JSON every value, item, key and string
    character takes at least one character of the text, and every level of nesting an
    opening bracket. (Numbers are not covered: check them as they are parsed.)"""
    size = len(text)
    return (
        size <= limits.max_string
        and size <= limits.max_cells
        and size // 2 <= limits.max_rows
        and text.count("{") + text.count("[") <= limits.max_depth
    )


def number_within(value: Decimal | int, limits: Limits = DEFAULT_LIMITS) -> bool:
    """Whether *value* (a finite Decimal, or an int) has no more digits and no larger
    exponent than *limits* allow: what :func:`check_parsed` checks of a number."""
    if isinstance(value, int):
        return _int_digits(value) <= limits.max_digits
    return len(value.as_tuple().digits) <= limits.max_digits and (
        abs(value.adjusted()) <= limits.max_exponent
    )


def _int_digits(value: int) -> int:
    """About the number of decimal digits of *value* (from its bits, without str())."""
    return value.bit_length() * 30103 // 100000 + 1


def check_parsed(data: object, limits: Limits = DEFAULT_LIMITS) -> None:
    """Walk parsed data (dicts, lists, strings, numbers) without recursion and refuse it
    when it is nested deeper, holds more values, longer lists or longer strings, or bigger
    numbers than *limits* allow. The place of a breach is named as a path (``indicators``)."""
    # A path is kept as a chain of (parent, key) pairs, written out only for a breach.
    stack: list[tuple[object, int, _Chain]] = [(data, 0, None)]
    cells = 0
    max_cells, max_string = limits.max_cells, limits.max_string
    while stack:
        value, depth, path = stack.pop()
        cells += 1
        if cells > max_cells:
            raise limit_error("max_cells", cells, max_cells, "$")
        if value is None:
            continue
        if isinstance(value, str):
            if len(value) > max_string:
                raise limit_error("max_string", len(value), max_string, _path(path))
        elif isinstance(value, Decimal):
            _check_decimal(value, limits, path)
        elif isinstance(value, dict):
            _check_container(len(value), depth, limits, path)
            for key, item in value.items():
                if isinstance(key, str) and len(key) > max_string:
                    raise limit_error("max_string", len(key), max_string, _path(path))
                stack.append((item, depth + 1, (path, key)))
        elif isinstance(value, list | tuple):
            _check_container(len(value), depth, limits, path)
            stack.extend((item, depth + 1, (path, i)) for i, item in enumerate(value))
        elif isinstance(value, int) and not isinstance(value, bool):
            digits = _int_digits(value)
            if digits > limits.max_digits:
                raise limit_error("max_digits", digits, limits.max_digits, _path(path))


def _check_container(size: int, depth: int, limits: Limits, path: _Chain) -> None:
    if depth >= limits.max_depth:
        raise limit_error("max_depth", depth + 1, limits.max_depth, _path(path))
    if size > limits.max_rows:
        raise limit_error("max_rows", size, limits.max_rows, _path(path))


#: Where a value sits: ``None`` at the top, else (the parent's chain, the key or index).
_Chain = tuple["_Chain", object] | None


def _check_decimal(value: Decimal, limits: Limits, path: _Chain) -> None:
    if not value.is_finite() or number_within(value, limits):
        return  # not finite: refused as "not a finite number" by the reader, naming the field
    digits = len(value.as_tuple().digits)
    if digits > limits.max_digits:
        raise limit_error("max_digits", digits, limits.max_digits, _path(path))
    if abs(value.adjusted()) > limits.max_exponent:
        raise limit_error("max_exponent", abs(value.adjusted()), limits.max_exponent, _path(path))


def _path(chain: _Chain) -> str:
    parts: list[object] = []
    while chain is not None:
        chain, key = chain
        parts.append(key)
    text = ""
    for part in reversed(parts):
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{str(part)[:40]}" if text else str(part)[:40]
    return text or "$"
