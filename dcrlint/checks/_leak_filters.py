"""DCR003's command filters, asked of a context's text before any script is parsed: whether it
may print a secret, dump the environment, print a variable a CI step's `env:` gives a secret, or
carry tracing on into a login."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ..classify import FileKind
from ..facts import SHELL_SESSIONS, CommandFilter
from ..lazyre import lazy_compile
from ..logintools import LOGIN_COMMANDS
from ..references import secret_reference
from ..scanned import ScannedFile
from ..secretnames import is_secret_name, may_name_a_secret
from ..shell.model import PRINTING_COMMANDS
from ..shell.spelling import may_trace, plain, words
from ..shell.stdout import LOGGER
from ..valuepatterns import DEFAULT_SECRET_NAMES, SECRET_NAME_WORDS
from ._leak_env_secrets import _DECLARED_SECRETS, _MASKING_RUNNERS, _env_secret_assignments
from ._spellings import may_read

if TYPE_CHECKING:
    from ..config import Settings


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
    `fingerprint`, `./cat`; the system's `/bin/cat` is `cat`: a superset of `Command.name`'s folders)
    and ends before one. Each name's lookbehind follows it: the search goes from one of the names'
    first letters to the next."""
    names = sorted(_printing_words(), key=len, reverse=True)
    return re.compile("(?:" + "|".join(f"{(n := re.escape(name))}(?:(?<![\\w./-]{n})|(?<=bin/{n}))" for name in names)
                      + ")(?![\\w./-])")


@lru_cache(maxsize=4096)
def _may_be_secret(name: str, pattern: str) -> bool:
    """A secret-like name begins `name`: in a text made plain the letters after a variable's
    name may have been joined to it (`"$PASSWORD"_FILE` reads `$PASSWORD_FILE`)."""
    if not may_name_a_secret(name, pattern):
        return False  # nor any of its beginnings
    return any(is_secret_name(name[:k], pattern) for k in range(len(name), 0, -1))


def _dump_in(pattern: re.Pattern[str], low: str) -> bool:
    """A match of `pattern` that starts a word: not `$GITHUB_ENV`, `.env`, `./env` (a project's
    command named so is not `env`), `reset`; a system's `/usr/bin/env` is `env`."""
    for m in pattern.finditer(low):
        at = m.start()
        if at == 0 or not (low[at - 1].isalnum() or low[at - 1] in "_./-") or low.endswith("bin/", 0, at):
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
    if ("kubeconfig" in low or ".kube/config" in low) and "cat" in low:
        return True  # (`cat` of a kubeconfig the script filled: `_leak_printing._filled_file`)
    pattern = settings.secret_names
    if _may_declare_print(low, names, pattern):
        return True
    for p in _printing_words():
        if p in low:
            break
    else:
        return False
    # A GitHub secret expression, or an expanded name that may be a secret's (found from the
    # secret words: `_expands_secret`, which asks `may_name_a_secret`'s question itself), before
    # the printing command's pattern (an alternation of names each looked behind, slow on a
    # whole file), which most texts would pass only to fail here: a file's `Authors` holds a
    # secret word and is no expanded name.
    if "secrets." not in names and not _expands_secret(names, pattern):
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


def _may_print_env_held(file: ScannedFile, text: str) -> bool:
    """PRINTED_ENV_SECRETS' `when`: a context of a CI file whose step `env:` gives a secret whole
    to a variable the context's text expands."""
    expansions = file.once("dcr003_env_held_expansions", _env_held_expansions)
    return expansions is None or any(e in text for e in expansions)


def _env_held_expansions(file: ScannedFile) -> tuple[str, ...] | None:
    """`_may_print_env_held`'s part that is the file's, worked out once per file: how a script
    expands each variable a step's `env:` gives a secret whole (`$X`, `${X`, `env:X`), one of
    which a context's text must hold; None: any text (a system that declares secrets in the
    file, `_DECLARED_SECRETS`)."""
    if file.kind in _DECLARED_SECRETS:
        return None if _DECLARED_SECRETS[file.kind] in file.source.text else ()
    if file.kind is FileKind.KUBERNETES:
        return _container_secret_expansions(file) if "secretKeyRef" in file.source.text else ()
    if file.kind is not FileKind.GITLAB_CI and (file.kind not in _MASKING_RUNNERS or (
            "secrets" not in file.source.text and "$(" not in file.source.text)):
        return ()
    return tuple(e for a in _env_secret_assignments(file) for e in (f"${a.name}", f"${{{a.name}", f"env:{a.name}"))


def _container_secret_expansions(file: ScannedFile) -> tuple[str, ...]:
    """How a container's script expands each env name a manifest gives a Secret's key."""
    from ..facts import K8S_POD_SPECS
    from ..k8s.model import secret_env
    from ._leak_env_secrets import _held_secret

    names = {n for spec in file.get(K8S_POD_SPECS) for c in spec.containers for n, key in secret_env(c)
             if _held_secret(n, key, file)}
    return tuple(e for n in sorted(names) for e in (f"${n}", f"${{{n}"))


def _may_print_any(text: str, settings: Settings) -> bool:
    """A printing command, whatever it prints (PRINTED_ENV_SECRETS: its `when` says which)."""
    low = words(text)
    return low is None or _printing_command().search(low) is not None


# Printing commands in a context that expands such a variable: walked whatever they print.
PRINTED_ENV_SECRETS = CommandFilter("printed-env-secrets", _may_print_any, when=_may_print_env_held,
                                    kinds=frozenset({*_DECLARED_SECRETS, FileKind.GITLAB_CI, *_MASKING_RUNNERS,
                                                     FileKind.KUBERNETES}))
