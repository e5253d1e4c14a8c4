"""DCR001 password-on-command-line: a registry login given its password as an argument
(with a fix: feed it through `--password-stdin` when the password is a variable)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..classify import FileKind
from ..facts import LOGINS, NO_SHELL
from ..findings import Edit, Finding, Fix
from ..lazyre import lazy_compile
from ..logintools import LOGIN_COMMANDS, may_log_in
from ..scanned import ScannedFile, ShellContext
from ..shell.logins import Login, registry_label, stdin_option
from ..source import Span
from ..values import ValueKind
from . import FileCheck

if TYPE_CHECKING:
    from ..shell.model import Command, Script


def _printf_fix(ctx: ShellContext, file: ScannedFile, login: Login, nesting: _Nesting) -> Fix | None:
    """`printf %s "$P" | docker login ... --password-stdin`, when it can be written safely.

    Every character of the fix is written in the encoding of the container the shell sits in
    (YAML scalar, Groovy string, Makefile recipe): the password reference is copied from the
    file as written, and the only other characters are `printf %s`, ` | `, the stdin option and,
    for an unquoted reference, a pair of double quotes (escaped in a double-quoted container)."""
    cmd, pw, word = login.command, login.password, login.password_word
    if pw is None or word is None or login.password_kind is not ValueKind.VARIABLE:
        return None  # a literal must not be copied into a fix; it needs a secret store
    if cmd.pipe_from is not None or cmd.herestring is not None or cmd.heredoc is not None \
            or (cmd.stdin_file is not None and not cmd.stdin_inherited):
        return None  # stdin is taken already (a pipe on it replaces a loop's or group's)
    if ctx.dialect not in ("sh", "bash"):
        return None  # PowerShell and cmd have no printf
    if NO_SHELL in ctx.place:
        return None  # systemd runs the command itself, no shell: a pipe would be an argument
    stdin = stdin_option(login)
    if stdin is None:
        return None  # kubectl, az: no stdin option; use a docker config or a token instead
    if nesting.nested(cmd):
        return None  # inside `bash -c "..."`, eval or a heredoc: a pipe here would run outside
    text = file.source.text
    # The option and its value, as one stretch of the file: `-p "$P"`, `--password=$P`, `-p$P`.
    pw_span = word.span
    holder = next((w for w in cmd.words if w.span.start <= pw_span.start and pw_span.end <= w.span.end
                   and w.span != pw_span), None)
    if holder is not None:  # --password=X, -pX: the value is part of the option word
        opt = holder.span
    else:
        i = next((k for k, w in enumerate(cmd.words) if w.span == pw_span), None)
        if i is None or i < 1:
            return None
        opt = Span(cmd.words[i - 1].span.start, pw_span.end)
    if "\n" in text[opt.start : opt.end] or not cmd.span.start <= opt.start < opt.end <= cmd.span.end:
        return None
    written = text[pw_span.start : pw_span.end]
    if holder is not None and written.startswith(("'", '"')) and not written.endswith(written[0]):
        return None
    quote = _container_quote(ctx, file)
    dq = '\\"' if quote == '"' else '"'
    if file.kind is FileKind.MAKEFILE:
        inner = written[1:-1] if len(written) > 2 and written[0] == written[-1] == '"' else written
        made = _MAKE_VARIABLE.fullmatch(inner)
        if made is not None:
            # $(P) is expanded by make into the command line make echoes; $$P is read by the
            # shell from its environment, which holds P only when make exports it.
            if not _exported(file.source.text, made.group(1)):
                return None
            written = f'"$${made.group(1)}"'
    if written.startswith(dq) and written.endswith(dq) and len(written) > 2 * len(dq):
        arg = written
    elif not _REFERENCE.fullmatch(written):
        return None  # quoted or built some other way: leave it to a human
    else:
        arg = f"{dq}{written}{dq}"
    return Fix(
        f"read the password from stdin: printf %s {arg} | ... {stdin}",
        (Edit(Span(cmd.span.start, cmd.span.start), f"printf %s {arg} | "), Edit(opt, stdin)),
    )


_MAKE_VARIABLE = lazy_compile(r"\$[({]([A-Za-z_]\w*)[)}]")


def _exported(makefile: str, name: str) -> bool:
    """Whether the shell of a recipe sees `name`: not set in the Makefile (then it comes from
    the environment), or exported (`export NAME`, `export NAME = ...`, `.EXPORT_ALL_VARIABLES`)."""
    n = re.escape(name)
    if re.search(rf"(?m)^[ \t]*export\b[^\n#]*\b{n}\b|^\.EXPORT_ALL_VARIABLES\s*:", makefile):
        return True
    return not re.search(rf"(?m)^[ \t]*(?:override[ \t]+)?{n}[ \t]*(?:[:?+!]|::)?=", makefile)


# A bare reference to a variable: $P, ${P}, $$P (make), $(P) (make), ${{ secrets.P }} (GitHub).
_REFERENCE = lazy_compile(r"\$\$?(?:[A-Za-z_]\w*|\{[A-Za-z_]\w*\}|\([A-Za-z_][\w.]*\))|\$\{\{ *[\w.]+ *\}\}")


class _Nesting:
    """Every stretch of a script that holds code run by another command (a word, an
    assignment, a heredoc, a here-string), sorted, to tell in O(log n) whether a command
    runs inside one: a script with thousands of logins is not compared pairwise."""

    def __init__(self, script: Script) -> None:
        parts: list[tuple[int, int, int]] = []  # (start, end, index of the owning command)
        for k, other in enumerate(script.commands):
            spans = [w.span for w in other.words] + [w.span for _, w in other.assignments]
            if other.heredoc is not None:
                spans.append(other.heredoc.span(0, len(other.heredoc.text)))
            if other.herestring is not None:
                spans.append(other.herestring.span)
            parts.extend((p.start, p.end, k) for p in spans)
        parts.sort()
        self.parts = parts
        self.starts = [p[0] for p in parts]
        self.widest: list[int] = []  # widest[i]: index of the largest end among parts[: i + 1]
        for i, p in enumerate(parts):
            best = self.widest[-1] if self.widest else i
            self.widest.append(i if p[1] > parts[best][1] else best)
        self.owner = {id(c): k for k, c in enumerate(script.commands)}

    def nested(self, cmd: Command) -> bool:
        """The command runs inside another command's argument or heredoc."""
        s, own = cmd.span, self.owner.get(id(cmd), -1)
        i = bisect.bisect_right(self.starts, s.start)  # parts starting at or before the command
        if not i or self.parts[self.widest[i - 1]][1] < s.end:
            return False  # none reaches past the command's end: the usual case, answered at once
        return any(
            end >= s.end and owner != own and (start, end) != (s.start, s.end)
            for start, end, owner in self.parts[:i]
        )


def _container_quote(ctx: ShellContext, file: ScannedFile) -> str:
    """The quote that encloses the shell context in the file: '"' for a double-quoted YAML
    scalar or Groovy string, "" when the shell is written as is (block scalar, script, RUN)."""
    text = file.source.text
    at = ctx.text.offset(0) if ctx.text.text else ctx.text.end
    before = text[max(0, at - 3) : at]
    if before.endswith('"') and before != '"""':
        return '"'
    return ""


def check(file: ScannedFile) -> Iterator[Finding]:
    nestings: dict[int, _Nesting] = {}  # by script, made on first need
    seen: set[Span] = set()
    for site in file.get(LOGINS):
        login, ctx = site.login, site.context
        pw = login.password
        if login.entry.prints_login:
            span = _substitution(login.command, site.script)
            if span not in seen:  # `eval $(...)` holds the same command twice
                seen.add(span)
                yield Finding("DCR001", f"`{login.tool}` prints a `docker login -p TOKEN` command line "
                              f"to be run; {login.entry.advice}", file.path, span, ctx.place)
            continue
        if pw is None:
            continue
        literal = login.password_kind is ValueKind.LITERAL
        fix = None
        if not literal:
            nesting = nestings.get(id(site.script))
            if nesting is None:
                nesting = nestings[id(site.script)] = _Nesting(site.script)
            fix = _printf_fix(ctx, file, login, nesting)
        yield Finding(
            "DCR001",
            f"`{login.tool}`{registry_label(login)} gets its password on the command line ({login.spelling}); "
            f"{_advice(login)}",
            file.path, pw.span(0, len(pw.text)), ctx.place, secret=pw.text if literal else None, fix=fix,
        )


def _substitution(cmd: Command, script: Script) -> Span:
    """The `$(...)` word that runs the command's output (what becomes `docker login -p TOKEN`),
    else the command itself."""
    inner = Span(cmd.words[0].span.start, cmd.words[-1].span.end)
    best = inner
    for other in script.commands:
        for w in other.words:
            s = w.span
            if s.start <= inner.start and inner.end <= s.end and s != inner and w.text.startswith(("$(", "`")) \
                    and (best == inner or s.end - s.start < best.end - best.start):
                best = s
    return best


def _advice(login: Login) -> str:
    """How to stop: the tool's own way (catalog), else its stdin option."""
    if login.entry.advice:
        return login.entry.advice
    return f"feed it with {stdin_option(login) or '--password-stdin'}"


FIXABLE = True  # its findings carry a Fix (rule metadata `fixable: true`)

CHECKS = (FileCheck(rules=("DCR001",), run=check, facts=(LOGINS,), commands=(LOGIN_COMMANDS,), gate=may_log_in),)
