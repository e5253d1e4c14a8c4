"""Ansible inventories in INI form (`hosts`, `inventory.ini`): the variables a host line gives
(`web1 ansible_host=10.0.0.5 ansible_password=...`) and those of a `[group:vars]` section
(`ansible_become_pass=...`), as Ansible's INI inventory plugin reads them: `key=value` words,
a value quoted with `'` or `"` may hold blanks; `#` and `;` start a comment line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..facts import Setting
from ..lazyre import lazy_compile
from ..source import MappedText

if TYPE_CHECKING:
    from ..scanned import ScannedFile

ADVICE = "keep it in an ansible-vault encrypted vars file, or read it with a lookup"
WHERE = "Ansible inventory"
_SECTION = lazy_compile(r"\[([^\]\s]+)\]")
# A `key=value` word of a host line: a quoted value, or one up to the next blank.
_PAIR = lazy_compile(r"""(?:^|(?<=\s))([A-Za-z_][\w.]*)=(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S*))""")


def settings(file: ScannedFile) -> list[Setting]:
    out: list[Setting] = []
    text = file.source.text
    section = "ungrouped"
    at = 0
    for line in text.split("\n"):
        body = line.rstrip("\r")
        stripped = body.strip()
        start = at + len(body) - len(body.lstrip())
        at += len(line) + 1
        if not stripped or stripped[0] in "#;":
            continue
        m = _SECTION.fullmatch(stripped)
        if m is not None:
            section = m.group(1)
            continue
        if section.endswith(":children"):
            continue
        if section.endswith(":vars"):
            setting = _vars_line(body, start - (len(body) - len(body.lstrip())), section[:-5])
            if setting is not None:
                out.append(setting)
            continue
        host = stripped.split()[0]
        for p in _PAIR.finditer(stripped, len(host)):
            group = next(g for g in (2, 3, 4) if p.group(g) is not None)
            value = MappedText.verbatim(p.group(group), start + p.start(group))
            out.append(Setting(p.group(1), f"{p.group(1)} of host {host}", value, (section, host, p.group(1)),
                               WHERE, ADVICE))
    return out


_VARS_LINE = lazy_compile(r"""[ \t]*([A-Za-z_][\w.]*)[ \t]*=[ \t]*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(.*?))[ \t]*""")


def _vars_line(body: str, at: int, group: str) -> Setting | None:
    """`key=value` of a `[group:vars]` section: the value is the rest of the line."""
    m = _VARS_LINE.fullmatch(body)
    if m is None:
        return None
    g = next(k for k in (2, 3, 4) if m.group(k) is not None)
    value = MappedText.verbatim(m.group(g), at + m.start(g))
    return Setting(m.group(1), f"{m.group(1)} of group {group}", value, (f"{group}:vars", m.group(1)), WHERE, ADVICE)
