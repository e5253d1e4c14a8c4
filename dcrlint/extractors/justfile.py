"""justfile recipes as shell: one context per recipe. A recipe's lines each run in the shell
just is set to (`sh -cu` unless `set shell` says otherwise), each line's `@`/`-` prefixes left
out; a recipe whose body starts with a shebang (or marked `[script]`) is one script, run by that
interpreter. `{{ expr }}` is just's interpolation, kept as written: a template reference."""

from __future__ import annotations

import re
from typing import Any

from ..facts import SHELL_CONTEXTS, VALUES, Fact, ShellContext
from ..filevalues import line_values
from ..scanned import ScannedFile
from ..shell import POSIX_SHELLS
from ..source import MappedTextBuilder
from . import inert
from .makefile import _continues, _lines

# A recipe's header at the start of a line: `@`? name, parameters (with defaults: `p="x"`,
# `p='a:b'`, a backquoted command, `(expr)`), then `:` (not `:=`) and its dependencies.
# (_PIECE: a quoted default, a backquoted command, a parenthesised expression, or a character)
_PIECE = r"""(?:"[^"\n]*"|'[^'\n]*'|`[^`\n]*`|\([^)\n]*\)|[^:#\n"'`(])"""
_RECIPE = re.compile(rf"@?[A-Za-z_][\w-]*(?:[ \t]+{_PIECE}*)?:(?!=)")
_SCRIPT_ATTRIBUTE = re.compile(r"\[(?:[^\]]*,\s*)?script\b")
# `set shell := ["powershell.exe", "-c"]`: the program every recipe line is run by.
_SET_SHELL = re.compile(r"""^set[ \t]+shell[ \t]*:=[ \t]*\[[ \t]*["']([^"']+)["']""", re.M)


def _dialect(program: str) -> str:
    """The dialect of a shell program named by path or name (`/usr/bin/env bash`: bash)."""
    words = program.replace("\\", "/").split()
    if words and words[0].endswith("/env") and len(words) > 1:
        words = words[1:]
    name = words[0].rsplit("/", 1)[-1].lower().removesuffix(".exe") if words else ""
    if name in ("powershell", "pwsh"):
        return "pwsh"
    if name == "cmd":
        return "cmd"
    return "sh" if name in POSIX_SHELLS else ""  # (python, node: no shell)


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    text = file.source.text
    setting = _SET_SHELL.search(text)
    linewise = _dialect(setting.group(1)) if setting else "sh"
    lines = _lines(text)
    contexts: list[ShellContext] = []
    k = 0
    script_next = False  # a `[script]` attribute above the recipe
    while k < len(lines):
        start, end = lines[k]
        line = text[start:end]
        k += 1
        if line.startswith("[") and _SCRIPT_ATTRIBUTE.match(line):
            script_next = True
            continue
        m = _RECIPE.match(line)
        if m is None:
            if line.strip() and not line.startswith(("[", "#", " ", "\t")):
                script_next = False
            continue
        name = m.group().lstrip("@").split()[0].rstrip(":")
        body = []
        while k < len(lines):
            s, e = lines[k]
            if s < e and text[s] not in " \t":
                break
            if text[s:e].strip():
                body.append((s, e))
            k += 1
        script_next, whole = False, script_next
        if not body:
            continue
        first = text[body[0][0] : body[0][1]].lstrip()
        if first.startswith("#!") or whole:
            dialect = _dialect(first[2:]) if first.startswith("#!") else linewise
            if dialect:  # (the shebang line kept: its options, `bash -x`, trace the script)
                b = MappedTextBuilder()
                for n, (s, e) in enumerate(body):
                    indent = len(text[s:e]) - len(text[s:e].lstrip(" \t"))
                    if n:
                        b.add_decoded("\n", s)
                    _add_line(b, text, s + indent, e)
                contexts.append(ShellContext(b.build(body[-1][1]), dialect, ("recipe", name)))
            continue
        if not linewise:
            continue
        b = MappedTextBuilder()
        i = 0
        while i < len(body):
            s, e = body[i]
            at = s + len(text[s:e]) - len(text[s:e].lstrip(" \t"))
            while at < e and text[at] in "@-":
                at += 1  # (quiet, ignore errors: just's, not the shell's)
            b.add_decoded("\n", s)  # each line a statement of its own
            _add_line(b, text, at, e)
            while _continues(text, s, e) and i + 1 < len(body):
                i += 1
                s, e = body[i]
                b.add("\n", s - 1)
                _add_line(b, text, s, e)
            i += 1
        contexts.append(ShellContext(b.build(body[-1][1]), linewise, ("recipe", name)))
    return contexts


# just's interpolation of a variable (`{{ token }}`): just pastes the value into the line before
# the shell runs it, as make pastes `$(TOKEN)` (reviewer R105); read as the shell reference
# `${token}`, mapped to the braces it stands for. Other expressions stay as written (templates).
_VARIABLE = re.compile(r"\{\{[ \t]*([A-Za-z_]\w*)[ \t]*\}\}")


def _add_line(b: MappedTextBuilder, text: str, start: int, end: int) -> None:
    at = start
    for m in _VARIABLE.finditer(text, start, end):
        if text.startswith("{{{{", m.start() - 2 if m.start() >= 2 else m.start()):
            continue  # (`{{{{` writes a literal `{{`)
        b.add(text[at : m.start()], at)
        b.add_decoded("${", m.start(), m.start(1))
        b.add(m.group(1), m.start(1))
        b.add_decoded("}", m.end(1), m.end())
        at = m.end()
    b.add(text[at:end], at)


FACTS: dict[Fact[Any], Any] = {SHELL_CONTEXTS: shell_contexts, VALUES: line_values}
# Recipes read line by line, their shell parsed as a script's: nothing to notify.
NOTES = inert.no_notes
