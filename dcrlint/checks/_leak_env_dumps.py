"""Commands that dump the environment (`env`, `printenv`, `set`, `Get-ChildItem env:`) where a
secret is in it, unless what they print is filtered down to lines holding no secret."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from ..facts import ASSIGNMENTS
from ..findings import Finding
from ..references import secret_reference
from ..scanned import ScannedFile, ShellContext
from ..secretnames import is_secret_name
from ..shell.stdout import readers
from ..valuepatterns import SECRET_NAME_WORDS
from ._leak_tracing import _EXPANDED

if TYPE_CHECKING:
    from ..shell.model import Command, Script, Word


_ENV_DUMPERS = frozenset({"env", "printenv", "set", "export", "declare", "typeset"})
_ENV_DUMPERS_PWSH_CMD = frozenset({"get-childitem", "gci", "dir", "ls", "set"})


def _dumps_environment(cmd: Command, dialect: str) -> bool:
    """`env`, `printenv`, `set`, `export -p`, `declare -p` with no names; PowerShell
    `Get-ChildItem env:`; cmd `set`: the whole environment printed."""
    name = cmd.name
    if name not in _ENV_DUMPERS and name.lower() not in _ENV_DUMPERS_PWSH_CMD:
        return False
    args = [w.text for w in cmd.args]
    if dialect == "pwsh":
        return name.lower() in ("get-childitem", "gci", "dir", "ls") and any(a.lower().rstrip("\\/") == "env:"
                                                                          for a in args)
    if dialect == "cmd":
        return name.lower() == "set" and not args
    if name in ("env", "printenv"):
        return all(a.startswith("-") for a in args)  # `env -0`; `env X=1 cmd` runs a command
    if name == "set":
        return not args
    if name in ("export", "declare", "typeset"):
        return bool(args) and all(a in ("-p", "-x", "-px", "-xp") for a in args)
    return False


def _holds_secrets(file: ScannedFile, ctx: ShellContext, script: Script, has_login: bool) -> bool:
    """The job has secrets in its environment: it logs in, its script reads a secret variable,
    or (GitHub Actions) its step's, job's or workflow's `env:` is given a secret."""
    if has_login or secret_reference(ctx.text.text, file.settings.secret_names) is not None:
        return True
    if file.kind.value.startswith("github") and len(ctx.place) >= 2:
        step = ctx.place[:-1]  # (..., "steps", "2") of a `run:`
        scopes = {(*step, "env"), (*ctx.place[:2], "env"), ("env",)}
        return any(a.place[:-1] in scopes and "secrets." in a.value for a in file.get(ASSIGNMENTS))
    return False


def _env_dumps(file: ScannedFile, ctx: ShellContext, script: Script, has_login: bool) -> Iterator[Finding]:
    consumers = {id(c.pipe_from) for c in script.commands if c.pipe_from is not None}
    read_by: dict[int, Command] | None = None
    dumps = []
    for c in script.commands:
        if not c.words or c.output != "log" or not _dumps_environment(c, ctx.dialect):
            continue
        # piped itself, or written to the stdout of a piped group or subshell it is in (the
        # command whose stdout it writes to, `stdout_of`, is a pipe's: `{ env; echo x; } | loader`)
        if id(c) in consumers or (c.stdout_of is not None and id(c.stdout_of) in consumers):
            if ctx.dialect != "sh":
                continue  # (the other parsers do not tell what a pipe does with it)
            if read_by is None:
                read_by = readers(script.commands)
            if not _dump_shown(file, ctx, c, read_by):
                continue
        dumps.append(c)
    if dumps and _holds_secrets(file, ctx, script, has_login):
        for cmd in dumps:
            yield Finding("DCR003", f"`{cmd.name}` prints the whole environment, with the job's secrets, to the log",
                          file.path, cmd.span, ctx.place)


# Filters that keep whole lines of what they read (a dump's `NAME=value` lines), in another
# order or fewer of them; grep too when the lines it keeps may be a secret's (`_grep_keeps_secrets`).
_LINE_KEEPING = frozenset({"sort", "uniq", "tee", "cat", "tac", "head", "tail", "column", "nl"})


def _dump_shown(file: ScannedFile, ctx: ShellContext, dump: Command, read_by: dict[int, Command]) -> bool:
    """Whether a piped environment dump's lines reach the log: through filters keeping lines a
    secret's may be among (`| sort`, `| grep -v X`, `| grep -i token`), to the log or a program
    writing them to a log (`logger`, `tee /dev/stderr`). Not through a transform (`cut -d= -f1`,
    `sed`, `awk` may keep names only), nor into a file, a capture or a program keeping them."""
    from ..shell.stdout import shown_by

    def keeps(reader: Command) -> bool:
        name = reader.name.rsplit("/", 1)[-1]
        return name in _LINE_KEEPING or (name.endswith("grep") and _grep_keeps_secrets(file, ctx, reader, dump))

    return shown_by(dump, read_by, keeps) is not None


# grep's options: those that keep other lines than the pattern's or parts of lines, those that
# take a value (the pattern with `-e`), as `shell.stdout` reads them.
_GREP_VALUED = frozenset("efmABCdD")


def _grep_keeps_secrets(file: ScannedFile, ctx: ShellContext, grep: Command, dump: Command) -> bool:
    """Whether the lines `grep` keeps of a dump may be a secret's: a pattern whose words name a
    secret (`TOKEN`, `PASS`) or are part of a secret-named variable the script expands
    (`REGISTRY` of `$REGISTRY_PASSWORD`; any case with `-i`); with `-v`, unless its patterns
    drop every secret line (`_drops_secret_lines`). Not `-o`, which prints the matched part (a
    name) only (with `-v`, nothing)."""
    flags, patterns = _grep_patterns(grep.args)
    flags += {"egrep": "E", "fgrep": "F"}.get(grep.name.rsplit("/", 1)[-1], "")
    if "o" in flags:
        return False
    names = file.settings.secret_names
    expanded = {n for n in _EXPANDED.findall(ctx.text.text) if is_secret_name(n, names)}
    if "v" in flags:
        return not _drops_secret_lines(flags, patterns, expanded, _DUMP_LINES.get(dump.name, ("{}=",)))
    fold = "i" in flags
    expanded = {n.lower() for n in expanded} if fold else expanded
    for pattern in patterns:
        for word in re.findall(r"[A-Za-z0-9_]{3,}", pattern):
            if is_secret_name(word, names) or any((word.lower() if fold else word) in n for n in expanded):
                return True
    return False


_GREP_LONG_FLAGS = {"--invert-match": "v", "--only-matching": "o", "--ignore-case": "i", "--extended-regexp": "E",
                    "--fixed-strings": "F", "--perl-regexp": "P", "--word-regexp": "w", "--line-regexp": "x",
                    "--file": "f"}


def _grep_patterns(args: tuple[Word, ...]) -> tuple[str, list[str]]:
    """grep's option letters (long options as their short ones) and its patterns (the `-e`
    values, else the first operand)."""
    patterns: list[str] = []
    flags = ""
    k = 0
    while k < len(args):
        text = args[k].text
        k += 1
        if text == "--":
            patterns += [w.text for w in args[k : k + 1]] if not patterns else []
            break
        if text.startswith("--"):
            name, eq, value = text.partition("=")
            flags += _GREP_LONG_FLAGS.get(name, "")
            if name in ("--regexp", "--file"):
                value = value if eq else args[k].text if k < len(args) else ""
                patterns += [value] if name == "--regexp" else []
                k += not eq
            continue
        if text.startswith("-") and len(text) > 1:
            for at, ch in enumerate(text[1:], 2):
                flags += ch
                if ch in _GREP_VALUED:
                    value = text[at:] if at < len(text) else args[k].text if k < len(args) else ""
                    k += at == len(text)
                    if ch == "e":
                        patterns.append(value)
                    break
            continue
        if not patterns:
            patterns.append(text)
        break
    return flags, [p for pattern in patterns for p in pattern.split("\n")]


# How a dump writes a variable's line, up to its value: `NAME=value` (env, printenv, set);
# `declare -x NAME="value"` (bash's export -p, declare -p, typeset -p; `export NAME='value'` in dash).
_DUMP_LINES: dict[str, tuple[str, ...]] = dict.fromkeys(("export", "declare", "typeset"),
                                                        ('declare -x {}="', 'declare -- {}="', "export {}="))


def _drops_secret_lines(flags: str, patterns: list[str], expanded: set[str], forms: tuple[str, ...]) -> bool:
    """Whether `grep -v` drops every line of a secret the dump may show (written in each of
    `forms`): of each secret-named variable the script expands, or (when it expands none: the
    job's secrets are named elsewhere) of each secret word as a name (`TOKEN=`, `AUTH=`).
    Patterns read from a file, a whole-line match and a pattern that cannot run in linear time
    (`userregex`) are taken to drop nothing."""
    if "f" in flags or "x" in flags or not patterns:
        return False
    matchers = [m for m in (_grep_matcher(p, flags) for p in patterns) if m is not None]
    names = expanded or {w.upper() for w in SECRET_NAME_WORDS}
    return all(any(m(form.format(n)) for m in matchers) for n in names for form in forms)


def _grep_matcher(pattern: str, flags: str) -> Callable[[str], bool] | None:
    """A test of a line by one grep pattern: fixed (`-F`), extended (`-E`, `-P`) or basic
    (GNU's: `\\|`, `\\(`, `\\+` are the operators, `|`, `(`, `+` plain characters); `-i`, `-w`."""
    if "F" in flags:
        regex = re.escape(pattern)
    elif "E" in flags or "P" in flags:
        regex = pattern
    else:
        regex = re.sub(r"\\([|(){}+?])|([|(){}+?])", lambda m: m.group(1) or "\\" + m.group(2), pattern)
    if "w" in flags:
        regex = rf"(?:^|\W)(?:{regex})(?:\W|$)"
    from ..userregex import RegexError, compile_user

    try:  # (a file's pattern runs in linear time, as a user's does: `(.*)*#` must not hang)
        compiled = compile_user(f"(?i:{regex})" if "i" in flags else regex)
    except RegexError:
        return None
    return lambda line: compiled.search(line) is not None
