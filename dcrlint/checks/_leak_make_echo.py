"""make's own echo: make prints each recipe line, its variables expanded, before running it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..classify import FileKind
from ..findings import Finding
from ..lazyre import lazy_compile
from ..scanned import ScannedFile
from ..secretnames import is_secret_name, secret_named
from ..source import Span

# make prints each recipe line before it runs it, its variables expanded: a line not marked `@`
# prints a secret a make variable holds (`docker login -p $(REG_PASSWORD)`, and `echo "$(REG_PASSWORD)"
# | docker login --password-stdin` too), as shell tracing does. Not in a Makefile made silent
# (`.SILENT:`, `-s`/`--silent`/`--quiet` in MAKEFLAGS), nor a line starting with a variable (`$(Q)`,
# the `@` of a quiet build), nor `$$NAME` (the shell's, printed as written).
_MAKE_REFERENCE = lazy_compile(r"\$\{([A-Za-z_]\w*)\}")
# A recipe line that is one printing command, piped nowhere: what it prints is reported as printed.
_PRINTS_ALONE = lazy_compile(r"(?:echo|printf)\b[^|\n]*$")
_MAKE_SILENT = lazy_compile(r"(?m)^\.SILENT[ \t]*:|^[ \t]*(?:export[ \t]+)?MAKEFLAGS[ \t]*[+:?]?=.*"
                            r"(?:(?<![\w-])-[A-Za-z]*s|--silent\b|--quiet\b)")


def check_make_echo(file: ScannedFile) -> Iterator[Finding]:
    """DCR003: a secret-named make variable in a recipe line make prints before running it, or a
    `$(shell CMD)` there whose CMD prints a credential (`credcommands`): make runs it as it
    expands the line, and prints its output with the line."""
    if file.kind is not FileKind.MAKEFILE:
        return
    text = file.source.text
    if _MAKE_SILENT.search(text):
        return
    from ..credcommands import prints_credential
    from ._name_holders import read_as_name

    pattern = file.settings.secret_names
    # The variables the Makefile sets to a credential command's output (`ACCESS := $(shell gcloud
    # auth print-access-token)`): expanded in a recipe line, as a secret-named one is.
    given = {m.group(1) for m in _SHELL_ASSIGNMENT.finditer(text)
             if prints_credential(m.group(2))} if "$(shell" in text or "!=" in text else set()
    for ctx in file.shell_contexts:
        shown: set[int] = set()  # (one finding a recipe line)
        found: list[tuple[int, int, str, str]] = []  # (start, end, message, what make expands: variable, shell)
        for m in _MAKE_REFERENCE.finditer(ctx.text.text):
            at = ctx.text.offset(m.start())
            name = m.group(1)
            named = name not in given  # (else a credential command's output, whatever its name)
            if text[at : at + 2] not in ("$(", "${") or (named and not is_secret_name(name, pattern)) \
                    or read_as_name(text[text.rfind("\n", 0, at) + 1 : at]) \
                    or (named and _holds_a_name(text, name, pattern)):
                continue  # (`$${X}`: the shell's, printed as written; `get secret $(X)`: a name)
            found.append((at, at + len(name) + 3, f"make prints this recipe line, `$({name})` expanded, to the log "
                          "before running it; start the line with `@`, or let the shell read the variable "
                          f"(`$${name}`)", "variable"))
        if "$(shell" in ctx.text.text:
            for m in _MAKE_SHELL.finditer(ctx.text.text):
                at = ctx.text.offset(m.start())
                end = _closing(text, at + 1)
                if text.startswith("$(shell", at) and end > 0 and prints_credential(text[at + 7 : end - 1]):
                    found.append((at, end, "make prints this recipe line to the log before running it, with the "
                                  "credential its `$(shell ...)` command prints expanded into it; start the line "
                                  "with `@`, or let the shell run the command (`$$(...)`)", "shell"))
        for at, end, message, expanded in sorted(found):
            first = _recipe_start(text, at)
            prefix = text[first : first + 40]
            lead = len(prefix) - len(prefix.lstrip(" \t@-+"))
            if "@" in prefix[:lead] or _quiet_variable(text, prefix[lead:]) or first in shown \
                    or (expanded == "variable"
                        and _PRINTS_ALONE.match(text, first + lead, text.find("\n", at) % (len(text) + 1))):
                continue  # (`echo "$(X)"` alone: the printing command's own finding says it)
            shown.add(first)
            yield Finding("DCR003", message, file.path, Span(at, end), (*ctx.place, "echo"))


# make's `shell` function in a recipe line (kept as written in the line's shell text).
_MAKE_SHELL = lazy_compile(r"\$\(shell[ \t]")
# A make variable set to its output (`X := $(shell CMD)`, `export X ?= ...`, `X != CMD`: make's own
# shell assignment), with the command's line.
_SHELL_ASSIGNMENT = lazy_compile(r"(?m)^[ \t]*(?:(?:export|override)[ \t]+)*([A-Za-z_]\w*)[ \t]*"
                                 r"(?:(?::{0,3}|[?+])=[ \t]*\$\(shell[ \t]|!=)(.*)$")


def _closing(text: str, at: int) -> int:
    """The offset after the `)` closing the `(` at `at`, on its line (0: none)."""
    depth = 0
    for i in range(at, min(len(text), at + 2000)):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        elif ch == "\n" and text[i - 1] != "\\":
            return 0
    return 0


def _holds_a_name(text: str, name: str, pattern: str) -> bool:
    """The Makefile gives the variable only values naming the Secret or the stored credentials
    that keep it (`PULL_SECRET := regcred-ro`: `secretnames.secret_named`), none from elsewhere."""
    from ..extractors.makefile import assigned_values

    values = assigned_values(text, name)
    return bool(values) and all(v.strip() and "$" not in v and not secret_named(name, v, pattern) for v in values)


def _recipe_start(text: str, at: int) -> int:
    """Where the recipe line holding offset `at` starts, after its tab: back over the lines it
    continues (a line ending in an odd run of backslashes goes on)."""
    start = text.rfind("\n", 0, at) + 1
    while start > 1:
        prev = text.rfind("\n", 0, start - 1) + 1
        line = text[prev : start - 1].rstrip("\r")
        if (len(line) - len(line.rstrip("\\"))) % 2 == 0:
            break
        start = prev
    return start + 1 if text.startswith("\t", start) else start


def _quiet_variable(text: str, command: str) -> bool:
    """The line starts with a make variable that may be `@` (`$(Q)docker login ...` with
    `Q := @`, a quiet build's switch): one set so, or one whose value is not known (computed)."""
    if not command.startswith(("$(", "${")):
        return False
    m = _LEADING_VARIABLE.match(command)
    if m is None:
        return True  # (`$(AT_$(V))`: computed)
    return re.search(rf"(?m)^[ \t]*(?:override[ \t]+)?{re.escape(m.group(1))}[ \t]*[:?+!]*=[ \t]*@", text) is not None


_LEADING_VARIABLE = lazy_compile(r"\$[({]([A-Za-z_]\w*)[)}]")
