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
from ..valuepatterns import DEFAULT_SECRET_NAMES, SECRET_NAME_WORDS
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
    """A superset of what `relayed` reads: a positional expansion, a function defined and a line
    holding its name and a secret-named expansion (a call); or a `for` loop whose list expands a
    secret-named variable. Each line is read once (a long line with a short function name's many
    occurrences: reviewer R123)."""
    if "$" not in text:
        return False
    functions = ("()" in text or "function" in text) and _A_POSITIONAL.search(text) is not None
    loops = "for" in text and " in " in text
    if functions:
        names = {m.group(1) for m in _FUNCTION.finditer(text)} if "function" in text else set()
        names.update(m.group(1) for p in _PARENS.finditer(text)
                     if (m := _NAME_BEFORE.search(text, max(0, p.start() - 80), p.start())) is not None)
        if names:
            called = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))
            for line in _lines_naming_secrets(text, pattern):
                if "$" in line and called.search(line) is not None and secret_reference(line, pattern) is not None:
                    return True
    return loops and any(secret_reference(m.group(1), pattern) is not None for m in _FOR_LIST.finditer(text))


def _lines_naming_secrets(text: str, pattern: str) -> Iterator[str]:
    """The lines that may expand a secret-named variable, each once: with the built-in pattern,
    those holding one of its words (found with `str.find`, a line's rest skipped once found);
    with another, every line."""
    if pattern != DEFAULT_SECRET_NAMES:
        yield from text.split("\n")
        return
    low = text.lower()
    seen: set[int] = set()
    for word in SECRET_NAME_WORDS:
        at = low.find(word)
        while at >= 0:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            if start not in seen:
                seen.add(start)
                yield text[start:end]
            at = low.find(word, end)


def relayed(file: ScannedFile, ctx: ShellContext, script: Script) -> Iterator[Finding]:
    """Calls of a function printing its arguments given a secret, and a loop's printing of its
    variable where its list expands a secret (`script`: the whole script, none left out)."""
    if not script.functions and not script.loops:
        return
    read_by = readers(script.commands)
    holders: list[frozenset[str]] = []
    owners = _owners(script)
    printing = _printing_functions(script, read_by, owners)
    for cmd in script.commands:
        if cmd.name not in printing or cmd.name in owners.get(id(cmd), ((), ""))[0] \
                or shown_by(cmd, read_by) is None:
            continue  # (a call inside the function's own definition: its recursion)
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


def _printing_functions(script: Script, read_by: dict[int, Command],
                        owners: dict[int, tuple[tuple[str, ...], str]]) -> dict[str, set[int] | None]:
    """The functions whose body prints arguments it is given to where its output goes (or the
    log): the argument indexes printed (None: all)."""
    out: dict[str, set[int] | None] = {}
    for cmd in script.commands:
        if cmd.name not in _PRINTERS or id(cmd) not in owners:
            continue
        function = owners[id(cmd)][1]
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


def _owners(script: Script) -> dict[int, tuple[tuple[str, ...], str]]:
    """The functions whose definitions hold each command (by its id), outermost first, and the
    innermost: one sweep over the definitions and the commands, both in source order
    (definitions nest; a walk over every definition for each command was quadratic: R123)."""
    out: dict[int, tuple[tuple[str, ...], str]] = {}
    if not script.functions:
        return out
    functions = sorted(script.functions, key=lambda f: (f[1].start, -f[1].end))
    open_: list[tuple[str, Span]] = []
    k = 0
    for cmd in sorted(script.commands, key=lambda c: c.span.start):
        at = cmd.span
        while k < len(functions) and functions[k][1].start <= at.start:
            while open_ and open_[-1][1].end <= functions[k][1].start:
                open_.pop()
            open_.append(functions[k])
            k += 1
        while open_ and open_[-1][1].end < at.end:
            open_.pop()
        if open_:
            out[id(cmd)] = (tuple(name for name, _ in open_), open_[-1][0])
    return out
