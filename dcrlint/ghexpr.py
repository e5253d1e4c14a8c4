"""What a GitHub Actions expression (`${{ ... }}`) yields, read as GitHub's evaluator reads it:
enough to tell an expression that can only be `true` or `false` from one that yields a value."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .lazyre import lazy_compile

_EXPRESSION = lazy_compile(r"\$\{\{(.*?)\}\}", re.S)

# Functions whose result is a boolean: GitHub's string tests and status checks.
_BOOLEAN_CALLS = frozenset({"contains", "startswith", "endswith", "success", "always", "failure", "cancelled"})
_COMPARISONS = ("==", "!=", "<=", ">=", "<", ">")


def _top_level(expr: str, ops: tuple[str, ...] = ("&&", "||")) -> tuple[list[str], bool] | None:
    """The operands of `expr`'s top-level `ops` (`&&`, `||`), and whether a comparison stands at
    its top level (outside strings, parentheses and brackets); None when the text does not close
    (GitHub refuses such an expression)."""
    operands: list[str] = []
    compares = False
    depth = 0
    start = i = 0
    n = len(expr)
    while i < n:
        c = expr[i]
        if c == "'":  # a string: '' is a quote inside it
            i += 1
            while i < n and not (expr[i] == "'" and not expr.startswith("''", i)):
                i += 2 if expr.startswith("''", i) else 1
            if i >= n:
                return None
        elif c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
            if depth < 0:
                return None
        elif depth == 0 and expr.startswith(ops, i):
            operands.append(expr[start:i])
            i += 2
            start = i
            continue
        elif depth == 0 and c in "=!<>" and expr.startswith(_COMPARISONS, i):
            compares = True
        i += 1
    if depth:
        return None
    operands.append(expr[start:])
    return operands, compares


def _boolean_operand(expr: str) -> bool:
    expr = expr.strip()
    if not expr:
        return False
    parts = _top_level(expr)
    if parts is None:
        return False
    operands, compares = parts
    if len(operands) > 1:  # `a && b`, `a || b` yield one of their operands
        return all(_boolean_operand(o) for o in operands)
    if compares or expr.startswith("!"):
        return True
    low = expr.lower()
    if low in ("true", "false"):
        return True
    if expr.startswith("(") and expr.endswith(")") and _encloses(expr):
        return _boolean_operand(expr[1:-1])
    name, paren, _ = low.partition("(")
    return bool(paren) and name.strip() in _BOOLEAN_CALLS and expr.endswith(")") and _encloses(expr[len(name):])


def _encloses(expr: str) -> bool:
    """The parenthesis `expr` starts with is closed at its end (`(a) == (b)` is two groups)."""
    depth = 0
    i = 0
    while i < len(expr):
        c = expr[i]
        if c == "'":
            close = i + 1
            while close < len(expr) and (expr[close] != "'" or expr.startswith("''", close)):
                close += 2 if expr.startswith("''", close) else 1
            i = close + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i == len(expr) - 1
        i += 1
    return False


def yields_boolean(expr: str) -> bool:
    """The expression (the text inside `${{ }}`) can only be `true` or `false`: a comparison,
    a negation, a string test or status function, or such operands joined by `&&` / `||`
    (which yield one of their operands). `secrets.TOKEN != ''` writes `true`, not the token;
    `secrets.TOKEN || 'none'` and `format('{0}', secrets.TOKEN)` write the token."""
    return _boolean_operand(expr)


def _split(expr: str, op: str) -> list[str] | None:
    """The operands of `expr`'s top-level `op` (`&&` or `||`), outside strings and brackets."""
    parts = _top_level(expr, (op,))
    return None if parts is None else parts[0]


def yielded_operands(expr: str) -> list[str]:
    """The operands whose value the expression may yield when that value is not empty: either
    of `a || b`; of `a && b` only `b` (`a` is yielded only when false, empty or null), so
    `secrets.X && 'set' || 'unset'` yields one of the two words, never the secret."""
    expr = expr.strip()
    ors = _split(expr, "||")
    if ors is None:
        return [expr]
    if len(ors) > 1:
        return [y for o in ors for y in yielded_operands(o)]
    ands = _split(expr, "&&")
    if ands is None:
        return [expr]
    if len(ands) > 1:
        return yielded_operands(ands[-1])
    if expr.startswith("(") and expr.endswith(")") and _encloses(expr):
        return yielded_operands(expr[1:-1])
    return [expr]


def fallback(expr: str) -> str | None:
    """The last operand of the expression's top-level `||` (`secrets.X || 'word'`): what it
    yields whenever every operand before it is empty; None without one."""
    ors = _split(expr, "||")
    return ors[-1].strip() if ors is not None and len(ors) > 1 else None


def expressions(text: str) -> Iterator[re.Match[str]]:
    """The `${{ ... }}` expressions of a text (group 1: what is inside), each to its first `}}`.
    Searched no further than the last `}}`: a lazy `.*?` walks the rest of the text from every
    `${{` that no `}}` follows (quadratic on a text of many)."""
    end = text.rfind("}}")
    return _EXPRESSION.finditer(text, 0, end + 2) if end >= 0 else iter(())
