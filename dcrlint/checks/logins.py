"""Registry logins in every shell context: DCR001, DCR002, DCR003; credentials in URLs: DCR050."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..classify import FileKind
from ..findings import Edit, Finding, Fix
from ..scanned import ScannedFile, ShellContext
from ..source import Span
from ..values import ValueKind, classify, secret_reference
from . import FileCheck

if TYPE_CHECKING:  # the shell parser is imported when a shell context is first parsed
    from ..shell.logins import Login
    from ..shell.model import Command, Script

_DOCKER_CONFIG = re.compile(r"(^|/)\.docker/config\.json$|(^|/)\.dockercfg$")
_ASKPASS = re.compile(r"(?i)ask-?pass|credential-helper|docker-credential-")
_STDOUT_REDIRECT = re.compile(r"[ \t]*(\d?>|&>)")


def _printf_fix(ctx: ShellContext, file: ScannedFile, login: Login, script: Script) -> Fix | None:
    """`printf %s "$P" | docker login ... --password-stdin`, when it can be written safely.

    Every character of the fix is written in the encoding of the container the shell sits in
    (YAML scalar, Groovy string, Makefile recipe): the password reference is copied from the
    file as written, and the only other characters are `printf %s`, ` | `, the stdin option and,
    for an unquoted reference, a pair of double quotes (escaped in a double-quoted container)."""
    from ..shell.logins import stdin_option

    cmd, pw, word = login.command, login.password, login.password_word
    if pw is None or word is None or login.password_kind is not ValueKind.VARIABLE:
        return None  # a literal must not be copied into a fix; it needs a secret store
    if cmd.pipe_from is not None or cmd.herestring is not None or cmd.heredoc is not None \
            or cmd.stdin_file is not None:
        return None  # stdin is taken already
    if ctx.dialect not in ("sh", "bash"):
        return None  # PowerShell and cmd have no printf
    stdin = stdin_option(login)
    if stdin is None:
        return None  # kubectl, az: no stdin option; use a docker config or a token instead
    if _nested(cmd, script):
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


# A bare reference to a variable: $P, ${P}, $$P (make), $(P) (make), ${{ secrets.P }} (GitHub).
_REFERENCE = re.compile(r"\$\$?(?:[A-Za-z_]\w*|\{[A-Za-z_]\w*\}|\([A-Za-z_][\w.]*\))|\$\{\{ *[\w.]+ *\}\}")


def _nested(cmd: Command, script: Script) -> bool:
    """The command runs inside another command's argument or heredoc."""
    s = cmd.span
    for other in script.commands:
        if other is cmd:
            continue
        parts = [w.span for w in other.words] + [w.span for _, w in other.assignments]
        if other.heredoc is not None:
            parts.append(other.heredoc.span(0, len(other.heredoc.text)))
        if other.herestring is not None:
            parts.append(other.herestring.span)
        if any(p.start <= s.start and s.end <= p.end and p != s for p in parts):
            return True
    return False


def _container_quote(ctx: ShellContext, file: ScannedFile) -> str:
    """The quote that encloses the shell context in the file: '"' for a double-quoted YAML
    scalar or Groovy string, "" when the shell is written as is (block scalar, script, RUN)."""
    text = file.source.text
    at = ctx.text.offset(0) if ctx.text.text else ctx.text.end
    before = text[max(0, at - 3) : at]
    if before.endswith('"') and before != '"""':
        return '"'
    return ""


def check_logins(file: ScannedFile) -> Iterator[Finding]:
    from ..shell.logins import find_logins, literal_fed_to_stdin, registry_label

    for ctx, script in file.shell_scripts:
        logins = find_logins(script)
        for login in logins:
            where = registry_label(login)
            pw = login.password
            if pw is not None:
                literal = login.password_kind is ValueKind.LITERAL
                span = pw.span(0, len(pw.text))
                fix = None if literal else _printf_fix(ctx, file, login, script)
                yield Finding(
                    "DCR001",
                    f"`{login.tool}`{where} gets its password on the command line ({login.spelling}); "
                    "feed it with --password-stdin",
                    file.path, span, ctx.place, secret=pw.text if literal else None, fix=fix,
                )
                if literal:
                    yield Finding(
                        "DCR002", f"hard-coded password for `{login.tool}`{where}; keep it in a secret store",
                        file.path, span, ctx.place, secret=pw.text,
                    )
            elif login.password_stdin:
                fed = literal_fed_to_stdin(login)
                if fed is not None and fed.text:
                    yield Finding(
                        "DCR002",
                        f"hard-coded password piped into `{login.tool}`{where}; keep it in a secret store",
                        file.path, fed.span(0, len(fed.text)), ctx.place, secret=fed.text,
                    )
        yield from _leaks(file, ctx, script, bool(logins))


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
    """DCR003: commands that print a credential to the job log."""
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


# scheme://user:password@host, anywhere in a file.
_URL_CREDS = re.compile(
    r"\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}://(?P<user>[^\s:/@'\"`<>]{1,128}):(?P<pw>[^\s/'\"`<>]{1,256})@"
    r"(?!sha\d+:)(?P<host>[A-Za-z0-9.\-\[\]:]+)"  # not image@sha256:digest
)


def _url_matches(text: str) -> Iterator[re.Match[str]]:
    """_URL_CREDS.finditer(text), run only on the lines holding `://`: a match never spans a
    line break, and the regex is slow when tried at every letter of a big file."""
    at = text.find("://")
    while at != -1:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end == -1 else end
        yield from _URL_CREDS.finditer(text, start, end)
        at = text.find("://", end)


def check_url_credentials(file: ScannedFile) -> Iterator[Finding]:
    """DCR050: a literal password in a URL (registry URLs, helm repo add, git remotes ...)."""
    text = file.source.text
    for m in _url_matches(text):
        pw = m.group("pw")
        if classify(pw, file.settings.placeholders) is not ValueKind.LITERAL or pw.startswith("$"):
            continue
        if classify(m.group("user"), file.settings.placeholders) in (ValueKind.EXPRESSION, ValueKind.TEMPLATED):
            continue
        yield Finding(
            "DCR050", f"literal password in a URL for host {m.group('host')}",
            file.path, Span(m.start("pw"), m.end("pw")), ("url", m.group("host")), secret=pw,
        )


_SHELL_KINDS = frozenset({
    FileKind.SHELL, FileKind.DOCKERFILE, FileKind.MAKEFILE, FileKind.GITHUB_WORKFLOW,
    FileKind.GITHUB_ACTION, FileKind.GITLAB_CI, FileKind.JENKINSFILE, FileKind.KUBERNETES,
    FileKind.AZURE_PIPELINES, FileKind.CIRCLECI, FileKind.BITBUCKET_PIPELINES, FileKind.DRONE,
    FileKind.BUILDKITE, FileKind.TRAVIS, FileKind.CODEBUILD,
})

CHECKS = (
    FileCheck(rules=("DCR001", "DCR002", "DCR003"), run=check_logins, kinds=_SHELL_KINDS),
    FileCheck(rules=("DCR050",), run=check_url_credentials),
)
