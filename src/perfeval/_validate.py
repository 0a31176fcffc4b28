"""attrs validators and setting converters that refuse a wrong type where it is passed.

They name the field, the row (the instance's ``source`` or ``name``, or the item's index in
a tuple) and the value, with perfeval's own errors, so that a wrong object fails at the
constructor and not deep inside scoring. They import nothing of perfeval but its errors,
so that every model, down to the readings of :mod:`perfeval.targets`, can use them;
:mod:`perfeval._convert` builds the number and text fields on top of them.

Each check looks at the already-right type first: models are built by the million.
"""

from __future__ import annotations

import numbers
from typing import Any, NoReturn

import attrs

from perfeval.errors import InvalidTypeError, PerfevalError


def row_of(instance: Any) -> int | str | None:
    """The row an instance stands for, as errors name it: its ``source`` or ``name``."""
    for name in ("source", "name"):
        row = getattr(instance, name, None)
        if isinstance(row, str) and row:
            return row
    return None


def located(error: PerfevalError, instance: Any) -> PerfevalError:
    """*error* naming the row of *instance* (read only when a value is refused, so a
    valid value costs no lookup)."""
    row = row_of(instance)
    if row is None or error.row is not None:
        return error
    return type(error)(error.reason, field=error.field, row=row, value=error.value)


def instances(cls: type | tuple[type, ...], *, optional: bool = False) -> Any:
    """An attrs validator: the value (or every item of a tuple value) is a *cls* (one of
    the classes, when *cls* is a tuple).

    Raises :class:`~perfeval.errors.InvalidTypeError` naming the field, the item and the
    value, so a wrong object fails where it is passed, not deep inside scoring.
    """

    expected = " or ".join(c.__name__ for c in cls) if isinstance(cls, tuple) else cls.__name__

    exact = cls if isinstance(cls, type) else None

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value.__class__ is exact or (value is None and optional):
            return  # the common case, at the cost of one comparison: readings are built per cell
        items = value if isinstance(value, tuple) else (value,)
        for index, item in enumerate(items):
            if item is None and optional:
                continue
            if not isinstance(item, cls):
                row = index if isinstance(value, tuple) else row_of(instance)
                raise InvalidTypeError(
                    f"expected {expected}, not {type(item).__name__}",
                    field=attribute.name,
                    row=row,
                    value=item,
                )

    return check


def tuple_of(cls: type, field: str) -> Any:
    """A converter to a tuple of *cls* items that refuses ``None``, a string or a mapping
    where an iterable of items is expected (a wrong type fails where it is passed)."""

    def convert(value: Any) -> tuple[Any, ...]:
        if value is None or isinstance(value, str | bytes) or hasattr(value, "keys"):
            raise InvalidTypeError(
                f"expected an iterable of {cls.__name__}, not {type(value).__name__}",
                field=field,
                value=value,
            )
        try:
            return tuple(value)
        except TypeError:
            raise InvalidTypeError(
                f"expected an iterable of {cls.__name__}, not {type(value).__name__}",
                field=field,
                value=value,
            ) from None

    return convert


def one_of(options: tuple[str, ...], *, error: type[PerfevalError]) -> Any:
    """A converter that keeps a setting among the words *options* (a money unit, a rule's
    direction) and refuses anything else naming the field: another type with
    :class:`~perfeval.errors.InvalidTypeError`, another word with *error*.

    A converter, not a validator, so that a later field's converter may rely on the value.
    """
    choices = frozenset(options)
    shown = ", ".join(options)

    def convert(value: object, instance: Any, field: attrs.Attribute[Any]) -> str:
        if type(value) is str and value in choices:
            return value
        refused: PerfevalError
        if isinstance(value, str):
            refused = error(f"expected one of {shown}", field=field.name, value=value)
        else:
            refused = InvalidTypeError(
                f"expected one of {shown}, not {type(value).__name__}",
                field=field.name,
                value=value,
            )
        raise located(refused, instance)

    return attrs.Converter(convert, takes_self=True, takes_field=True)


def setting_field(options: tuple[str, ...], *, default: str, error: type[PerfevalError]) -> Any:
    """An attrs field holding one of the words *options* (see :func:`one_of`)."""
    return attrs.field(default=default, converter=one_of(options, error=error))


def _refuse(
    instance: Any, attribute: attrs.Attribute[Any], value: object, expected: str
) -> NoReturn:
    raise InvalidTypeError(
        f"expected {expected}, not {type(value).__name__}",
        field=attribute.name,
        row=row_of(instance),
        value=value,
    )


def flag(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """An attrs validator: the value is ``True`` or ``False`` (not 1, "否" or ``None``)."""
    if value is not True and value is not False:
        _refuse(instance, attribute, value, "True or False")


def optional_flag(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """An attrs validator: the value is ``True``, ``False`` or ``None`` (not stated)."""
    if value is not None and value is not True and value is not False:
        _refuse(instance, attribute, value, "True, False or None")


def required_text(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """An attrs validator: the value is text."""
    if not isinstance(value, str):
        _refuse(instance, attribute, value, "text")


def optional_text(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """An attrs validator: the value is text or ``None``."""
    if value is not None and not isinstance(value, str):
        _refuse(instance, attribute, value, "text or None")


def texts(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """An attrs validator: the value is a tuple of texts (notes, aliases)."""
    if value.__class__ is tuple and not value:
        return  # most readings note nothing
    if not isinstance(value, tuple):
        _refuse(instance, attribute, value, "a tuple of texts")
        return
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise InvalidTypeError(
                f"expected text, not {type(item).__name__}",
                field=attribute.name,
                row=index,
                value=item,
            )


def whole_number(value: object, field: str, *, least: int, most: int | None = None) -> int:
    """*value* as a whole number in [*least*, *most*] (an ``int``, or a NumPy integer),
    else :class:`~perfeval.errors.InvalidTypeError` naming *field*."""
    number = int(value) if isinstance(value, numbers.Integral) else None
    if (
        isinstance(value, bool)
        or number is None
        or number < least
        or (most is not None and number > most)
    ):
        if most is not None:
            expected = f"a whole number from {least} to {most}"
        else:
            expected = "0 or a positive whole number" if least == 0 else "a positive whole number"
        raise InvalidTypeError(f"expected {expected}", field=field, value=value)
    return number


def optional_whole(*, least: int, most: int | None = None) -> Any:
    """A converter: ``None``, or a whole number in [*least*, *most*] (see
    :func:`whole_number`), naming the field and the row."""

    def convert(value: object, instance: Any, field: attrs.Attribute[Any]) -> int | None:
        if value is None or (
            type(value) is int and least <= value and (most is None or value <= most)
        ):
            return value
        try:
            return whole_number(value, field.name, least=least, most=most)
        except PerfevalError as error:
            raise located(error, instance) from None

    return attrs.Converter(convert, takes_self=True, takes_field=True)


def chinese(locale: object) -> bool:
    """Whether a *locale* argument asks for Chinese (``zh_CN``, ``zh``); any other text
    asks for English. A locale that is not text is refused naming ``locale``."""
    if not isinstance(locale, str):
        raise InvalidTypeError(
            f"expected a locale such as zh_CN or en, not {type(locale).__name__}",
            field="locale",
            value=locale,
        )
    return locale.startswith("zh")


def expect(value: object, cls: type | tuple[type, ...], field: str) -> None:
    """Refuse *value* unless it is a *cls*, with :class:`~perfeval.errors.InvalidTypeError`
    naming *field*: what a public function checks first about an argument it reads."""
    if not isinstance(value, cls):
        expected = " or ".join(c.__name__ for c in cls) if isinstance(cls, tuple) else cls.__name__
        raise InvalidTypeError(
            f"expected {expected}, not {type(value).__name__}", field=field, value=value
        )
