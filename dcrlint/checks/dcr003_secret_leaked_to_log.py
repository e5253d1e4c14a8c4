"""DCR003 secret-leaked-to-log: commands that print a credential to the job log (a secret
variable echoed, a docker config printed, shell tracing in a script that logs in)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from ..facts import LOGINS, SHELL_SCRIPTS, CommandFilter
from ..findings import Finding
from ..logintools import LOGIN_COMMANDS
from ..scanned import ScannedFile, ShellContext
from ..values import secret_reference
from . import FileCheck

if TYPE_CHECKING:
    from ..config import Settings
    from ..shell.model import Script

_DOCKER_CONFIG = re.compile(r"(^|/)\.docker/config\.json$|(^|/)\.dockercfg$")
_ASKPASS = re.compile(r"(?i)ask-?pass|credential-helper|docker-credential-")
_STDOUT_REDIRECT = re.compile(r"[ \t]*(\d?>|&>)")
_DOCKER_CONFIG_TEXT = re.compile(r"\.docker/config\.json|dockercfg")


@lru_cache(maxsize=1)
def _printers() -> re.Pattern[str]:
    from ..shell.model import PRINTING_COMMANDS

    return re.compile(r"(?i)\b(" + "|".join(sorted(map(re.escape, PRINTING_COMMANDS))) + r")\b")


def _may_print(text: str, settings: Settings) -> bool:
    """A printing command beside a secret reference, or a docker config path."""
    if _DOCKER_CONFIG_TEXT.search(text):
        return True
    return _printers().search(text) is not None and secret_reference(text, settings.secret_names) is not None


PRINTED_SECRETS = CommandFilter("printed-secrets", _may_print)


def check(file: ScannedFile) -> Iterator[Finding]:
    with_login = {id(site.script) for site in file.get(LOGINS)}
    for ctx, script in file.get(SHELL_SCRIPTS):
        yield from _leaks(file, ctx, script, id(script) in with_login)


def _expanded(raw: str) -> str:
    """A word as written with its single-quoted parts and escaped `$` blanked: what the shell
    does not expand (`echo 'set $PASSWORD first'` prints no secret)."""
    out = []
    quote = ""
    i = 0
    while i < len(raw):
        ch = raw[i]
        if quote == "'":
            out.append("'" if ch == "'" else " ")
            quote = "" if ch == "'" else quote
        elif ch == "\\" and i + 1 < len(raw):
            out.append("  ")
            i += 1
        elif ch == "'" and quote != '"':
            quote = "'"
            out.append(ch)
        else:
            if ch == '"':
                quote = "" if quote == '"' else '"'
            out.append(ch)
        i += 1
    return "".join(out)


def _leaks(file: ScannedFile, ctx: ShellContext, script: Script, has_login: bool) -> Iterator[Finding]:
    """Commands of one script that print a credential to the job log."""
    from ..shell.model import PRINTING_COMMANDS

    if _ASKPASS.search(file.path):
        return  # askpass and credential helpers print the secret to git, by design
    consumers = {id(c.pipe_from) for c in script.commands if c.pipe_from is not None}
    text = file.source.text
    for cmd in script.commands:
        if not cmd.words or cmd.words[0].value.text not in PRINTING_COMMANDS:
            continue
        if id(cmd) in consumers or _STDOUT_REDIRECT.match(text, cmd.span.end):
            continue  # piped on or written to a file: not printed to the log
        args = cmd.words[1:]
        if any(w.value.text.startswith("::add-mask::") for w in args):
            continue  # the GitHub Actions command that hides the value in the log
        if cmd.name == "cat":
            if any(_DOCKER_CONFIG.search(w.value.text) for w in args):
                yield Finding("DCR003", "`cat` of a docker config.json prints registry credentials to the log",
                              file.path, cmd.span, ctx.place)
            continue
        for w in args:
            shown = w.value.text if ctx.dialect == "cmd" else _expanded(w.raw.text)
            name = secret_reference(shown, file.settings.secret_names)
            if name is not None:
                yield Finding("DCR003", f"`{cmd.name}` prints secret `{name}` to the log",
                              file.path, cmd.span, ctx.place)
                break
    if has_login:
        for span in script.xtrace:
            yield Finding("DCR003", "shell tracing (set -x) prints the registry credentials of this script",
                          file.path, span, ctx.place)



CHECKS = (FileCheck(rules=("DCR003",), run=check, facts=(SHELL_SCRIPTS,),
                    commands=(LOGIN_COMMANDS, PRINTED_SECRETS)),)
