"""Committed env files (`.env`, `.env.production`, `prod.env`): `NAME=value` lines, as Compose,
docker `--env-file` and dotenv libraries read them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..facts import Setting
from ..source import MappedText
from .literals import assignment

if TYPE_CHECKING:
    from ..scanned import ScannedFile

ADVICE = "keep this file out of the repository (commit an example with empty values)"


def settings(file: ScannedFile) -> list[Setting]:
    out = []
    offset = 0
    for line in file.source.text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        start = len(body) - len(body.lstrip())
        if body[start:].startswith("export "):
            rest = body[start + 7 :]
            start += 7 + len(rest) - len(rest.lstrip())
        text = body[start:]
        if text and not text.startswith("#"):
            parsed = assignment(MappedText.verbatim(text, offset + start))
            if parsed is not None:
                name, value = parsed
                v = _drop_comment(value.text)
                out.append(Setting(name, name, value.slice(0, len(v)), (name,), "env file", ADVICE))
        offset += len(line)
    return out


def _drop_comment(value: str) -> str:
    """An unquoted value ends at ` #` (dotenv, Compose)."""
    at = value.find(" #")
    return value[:at].rstrip() if at >= 0 else value
