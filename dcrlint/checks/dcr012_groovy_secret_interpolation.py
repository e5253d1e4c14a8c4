"""DCR012 groovy-secret-interpolation: a credential variable interpolated by Groovy into a
Jenkins shell step's script (with a fix: let the shell expand it)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping

from ..extractors.jenkins import DIALECTS, jenkins_model
from ..facts import JENKINS_MODEL
from ..findings import Edit, Finding, Fix
from ..groovy import Interpolation, StringStyle, Token, TokenKind
from ..jenkins import PASSWORD_SUFFIX, Step
from ..lazyre import lazy_compile
from ..records import lazy_dataclass
from ..references import keyed_field
from ..scanned import ScannedFile
from ..secretnames import is_secret_name
from ..source import Span
from ..valuepatterns import DEFAULT_SECRET_NAMES, SECRET_NAME_WORDS
from . import FileCheck
from ._name_holders import read_as_name
from ._spellings import may_name_secret

_SIMPLE_NAME = lazy_compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Fields read one after another, as properties or by quoted keys (`['Username']`, `?.["token"]`)
# or list indexes, up to the first call: `data.username`, `creds['token']`, `items[0].password`
# (of `cfg.api_key.trim()`, `cfg.api_key`).
_STEP = r"""\s*(?:\??\.\s*[A-Za-z_]\w*(?!\w|\s*\()|(?:\??\.)?\[\s*(?:'[^'\\]*'|"[^"\\$]*"|\d+)\s*\])"""
_FIELD_READ = lazy_compile(r"[A-Za-z_]\w*(?:" + _STEP + ")*")
_FIELDS = lazy_compile(r"(?:" + _STEP + ")*")
# One step of such a read: a property's name, a quoted key, or a list index (neither).
_PART = lazy_compile(r"""([A-Za-z_]\w*)|\[\s*(?:'([^'\\]*)'|"([^"\\$]*)"|\d+)\s*\]""")
# A map's entry read by a call with its quoted key (`cfg.get('api_key')`, `getAt`), also given a
# default for a missing entry (`cfg.get('api_key', '')`, `getOrDefault`): the entry `cfg['api_key']`
# reads, as the field reads below take it.
_KEY_CALL = lazy_compile(r"""(\??)\.\s*(?:get|getAt|getOrDefault)\s*\(\s*('[^'\\]*'|"[^"\\$]*")"""
                         r"""\s*(?:,\s*(?:'[^'\\]*'|"[^"\\$]*"|[\w.]+)\s*)?\)""")
_WORD_CHAR = lazy_compile(r"[A-Za-z0-9_]")
_BACKSLASH = "\\"
_APOS = "'"
# Escapes that mean the same in single- and double-quoted Groovy strings.
_SAME_ESCAPE = lazy_compile(r"""\\(?:[bfnrst\\'"]|u+[0-9a-fA-F]{4}|[0-7]|\r?\n)""")


def _place(stages: tuple[str, ...], *rest: str) -> tuple[str, ...]:
    out: tuple[str, ...] = ()
    for name in stages:
        out += ("stage", name)
    return (*out, *rest)



@lazy_dataclass(frozen=True)
class _Hit:
    """One interpolation of a credential variable."""

    span: Span
    name: str  # the variable as the shell sees it (X for `${env.X}`)
    label: str  # what the message names: the field chain read whole (`cfg.token`), else `name`
    why: str  # how it is known to be a credential
    in_env: bool  # the variable is in the step's process environment (fixable)
    simple: bool  # `$X`, `${X}`, `${env.X}`: the shell can expand it instead


def _variable(expression: str, receiver: str = "") -> tuple[str, str, bool] | None:
    """(name, scope, simple) of an interpolated expression: `X` -> (X, '', True),
    `env.X` -> (X, 'env', True), `X.trim()` -> (X, '', False); None when no name. Read through
    the step's `receiver` (`steps.X` of `steps.sh`), a name is read as written alone."""
    expression = expression.strip()
    if receiver and expression.startswith(receiver + ".") and _SIMPLE_NAME.match(expression, len(receiver) + 1):
        expression = expression[len(receiver) + 1 :]
    head = _SIMPLE_NAME.match(expression)
    if head and expression[head.end():].lstrip().startswith(("(", "{")):
        return None  # a method call such as `${pwd()}`: its result, not a variable
    parts = [p.strip() for p in re.split(r"\??\.", expression)]
    if not parts or not _SIMPLE_NAME.fullmatch(parts[0]):
        m = _SIMPLE_NAME.match(expression.strip())
        return (m.group(), "", False) if m else None
    if parts[0] in ("env", "params") and len(parts) >= 2:
        m = _SIMPLE_NAME.match(parts[1])
        if not m:
            return None
        return m.group(), parts[0], len(parts) == 2 and m.group() == parts[1]
    if parts[0] in ("env", "params", "this"):
        return None
    return parts[0], "", len(parts) == 1


def _read_name(expression: str, name: str, pattern: str = DEFAULT_SECRET_NAMES) -> str:
    """The name that says what an interpolation yields: the field chain it reads, whatever a
    call then does with the value (`secretData.username` is a user name, `registryAuth.token` and
    `cfg.token.trim()` a token; a map's entry by a quoted key last as `references.keyed_field` reads
    it: `creds['Username']` a user name, `creds['token']` a token, `passwords['deploy_user']` one
    of the passwords; a list's item is named by its fields), else the variable."""
    read = _FIELD_READ.match(expression.strip())
    if read is None:
        return name
    fields: list[str] = []
    key: str | None = None  # the quoted key of the last step, if it is one
    for part in _PART.finditer(read.group()):
        key = part.group(2) if part.group(2) is not None else part.group(3)
        if part.group(1) or key is not None:
            fields.append(part.group(1) or key or "")
    if key is not None and len(fields) > 1:  # (`creds['Username']`, `cfg.registry['token']`)
        chain, field = ".".join(fields[:-1]), keyed_field(key, pattern)
        return key if field == "user" else f"{chain}.{key}" if field == "secret" else chain
    return ".".join(fields) if len(fields) > 1 else name


def _expandable(interp: object, creds: Mapping[str, object], env_names: set[str], text: str,
                receiver: str = "") -> str | None:
    """The environment variable an interpolation can be left to the shell as: `$X`/`${X}` of a
    credential bound in scope or an `environment {}` variable, or `${env.X}`; else None."""
    assert isinstance(interp, Interpolation)
    if not text.startswith("$", interp.span.start):
        return None  # an operand joined with `+`: there is no quote to change
    var = _variable(interp.expression, receiver)
    if var is None:
        return None
    name, scope, simple = var
    if not simple or scope == "params":
        return None
    if scope == "env" or name in creds or name in env_names:
        return name
    return None


# A joined operand's neighbours: the string literal before it (its last character, then its
# closing quote, `+`), and the one after it (`+`, its opening quote).
_JOINED_BEFORE = lazy_compile(r"([^'\"])['\"]{1,3}[ \t]*\+[ \t]*\Z")
_JOINED_AFTER = lazy_compile(r"[ \t]*\+[ \t]*['\"]{1,3}")


def _roots_a_path(text: str, span: Span) -> bool:
    """A word that starts with the interpolation and goes on with `/` and a name
    (`-v ${pwd}/cache:/root/cache`, and as joined strings `'cp ' + pwd + '/out/'`): the value is a
    folder, no secret (for a variable only named like one; a token in a URL's path follows a `/`,
    `/bot${TOKEN}/`)."""
    before = text[span.start - 1] if span.start else " "
    after = span.end
    if before == "+" or before.isspace():
        joined = _JOINED_BEFORE.search(text, max(0, span.start - 16), span.start)
        if joined is not None:
            before = joined.group(1)
            follow = _JOINED_AFTER.match(text, span.end)
            after = follow.end() if follow is not None else len(text)
    return (before.isspace() or before in "=\"'") and re.match(r"/[\w.-]", text[after : after + 2]) is not None


# What follows a credential in an expression that then shows none of it: a count, a test or a
# hash of it (`${T.length()}`, `${T?.isEmpty()}`, `${T == 'x'}`), or a ternary it is the
# condition of (`${T ? 'set' : 'unset'}`; not Elvis `T ?: x`, which yields T).
_SHOWS_NONE = lazy_compile(
    r"\s*(?:\??\.(?:length|size|isEmpty|isBlank|equals|equalsIgnoreCase|startsWith|endsWith|contains"
    r"|matches|hashCode|asBoolean)\s*\(|[=!]=|\?(?![.:]))")


def _shows_none(expression: str, name: str) -> bool:
    """Whether an expression that names a credential once yields nothing of it (`_SHOWS_NONE`
    after the variable or the fields of it read: `${cfg.token.length()}`)."""
    found = list(re.finditer(r"(?<![\w.])(?:\w+\??\.)?" + re.escape(name) + r"\b", expression))
    if len(found) != 1:
        return False
    fields = _FIELDS.match(expression, found[0].end())
    return _SHOWS_NONE.match(expression, fields.end() if fields is not None else found[0].end()) is not None


def credential_hits(file: ScannedFile, step: object, env_names: set[str]) -> Iterator[_Hit]:
    """The interpolations of a step's string that are credentials: bound by `withCredentials` or
    `credentials()` (not a binding's user name or file), or named like a secret."""
    assert isinstance(step, Step)
    creds = {c.name: c for c in step.credentials}
    text = file.source.text
    for interp in step.interpolations:
        expression = _KEY_CALL.sub(lambda m: f"{m[1] and '?.'}[{m[2]}]", interp.expression)
        var = _variable(expression, step.receiver)
        if var is None:
            continue
        name, scope, _ = var
        if _shows_none(expression, name):
            continue  # `${T.length()}`, `${T ? 'yes' : 'no'}`: a number or a word, not the secret
        cred = creds.get(name) if scope in ("", "env") else None
        read = _read_name(expression.strip().removeprefix(f"{step.receiver}."), name,
                          file.settings.secret_names)
        label = name
        if cred is not None and cred.role not in ("username", "file"):
            why = f"bound to credential {cred.credentials_id!r}" if cred.credentials_id else "a credential"
        elif cred is None and (is_secret_name(read, file.settings.secret_names) or name.endswith(PASSWORD_SUFFIX)) \
                and not read_as_name(text[text.rfind("\n", 0, interp.span.start) + 1 : interp.span.start]) \
                and not _roots_a_path(text, interp.span):
            # (a binding's user name or file is what the binding says; not where a program reads
            # a name: `get secret ${tlsSecret}`)
            why = "named like a secret"
            label = read if not scope else name  # the field named like one, `cfg.token`, not `cfg`
        else:
            continue
        expandable = _expandable(interp, creds, env_names, text, step.receiver) is not None
        yield _Hit(interp.span, name, label, why, expandable, expandable)


def _string_token(tokens: list[object], starts: list[int], span: Span) -> object | None:
    """The string literal token holding span, if any; `starts`: the tokens' start offsets
    (made once per file, not once per finding)."""
    k = bisect.bisect_right(starts, span.start) - 1
    if k < 0:
        return None
    tok = tokens[k]
    assert isinstance(tok, Token)
    if tok.string is not None and tok.span.start <= span.start and span.end <= tok.span.end:
        return tok
    return None


def _shell_ref(name: str, dialect: str, text: str, span: Span) -> str:
    """How the step's shell expands environment variable `name`, written in place of span."""
    braced = text.startswith("${", span.start) or bool(_WORD_CHAR.match(text, span.end))
    if dialect == "cmd":
        return f"%{name}%"
    if dialect == "pwsh":
        return "${env:" + name + "}" if braced else f"$env:{name}"
    return "${" + name + "}" if braced else f"${name}"


def _can_requote(tok: object) -> bool:
    """Whether the literal's quotes can become single quotes without changing its meaning
    (apart from its interpolations)."""
    assert isinstance(tok, Token) and tok.string is not None
    style = tok.string.style
    if style not in (StringStyle.DOUBLE, StringStyle.TRIPLE_DOUBLE) or tok.error:
        return False
    q = len(style.value)
    body = tok.text[q:-q]
    if _BACKSLASH in body and _BACKSLASH in _SAME_ESCAPE.sub("", body):
        return False  # `\$` or an escape that reads differently in single quotes
    if style is StringStyle.DOUBLE:
        return _APOS not in body
    return _APOS * 3 not in body and not body.endswith((_APOS, _BACKSLASH))


def may_interpolate_credentials(file: ScannedFile) -> bool:
    """The gate of `check_interpolation`: a variable a step interpolates is a credential when a
    `withCredentials` binding or an `environment` `credentials('id')` binds it (identifiers,
    read as written) or when it is named like a secret (`_variable`: an ASCII name at the start
    of an interpolation's expression or a joined operand, or after `env.`, which are source text,
    never decoded: one of the text's identifiers as written). Most Jenkinsfiles hold no
    secret-name word at all (`may_name_secret`, the cheap test first)."""
    if not may_name_secret(file):
        return False
    text = file.source.text
    if "redentials" in text:
        return True
    pattern = file.settings.secret_names
    names = _worded_names(text) if pattern == DEFAULT_SECRET_NAMES and text.isascii() else _SIMPLE_NAME.findall(text)
    return any(is_secret_name(name, pattern) for name in set(names))


def _worded_names(text: str) -> set[str]:
    """The names of an ASCII text (`_SIMPLE_NAME`, as `findall` reads them) that hold a secret
    word in any case: the only ones the built-in pattern may take (`may_name_a_secret`), found
    from the words (`str.find`) rather than by reading every name of the file."""
    low, n = text.lower(), len(text)
    found: set[str] = set()
    for word in SECRET_NAME_WORDS:
        at = low.find(word)
        while at >= 0:
            start, end = at, at + len(word)
            while start and (text[start - 1].isalnum() or text[start - 1] == "_"):
                start -= 1
            while start < at and text[start].isdigit():  # a name starts with a letter or `_`
                start += 1
            while end < n and (text[end].isalnum() or text[end] == "_"):
                end += 1
            found.add(text[start:end])
            at = low.find(word, end)
    return found


def check_interpolation(file: ScannedFile) -> Iterator[Finding]:
    """DCR012: a credential variable interpolated by Groovy into a shell step's script."""
    model = jenkins_model(file)
    if not model.steps:
        return
    text = file.source.text
    string = TokenKind.STRING  # (a global read per token, not the enum's class attribute)
    strings = [t for t in model.tokens if t.kind is string]
    starts = [t.span.start for t in strings]
    env_names = {a.name for a in model.environment}
    for step in model.steps:
        hits = list(credential_hits(file, step, env_names))
        if not hits:
            continue
        dialect = DIALECTS[step.name]
        place = _place(step.stages, step.name, str(step.index))
        creds: dict[str, object] = {c.name: c for c in step.credentials}
        for h in hits:
            tok = _string_token(strings, starts, h.span)  # type: ignore[arg-type]
            fix = None
            if tok is not None and h.simple and h.in_env:
                fix = _fix(text, tok, h, dialect, creds, env_names, step.receiver)
            how = "interpolated by Groovy" if tok is not None else "joined by Groovy"
            yield Finding(
                "DCR012",
                f"credential `{h.label}` ({h.why}) is {how} into the `{step.name}` script, "
                "which puts the secret on the command line; let the shell expand it "
                "(single quotes)",
                file.path, h.span, place, fix=fix,
            )


def _fix(text: str, tok: object, hit: _Hit, dialect: str, creds: Mapping[str, object],
         env_names: set[str], receiver: str) -> Fix:
    assert isinstance(tok, Token) and tok.string is not None
    interps = tok.string.interpolations
    names = [_expandable(i, creds, env_names, text, receiver) for i in interps]
    if interps and all(names) and _can_requote(tok):
        # Everything the string interpolates is in the shell's environment: single-quote it.
        q = len(tok.string.style.value)
        edits = [Edit(Span(tok.span.start, tok.span.start + q), _APOS * q)]
        for i, name in zip(interps, names, strict=True):
            assert name is not None
            edits.append(Edit(i.span, _shell_ref(name, dialect, text, i.span)))
        edits.append(Edit(Span(tok.span.end - q, tok.span.end), _APOS * q))
        return Fix("use single quotes so that the shell, not Groovy, expands the credentials",
                   tuple(edits))
    ref = _shell_ref(hit.name, dialect, text, hit.span)
    escaped = ref if dialect == "cmd" else _BACKSLASH + ref
    return Fix(f"escape the `$` so that the shell, not Groovy, expands `{hit.name}`",
               (Edit(hit.span, escaped),))



FIXABLE = True  # its findings carry a Fix (rule metadata `fixable: true`)

CHECKS = (FileCheck(rules=("DCR012",), run=check_interpolation, facts=(JENKINS_MODEL,),
                    gate=may_interpolate_credentials),)
