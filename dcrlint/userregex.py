"""Regular expressions written by users (settings `secret-names`, `placeholders`,
`registries.*`; policy `matches` and `key-matches`): they run on every value of every file,
so none may take exponential time on a hostile value.

A pattern runs on RE2 (`google-re2`, linear time) when RE2 can express it. One that RE2 cannot
(a lookaround, a backreference), or any pattern when RE2 is not installed, runs on Python's
engine only if it cannot backtrack catastrophically: no repeat inside a repeat
(`(a+)+`, `(\\w*,)*`); otherwise it is refused at load. Leading global flags (`(?i)x`) are
scoped (`(?i:x)`) so that a pattern can be combined with others.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Protocol

_GLOBAL_FLAGS = re.compile(r"\(\?([aiLmsux]+)\)")


class RegexError(ValueError):
    """A user pattern that cannot be used; the message quotes the pattern and says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Matcher(Protocol):
    def search(self, text: str) -> Any: ...
    def match(self, text: str) -> Any: ...
    def fullmatch(self, text: str) -> Any: ...


def scoped(pattern: str) -> str:
    """`(?i)abc` as `(?i:abc)`: the flags of a pattern kept to it inside an alternation."""
    m = _GLOBAL_FLAGS.match(pattern)
    if m is None:
        return pattern
    return f"(?{m.group(1)}:{pattern[m.end():]})"


@lru_cache(maxsize=256)
def compile_user(pattern: str) -> Matcher:
    """The pattern compiled for safe use; RegexError when it is invalid or could hang."""
    try:
        compiled = re.compile(scoped(pattern))
    except (re.error, OverflowError, RecursionError) as e:
        raise RegexError(f"{pattern!r} is not a valid regular expression ({e})") from None
    linear = _re2(pattern)
    if linear is not None:
        return linear
    if _nested_repeat(compiled.pattern):
        raise RegexError(
            f"{pattern!r} could take exponential time on some values (a repeat inside a repeat) "
            "and uses what the linear-time engine (RE2) cannot run; rewrite it without one or "
            "the other")
    return compiled


def _re2(pattern: str) -> Matcher | None:
    try:
        import re2  # type: ignore[import-untyped]  # google-re2
    except ImportError:  # no wheel for this platform: Python's engine, with the check above
        return None
    options = re2.Options()
    options.log_errors = False  # an unsupported pattern is not an error here
    try:
        compiled: Matcher = re2.compile(pattern, options)
    except re2.error:
        return None
    return compiled


def _nested_repeat(pattern: str) -> bool:
    """A repeat (of more than one) inside another repeat: the shape of catastrophic
    backtracking. Read from Python's own parse of the pattern."""
    try:
        from re import _parser as parser  # type: ignore[attr-defined]
    except ImportError:  # Python 3.10
        import sre_parse as parser
    repeats = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}

    def walk(items: Any, inside: bool) -> bool:
        for op, arg in items:
            name = str(op)
            if name in repeats:
                _, high, sub = arg
                many = high > 1
                if (many and inside) or walk(sub, inside or many):
                    return True
            elif any(walk(sub, inside) for sub in _subpatterns(name, arg)):
                return True
        return False

    return walk(parser.parse(pattern), False)


def _subpatterns(name: str, arg: Any) -> list[Any]:
    """The nested item lists of a parsed regex node: groups, branches, lookarounds."""
    if name == "SUBPATTERN":
        return [arg[-1]]
    if name == "BRANCH":
        return list(arg[1])
    if name in ("ASSERT", "ASSERT_NOT"):
        return [arg[1]]
    if name == "GROUPREF_EXISTS":
        return [b for b in arg[1:] if b is not None]
    return []


class _Any:
    """Matches when any of its matchers does (a combined alternation, kept apart so that
    built-in patterns stay on Python's engine and user ones on RE2)."""

    def __init__(self, matchers: list[Matcher]) -> None:
        self.matchers = matchers

    def search(self, text: str) -> Any:
        return next((m for m in (x.search(text) for x in self.matchers) if m is not None), None)

    def match(self, text: str) -> Any:
        return next((m for m in (x.match(text) for x in self.matchers) if m is not None), None)

    def fullmatch(self, text: str) -> Any:
        return next((m for m in (x.fullmatch(text) for x in self.matchers) if m is not None), None)


@lru_cache(maxsize=64)
def any_of(builtin: tuple[str, ...], user: tuple[str, ...]) -> Matcher:
    """One matcher for trusted built-in patterns (Python's engine, one alternation) and user
    patterns (each through compile_user)."""
    matchers: list[Matcher] = []
    if builtin:
        matchers.append(re.compile("|".join(f"(?:{p})" for p in builtin)))
    matchers += [compile_user(p) for p in user]
    return matchers[0] if len(matchers) == 1 else _Any(matchers)
