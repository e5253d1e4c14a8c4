"""`json.dumps(value, indent=2)`, the same text, without the standard library's generator-based
encoder (the C encoder does not indent): reports of thousands of findings are mostly this.
tests/test_reports_json.py holds it to json.dumps."""

from __future__ import annotations

from json.encoder import encode_basestring_ascii
from typing import Any

_INF = float("inf")


def dumps(value: Any, indent: int = 2) -> str:
    """json.dumps(value, indent=indent): ASCII only, keys in their order, `, ` and `: `."""
    out: list[str] = []
    _encode(value, out, "\n", " " * indent)
    return "".join(out)


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == _INF:
        return "Infinity"
    if value == -_INF:
        return "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _float(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _encode(value: Any, out: list[str], newline: str, step: str) -> None:
    """Append the text of value; `newline` is a line break and the indentation of value's line."""
    if isinstance(value, str):
        out.append(encode_basestring_ascii(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float(value))
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = newline + step
        sep = "[" + inner
        for item in value:
            out.append(sep)
            sep = "," + inner
            _encode(item, out, inner, step)
        out.append(newline + "]")
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + step
        sep = "{" + inner
        for k, item in value.items():
            out.append(sep)
            out.append(encode_basestring_ascii(_key(k)))
            out.append(": ")
            sep = "," + inner
            _encode(item, out, inner, step)
        out.append(newline + "}")
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
