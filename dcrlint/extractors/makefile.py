"""Makefile recipes as shell: one context per rule, `$$` unescaped, make variables kept."""

from __future__ import annotations

import re
from typing import Any

from ..facts import SHELL_CONTEXTS, VALUES, Fact, ShellContext
from ..filevalues import line_values
from ..scanned import ScannedFile
from ..secretnames import SHELL_COMMAND_NAMES
from ..source import MappedTextBuilder
from . import inert

_DIRECTIVES = re.compile(r"(ifeq|ifneq|ifdef|ifndef|else|endif)\b")
_MAKE_VARIABLE = re.compile(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")  # not a function: `$(shell ...)`
_OTHER_DIRECTIVES = re.compile(r"(-?include|sinclude|export|unexport|override|vpath|undefine|private)\b")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each physical line, end before the line break (and a CR before it)."""
    out: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    while start <= n:
        nl = text.find("\n", start)
        end = n if nl < 0 else nl
        out.append((start, end - 1 if end > start and text[end - 1] == "\r" else end))
        if nl < 0:
            break
        start = nl + 1
    return out


def _continues(text: str, start: int, end: int) -> bool:
    """A line ending in an odd number of backslashes goes on to the next line."""
    k = end
    while k > start and text[k - 1] == "\\":
        k -= 1
    return (end - k) % 2 == 1


def _rule_split(line: str) -> tuple[str, int] | None:
    """For a rule line, its first target and the index of a `;` recipe (or -1); else None."""
    depth = 0
    colon = -1
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == "$" and i + 1 < len(line) and line[i + 1] in "({":
            depth += 1
            i += 2
            continue
        if ch in ")}" and depth:
            depth -= 1
        elif depth == 0:
            if ch == "#":
                break
            if colon < 0 and ch == "=":
                return None  # a variable assignment
            if colon < 0 and ch == ":":
                rest = line[i:]
                if rest.startswith((":=", "::=", ":::=")):
                    return None
                colon = i
                i += 2 if rest.startswith("::") else 1
                continue
            if colon >= 0 and ch == ";":
                return _first_target(line[:colon]), i
            if colon >= 0 and ch == "=":
                return None  # a target-specific variable
        i += 1
    if colon < 0:
        return None
    return _first_target(line[:colon]), -1


def _first_target(targets: str) -> str:
    parts = targets.split()
    return parts[0] if parts else ""


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    text = file.source.text
    lines = _lines(text)
    contexts: list[ShellContext] = []
    builder: MappedTextBuilder | None = None
    target = ""
    last_end = 0

    def flush() -> None:
        nonlocal builder
        if builder is not None:
            built = builder.build(last_end)
            if built.text.strip():
                contexts.append(ShellContext(built, "sh", ("recipe", target)))
        builder = None

    k = 0
    define_depth = 0
    while k < len(lines):
        start, end = lines[k]
        line = text[start:end]
        stripped = line.strip()
        if define_depth:
            if stripped.startswith("endef"):
                define_depth -= 1
            elif stripped.startswith("define"):
                define_depth += 1
            k += 1
            continue
        if line.startswith("\t") and builder is not None:
            k = _recipe_line(text, lines, k, start + 1, builder)
            last_end = lines[k - 1][1]
            continue
        if builder is not None and (not stripped or stripped.startswith("#") or _DIRECTIVES.match(stripped)):
            k += 1
            continue
        # a make line: join its continuations first
        first = k
        while _continues(text, *lines[k]) and k + 1 < len(lines):
            k += 1
        k += 1
        if stripped.startswith("define") and not line.startswith("\t"):
            flush()
            define_depth = 1
            continue
        if not stripped or stripped.startswith("#") or _OTHER_DIRECTIVES.match(stripped) or line.startswith("\t"):
            if not _DIRECTIVES.match(stripped):
                flush()
            continue
        logical = text[lines[first][0] : lines[k - 1][1]]
        rule = _rule_split(logical)
        flush()
        if rule is None:
            continue
        target, semi = rule
        builder = MappedTextBuilder()
        if semi >= 0:
            at = lines[first][0] + semi + 1
            # the recipe after `;` runs to the end of the logical line
            _add_recipe(text, at, lines[k - 1][1], builder, first_piece=True)
            last_end = lines[k - 1][1]
    flush()
    return contexts


def _recipe_line(text: str, lines: list[tuple[int, int]], k: int, at: int, b: MappedTextBuilder) -> int:
    """Add one recipe line (with its `\\` continuations) to b; return the next line index."""
    _, end = lines[k]
    b.add_decoded("\n", lines[k][0] - 1)  # each recipe line is a statement of its own
    _add_recipe(text, at, end, b, first_piece=True)
    while _continues(text, lines[k][0], lines[k][1]) and k + 1 < len(lines):
        b.add("\n", lines[k][1])
        k += 1
        start, end = lines[k]
        # make drops one recipe-prefix tab from a continued line
        _add_recipe(text, start + 1 if text.startswith("\t", start) else start, end, b, first_piece=False)
    return k + 1


def _add_recipe(text: str, start: int, end: int, b: MappedTextBuilder, first_piece: bool) -> None:
    i = start
    if first_piece:
        while i < end and text[i] in " \t@-+":
            i += 1
    while i < end:
        ch = text[i]
        if ch == "$" and i + 1 < end and text[i + 1] == "$":
            b.add("$", i)
            i += 2
            continue
        if ch == "$" and text.startswith("(", i + 1):
            ref = _MAKE_VARIABLE.match(text, i, end)
            if ref is not None and (ref.group(1) not in SHELL_COMMAND_NAMES or assigned_values(text, ref.group(1))):
                # `$(NAME)` is make's `${NAME}`: the shell gets the variable's value, not the
                # output of a command NAME (`@echo $(REG_PASSWORD)` prints the password). A
                # `$(pwd)` the Makefile never sets is the shell's command substitution written in
                # make (make expands it to nothing): left as written, no variable.
                b.add("${" + ref.group(1) + "}", i)  # character for character: same offsets
                i = ref.end()
                continue
        b.add(ch, i)
        i += 1


def assigned_values(text: str, name: str) -> list[str]:
    """The values a Makefile assigns a variable (`X := v`, `export X ?= v`, `override X = v`, a
    target's own `login: X = v`)."""
    return [m.group(1).split("#", 1)[0] for m in re.finditer(
        rf"(?m)^(?:[^:#=\n\t][^:#=\n]*:[ \t]*)?[ \t]*(?:(?:export|override)[ \t]+)*{re.escape(name)}"
        rf"[ \t]*[:?+]*=[ \t]*(.*)$", text)]


FACTS: dict[Fact[Any], Any] = {SHELL_CONTEXTS: shell_contexts, VALUES: line_values}
# Recipes read line by line, their shell parsed as a script's: nothing to notify.
NOTES = inert.no_notes
