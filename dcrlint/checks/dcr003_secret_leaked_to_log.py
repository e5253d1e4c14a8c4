"""DCR003 secret-leaked-to-log: commands that print a credential to the job log (a secret
variable echoed, a docker config printed, shell tracing in a script that logs in)."""

from __future__ import annotations

import itertools
import re
import shlex
from collections.abc import Callable, Iterator
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

from ..classify import FileKind, shell_startup_file
from ..facts import ASSIGNMENTS, JENKINS_MODEL, LOGINS, SHELL_SCRIPTS, SHELL_SESSIONS, CommandFilter
from ..findings import Finding
from ..lazyre import lazy_compile
from ..logintools import LOGIN_COMMANDS
from ..references import expanded_variables, secret_reference
from ..scanned import ScannedFile, ShellContext
from ..secretnames import (
    is_secret_name,
    may_name_a_secret,
    names_a_user,
    names_no_secret,
    names_stored_setting,
    secret_named,
)
from ..shell.model import PRINTING_COMMANDS
from ..shell.spelling import may_trace, plain, words
from ..shell.stdout import LOGGER, logger_message, readers, shown_by
from ..source import Span
from ..valuepatterns import DEFAULT_SECRET_NAMES, SECRET_NAME_WORDS
from . import FileCheck
from ._spellings import may_read

if TYPE_CHECKING:
    from ..config import Settings
    from ..facts import Assignment, LoginSite
    from ..shell.model import Command, Script, Word
    from ..source import MappedText, Span

    # A variable set: where, its name, the secret variable it holds (or None), and a stretch of
    # the file that never runs after it (what waits on a `read` that fails: `_not_run`).
    ReadSet = tuple[int, str, str | None, Span | None]

_DOCKER_CONFIG = lazy_compile(
    r"(^|/)\.docker/config\.json$|(^|/)\.dockercfg$|\$\{?DOCKER_CONFIG\}?/config\.json$"
    r"|(^|/)containers/auth\.json$|\$\{?REGISTRY_AUTH_FILE\}?$"
)
# Logging commands a CI runner reads from stdout to mask a value: GitHub's `::add-mask::`,
# Azure Pipelines' `##vso[task.setsecret]` and secret `##vso[task.setvariable ...issecret=true]`.
_MASKING = lazy_compile(r"::add-mask::|##vso\[task\.setsecret\]|##vso\[task\.setvariable [^\]]*issecret=true", re.I)
# What may come before a logging command in an argument: PowerShell's parentheses around the
# string (`Write-Output ("##vso[...]$X")`), its quote.
_MASKING_LEAD = lazy_compile(r"""[(\s]*["']?""")
_MASKING_RUNNERS = frozenset({FileKind.GITHUB_WORKFLOW, FileKind.GITHUB_ACTION, FileKind.AZURE_PIPELINES})
# Programs named for handing a credential to the program that runs them, on their stdout: git's
# and ssh's askpass, credential helpers (docker's `docker-credential-NAME`, git's
# `git-credential-NAME`, which `credential.helper = NAME` runs, its answer the
# `password=...` lines it prints), Ansible's vault password clients (`vault_pass.sh`,
# `vault-password-client.py`, `ansible_vault_env_pass_file.sh`: `--vault-password-file` runs them).
_ASKPASS = lazy_compile(r"(?i)ask-?pass|credential-helper|^(?:docker|git)-credential-")
_VAULT_CLIENT = lazy_compile(r"(?i)vault(?:[-_.]?|[\w.-]*[-_.])pass")
_STDOUT_REDIRECT = lazy_compile(r"[ \t]*(1?>(?!&)|&>)")
_DOCKER_CONFIG_TEXT = (".docker/config.json", "dockercfg", "docker_config", "containers/auth.json",
                       "registry_auth_file")  # lowercase
# What `_dumps_environment` reports, on a text's words (`shell.spelling.words`: lowercase):
# `env`, `printenv` and `set` given no operand, `export -p`, PowerShell's `env:` drive (cmd's
# `SET` too). The command ends at a line break, an operator, a redirection or a comment. One
# pattern per command: a pattern that starts with a literal is searched for fast (the name's
# start is checked after, `_dump_in`).
_END = r"[ \t]*(?:\Z|[\n\r;&|)<>#0-9])"
_DUMP_NAMES = ("set", "export", "declare", "typeset")  # the patterns after `env`'s, in order
_ENV_DUMP_TEXT = (lazy_compile(rf"env(?:[ \t]+-\S*)*{_END}"), lazy_compile(rf"set{_END}"),
                  *(lazy_compile(rf"{name}(?:[ \t]+-[px]{{1,2}})+{_END}") for name in _DUMP_NAMES[1:]))
_NAMED_DUMPS = tuple(zip(_DUMP_NAMES, _ENV_DUMP_TEXT[1:], strict=True))
# PowerShell's environment drive as an argument (`Get-ChildItem env:`, `env:\\`), not a variable
# of it (`$env:NAME`, read `env:name` once `$` is gone).
_ENV_DRIVE = lazy_compile(r"env:/*+(?![\w*.:-])")
# A variable expanded: `$NAME`, `${NAME}`, `$env:NAME`, `%NAME%` (the names `secret_reference`
# reads; more names are fine).
_EXPANDED_NAME = lazy_compile(r"[$%:]\{?!?(\w+)")
# `declare -p NAME` / `typeset -p NAME` print the name's attributes and value (`declare -x
# PASSWORD="..."`); with `-f`/`-F` the names are functions'. In a text read as `words`.
_DECLARE_PRINT = lazy_compile(r"(?:declare|typeset)(?:[ \t]+[-+]\w*)*[ \t]+-[a-eg-z]*p")


@lru_cache(maxsize=1)
def _printing_words() -> tuple[str, ...]:
    return tuple(sorted({p.lower() for p in PRINTING_COMMANDS} | {LOGGER}))


@lru_cache(maxsize=1)
def _printing_command() -> re.Pattern[str]:
    """A printing command's name standing as a word of its own: a command name starts after a
    blank, an operator or a quote or escape that `words` took out (not `location`, `Content-Type`,
    `fingerprint`, `./cat`) and ends before one. Each name's lookbehind follows it: the search
    goes from one of the names' first letters to the next."""
    names = sorted(_printing_words(), key=len, reverse=True)
    return re.compile("(?:" + "|".join(f"{re.escape(n)}(?<![\\w./-]{re.escape(n)})" for n in names)
                      + ")(?![\\w./-])")


@lru_cache(maxsize=4096)
def _may_be_secret(name: str, pattern: str) -> bool:
    """A secret-like name begins `name`: in a text made plain the letters after a variable's
    name may have been joined to it (`"$PASSWORD"_FILE` reads `$PASSWORD_FILE`)."""
    if not may_name_a_secret(name, pattern):
        return False  # nor any of its beginnings
    return any(is_secret_name(name[:k], pattern) for k in range(len(name), 0, -1))


def _dump_in(pattern: re.Pattern[str], low: str) -> bool:
    """A match of `pattern` that starts a word: not `$GITHUB_ENV`, `.env`, `/usr/bin/env` (a
    command named so is not `env`), `reset`."""
    for m in pattern.finditer(low):
        at = m.start()
        if at == 0 or not (low[at - 1].isalnum() or low[at - 1] in "_./-"):
            return True
    return False


def _may_print(text: str, settings: Settings) -> bool:
    """A printing command beside a secret reference, `printenv`, or a docker config path; the
    text is read without its quotes and escapes (`e"cho" $PASSWORD`), as the parser reads
    words, and in any case."""
    low, names = words(text), plain(text)
    if low is None or names is None:
        return True
    return _may_print_words(low, names, settings)


def _may_print_words(low: str, names: str, settings: Settings) -> bool:
    """`_may_print` of a text read as `words` (`low`) and as `plain` (`names`)."""
    # (loops and `or`s, no generators: this runs on each statement of a parsed script)
    for p in _DOCKER_CONFIG_TEXT:
        if p in low:
            return True
    if "printenv" in low:
        return True
    pattern = settings.secret_names
    if _may_declare_print(low, names, pattern):
        return True
    for p in _printing_words():
        if p in low:
            break
    else:
        return False
    # A GitHub secret expression, or an expanded name that may be a secret's (found from the
    # secret words: `_expands_secret`), before the printing command's pattern (an alternation
    # of names each looked behind, slow on a whole file), which most texts would pass only to
    # fail here: a file's `Authors` holds a secret word and is no expanded name.
    if "secrets." not in names and not (may_name_a_secret(names, pattern) and _expands_secret(names, pattern)):
        return False
    return _printing_command().search(low) is not None


def _may_declare_print(low: str, names: str, pattern: str) -> bool:
    """`declare -p` / `typeset -p` (`_DECLARE_PRINT`) in a text that may name a secret: the
    names it prints are written bare, not expanded."""
    return (("declare" in low or "typeset" in low) and may_name_a_secret(names, pattern)
            and _DECLARE_PRINT.search(low) is not None)


def _expands_secret(names: str, pattern: str) -> bool:
    """Whether a name the text expands (`_EXPANDED_NAME.findall(names)`) may be a secret's
    (`_may_be_secret`). With the built-in pattern an ASCII name can be one only if it holds a
    secret word (`may_name_a_secret`): the names are found from those words (`str.find`), each
    the whole run of word characters around one, taken where findall takes it (right after a
    `$`, `%` or `:`, or after one of them and a `{` or `{!`), not by reading every name of the text."""
    if pattern != DEFAULT_SECRET_NAMES or not names.isascii():
        return any(_may_be_secret(name, pattern) for name in _EXPANDED_NAME.findall(names))
    low, n = names.lower(), len(names)
    for word in SECRET_NAME_WORDS:
        at = low.find(word)
        while at >= 0:
            start, end = at, at + len(word)
            while start and (names[start - 1].isalnum() or names[start - 1] == "_"):
                start -= 1
            while end < n and (names[end].isalnum() or names[end] == "_"):
                end += 1
            lead = start - 1 if start and names[start - 1] == "!" else start  # `${!NAME}`
            lead = lead - 1 if lead and names[lead - 1] == "{" else lead
            if lead and names[lead - 1] in "$%:" and _may_be_secret(names[start:end], pattern):
                return True
            at = low.find(word, end)
    return False


def _may_dump_environment(text: str, settings: Settings) -> bool:
    """A command that prints the whole environment (`_dumps_environment`), in a text read as
    `_may_print` reads it (`s\\et`)."""
    low = words(text)
    return True if low is None else _may_dump_words(low)


def _may_dump_words(low: str, drive: bool = True) -> bool:
    """`_may_dump_environment` of a text read as `words`; `drive=False`: other than by
    PowerShell's environment drive."""
    if "env" in low and ((drive and "env:" in low and _ENV_DRIVE.search(low) is not None)
                         or _dump_in(_ENV_DUMP_TEXT[0], low)):
        return True
    if "set" in low or "export" in low or "declare" in low or "typeset" in low:
        # Each pattern starts with its command's name: asked only where the name is (one not
        # asked is not compiled: `set -eu` compiled all four, a tenth of a one-script run's regexes).
        return any(name in low and _dump_in(dump, low) for name, dump in _NAMED_DUMPS)
    return False


def _may_hold_secrets(file: ScannedFile, text: str) -> bool:
    """What `_holds_secrets` asks of a context, or more: an environment dump is reported only
    there. A login (its filter), a secret variable read, or in GitHub Actions a secret in an
    `env:` of the file (any case, escapes decoded)."""
    settings = file.settings
    if file.kind.value.startswith("github") and may_read(file, "secrets."):
        return True
    return secret_reference(text, settings.secret_names) is not None or LOGIN_COMMANDS.test(text, settings)


PRINTED_SECRETS = CommandFilter("printed-secrets", _may_print)
ENVIRONMENT_DUMPS = CommandFilter("environment-dumps", _may_dump_environment, when=_may_hold_secrets)


def _may_trace(text: str, settings: Settings) -> bool:
    return may_trace(text)


def _in_sessions_with_login(file: ScannedFile, text: str) -> bool:
    """A context of a file whose jobs run several contexts in one shell (`SHELL_SESSIONS`)
    and that may log in: tracing turned on in one context goes on in the next."""
    from ..logintools import may_log_in

    return bool(file.get(SHELL_SESSIONS)) and may_log_in(file)


# Tracing turned on in a context with no login of its own (a GitLab `before_script: [set -x]`)
SESSION_TRACING = CommandFilter("session-tracing", _may_trace, when=_in_sessions_with_login)


def check(file: ScannedFile) -> Iterator[Finding]:
    # Scripts that put a credential through the shell: a login given a password (an argument or
    # stdin). `skopeo inspect --authfile f` logs in from a file: tracing shows only the path.
    sites = [site for site in file.get(LOGINS) if site.login.password is not None or site.login.password_stdin]
    with_login = {id(site.script) for site in sites}
    # Of those, the logins whose credential a trace prints (`trace_shows_credential`: not one
    # fed by a program that prints it, `aws ecr get-login-password | docker login ...`).
    traced = _trace_shown(file, sites) if sites else []
    yield from _exposed_tokens(file)
    answers = _answers(file)
    for ctx, script in file.get(SHELL_SCRIPTS):
        if not script.commands and not script.xtrace:
            continue  # most: a context no check's filter held on, left unparsed
        yield from _leaks(file, ctx, script, answers)
        mine = [site for site in traced if site.script is script]
        if mine:
            yield from _traced(file, ctx, script, mine)
        yield from _env_dumps(file, ctx, script, id(script) in with_login)


def _answers(file: ScannedFile) -> Callable[[str], bool] | None:
    """The secrets a script named for handing a credential to the program running it prints to
    that program's stdout, by design (None: it is no such script): git's and ssh's askpass and
    credential helpers, any; Ansible's vault password clients (`vault_pass.sh`,
    `vault-password-client.py`: `--vault-password-file` runs them), the vault password. Only a
    script file, by its name (a CI definition's output is its job log); a trace goes to stderr,
    which no caller reads as the answer, and is no answer."""
    if file.kind is not FileKind.SHELL:
        return None
    name = file.path.rsplit("/", 1)[-1]
    if _ASKPASS.search(name):
        return lambda secret: True
    if _VAULT_CLIENT.search(name):
        return lambda secret: "vault" in secret.lower()
    return None


# What `az acr login --expose-token` prints (JSON with `accessToken`, or what `--query` picks)
# goes where its stdout goes (`shell.stdout.shown_by`): the log, unless captured, written to a
# file or piped into a program that keeps it (`docker login --password-stdin`); `-o none` prints
# nothing, and a `--query` naming no `accessToken` (nor a wildcard, `@`) prints no token.


def _exposed_tokens(file: ScannedFile) -> Iterator[Finding]:
    """`az acr login --expose-token` whose access token is printed to the log (sh only: the
    others' parsers do not tell a captured output)."""
    for site in file.get(LOGINS):
        login = site.login
        if login.entry.program != "az" or site.context.dialect != "sh":
            continue
        cmd = login.command
        args = [w.text for w in cmd.args]
        if "--expose-token" not in args or not _prints_token(args):
            continue
        if shown_by(cmd, readers(site.script.commands)) is None:
            continue
        yield Finding("DCR003", "`az acr login --expose-token` prints the registry's access token to the log; capture "
                      "it (`TOKEN=$(az acr login ... --expose-token --query accessToken -o tsv)`) or pipe it into "
                      "`docker login --password-stdin`", file.path, cmd.span, site.context.place)


def _prints_token(args: list[str]) -> bool:
    """Whether the output options leave the access token in what is printed."""
    for i, a in enumerate(args):
        name, eq, given = a.partition("=")
        value = (given if eq else args[i + 1] if i + 1 < len(args) else "").lower()
        if name in ("-o", "--output") and value == "none":
            return False
        if name == "--query" and "accesstoken" not in value and "*" not in value and "@" not in value:
            return False
    return True


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


def _result_line(file: ScannedFile, ctx: ShellContext, script: Script) -> Command | None:
    """The command a script file ends with, when it prints a value (no words around it) made of
    variables the script itself set from a command (`token=$(...)` ... `echo "$url?$token"`):
    that is how a script returns a value to the caller that runs it as `$(script)` or
    `returnStdout`."""
    if file.kind is not FileKind.SHELL or not script.commands:
        return None
    last = max(script.commands, key=lambda c: c.span.end)
    rest = file.source.text[last.span.end :]
    if last.name not in ("echo", "printf") or re.sub(r"(?m)#.*$", "", rest).strip():
        return None
    if any(" " in re.sub(r"\$\{[^}]*\}|\$\w+", "", w.value.text) and not _json_document(w.value.text)
           for w in last.args):
        return None  # a sentence for a reader ("token is $TOKEN"), not a value for a caller
    used = {m.group(1) or m.group(2) for w in last.args
            for m in re.finditer(r"\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)", w.raw.text)}
    secret = {n for n in used if is_secret_name(n, file.settings.secret_names)}
    if not secret or _may_be_traced(script, last.span):
        return None  # (traced: the trace of the line writes the value to the log anyway)
    made = _made(script)
    if script.partial and not secret <= made:
        from ..shell import parse_shell

        made = _made(parse_shell(ctx.text, ctx.dialect))  # with the statements no check reads
    return last if secret <= made else None


def _may_be_traced(script: Script, at: Span) -> bool:
    """Whether shell tracing may be on where `at` runs: a `set -x` (`set -o xtrace`, a
    `#!/bin/bash -x` line) before it that a later `set +x` of the script itself does not turn
    off before it. A `set -x` that is no statement of the script itself (in a function, a
    compound command, a nested shell) may be on anywhere after it."""
    before = [s for s in script.xtrace if s.start < at.start]
    if not before:
        return False
    if any(s not in script.xtrace_top for s in before):
        return True
    on = max(s.end for s in before)
    return not any(on <= off.start and off.end <= at.start for off in script.xtrace_off)


def _json_document(value: str) -> bool:
    """A JSON object or array once each variable stands for a value (`{"token": "$TOKEN"}`):
    data for a program, whose blanks are JSON's, not a sentence for a reader."""
    value = value.strip()
    if not value.startswith(("{", "[")):
        return False
    import json

    try:
        json.loads(re.sub(r"\$\{[^}]*\}|\$\w+", "0", value))
    except ValueError:
        return False
    return True


def _made(script: Script) -> set[str]:
    """The variables the script sets from a command's output."""
    return {name for c in script.commands for name, w in c.assignments if "$(" in w.raw.text or "`" in w.raw.text}


def _env_dumps(file: ScannedFile, ctx: ShellContext, script: Script, has_login: bool) -> Iterator[Finding]:
    consumers = {id(c.pipe_from) for c in script.commands if c.pipe_from is not None}
    read_by: dict[int, Command] | None = None
    dumps = []
    for c in script.commands:
        if not c.words or c.output != "log" or not _dumps_environment(c, ctx.dialect):
            continue
        if id(c) in consumers:
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


# A reference a layer before the shell expands inside the shell's single quotes (make's `$(X)`,
# written `${X}` in a recipe's shell text; a pod's `$(X)`).
_LAYER_REFERENCE = lazy_compile(r"\$(?:\{[^{}'\s]*\}|\([^()'\s]*\))")


def _expanded(raw: str, layer: Callable[[int], bool] | None = None) -> str:
    """A word as written with its single-quoted parts and escaped `$` blanked: what the shell
    does not expand (`echo 'set $PASSWORD first'` prints no secret); a line continuation goes.
    `layer`: whether the `$` at an index of `raw` is expanded by a layer before the shell (make's
    `echo '$(X)'` prints X's value): such a reference is kept in single quotes too."""
    out = []
    quote = ""
    i = 0
    while i < len(raw):
        ch = raw[i]
        if quote == "'":
            ref = _LAYER_REFERENCE.match(raw, i) if ch == "$" and layer is not None else None
            if ref is not None and layer is not None and layer(i):
                out.append(ref.group())
                i = ref.end()
                continue
            out.append("'" if ch == "'" else " ")
            quote = "" if ch == "'" else quote
        elif ch == "\\" and i + 1 < len(raw):
            if raw[i + 1] != "\n":
                out.append("  ")
            i += 1  # (a backslash-newline joins the lines: `$PASS\\<newline>WORD` is `$PASSWORD`)
        elif ch == "'" and quote != '"':
            key = _QUOTED_KEY.match(raw, i) if raw.endswith("[", 0, i) else None
            if key is not None and _SUBSCRIPT_OPEN.search(raw, max(0, i - 128), i):
                out.append(key.group())  # a quoted key selects the element (`${CREDS['user']}`)
                i = key.end()
                continue
            quote = "'"
            out.append(ch)
        else:
            if ch == '"':
                quote = "" if quote == '"' else '"'
            out.append(ch)
        i += 1
    return "".join(out)


# An element's subscript opened (`${CREDS[`), and a single-quoted word key closing it (`'user']}`).
_SUBSCRIPT_OPEN = lazy_compile(r"\$\{[A-Za-z_]\w*\[\Z")
_QUOTED_KEY = lazy_compile(r"'[A-Za-z_][\w-]*'(?=\]\})")


def _leaks(file: ScannedFile, ctx: ShellContext, script: Script,
           answers: Callable[[str], bool] | None = None) -> Iterator[Finding]:
    """Commands of one script that print a credential to the job log (not those printing its
    `answers`, see `_answers`)."""
    found_here: list[Finding] = []
    printed = _printing(file, ctx, script, found_here, answers)
    yield from found_here
    # A function's result read whole into variables (`PW=$(get_pw)`): not shown where the
    # function prints it; shown where a command prints one of those variables.
    carried: dict[str, str] = {}
    results: set[str] = set()
    whole_script: list[Script] = []  # parsed again once, when a partial parse left statements out

    def whole() -> Script:
        if not script.partial:
            return script
        if not whole_script:
            from ..shell import parse_shell

            whole_script.append(parse_shell(ctx.text, ctx.dialect))
        return whole_script[0]

    away: list[tuple[Callable[[int], bool] | None, Callable[[int], bool] | None, Callable[[int], str] | None]] = []
    startup = file.kind is FileKind.SHELL and shell_startup_file(file.path)
    for cmd, found, _, _ in printed:
        if found is not None and cmd.result_of and cmd.result_of not in results:
            if startup and _substitution_calls(ctx.text.text, cmd.result_of) == (0, 0):
                # A shell start-up file's function it never calls: a command its user runs at
                # the terminal (a password generator's `echo "$pass"`), what it prints is theirs.
                results.add(cmd.result_of)
                continue
            if not away:
                away.append((_sent_away(ctx, whole()), _called_away(ctx, whole()), _forwarded(ctx, whole())))
            held = _result_holders(ctx.text.text, cmd.result_of, *away[0])
            if held is not None:
                results.add(cmd.result_of)
                carried.update(dict.fromkeys(held, found))
    looped = _loops_over(ctx.text, carried) if carried else {}
    if carried and script.partial:
        every = _printing(file, ctx, whole(), [])  # the statements printing a carrier were left out
        known = {(c.span.start, c.span.end) for c, _, _, _ in printed}
        printed += [p for p in every if (p[0].span.start, p[0].span.end) not in known]
        printed.sort(key=lambda p: p[0].span.start)
    piped_read = any(c.name == "read" and (c.pipe_from is not None or (
        c.stdin_file is not None and c.stdin_file.raw.text.startswith("<("))) for c in script.commands)
    read_in = _read_secrets(file, ctx, script) if piped_read else None
    for cmd, found, shown_all, shower in printed:
        if found is not None and cmd.result_of in results:
            continue
        what = f"`{found}`" if found is not None else next(
            (f"`{holds}` (as `{v}`)" for t in shown_all for v in _expanded_names(t)
             if (holds := carried.get(v) or _held_at(looped.get(v), cmd.span.start)) is not None), None)
        if what is None and read_in:
            what = _read_carried(read_in, cmd, shown_all)
        if what is None:
            continue
        if cmd is shower and cmd.name == LOGGER:
            message = f"`logger` writes secret {what} to the system log"
        else:
            message = f"`{cmd.name}` prints secret {what}{_to(shower)}"
        yield Finding("DCR003", message, file.path, cmd.span, ctx.place)


def _loops_over(script: MappedText, carried: dict[str, str]) -> dict[str, list[tuple[int, int, str]]]:
    """Each `for` loop's variable over a holder's words (`for l in "${lines[@]}"`, `for t in $tok`,
    also over a loop variable holding one): it takes what the holder holds, from its `for` (file
    offsets) up to the next `for` binding the same name to other words (`for l in *.txt`)."""
    from ._name_holders import FOR_LOOP

    loops = [(script.offset(m.start(1)), m.group(1), _expanded_names(_expanded(m.group(2))))
             for m in FOR_LOOP.finditer(script.text)]
    looped: dict[str, list[tuple[int, int, str]]] = {}
    for k, (at, var, over) in enumerate(loops):
        held = next((h for n in over if (h := carried.get(n) or _held_at(looped.get(n), at)) is not None), None)
        if held is not None and var not in carried:
            end = next((later for later, name, _ in loops[k + 1 :] if name == var), script.end)
            looped.setdefault(var, []).append((at, end, held))
    return looped


def _held_at(spans: list[tuple[int, int, str]] | None, at: int) -> str | None:
    """The secret a loop variable holds at a file offset (`_loops_over`), None if none."""
    return next((held for start, end, held in spans or () if start <= at < end), None)


def _read_secrets(file: ScannedFile, ctx: ShellContext, script: Script) -> list[ReadSet] | None:
    """Where the script sets a variable (an assignment, `read`), in order: its offset, the name,
    the secret variable it then holds when `read` takes it from a pipe carrying that secret
    (`echo "$P" | while read l; do ...`, `| { read x; ...; }`, through filters passing it on)
    or from a process substitution that prints it (`done < <(echo "$P")`),
    and where nothing runs (`_not_run`): what prints such a variable prints the secret. None
    when no `read` does."""
    from ..shell.stdout import may_end_a_line, passes_on

    out: list[ReadSet] = []
    holders: list[frozenset[str]] = []
    for cmd in script.commands:
        out.extend((cmd.span.start, name, None, None) for name, _ in cmd.assignments)
        names = _read_names(cmd) if cmd.name == "read" else None
        if not names:
            continue
        source, secret, fed = cmd.pipe_from, None, cmd.pipe_from
        captured = False
        if cmd.stdin_file is not None and cmd.herestring is None and cmd.heredoc is None:
            # a process substitution feeding it, its own or a loop's or group's around it
            # (`while read -r l; do ...; done < <(echo "$P")`): its last command's output is read
            source = fed = _substitution_output(cmd.stdin_file, script)
            captured = True
        if cmd.herestring is None and cmd.heredoc is None and (cmd.stdin_file is None or captured):
            for _ in range(9):
                if source is None or (source.output != "log" and not captured):
                    break
                if source.words and source.words[0].text in ("echo", "printf"):
                    secret = _secret_in(file, ctx, source.args, holders)[0]
                    break
                if not passes_on(source):
                    break
                if source.herestring is not None:  # (`cat <<< "$P" | while read l; ...`)
                    secret = _secret_in(file, ctx, (source.herestring,), holders)[0]
                    break
                source = source.pipe_from
        skip = _not_run(ctx, cmd) if secret is not None and fed is not None and not may_end_a_line(fed) else None
        out.extend((cmd.span.start, name, secret, skip) for name in names)
    return out if any(secret is not None for _, _, secret, _ in out) else None


def _substitution_output(word: Word, script: Script) -> Command | None:
    """The command whose output a process substitution (`<(echo "$P")`) gives, when it is one
    pipeline's last command; None for a file or any other."""
    if not word.raw.text.startswith("<("):
        return None
    span = word.span
    inner = [c for c in script.commands if span.start <= c.span.start and c.span.end <= span.end]
    fed = {id(c.pipe_from) for c in inner if c.pipe_from is not None}
    ends = [c for c in inner if id(c) not in fed]
    return ends[0] if len(ends) == 1 else None


def _not_run(ctx: ShellContext, read: Command) -> Span | None:
    """What never runs after a `read` given an input with no line break (`printf %s "$P" |`):
    it fails at the end of its input, setting its names all the same, so what runs only on its
    success (a `while` body, a `then` branch, the right of `&&`) never runs; what follows the
    loop or the `if`, an `else` branch, the next statement, do (they see the secret)."""
    if ctx.dialect != "sh":
        return None
    at = _script_index(ctx.text, read.span.start)
    if at is None:
        return None
    from ..shell.bash import run_on_success

    gated = run_on_success(ctx.text.text, at)
    return None if gated is None else ctx.text.span(*gated)


def _script_index(text: MappedText, offset: int) -> int | None:
    """The index in a mapped text of the character at a file offset (None: not in it)."""
    for k, start in enumerate(text.starts):
        run_end = text.starts[k + 1] if k + 1 < len(text.starts) else len(text.text)
        if text.origins[k] <= offset < text.origins[k] + run_end - start:
            return start + offset - text.origins[k]
    return None


def _read_carried(read_in: list[ReadSet], cmd: Command, shown_all: list[str]) -> str | None:
    """The secret a printed text shows through a variable `read` last set from it before `cmd`
    (`_read_secrets`), unless `cmd` never runs after that read: "`P` (as `l`)"; None if none."""
    for text in shown_all:
        for name in _expanded_names(text):
            last: str | None = None
            skip: Span | None = None
            for at, set_name, secret, not_run in read_in:
                if at >= cmd.span.start:
                    break
                if set_name == name:
                    last, skip = secret, not_run
            if last is not None and not (skip is not None and skip.start <= cmd.span.start < skip.end):
                return f"`{last}` (as `{name}`)"
    return None


# `read`'s options that take a value (the rest of the word or the next word); `-a NAME` sets an
# array, `-u FD` reads another descriptor than stdin.
_READ_VALUED = frozenset("adinNptu")


def _read_names(cmd: Command) -> list[str] | None:
    """The names `read` sets from its stdin (`REPLY` when none is given); None when it reads
    another descriptor (`-u FD`). Every name may hold the whole value (a value with no blank
    fills the first one)."""
    names: list[str] = []
    args = cmd.args
    k = 0
    while k < len(args):
        text = args[k].text
        k += 1
        if text == "--":
            names.extend(w.text for w in args[k:])
            break
        if not text.startswith("-") or len(text) == 1 or names:
            names.append(text)
            continue
        for at, ch in enumerate(text[1:], 2):
            if ch in _READ_VALUED:
                value = text[at:] if at < len(text) else args[k].text if k < len(args) else ""
                k += at == len(text)
                if ch == "u":
                    return None
                if ch == "a":
                    names.append(value)
                break
    return [n for n in names if _NAME.fullmatch(n)] or ["REPLY"]


def _to(shower: Command) -> str:
    """Where the command showing a printed text writes it (`shell.stdout.shown_by`)."""
    return " through `logger` to the system log" if shower.name.rsplit("/", 1)[-1] == LOGGER else " to the log"


def _printing(file: ScannedFile, ctx: ShellContext, script: Script, findings: list[Finding],
              answers: Callable[[str], bool] | None = None) -> list[tuple[Command, str | None, list[str], Command]]:
    """The commands of a script that print to the log, each with the secret variable it prints
    (or None), the texts it shows and the command showing them (`shell.stdout.shown_by`: itself,
    a program it pipes into, `logger`); `printenv` of a secret and `cat` of a docker config go
    to `findings`."""
    read_by = readers(script.commands)
    text = file.source.text
    result = _result_line(file, ctx, script)
    captured = file.kind is FileKind.JENKINSFILE and ctx.place in _captured_steps(file)
    holders: list[frozenset[str]] = []  # variables the script shows hold names (`_secret_in`)
    printed: list[tuple[Command, str | None, list[str], Command]] = []
    masked: dict[str, int] = {}  # variables whose value a masking command registered, and where it ended
    for cmd in script.commands:
        if cmd is result:
            continue  # a script file's last line printing a value it made: its result, for a caller
        if cmd.name in ("printenv", "declare", "typeset"):
            shower = shown_by(cmd, read_by)
            named = None if shower is None else _env_printed(cmd, file.settings.secret_names)
            if shower is not None and named is not None and not (answers and answers(named)):
                what = "`printenv`" if cmd.name == "printenv" else f"`{cmd.name} -p`"
                findings.append(Finding("DCR003", f"{what} prints secret `{named}`{_to(shower)}",
                                        file.path, cmd.span, ctx.place))
            continue
        logger = cmd.name == LOGGER and ctx.dialect == "sh"
        if not logger and (not cmd.words or cmd.words[0].text not in PRINTING_COMMANDS):
            continue
        shower = cmd if logger else shown_by(cmd, read_by)
        if shower is None:
            continue  # written to a file, read by an enclosing command or a program keeping it: not in the log
        if captured and not logger and not _TO_STDERR.match(text, shower.span.end):
            continue  # a `returnStdout: true` step: its stdout is the value it returns, not the log
        if ctx.dialect != "sh" and _STDOUT_REDIRECT.match(text, cmd.span.end):
            continue  # PowerShell, cmd: redirected (the bash parser tells `> f` from `>&2`)
        args = logger_message(cmd) if logger else cmd.words[1:]
        if any(_MASKING.match(w.text, _MASKING_LEAD.match(w.text).end()) for w in args):  # type: ignore[union-attr]
            # A CI logging command that hides the value in the log (a marker line); the runner
            # masks the value wherever the log shows it after (`echo "::add-mask::$TOKEN"`), where
            # the file says which runner reads it (a script file may run anywhere).
            if file.kind in _MASKING_RUNNERS:
                masked.update(dict.fromkeys((n for w in args for n in _expanded_names(w.text)), cmd.span.end))
            continue
        if cmd.name == "cat":
            if any(_DOCKER_CONFIG.search(w.value.text) for w in args) and not (answers and answers("docker")):
                findings.append(Finding("DCR003", "`cat` of a docker config.json prints registry credentials "
                                        "to the log", file.path, cmd.span, ctx.place))
            continue
        found, shown_all = _secret_in(file, ctx, args, holders)
        if found is not None and answers is not None and answers(found):
            continue  # the program's answer to its caller
        if found is not None and ctx.dialect == "sh" and _tested_as_file(ctx, found, cmd):
            continue  # the path of the file holding it, shown before the script reads it
        if found is not None and found in masked and _shown_masked(text, found, masked[found], cmd, shower, args):
            continue  # shown as `***`
        printed.append((cmd, found, shown_all, shower))
    return printed


def _tested_as_file(ctx: ShellContext, name: str, cmd: Command) -> bool:
    """`cmd` runs only where a test found the variable to name a file (the `then` branch or the
    `&&` right of `[ -f "$X" ]`, `[[ -s $X ]]`, `test -r "$X"`), and the script does not set it
    between: it holds the file's path there (`if [ -f "$PW" ]; then echo "reading $PW";
    PW=$(cat "$PW"); fi`, a secret given as a value or as the file holding it)."""
    text = ctx.text.text
    if "-" not in text or (at := _script_index(ctx.text, cmd.span.start)) is None:
        return False
    from ..shell.bash import run_on_success

    for test in _file_tests(text).get(name, ()):
        start, end, gated = test
        if end > at:
            break
        if gated is _UNREAD:
            gated = test[2] = run_on_success(text, start)  # (read once per test, kept with the script's)
        if gated is not None and gated[0] <= at < gated[1] and not _sets(text[end:at], name):
            return True
    return False


# A test that a variable names a file: `[ -f "$X" ]`, `[[ -s $X ]]`, `test -r "$X"`.
_FILE_TEST = lazy_compile(r"(?:\[\[?|(?<![\w-])test)[ \t]+-[efrs][ \t]+(\"?)\$\{?([A-Za-z_]\w*)\}?\1(?=[ \t])")
_UNREAD: Any = object()  # a test whose gated range is not read yet


@lru_cache(maxsize=4)  # a pure function of the script: asked once per printing command
def _file_tests(text: str) -> dict[str, list[list[Any]]]:
    """Where the script tests each variable as a file, in order, as [start, end, the range the
    test gates (read on first need)]: one pass (a pass per printing command was quadratic on
    long generated scripts)."""
    out: dict[str, list[list[Any]]] = {}
    for m in _FILE_TEST.finditer(text):
        out.setdefault(m.group(2), []).append([m.start(), m.end(), _UNREAD])
    return out


def _sets(text: str, name: str) -> bool:
    """Whether the text assigns the variable (`X=`, `local X=`, `export X=`) or reads into it."""
    return re.search(r"(?:^|[\s;&|({])(?:(?:export|local|declare|typeset|readonly)(?:[ \t]+-\w+)*[ \t]+)?"
                     + name + r"=|\bread\b[^\n;&|]*\b" + name + r"\b", text) is not None


def _shown_masked(text: str, name: str, masked_at: int, cmd: Command, shower: Command,
                  args: tuple[Word, ...]) -> bool:
    """Whether the runner shows `***` for what `cmd` prints of `name`: it masks the exact text the
    variable held when the mask was printed. Not when the variable is set again after the mask
    (a mask of an unset variable masks nothing), nor a part or a transform of the value
    (`${TOKEN:0:8}`, `| base64`): text the runner was not given."""
    if (shower is not cmd and shower.name not in ("tee", "cat")) \
            or any(re.search(r"\$\{" + name + r"[:/#%^,@]", w.text) for w in args):
        return False  # (`tee` and `cat` pass the text on as it is)
    return not _sets(text[masked_at : cmd.span.start], name)


# PowerShell's escaped `$`: a backtick after an even run of them (a doubled backtick is a backtick).
_PS_ESCAPED_DOLLAR = lazy_compile(r"(?<!`)((?:``)*)`\$")


def _secret_in(file: ScannedFile, ctx: ShellContext, args: tuple[Word, ...],
               holders: list[frozenset[str]]) -> tuple[str | None, list[str]]:
    """The secret variable printed words expand (None if none) and their texts as shown, up to
    it. `holders`: the variables the script shows hold names (`_name_holders`), worked out on
    first need (the few scripts that print a secret-worded variable) and kept there."""
    shown_all: list[str] = []
    for w in args:
        shown = w.value.text if ctx.dialect == "cmd" else _expanded(w.raw.text, _layer_at(file, w))
        shown_all.append(shown)
        if "$(" in shown and ctx.dialect == "sh":
            shown = _COUNT_SUBSTITUTION.sub(partial(_counted, pattern=file.settings.secret_names), shown)
        elif ctx.dialect == "pwsh":
            if "`$" in shown:  # (an odd run of backticks escapes the `$`: "`$Token unset" names the variable)
                shown = _PS_ESCAPED_DOLLAR.sub(r"\1_", shown)
            if "." in shown:
                shown = _members_shown(shown, file.settings.secret_names)
        name = secret_reference(shown, file.settings.secret_names)
        if name is not None and ctx.dialect == "sh":
            if not holders:
                from ._name_holders import name_holders

                holders.append(name_holders(ctx.text.text))
            name = secret_reference(shown, file.settings.secret_names, holders[0])
        if name is None and "$" in shown and (held := _env_held_secrets(file, ctx)):
            name = next((n for n in expanded_variables(shown) if n in held), None)
        if name is not None:
            return name, shown_all
    return None, shown_all


def _captured_steps(file: ScannedFile) -> frozenset[tuple[str, ...]]:
    """The places of a Jenkinsfile's shell steps given `returnStdout: true` (their shell contexts'
    places, `extractors.jenkins.shell_contexts`)."""
    out: set[tuple[str, ...]] = set()
    model = file.get(JENKINS_MODEL)
    for step in model.steps if model is not None else ():
        if step.captured:
            stages = tuple(part for name in step.stages for part in ("stage", name))
            out.add((*stages, step.name, str(step.index)))
    return frozenset(out)


# A command's stdout moved to stderr (`>&2`, `1>&2`, `> /dev/stderr`): the log, whatever reads stdout.
_TO_STDERR = lazy_compile(r"[^\n;&|]*?(?<![<\w])(?:1?>&2|>[ \t]*/dev/stderr)")


def _env_held_secrets(file: ScannedFile, ctx: ShellContext) -> frozenset[str]:
    """The variables a CI definition gives a secret whole for a script, whatever their own names:
    printing one prints that secret. A step's `env:` entry given one reference to a secret
    (`REG_PW: ${{ secrets.REGISTRY_PASSWORD }}`, Azure's `REG_PW: $(registryPassword)`; for GitHub
    Actions also the job's and the workflow's), a Drone (Woodpecker) step's `environment:` entry
    given `from_secret:`, the names a Cloud Build step (or its `options`) lists in `secretEnv`,
    CodeBuild's `env.secrets-manager` variables."""
    if len(ctx.place) < 2:
        return frozenset()
    if file.kind in _DECLARED_SECRETS:
        return _declared_secrets(file, ctx.place)
    if file.kind is FileKind.GITLAB_CI:  # a job's `variables:`, and the file's
        scopes = {(ctx.place[0], "variables"), ("variables",)}
    elif file.kind in _MASKING_RUNNERS:  # (the CI systems whose step keeps an `env:` beside its script)
        scopes = {(*ctx.place[:-1], "env")}
        if file.kind.value.startswith("github"):
            scopes |= {(*ctx.place[:2], "env"), ("env",)}
    else:
        return frozenset()
    return frozenset(a.name for a in _env_secret_assignments(file) if a.place[:-1] in scopes)


# The CI systems declaring a script's secret variables in their own keys (`_env_held_secrets`,
# `cisystems.CiSystem.secret_variables`), each with the word the file then holds.
_DECLARED_SECRETS = {FileKind.DRONE: "from_secret", FileKind.CLOUD_BUILD: "secretEnv",
                     FileKind.CODEBUILD: "secrets-manager"}


def _declared_secrets(file: ScannedFile, place: tuple[str, ...]) -> frozenset[str]:
    """`_env_held_secrets` of the systems in `_DECLARED_SECRETS`: their CI facts'."""
    from ..cisystems import ci_facts

    facts = ci_facts(file)
    return frozenset() if facts is None else facts.secrets_for(place)


def _env_secret_assignments(file: ScannedFile) -> list[Assignment]:
    """The `env:` entries (GitLab's `variables:`) of the file given a secret whole
    (`_env_held_secrets`); worked out once per file (PRINTED_ENV_SECRETS' `when` asks for each
    context)."""
    return file.once("dcr003_env_secrets", _env_secret_entries)


def _env_secret_entries(file: ScannedFile) -> list[Assignment]:
    pattern = file.settings.secret_names
    key = ("variables",) if file.kind is FileKind.GITLAB_CI else ("env",)
    return [a for a in file.get(ASSIGNMENTS) if a.place[-2:-1] == key
            and (m := _WHOLE_REFERENCE.fullmatch(a.value.strip())) is not None and _holds_secret(m, a.name, pattern)]


def _holds_secret(m: re.Match[str], name: str, pattern: str) -> bool:
    """Whether the reference `_WHOLE_REFERENCE` matched gives a credential: the secrets context
    or one it picks by an expression (`toJSON(secrets)`, `secrets[matrix.key]`); a named secret
    not kept for who or what (`secrets.DOCKERHUB_USERNAME`, `secrets.AWS_REGION`); a variable
    named for a secret."""
    if m.group(4) is not None:
        return True
    if m.group(1) is not None:
        return not (names_stored_setting(m.group(1), pattern) or names_a_user(name, pattern))
    return is_secret_name(m.group(2) or m.group(3) or "", pattern)


def _may_print_env_held(file: ScannedFile, text: str) -> bool:
    """PRINTED_ENV_SECRETS' `when`: a context of a CI file whose step `env:` gives a secret whole
    to a variable the context's text expands."""
    if file.kind in _DECLARED_SECRETS:
        return _DECLARED_SECRETS[file.kind] in file.source.text
    if file.kind is not FileKind.GITLAB_CI and (file.kind not in _MASKING_RUNNERS or (
            "secrets" not in file.source.text and "$(" not in file.source.text)):
        return False
    return any(f"${a.name}" in text or f"${{{a.name}" in text or f"env:{a.name}" in text
               for a in _env_secret_assignments(file))


def _may_print_any(text: str, settings: Settings) -> bool:
    """A printing command, whatever it prints (PRINTED_ENV_SECRETS: its `when` says which)."""
    low = words(text)
    return low is None or _printing_command().search(low) is not None


# One reference as a whole value: GitHub's `${{ secrets.X }}` (any secret; the whole context,
# `toJSON(secrets)`, or one picked, `secrets[x]`), or a variable named for a secret:
# `${{ env.X }}`/`${{ vars.X }}`, Azure's `$(X)` and `${{ variables.X }}`, `$X`, `${X}`.
_WHOLE_REFERENCE = lazy_compile(
    r"\$\{\{\s*secrets\.([A-Za-z_][\w-]*)\s*\}\}"
    r"|\$\{\{\s*(?:env|vars|variables)\.([A-Za-z_][\w.-]*)\s*\}\}"
    r"|\$[({]?([A-Za-z_][\w.]*)[)}]?"
    # (the whole secrets context, or a secret an expression picks, in one expression)
    r"|(\$\{\{.*?(?:toJSON\(\s*secrets\s*\)|(?<![\w.])secrets\s*\[).*\}\})")
# Printing commands in a context that expands such a variable: walked whatever they print.
PRINTED_ENV_SECRETS = CommandFilter("printed-env-secrets", _may_print_any, when=_may_print_env_held)


def _layer_at(file: ScannedFile, w: Word) -> Callable[[int], bool] | None:
    """For a word with a `$` in single quotes: whether a layer before the shell expands the `$`
    at an index of its raw text (`derived.layer_of`); None for any other word."""
    raw = w.raw
    if "'" not in raw.text or "$" not in raw.text:
        return None
    from ..extractors.derived import layer_of

    layer = layer_of(file)
    return lambda i: layer(raw.slice(i, len(raw.text)))


# PowerShell member access, which prints the member, not the object: a subexpression
# `$($x.A.B)`, or a whole unquoted argument `$x.A` (in a double-quoted string `"$x.A"` expands
# `$x` alone, then the text `.A`).
_MEMBER = lazy_compile(r"\$\(\s*\$(\w+)((?:\.\w+)+)\s*\)|\A\$(\w+)((?:\.\w+)+)\Z")


def _members_shown(shown: str, pattern: str) -> str:
    """A PowerShell argument with each member access written as what it shows: blanked where the
    member path names no secret (`$($secret.Name)`, `$($secrets.Count)`, `$($t.expires_at)`), a
    reference to the path where it does and the object's name did not (`$($config.Password)`
    prints a password: `${config_Password}`); as written where the object is itself named for a
    secret (`$($token.Value)`: reported by the object's name, as before)."""
    def member(m: re.Match[str]) -> str:
        var, path = (m.group(1), m.group(2)) if m.group(1) is not None else (m.group(3), m.group(4))
        name = var + path.replace(".", "_")
        if not is_secret_name(name, pattern):
            return " " * len(m.group())
        return m.group() if is_secret_name(var, pattern) else "${" + name + "}"
    return _MEMBER.sub(member, shown)


# A command substitution (one level of parentheses inside), and a stage of its pipeline that
# prints a count of what it reads, `wc` (any options), `grep -c` / `--count`, or a one-way digest
# of it or of its operands: a checksum (`sha256sum`, `md5sum`, `b2sum`, `cksum`), `openssl dgst`
# (`sha256`, `md5`) and the password hashers (`openssl passwd`, `mkpasswd`, `htpasswd -n`); a
# program named for masking what it is given (`mask "$PW"`: `***`); an HTTP client, which sends
# its operands and prints the response (not with an option printing the request: curl's `-v`,
# `--trace`, wget's `-d`, `--debug`; nor with data a server may echo back that expands a value:
# `_sends_literal_data`).
_COUNT_SUBSTITUTION = lazy_compile(r"\$\(((?:[^()]|\([^()]*\))*)\)")
# A stage is one simple command: its operands run to a pipe, a list operator or a line break
# (`$(sha256sum <<<"$T"; echo "$T")` prints the secret after the digest).
_COUNTER = lazy_compile(
    r"[ \t]*(?:wc\b[^|;&\n]*|grep(?:[ \t]+-[A-Za-z]+)*[ \t]+(?:-[A-Za-z]*c[A-Za-z]*|--count)\b[^|;&\n]*"
    r"|(?:sha(?:1|224|256|384|512)?sum|md5sum|b2sum|cksum|mkpasswd|openssl[ \t]+(?:passwd|dgst|sha\d*|md5))"
    r"\b[^|;&\n]*|htpasswd(?:[ \t]+-[A-Za-z]+)*[ \t]+-[A-Za-mo-z]*n[A-Za-z]*\b[^|;&\n]*"
    r"|(?:mask|redact)(?=[ \t])[^|;&\n]*"
    r"|(?:curl|wget)(?=[ \t])(?![^|;&\n]*[ \t](?:-[A-Za-z]*v[A-Za-z]*|--(?:verbose|trace[\w-]*|debug))(?![\w-]))"
    r"[^|;&\n]*)")
_SINGLE_QUOTED = lazy_compile(r"'[^']*'")
# An HTTP client's options sending data a server may echo back in its response: curl's `-d`,
# `-F` (also at a cluster's end, `-sd`), `--data*`, `--form*`, `--json`, `-T`/`--upload-file`
# (a file named by an expansion); wget's `--post-data`, `--body-data`, `--post-file`, `--body-file`.
_DATA_OPTIONS = lazy_compile(r"--(?:data[\w-]*|form[\w-]*|json|upload-file|post-data|body-data|post-file|body-file)")


def _quoted_dollars_blanked(text: str) -> str:
    """The text with each `$` the shell does not expand (in single quotes, escaped `\\$`) made a
    NUL: what is left of a word once its quotes go keeps a `$` only where it expands one."""
    out: list[str] = []
    quote = ""
    escaped = False
    for c in text:
        if escaped:
            out.append("\0" if c == "$" else c)
            escaped = False
            continue
        if c == "\\" and quote != "'":
            escaped = True
        elif c in "'\"" and quote in ("", c):
            quote = "" if quote == c else c
        elif c == "$" and quote == "'":
            c = "\0"
        out.append(c)
    return "".join(out)


def _sends_literal_data(stage: str) -> bool:
    """An HTTP client's stage (any other: True) whose data a server may echo back expands no
    value (`--data '{"query": "..."}'` beside `-H "Authorization: Bearer $T"`: the response may
    hold the data sent, not the header); not wget's `-d` (debug: it prints the request). False
    when its words cannot be read."""
    head = stage.lstrip()
    if not head.startswith(("curl", "wget")):
        return True
    wget = head.startswith("wget")
    try:
        argv = shlex.split(_quoted_dollars_blanked(stage))
    except ValueError:
        return False
    for k, word in enumerate(argv[1:], 1):
        name, eq, value = word.partition("=")
        if _DATA_OPTIONS.fullmatch(name):
            sent = value if eq else (argv[k + 1] if k + 1 < len(argv) else "")
        elif not word.startswith("--") and (short := re.match(r"-([A-Za-z]+)", word)) is not None:
            letters = short.group(1)
            if wget and "d" in letters:
                return False
            at = next((i for i, c in enumerate(letters) if c in "dFT"), None)
            if at is None:
                continue
            sent = word[at + 2 :] or (argv[k + 1] if k + 1 < len(argv) else "")  # (the rest of the word, or the next)
        else:
            continue
        if "$" in sent or "`" in sent:
            return False
    return True


# jq given one path of fields (`jq -r .expiresOn`, `jq '.token.expires_at'`): it prints that field
# of the JSON it reads, named by the path.
_JQ_FIELD = lazy_compile(r"""[ \t]*jq(?:[ \t]+-[a-zA-Z]+|[ \t]+--(?:raw-output|compact-output|exit-status))*"""
                         r"""[ \t]+(['"]?)((?:\.[A-Za-z_]\w*)+)\1[ \t]*""")


def _counted(m: re.Match[str], pattern: str = DEFAULT_SECRET_NAMES) -> str:
    """A substitution whose output is a count or a digest of what it reads (`$(grep -c . <<<"$PASSWD")`,
    `$(printf %s "$TOKEN" | wc -c)`, `$(openssl passwd -apr1 "$PASSWORD")`), or a field of the JSON
    it reads whose name says it is no secret (`$(echo "$TOKEN_INFO" | jq -r .expiresOn)`, `.token_type`;
    not `.accessToken`, nor a neutral `.value`, `.data` where a secret's JSON keeps it),
    shows a number, a hash or that field, not the secret: blanked (same length). The stages after
    such a stage read only its output, when they expand nothing (`| cut -c1-8`)."""
    stages = m.group(1).split("|")
    for at in range(len(stages) - 1, -1, -1):
        if _COUNTER.fullmatch(stages[at]) and _sends_literal_data(stages[at]):
            return " " * len(m.group())
        if at and (jq := _JQ_FIELD.fullmatch(stages[at])) is not None \
                and names_no_secret(last := jq.group(2).rsplit(".", 1)[-1]) and not is_secret_name(last, pattern):
            return " " * len(m.group())  # (not `.value`, `.data`: where a secret's JSON keeps it)
        if "$" in _SINGLE_QUOTED.sub("", stages[at]) or "<" in stages[at] or ";" in stages[at] or "&" in stages[at]:
            break  # (a later stage reading a secret of its own; `awk '{print $1}'` expands nothing)
    return m.group()


def _env_printed(cmd: Command, pattern: str) -> str | None:
    """The secret-named variable `printenv NAME` or `declare -p NAME` prints; None if none."""
    if cmd.name != "printenv":
        return _declared_printed(cmd, pattern)
    return next((w.text for w in cmd.args if is_secret_name(w.text, pattern)), None)


def _declared_printed(cmd: Command, pattern: str) -> str | None:
    """The first secret-named variable `declare -p` / `typeset -p` prints (its operands, the
    options `-f`/`-F` not given); None if none."""
    flags = "".join(w.text[1:] for w in cmd.args if w.text[:1] in "-+" and w.text != "--")
    if "p" not in flags or "f" in flags or "F" in flags:
        return None
    for w in cmd.args:
        if w.text[:1] not in "-+" and "=" not in w.text and is_secret_name(w.text, pattern):
            return w.text
    return None


def _expanded_names(text: str) -> list[str]:
    return [m.group(1) or m.group(2) for m in re.finditer(r"\$\{([A-Za-z_]\w*)[^}]*\}|\$([A-Za-z_]\w*)", text)]


# A call of a shell function whose whole output is one variable's value: `x=$(f args)`,
# `local x="$(f)"`, `` x=`f` ``.
_RESULT_ASSIGNED = lazy_compile(
    r"(?:^|[\s;&|({])(?:(?:local|export|declare|readonly|typeset)(?:[ \t]+-\w+)*[ \t]+)?([A-Za-z_]\w*)="
    r"(\"?)(?:\$\([ \t]*(?P<f>[\w.:-]+)(?:[ \t][^()`\n]*)?\)|`[ \t]*(?P<g>[\w.:-]+)(?:[ \t][^()`\n]*)?`)\2"
    r"(?=[\s;&|)]|$)", re.M)


# `readarray -t args < <(f)`, `mapfile ARR < <(f)`, `read -r a b < <(f)`: the builtin reads the
# process substitution's output into variables, whole (the words between: options and names).
_RESULT_READ = lazy_compile(
    r"(?:^|[\s;&|({])(?P<reader>readarray|mapfile|read)(?P<words>(?:[ \t]+[^\s<>;&|()`$]+)*)[ \t]*<[ \t]*"
    r"<\([ \t]*(?P<f>[\w.:-]+)(?:[ \t][^()`\n]*)?\)(?=[\s;&|)]|$)", re.M)
_IDENTIFIER = lazy_compile(r"[A-Za-z_]\w*")


def _result_holders(script: str, function: str, sent_away: Callable[[int], bool] | None = None,
                    called_away: Callable[[int], bool] | None = None,
                    forwarded: Callable[[int], str] | None = None,
                    outer: frozenset[str] = frozenset()) -> set[str] | None:
    """The variables that hold `function`'s output when the script calls it only as the whole
    value of an assignment (`x=$(f)`), where `sent_away` (at the call's offset in `script`)
    says what holds it goes elsewhere than the log (`cat <<EOF > f`), or as a command whose
    stdout `called_away` says nobody shows (`f | docker login --password-stdin`, `f > file`);
    None when it calls it otherwise (inside a printed word, as a command shown, through eval:
    its output is shown) or never (a library's function, whose callers are not seen). A call in
    another function's body that gives that one's result (`g() { f; }`, `forwarded`) has the
    holders of that one's output (none when it is called otherwise, or calls come round again)."""
    via: list[str] = []
    counted = _substitution_calls(script, function, sent_away, called_away, forwarded, via)
    if counted is None or (counted == (0, 0) and not via):
        return None
    calls, _ = counted
    assigned = [m.group(1) for m in _RESULT_ASSIGNED.finditer(script) if function in (m.group("f"), m.group("g"))
                and (sent_away is None or not sent_away(m.start(1)))]  # not a heredoc's `password=$(f)` line
    read = [_read_into(m) for m in _RESULT_READ.finditer(script) if m.group("f") == function
            and (sent_away is None or not sent_away(m.start()))]
    holders = set(assigned).union(*read)
    if len(assigned) + len(read) != calls:
        return None
    for g in via:
        if g == function or g in outer:
            return None  # a recursion: where its output ends is not followed
        held = _result_holders(script, g, sent_away, called_away, forwarded, outer | {function})
        if held is None:
            return None
        holders |= held
    return holders


def _read_into(m: re.Match[str]) -> set[str]:
    """The variables `readarray`/`mapfile` (one array, MAPFILE by default) or `read` fill."""
    names = [w for w in m.group("words").split() if _IDENTIFIER.fullmatch(w)]
    if m.group("reader") == "read":
        return set(names) or {"REPLY"}
    return set(names[-1:]) or {"MAPFILE"}


def _sent_away(ctx: ShellContext, script: Script) -> Callable[[int], bool] | None:
    """Whether an offset of the script lies in what a command prints elsewhere than the log:
    a `cat` heredoc or `echo`/`printf` words whose stdout goes to a file, a capture, or a
    program that does not show it (`cat <<EOF > f`, `| kubectl apply -f -`, `| base64 > f`;
    not `| tee f`, `| base64`, which pass it on to the log). None: nothing is."""
    read_by = readers(script.commands)
    away: list[tuple[int, int]] = []
    for cmd in script.commands:
        if cmd.name == "cat" and cmd.heredoc is not None:
            span = cmd.heredoc.span(0, len(cmd.heredoc.text))
            start, end = span.start, span.end
        elif cmd.name in ("echo", "printf") and cmd.args:
            start, end = cmd.args[0].span.start, cmd.args[-1].span.end
        else:
            continue
        if shown_by(cmd, read_by) is None:
            away.append((start, end))
    if not away:
        return None
    at_file = ctx.text.offset
    return lambda at: any(start <= at_file(at) < end for start, end in away)


def _called_away(ctx: ShellContext, script: Script) -> Callable[[int], bool] | None:
    """Whether an offset of the script starts the name of a command whose stdout nobody shows
    (`shown_by`: a file, a program keeping it; not a capture, whose variable is not followed):
    a function called so (`get_pw | docker login --password-stdin`) prints nothing to the log.
    None: no command is."""
    read_by = readers(script.commands)
    names = {c.words[0].span.start for c in script.commands
             if c.words and c.output != "captured" and shown_by(c, read_by) is None}
    if not names:
        return None
    at_file = ctx.text.offset
    return lambda at: at_file(at) in names


def _forwarded(ctx: ShellContext, script: Script) -> Callable[[int], str] | None:
    """The function (else "") whose own result is the stdout of the command whose name starts at
    an offset of the script: `g() { f; }` run as `x=$(g)` gives what `f` prints to `x`. None: no
    command is in a function's body so."""
    by_start = {c.words[0].span.start: c.result_of for c in script.commands
                if c.words and c.result_of and c.result_of != c.words[0].text}
    if not by_start:
        return None
    at_file = ctx.text.offset
    return lambda at: by_start.get(at_file(at), "")


def _only_captured(script: str, function: str) -> bool:
    """The script calls `function`, and only as a command substitution (`$(f)`, `` `f` ``)."""
    return _substitution_calls(script, function) not in (None, (0, 0))


def _substitution_calls(script: str, function: str, sent_away: Callable[[int], bool] | None = None,
                        called_away: Callable[[int], bool] | None = None,
                        forwarded: Callable[[int], str] | None = None,
                        via: list[str] | None = None) -> tuple[int, int] | None:
    """How many times the script calls `function` as a command substitution, and how many more
    in a text `sent_away` (at the offset) says goes elsewhere than the log or as a command
    whose stdout `called_away` says nobody shows; None when it uses its name otherwise (a call
    shown, a word of a string). A call `forwarded` says is another function's result adds that
    function to `via` (its callers decide where the output goes)."""
    calls = away = 0
    name = re.escape(function)  # looked behind after it: a pattern led by a lookbehind is tried everywhere
    for m in re.finditer(rf"{name}(?<![\w.:-]{name})(?![\w.:-])", script):
        at = m.start()
        while at and script[at - 1] in " \t":
            at -= 1
        if _DEFINED.match(script, m.end()) or script.endswith("function", 0, at):
            continue  # the definition
        if _NAMES_ONLY.search(script, max(0, at - 24), m.start()):
            continue  # `unset -f f`, `unalias f`: the name, nothing run
        if not script.endswith(("$(", "`", "<("), 0, at):
            if called_away is not None and called_away(m.start()):
                away += 1  # `f | docker login --password-stdin`, `f > file`
                continue
            if forwarded is not None and via is not None and (outer := forwarded(m.start())):
                via.append(outer)  # `g() { f; }`: f's output is g's
                continue
            return None
        if sent_away is not None and sent_away(at):
            away += 1
        else:
            calls += 1
    return calls, away


_DEFINED = lazy_compile(r"[ \t]*\(\s*\)")
# Builtins given a function's name to forget or declare it, not to run it (ending where it starts).
_NAMES_ONLY = lazy_compile(r"(?<![\w-])(?:unset(?:[ \t]+-f)?|unalias|(?:declare|typeset|export)[ \t]+-f)[ \t]+$")


def _trace_shown(file: ScannedFile, sites: list[LoginSite],
                 traced_at: Callable[[Script, Span], bool] | None = None) -> list[LoginSite]:
    """The login sites whose credential shell tracing would print (`trace_shows_credential`);
    `traced_at` tells where in a script tracing may be on (else `_may_be_traced`), for the
    assignments whose trace shows a value fed to a login."""
    from ..shell.logins import trace_shows_credential

    names = file.settings.secret_names
    functions: dict[int, set[str]] = {}
    assigned: dict[int, Callable[[str], bool]] = {}
    out = []
    for site in sites:
        key = id(site.context)
        if key not in functions:
            functions[key] = _functions(site.context.text.text)
            assigned[key] = _traced_assignments(file, site.context, site.script, traced_at or _may_be_traced)
        if trace_shows_credential(site.login, names, functions[key], site.script.commands, assigned[key]):
            out.append(site)
    return out


def _traced_assignments(file: ScannedFile, ctx: ShellContext, script: Script,
                        traced_at: Callable[[Script, Span], bool]) -> Callable[[str], bool]:
    """Whether the script sets a name where tracing may be on: bash and dash trace an
    assignment with its value (`+ P=<value>`, `+ export P=<value>`, `+ local P=<value>`).
    Worked out on the first name asked (a partial parse parsed whole for it)."""
    held: set[str] | None = None

    def shows(name: str) -> bool:
        nonlocal held
        if held is None:
            whole = script
            if script.partial:
                from ..extractors.derived import script_name
                from ..shell import parse_shell

                whole = parse_shell(ctx.text, ctx.dialect, name=script_name(file))  # with every statement
            held = {n for c in whole.commands if c.assignments and traced_at(whole, c.span) for n, _ in c.assignments}
        return name in held

    return shows


def _traced(file: ScannedFile, ctx: ShellContext, script: Script, sites: list[LoginSite]) -> Iterator[Finding]:
    """Shell tracing in a script that logs in with a credential, unless a `set +x` provably
    turns it off before anything is traced that may hold one (`_off_in_time`), or it provably
    turns on after the credential's last use (`_too_late`, worked out once for the script)."""
    logins = [site.login.command.span for site in sites]
    late: frozenset[Span] | None = None
    scopes = dict(script.xtrace_scopes)
    for span in script.xtrace:
        if _off_in_time(file, ctx, script, span, logins):
            continue
        if span in scopes and _subshell_shows_nothing(file, ctx, span, scopes[span], sites):
            continue
        if late is None:
            late = _too_late(file, ctx, script, sites)
        if span not in late:
            yield Finding("DCR003", "shell tracing (set -x) prints the registry credentials of this script",
                          file.path, span, ctx.place)


def _subshell_shows_nothing(file: ScannedFile, ctx: ShellContext, on: Span, shell: Span,
                            sites: list[LoginSite]) -> bool:
    """`set -x` inside a subshell traces the subshell's commands after it, and no more
    (`echo "$PW" | ( set -x; docker login -u ci --password-stdin )`): nothing is shown when no
    login there has its password in its words, nothing feeding a login runs there, and what it
    runs after the `set -x` expands no variable those feeds read, no secret-named one, and calls
    no function, sourced file or eval (nor trap, PS4 or tracing handed on in the file)."""
    if _TRACE_CHANGED.search(file.source.text):
        return False
    if _stderr_dropped(file.source.text, on, shell):
        return True
    read: set[str] = set()
    for site in sites:
        cmd: Command | None = site.login.command
        if site.login.password is not None and shell.start <= cmd.span.start < shell.end:  # type: ignore[union-attr]
            return False
        if _redirect_shown(file, ctx, on, shell, site):
            return False
        cmd = cmd.pipe_from if cmd is not None else None  # (the login's own words hold no password)
        for _ in range(9):  # the commands piped into it: what they expand holds the credential
            if cmd is None:
                break
            if shell.start <= cmd.span.start < shell.end:
                return False
            read.update(_EXPANDED.findall(file.source.text[cmd.span.start : cmd.span.end]))
            cmd = cmd.pipe_from
    stretch = file.source.text[on.end : shell.end]
    names = _functions(ctx.text.text)
    return (_SOURCED.search(stretch) is None and secret_reference(stretch, file.settings.secret_names) is None
            and read.isdisjoint(_EXPANDED.findall(stretch))
            and not any(re.search(rf"(?<![\w.:-]){re.escape(name)}(?![\w.:-])", stretch) for name in names))


# The subshell's stderr, where its trace goes, sent to /dev/null: by the subshell's own redirection
# (`( ... ) 2>/dev/null`, `&>/dev/null`, `>/dev/null 2>&1`), or by an `exec` in it before the `set -x`.
_DROPPED_AFTER = lazy_compile(r"\)?[ \t]*(?:2>[ \t]*/dev/null|&>>?[ \t]*/dev/null|>>?[ \t]*/dev/null[ \t]+2>&1)")
_DROPPED_BY_EXEC = lazy_compile(r"\bexec[ \t]+(?:2>|&>>?)[ \t]*/dev/null")


def _stderr_dropped(text: str, on: Span, shell: Span) -> bool:
    """Whether the subshell's trace goes to /dev/null (bash writes it to stderr)."""
    return _DROPPED_AFTER.match(text, shell.end) is not None \
        or _DROPPED_BY_EXEC.search(text, shell.start, on.start) is not None


# A stderr redirect to /dev/null written before an input redirect (`{ login; } 2>/dev/null < <(...)`):
# bash performs redirections left to right, so the substitution's commands are traced into /dev/null.
_STDERR_NULL = lazy_compile(r"(?<![\w-])[2&]>>?[ \t]*/dev/null(?![\w/.-])")


def _forked_silent(text: str, at: int) -> bool:
    """Whether the statement's stderr goes to /dev/null before the input redirect at `at` runs."""
    start = max(text.rfind("\n", 0, at), text.rfind(";", 0, at), text.rfind("&&", 0, at), text.rfind("|", 0, at))
    return _STDERR_NULL.search(text, start + 1, at) is not None


def _redirect_shown(file: ScannedFile, ctx: ShellContext, on: Span, shell: Span, site: LoginSite) -> bool:
    """Whether a login the subshell runs after its `set -x` is fed by a redirection of its own
    whose trace shows the credential (`trace_shows_credential`): the commands a substitution
    there runs are traced in the subshell (`< <(echo "$P")`, `<<< "$(printf %s "$P")"`), and so
    is a variable it expands that the subshell sets after the `set -x` (`P2="$P"`)."""
    from ..shell.logins import trace_shows_credential

    cmd = site.login.command
    if not on.end <= cmd.span.start < shell.end or (
            cmd.herestring is None and cmd.heredoc is None and cmd.stdin_file is None):
        return False
    feed = cmd.stdin_file
    if feed is not None and (feed.span.start < on.end or _forked_silent(file.source.text, feed.span.start)):
        return False  # (what feeds it ran before the set -x: `exec 3< <(...)` above it)
    commands = site.script.commands
    held = {n for c in commands if on.end <= c.span.start < shell.end for n, _ in c.assignments}
    return trace_shows_credential(site.login, file.settings.secret_names, _functions(ctx.text.text), commands,
                                  held.__contains__)


# What makes a traced stretch print more than its words as written: an expansion (`$`, a
# backtick), an escape that may spell one (the file's language decodes it: `\x24`), a sourced
# file or eval running other commands traced; anywhere in the file: a trap (DEBUG runs before
# each command), a PS4 (expanded for each traced line), tracing handed to child shells.
_TRACED_MORE = lazy_compile(r"[$`\\]|(?<![\w.:-])(?:source|eval)(?![\w:-])|(?:^|[;&|(])[ \t]*\.[ \t]", re.M)
# SHELLOPTS and BASH_ENV hand tracing on only where set (`export SHELLOPTS`, `BASH_ENV=f`) or
# where tracing is written into the file BASH_ENV names (`echo 'set -x' >> "$BASH_ENV"`): CircleCI
# steps append their `export X=...` lines to `$BASH_ENV`, which changes no tracing.
_TRACE_CHANGED = lazy_compile(
    r"(?<![\w.:-])(?:trap|PS4)(?![\w:-])|(?<![\w.:$-])(?:SHELLOPTS|BASH_ENV)[ \t]*\+?="
    r"|\b(?:export|declare[ \t]+-\w*x\w*|typeset[ \t]+-\w*x\w*)[ \t]+(?:[^;&|\n]*[ \t])?(?:SHELLOPTS|BASH_ENV)\b"
    r"|(?:\bset[ \t]+-\w*x|\bxtrace\b)[^\n]*\$\{?BASH_ENV\b")
# A function the script defines (`name() {`, `function name`): calling one runs its body traced.
# Found from `()` and the keyword, both literals `re` skips ahead to, the name read backward from
# the `(`: a pattern starting with the name would try every character of a long word.
_DEFINITION = lazy_compile(r"\(\s*\)|function[ \t]+([\w.:-]+)")
_NAME_BEFORE = lazy_compile(r"(?:^|(?<=[\s;&|(){}]))([\w.:-]+)[ \t]*\Z")


def _functions(text: str) -> set[str]:
    """The names of the functions a script defines."""
    out: set[str] = set()
    for m in _DEFINITION.finditer(text):
        if m.group(1) is not None:
            if m.start() == 0 or text[m.start() - 1] in " \t\n;&|(){}":
                out.add(m.group(1))
            continue
        line = text.rfind("\n", 0, m.start()) + 1
        name = _NAME_BEFORE.search(text, line, m.start())
        if name is not None:
            out.add(name.group(1))
    return out


# The variables a login's words and what feeds it expand (`$PASS`, `${REG_PASS}`).
_EXPANDED = lazy_compile(r"\$\{?([A-Za-z_]\w*)")


def _too_late(file: ScannedFile, ctx: ShellContext, script: Script, sites: list[LoginSite]) -> frozenset[Span]:
    """The `set -x` that a statement of the script itself turns on after every login, in a
    script whose text is the file's in order (not joined from anchors, `!reference` or parts
    written in another order: the order of the text is then the order they run in), with
    nothing after it that may print their credential: no expansion of a variable a login or its
    feed read, of one set from such a variable (`CREDS="ci:$PASS"`, however far), or of a
    secret-named one; no function of the script (a login in its body runs when it is called),
    sourced file, eval, trap or PS4. Each stretch between two of them is read once."""
    last_login = max(site.login.command.span.end for site in sites)
    ons = sorted((on for on in script.xtrace_top if on.start >= last_login), key=lambda on: on.start)
    if not ons or any(a > b for a, b in itertools.pairwise(ctx.text.origins)):
        return frozenset()  # (pieces joined out of the file's order)
    if _TRACE_CHANGED.search(file.source.text) or _functions(ctx.text.text):
        return frozenset()
    read: set[str] = set()
    for site in sites:
        cmd: Command | None = site.login.command
        for _ in range(9):  # the login and the commands piped into it
            if cmd is None:
                break
            read.update(_EXPANDED.findall(file.source.text[cmd.span.start : cmd.span.end]))
            cmd = cmd.pipe_from
    lines = ctx.text.text.splitlines()
    results = _login_results(file, sites)
    while True:  # what a line expanding one of them sets holds it too (not what a login prints)
        more = {name for line in lines if not read.isdisjoint(_EXPANDED.findall(line))
                for name in _set_on_line(line) if name not in read
                and not (name in results and re.search(rf"(?<![\w$]){name}=\$\(", line))}
        if not more:
            break
        read |= more
    end = ctx.text.span(0, len(ctx.text.text)).end
    text, names = file.source.text, file.settings.secret_names
    late: set[Span] = set()
    for on, until in zip(reversed(ons), [end, *(o.end for o in reversed(ons[1:]))], strict=True):
        stretch = text[on.end : until]  # to the next one's end: what follows is known already
        if _SOURCED.search(stretch) or secret_reference(stretch, names) is not None \
                or not read.isdisjoint(_EXPANDED.findall(stretch)):
            break  # this one and every one before it trace it
        late.add(on)
    return frozenset(late)


# An assignment of a command substitution ending where it starts (`RESULT=$(`, `local R=$(`).
_CAPTURE_BEFORE = lazy_compile(r"(?<![\w$])([A-Za-z_]\w*)=\$\(\s*\Z")


def _login_results(file: ScannedFile, sites: list[LoginSite]) -> set[str]:
    """The variables given a login's output (`RESULT=$(echo "$PW" | docker login ... --password-stdin)`):
    what the login prints (its status), not the password it reads."""
    out: set[str] = set()
    for site in sites:
        cmd = site.login.command
        if cmd.output != "captured":
            continue
        head = cmd
        for _ in range(9):  # the first command of its pipeline
            if head.pipe_from is None:
                break
            head = head.pipe_from
        line = file.source.text.rfind("\n", 0, head.span.start) + 1
        m = _CAPTURE_BEFORE.search(file.source.text, line, head.span.start)
        if m is not None:
            out.add(m.group(1))
    return out


# The names a line sets: `X=`, `X+=`, `read [-r] X Y`, `for X in`, `printf -v X`, `mapfile X`.
_SET_ON_LINE = lazy_compile(
    r"([A-Za-z_]\w*)\+?=|\b(?:read|mapfile|readarray)\b([^<>|;&\n]*)"
    r"|\bfor[ \t]+([A-Za-z_]\w*)|\bprintf[ \t]+-v[ \t]*([A-Za-z_]\w*)"
)


def _set_on_line(line: str) -> set[str]:
    """Over the mark (every word after `read` may be a name it sets): more names held, more reported."""
    return {name for m in _SET_ON_LINE.finditer(line) for g in m.groups() if g for name in g.split()
            if _NAME.fullmatch(name)}


_NAME = lazy_compile(r"[A-Za-z_]\w*")


_SOURCED = lazy_compile(r"(?<![\w.:-])(?:source|eval)(?![\w:-])|(?:^|[;&|(])[ \t]*\.[ \t]", re.M)


def _off_in_time(file: ScannedFile, ctx: ShellContext, script: Script, on: Span, logins: list[Span]) -> bool:
    """`set -x` (or a `#!/bin/bash -x` line) that the script's own `set +x` turns off before any
    login, with nothing between that may expand a value: no `$`, backtick or escape, no
    function of the script, sourced file, eval, trap, PS4 or SHELLOPTS. Both are statements of
    the script itself (`shell.bash._statement_of_script`: a top-level statement, a top-level
    group's, a top-level list's first operand; the order of the text is the order they run
    in). The trace then shows only words as written."""
    if on not in script.xtrace_top:
        return False
    off = next((s for s in script.xtrace_off if s.start >= on.end), None)
    if off is None or any(on.end <= login.start < off.start for login in logins):
        return False
    between = file.source.text[on.end : off.start]
    if _TRACED_MORE.search(between) or _TRACE_CHANGED.search(file.source.text):
        return False
    names = _functions(ctx.text.text)
    return not any(re.search(rf"(?<![\w.:-]){re.escape(name)}(?![\w.:-])", between) for name in names)



# The values the runner reads as true (Go's strconv.ParseBool), and YAML's spellings of true.
_TRUE = frozenset({"1", "t", "T", "true", "TRUE", "True"})


def check_sessions(file: ScannedFile) -> Iterator[Finding]:
    """Tracing that a CI job's shell carries from one context to a later one that logs in:
    a `set -x` in a GitLab `before_script` (its own or the one it inherits) left on when the
    job's `script` logs in, the runner joining both into one script run by one shell; and the
    CI's own tracing (`CI_DEBUG_TRACE` true) of a job whose scripts log in (the runner traces
    them all, `after_script` too). A `set -x` that the single-context check reports already
    (a login in the same context) is not reported again."""
    sites = [site for site in file.get(LOGINS) if site.login.password is not None or site.login.password_stdin]
    if not sites or not _may_trace_across(file):
        return
    sessions = file.get(SHELL_SESSIONS)
    if not sessions:
        return
    traced = _trace_shown(file, sites)
    scripts = {ctx.place: (ctx, script) for ctx, script in file.get(SHELL_SCRIPTS)}
    # the contexts whose login tracing on from their start shows (no `set +x` of theirs before it)
    carried = {site.context.place for site in _trace_shown(
        file, [s for s in sites if _on_from_start(s.script, s.login.command.span)], _on_from_start)}
    logs_in = {site.context.place for site in _trace_shown(file, sites, _everywhere)}  # (the CI traces them all)
    shown: set[tuple[int, int]] = set()
    debug: set[tuple[str, ...]] = set()
    for session in sessions:
        run = [scripts[p] for p in session.places if p in scripts]
        last = max((i for i, (ctx, _) in enumerate(run) if ctx.place in carried), default=0)
        for ctx, script in run[:last]:  # (none when no context of the shell logs in: not `after`'s)
            for span in _left_on(file, ctx, script, [s for s in traced if s.script is script]):
                if (span.start, span.end) not in shown:
                    shown.add((span.start, span.end))
                    yield Finding("DCR003", f"shell tracing (set -x) in `{'.'.join(ctx.place)}` stays on in the "
                                  f"`script` of job `{session.job}`, which logs in to a registry: the trace "
                                  "prints its credentials", file.path, span, ctx.place)
        if session.debug_trace is None or session.debug_trace in debug:
            continue
        places = {*session.places, *((session.after,) if session.after else ())}
        if logs_in.isdisjoint(places):
            continue
        for a in file.get(ASSIGNMENTS):
            if a.place == session.debug_trace and a.value.strip() in _TRUE:
                debug.add(a.place)
                yield Finding("DCR003", f"`CI_DEBUG_TRACE` traces the shell of job `{session.job}`, which logs in "
                              "to a registry: the trace prints its credentials", file.path,
                              a.text.span(0, len(a.text.text)), a.place)


def _may_trace_across(file: ScannedFile) -> bool:
    """Whether tracing may reach a login from another context of a job: a parsed script turns
    it on (every `set -x` is parsed, `Script.partial`), or `CI_DEBUG_TRACE` is written (any
    case, escapes decoded). Where neither, the sessions (every job's scripts and variables
    walked again) are not worked out: they could report nothing."""
    return any(script.xtrace for _, script in file.get(SHELL_SCRIPTS)) or may_read(file, "ci_debug_trace")


def _everywhere(script: Script, at: Span) -> bool:
    return True


def _on_from_start(script: Script, at: Span) -> bool:
    """Whether tracing on where a script starts (left on by the context before it in the same
    shell) is still on where `at` runs: no `set +x` of the script itself before it."""
    return not any(off.end <= at.start for off in script.xtrace_off)


def _left_on(file: ScannedFile, ctx: ShellContext, script: Script, own: list[LoginSite]) -> list[Span]:
    """The `set -x` of a script that may still be on at its end (not a statement of the
    script itself, or none of its own `set +x` after it), but those the check reports for
    the script's own logins."""
    if not script.xtrace:
        return []
    reported = {f.span for f in _traced(file, ctx, script, own)} if own else set()
    return [on for on in script.xtrace if on not in reported and (
        on not in script.xtrace_top or not any(off.start >= on.end for off in script.xtrace_off))]


def gate(file: ScannedFile) -> bool:
    """False only where the check can find nothing (`_leak_gate`)."""
    from ._leak_gate import gate

    return gate(file)


def sessions_gate(file: ScannedFile) -> bool:
    """Tracing in a file with a login (`_leak_gate`), or the word `CI_DEBUG_TRACE` (any case,
    escapes decoded) in a file that may log in."""
    from ..logintools import may_log_in

    if not may_log_in(file):
        return False
    return may_read(file, "ci_debug_trace") or gate(file)


def may_log_credentials(file: ScannedFile) -> bool:
    """The gate of `check_log_steps`: a log step may be called, and a step may interpolate a
    credential (DCR012's gate: a binding, or a secret-named variable)."""
    from .dcr012_groovy_secret_interpolation import may_interpolate_credentials

    text = file.source.text
    return ("echo" in text or "print" in text) and may_interpolate_credentials(file)


def check_log_steps(file: ScannedFile) -> Iterator[Finding]:
    """A Jenkins `echo` (or `println`) step whose message interpolates a credential: Groovy builds
    the string, the step writes it to the build log. As for a shell's `echo`, the masking of bound
    credentials is no licence to print one: it hides the value written whole, not a part or a
    transform of it, and nothing that no binding holds (a secret-named parameter or variable)."""
    from ..extractors.jenkins import jenkins_model
    from .dcr012_groovy_secret_interpolation import credential_hits

    model = jenkins_model(file)
    env_names = {a.name for a in model.environment}
    for step in model.log_steps:
        for hit in credential_hits(file, step, env_names):
            place = (*(x for stage in step.stages for x in ("stage", stage)), step.name, str(step.index))
            yield Finding("DCR003", f"the `{step.name}` step prints credential `{hit.name}` ({hit.why}) to the "
                          "build log", file.path, hit.span, place)
            break  # (one finding a step)


# --------------------------------------------------------------------------- make's own echo
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
    """DCR003: a secret-named make variable in a recipe line make prints before running it."""
    if file.kind is not FileKind.MAKEFILE:
        return
    text = file.source.text
    if _MAKE_SILENT.search(text):
        return
    from ._name_holders import read_as_name

    pattern = file.settings.secret_names
    for ctx in file.shell_contexts:
        shown: set[int] = set()  # (one finding a recipe line)
        for m in _MAKE_REFERENCE.finditer(ctx.text.text):
            at = ctx.text.offset(m.start())
            name = m.group(1)
            if text[at : at + 2] not in ("$(", "${") or not is_secret_name(name, pattern) \
                    or read_as_name(text[text.rfind("\n", 0, at) + 1 : at]) or _holds_a_name(text, name, pattern):
                continue  # (`$${X}`: the shell's, printed as written; `get secret $(X)`: a name)
            first = _recipe_start(text, at)
            prefix = text[first : first + 40]
            lead = len(prefix) - len(prefix.lstrip(" \t@-+"))
            if "@" in prefix[:lead] or _quiet_variable(text, prefix[lead:]) or first in shown \
                    or _PRINTS_ALONE.match(text, first + lead, text.find("\n", at) % (len(text) + 1)):
                continue  # (`echo "$(X)"` alone: the printing command's own finding says it)
            shown.add(first)
            end = at + len(m.group(1)) + 3
            yield Finding("DCR003", f"make prints this recipe line, `$({m.group(1)})` expanded, to the log "
                          "before running it; start the line with `@`, or let the shell read the variable "
                          f"(`$${m.group(1)}`)", file.path, Span(at, end), (*ctx.place, "echo"))


def _holds_a_name(text: str, name: str, pattern: str) -> bool:
    """The Makefile gives the variable only values naming the Secret or the stored credentials
    that keep it (`PULL_SECRET := regcred-ro`: `values.secret_named`), none from elsewhere."""
    values = [m.group(1).split("#", 1)[0] for m in re.finditer(
        rf"(?m)^[ \t]*(?:(?:export|override)[ \t]+)*{re.escape(name)}[ \t]*[:?+]*=[ \t]*(.*)$", text)]
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


CHECKS = (FileCheck(rules=("DCR003",), run=check, facts=(SHELL_SCRIPTS,),
                    commands=(LOGIN_COMMANDS, PRINTED_SECRETS, PRINTED_ENV_SECRETS, ENVIRONMENT_DUMPS), gate=gate),
          FileCheck(rules=("DCR003",), run=check_sessions, facts=(SHELL_SESSIONS, SHELL_SCRIPTS, ASSIGNMENTS),
                    commands=(LOGIN_COMMANDS, SESSION_TRACING), gate=sessions_gate),
          FileCheck(rules=("DCR003",), run=check_log_steps, facts=(JENKINS_MODEL,), gate=may_log_credentials),
          FileCheck(rules=("DCR003",), run=check_make_echo, kinds=frozenset({FileKind.MAKEFILE})))
