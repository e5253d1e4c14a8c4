"""Typed settings: the types a setting can have (each parses a configured value or names the
key it is wrong in) and `Option`, the declaration of one setting: its key, type, default and
documentation. Each check module declares the options it reads (`OPTIONS`); the configuration
is validated against those declarations, the rule metadata lists them, and the rule pages
show them, from this one source."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

if TYPE_CHECKING:
    from .config import Settings

T = TypeVar("T")


class ConfigError(Exception):
    """A configuration problem the user must fix; the message names the key."""


class _Frozen:
    """Set once in __init__, read-only after (a frozen dataclass costs a millisecond of
    start-up to create; these are made at import by every check module)."""

    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def _init(self, **values: Any) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        names: tuple[str, ...] = type(self).__slots__
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in names)})"


class OptionType(_Frozen, Generic[T]):
    """What a setting holds: `name` as the docs say it, `parse(key, value)` the value in the
    configuration made typed (ConfigError naming the key when it is not of this type)."""

    __slots__ = ("name", "parse")
    name: str
    parse: Callable[[str, Any], T]

    def __init__(self, name: str, parse: Callable[[str, Any], T]) -> None:
        self._init(name=name, parse=parse)


def _str_list(key: str, v: Any) -> tuple[str, ...]:
    if isinstance(v, str):
        return (v,)
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise ConfigError(f"{key}: expected a list of strings")
    return tuple(v)


def _regexes(key: str, v: Any) -> tuple[str, ...]:
    """User patterns, each compiled now (RE2 when it can run it): an invalid one, or one that
    could take exponential time, is an error of this key, not of every check later."""
    from .userregex import RegexError, compile_user

    items = _str_list(key, v)
    for item in items:
        try:
            compile_user(item)
        except RegexError as e:
            raise ConfigError(f"{key}: {e.message}") from None
    return items


def _name(key: str, v: Any) -> str:
    if not isinstance(v, str) or not v.strip():
        raise ConfigError(f"{key}: expected a non-empty string, got {v!r}")
    return v


def _positive_int(key: str, v: Any) -> int:
    if not isinstance(v, int) or isinstance(v, bool) or v <= 0:
        raise ConfigError(f"{key}: expected a positive integer, got {v!r}")
    return v


def _bool(key: str, v: Any) -> bool:
    if not isinstance(v, bool):
        raise ConfigError(f"{key}: expected true or false, got {v!r}")
    return v


STRINGS = OptionType("list of strings", _str_list)
REGEXES = OptionType("list of regular expressions", _regexes)
NAME = OptionType("string", _name)
POSITIVE_INT = OptionType("positive integer", _positive_int)
BOOL = OptionType("boolean", _bool)


class Option(_Frozen, Generic[T]):
    """One setting. `key` as written in the configuration (`section.key` inside a section,
    `registries.private`); `default` when the configuration does not set it. A rule's option
    is kept in `Settings.options` by key; a setting of the whole scan that a rule also reads
    (`placeholders`) is a field of `Settings` (`field`). `shown` is the default as the docs
    write it, when not the value itself (a built-in pattern)."""

    __slots__ = ("default", "doc", "field", "key", "shown", "type")
    key: str
    type: OptionType[T]
    default: T
    doc: str
    field: str
    shown: str

    def __init__(self, key: str, type: OptionType[T], default: T, doc: str,
                 field: str = "", shown: str = "") -> None:
        self._init(key=key, type=type, default=default, doc=doc, field=field, shown=shown)

    def of(self, settings: Settings) -> T:
        """The value in effect: the configured one, else the default."""
        if self.field:
            return cast(T, getattr(settings, self.field))
        return cast(T, settings.options.get(self.key, self.default))

    def parse(self, value: Any) -> T:
        return self.type.parse(self.key, value)

    @property
    def default_text(self) -> str:
        """The default as the configuration would write it (YAML flow style)."""
        if self.shown:
            return self.shown
        v: Any = self.default
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, tuple):
            return "[" + ", ".join(f"'{x}'" for x in v) + "]"
        return str(v)
