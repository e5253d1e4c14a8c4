"""DCR003: a secret printed by a command that is given it through a shell function's arguments
(`say() { printf '%s\\n' "$*"; }` ... `say "token $TOKEN"`) or a `for` loop's variable (`for v in
"$TOKEN" "$PASS"; do echo "$v"; done`): the call, the loop, hands the printing command the secret.
Only where it is certain: the function's body prints `$@`, `$*` or `$N` itself (to where the
call's output goes), the loop's list expands a secret and the body prints the variable."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..findings import Finding
from ..lazyre import lazy_compile
from ..references import secret_reference
from ..shell.stdout import readers, shown_by
from ._leak_expansions import _printed_secret, _secret_in

if TYPE_CHECKING:
    from ..scanned import ScannedFile, ShellContext
    from ..shell.model import Command, Script
    from ..source import Span

_PRINTERS = ("echo", "printf")
# The arguments a function's body expands whole: `$@`, `$*`, `$1` ... (`${1}`), not a part or
# a transform of one (`${1:0:4}`, `${1//?/*}`).
_POSITIONAL = lazy_compile(r"\$(?:([@*1-9])|\{([@*1-9])\})")
# (the prefilter's, each led by a literal: a positional expansion, a function's definition by
# its keyword or by the `()` after its name, a `for` loop's list)
_A_POSITIONAL = lazy_compile(r"\$(?:[@*1-9]|\{[@*1-9]\})")
_FUNCTION = lazy_compile(r"function[ \t]+([A-Za-z_][\w:.-]*)[ \t]*(?:\(\)[ \t]*)?(?:\{|$)", re.M)
_PARENS = lazy_compile(r"\(\)")
_NAME_BEFORE = lazy_compile(r"([A-Za-z_][\w:.-]*)[ \t]*\Z")
_FOR_LIST = lazy_compile(r"for(?<![\w-]for)[ \t]+[A-Za-z_]\w*[ \t]+in[ \t]([^;\n]*)")


def may_relay(text: str, pattern: str) -> bool:
    """A superset of what `relayed` reads: a positional expansion, a function defined and its
    name followed by a secret-named expansion on a line (a call); or a `for` loop whose list
    expands a secret-named variable."""
    if "$" not in text:
        return False
    if ("()" in text or "function" in text) and _A_POSITIONAL.search(text) is not None:
        names = {m.group(1) for m in _FUNCTION.finditer(text)} if "function" in text else set()
        names.update(m.group(1) for p in _PARENS.finditer(text)
                     if (m := _NAME_BEFORE.search(text, max(0, p.start() - 80), p.start())) is not None)
        for name in names:
            at = text.find(name)
            while at >= 0:
                end = text.find("\n", at)
                line = text[at + len(name) : end if end >= 0 else len(text)]
                if "$" in line and secret_reference(line, pattern) is not None:
                    return True
                at = text.find(name, at + len(name))
    return "for" in text and " in " in text \
        and any(secret_reference(m.group(1), pattern) is not None for m in _FOR_LIST.finditer(text))


def relayed(file: ScannedFile, ctx: ShellContext, script: Script) -> Iterator[Finding]:
    """Calls of a function printing its arguments given a secret, and a loop's printing of its
    variable where its list expands a secret (`script`: the whole script, none left out)."""
    if not script.functions and not script.loops:
        return
    read_by = readers(script.commands)
    holders: list[frozenset[str]] = []
    printing = _printing_functions(script, read_by)
    for cmd in script.commands:
        if cmd.name not in printing or _inside(cmd.span, script, cmd.name) or shown_by(cmd, read_by) is None:
            continue
        positions = printing[cmd.name]
        args = cmd.args if positions is None else tuple(cmd.args[i] for i in sorted(positions) if i < len(cmd.args))
        found = _secret_in(file, ctx, args, holders)[0]
        if found is not None:
            yield Finding("DCR003", f"`{cmd.name}` prints secret `{found}` to the log (the function prints the "
                          "arguments it is given)", file.path, cmd.span, ctx.place)
    for var, words, body in script.loops:
        found = _printed_secret(file, ctx, words, holders) if "$" in words else None
        if found is None or (holders and var in holders[0]):
            continue  # (a variable the script uses as a name, `kubectl get secret "$v"`: its list holds names)
        own = re.compile(rf"\$(?:{re.escape(var)}(?!\w)|\{{{re.escape(var)}\}})")
        for cmd in script.commands:
            if body.start <= cmd.span.start < body.end and cmd.name in _PRINTERS \
                    and any(own.search(w.raw.text) for w in cmd.args) and shown_by(cmd, read_by) is not None \
                    and _secret_in(file, ctx, cmd.args, holders)[0] is None:  # (else reported as printed)
                yield Finding("DCR003", f"`{cmd.name}` prints secret `{found}` to the log (loop variable `{var}`)",
                              file.path, cmd.span, ctx.place)


def _printing_functions(script: Script, read_by: dict[int, Command]) -> dict[str, set[int] | None]:
    """The functions whose body prints arguments it is given to where its output goes (or the
    log): the argument indexes printed (None: all)."""
    out: dict[str, set[int] | None] = {}
    for cmd in script.commands:
        if cmd.name not in _PRINTERS or (function := _function_of(cmd.span, script)) is None:
            continue
        if shown_by(cmd, read_by) is None:
            continue  # (into a file, a login, a variable)
        for w in cmd.args:
            for m in _POSITIONAL.finditer(w.raw.text):
                which = m.group(1) or m.group(2)
                if which in "@*":
                    out[function] = None
                elif (known := out.setdefault(function, set())) is not None:
                    known.add(int(which) - 1)
    return out


def _function_of(span: Span, script: Script) -> str | None:
    """The innermost function whose definition holds `span`."""
    best: tuple[str, Span] | None = None
    for name, at in script.functions:
        if at.start <= span.start and span.end <= at.end and (best is None or at.start >= best[1].start):
            best = (name, at)
    return best[0] if best else None


def _inside(span: Span, script: Script, function: str) -> bool:
    """`span` is in a definition of `function` (a call of itself, or the definition's own words)."""
    return any(name == function and at.start <= span.start and span.end <= at.end for name, at in script.functions)

