"""Shell parsing: one command model for sh/bash (tree-sitter), PowerShell and cmd."""

from __future__ import annotations

from collections.abc import Callable

from ..source import MappedText
from .model import Command, Script, Word

# The POSIX-family shells, by program name: the one list (a container's `sh -c`, a step's
# `shell:`, `bash -c` nested in a script).
POSIX_SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh", "ash", "mksh", "busybox"})
SH_DIALECTS = POSIX_SHELLS | {"posix"}  # the dialects read as sh
_PWSH = frozenset({"pwsh", "powershell", "cmd", "bat"})


def parse_shell(text: MappedText, dialect: str = "sh", wanted: Callable[[str], bool] | None = None,
                name: str = "") -> Script:
    """Every simple command in `text`; never raises (unparseable parts are in `Script.errors`).
    `wanted`: a test on the text of a top-level statement of sh/bash, whether it may hold a
    command the caller reads (the others may be left out; `bash.Sink`). `name`: the script
    file's own name, when `text` is a whole script file (`bash -x ./NAME` runs it again)."""
    if dialect in SH_DIALECTS:
        from .bash import Sink, parse_bash, shebang_xtrace

        sink = Sink(wanted, name)
        parse_bash(text, sink)
        xtrace = shebang_xtrace(text)
        commands = sorted(sink.commands, key=lambda c: (c.span.start, -c.span.end))
        return Script(tuple(commands), tuple(sorted(set(xtrace + sink.xtrace))), "sh", tuple(sink.errors),
                      sink.partial, tuple(sorted(set(xtrace + sink.xtrace_top))), tuple(sorted(sink.xtrace_off)),
                      tuple(sink.xtrace_scopes), tuple(sink.unclosed), tuple(sink.xtrace_off_scopes),
                      tuple(sink.functions), tuple(sink.loops))
    if dialect in _PWSH:
        from .pwsh import parse_pwsh

        return parse_pwsh(text, "cmd" if dialect in ("cmd", "bat") else "pwsh")
    return Script((), (), dialect)


__all__ = ["SH_DIALECTS", "Command", "Script", "Word", "parse_shell"]
