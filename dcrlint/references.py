"""References: a variable, an expansion or a key that names where a secret is kept (`${DB_PASSWORD}`,
`$env:TOKEN`, `secrets["token"]`, "the password in the vault entry ci/registry"), and the defaults
an expansion or a template carries."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from .lazyre import lazy_compile
from .secretnames import is_secret_name, name_words, names_stored_setting
from .valuepatterns import DEFAULT_SECRET_NAMES

# Ways a script expands a value: `${{ secrets.X }}`, `$env:X`, `${X}`, `$X`, `%X%`, and an
# array's elements, `${X[0]}`, `${X[@]}`, `${X[*]}`: what they expand is the array's, named by
# it (`${TOKENS[0]}` holds a token as `$TOKEN` does). The subscript is taken whole and names
# nothing (`${names[$key]}` prints the element the key selects, never the key); a count or the
# keys (`${#X[@]}`, `${!X[@]}`) are no element. A parameter expansion with an operator yields the
# value or a part of it as `$X` does: the value or a default (`${X:-}`, `${X-d}`, `${X:=d}`,
# `${X:?}`), a substring (`${X:0:8}`), what a pattern leaves (`${X#p}`, `${X%%p}`, `${X/a/b}`),
# the case changed (`${X^^}`), the value quoted (`${X@Q}`); not the alternative word (`${X:+w}`),
# which is its own text, the attributes (`${X@a}`), nor a pattern that takes every character
# (`_WHOLE_PATTERN`). The default word is read on (a variable there is expanded too). `${!X}`
# expands the variable whose name X holds: a secret's when X is named for one (`${!TOKEN_VAR}`),
# even as X holds a name.
# A pattern operator whose pattern takes every character, leaving none of the value: each one
# replaced (`${X//?/*}`, the shell's masking idiom, as telling as `${#X}`), the whole replaced
# (`${X/*/set}`) or removed (`${X##*}`, `${X%%*}`).
_WHOLE_PATTERN = r"//\?[/}]|//?\*[/}]|##\*\}|%%\*\}"
# PowerShell: what an expression yields of a variable that is none of its text: its length
# (`$env:X.Length`), a test of it (`[bool]$env:X`, `[string]::IsNullOrEmpty($env:X)`), as the
# shell's `${#X}` and `${X:+set}`.
_PS_TESTED = lazy_compile(r"(?:\[bool\]|IsNullOrEmpty\(|IsNullOrWhiteSpace\()$")
_PS_MEASURED = lazy_compile(r"\.(?:Length|Count)\b")


def _escaped(text: str, at: int) -> bool:
    """An odd run of backticks before `at`: PowerShell's escape, the `$` there is text."""
    i = at
    while i > 0 and text[i - 1] == "`":
        i -= 1
    return (at - i) % 2 == 1


def _ps_yields_none(text: str, start: int, end: int) -> bool:
    """`$env:X` at text[start:end] is measured or tested in an expression (outside a
    double-quoted string, or inside one's `$(...)`): a string expands the variable alone, so
    `"$env:X.Length"` writes the secret and then `.Length`."""
    if not (_PS_MEASURED.match(text, end) or _PS_TESTED.search(text, max(0, start - 20), start)):
        return False
    quoted = False
    depth = 0  # `$(...)` subexpressions open inside the string
    i = 0
    while i < start:
        c = text[i]
        if c == "`":
            i += 2
            continue
        if c == '"' and depth == 0:
            quoted = not quoted
        elif quoted and text.startswith("$(", i):
            depth += 1
            i += 1
        elif quoted and depth and c == ")":
            depth -= 1
        i += 1
    return not quoted or depth > 0
_REFERENCE_NAME = lazy_compile(
    r"\$\{\{\s*secrets\.(?P<gh>\w+)\s*\}\}|\$env:(?P<ps>\w+)|\$\{(?P<braced>\w+)\}"
    r"|\$\{(?P<element>[A-Za-z_]\w*)\[(?P<key>[^\]\n]*)\]\}|\$(?P<plain>[A-Za-z_]\w*)|%(?P<cmd>\w+)%"
    r"|\$\{(?P<operated>[A-Za-z_]\w*)(?:\[[^\]\n]*\])?(?=:(?!\+)|[-=?#%/^,~]|@(?!a))(?!" + _WHOLE_PATTERN + r")"
    r"|\$\{!(?P<indirect>[A-Za-z_]\w*)\}"
)


# One expansion with a default: `${X:-word}`, `${X-word}`, `${X:=word}`, `${X=word}`, the word
# plain text (no expansion, quote, escape or blank in it).
_DEFAULTED = lazy_compile(r"\$\{([A-Za-z_]\w*):?[-=]([^$`\"'\\{}\s]+)\}")


def expansion_default(text: str) -> tuple[str, int, int] | None:
    """When text is all of one expansion with a plain default word (`${TOKEN:-word}`): the
    variable and where the word is (start, end). The word is what the text gives wherever the
    variable is unset: a literal written in the file, read as any literal is."""
    m = _DEFAULTED.fullmatch(text)
    return None if m is None else (m.group(1), m.start(2), m.end(2))


# One Go template action (Helm, Helmfile) whose pipeline falls back to a quoted word:
# `{{ .Values.db.password | default "word" | quote }}`, `{{ default "word" .Values.x }}`,
# `{{ env "X" | default "word" }}` (each later command a function name, maybe with words).
_GO_WORD = r'(?:"[^"\\{}]*"|`[^`{}]*`)'
_GO_TEMPLATE_DEFAULT = lazy_compile(
    r"\{\{-?\s*(?:[^{}|]*\|\s*)*default\s+(?P<q>[\"`])(?P<word>[^\"`{}\\]*)(?P=q)"
    r"(?:\s+[.$][\w.$]*|\s+\([^(){}]*\))?"
    r"(?:\s*\|\s*[A-Za-z]\w*(?:\s+" + _GO_WORD + r")*)*\s*-?\}\}")


def template_default(text: str) -> tuple[int, int] | None:
    """When text is all of one Go template action falling back to a quoted word (`{{ .Values.x |
    default "word" }}`, `{{ default "word" .Values.x }}`): where the word is (start, end). Every
    install (every `helmfile apply`) that does not set the value gets the word: a literal
    written in the file, read as any literal is, as `${X:-word}`'s (`expansion_default`). A
    default made by a function (`default (randAlphaNum 16)`) is none."""
    lead = len(text) - len(text.lstrip())
    m = _GO_TEMPLATE_DEFAULT.fullmatch(text.strip())
    return None if m is None else (lead + m.start("word"), lead + m.end("word"))


# The last word of a variable's name that says it holds another variable's name (`TOKEN_VAR`).
_VARIABLE_NAMING_WORDS = frozenset(("var", "variable", "name", "env"))


def _names_a_secret_variable(name: str, pattern: str) -> bool:
    """Whether `${!name}` expands a secret: name is named for one (`${!PASSWORD}`), or for the
    name of one (`${!TOKEN_VAR}`, `${!SECRET_NAME}`)."""
    if is_secret_name(name, pattern):
        return True
    words = name_words(name)
    return len(words) > 1 and words[-1] in _VARIABLE_NAMING_WORDS and is_secret_name("_".join(words[:-1]), pattern)


def secret_reference(text: str, pattern: str = DEFAULT_SECRET_NAMES,
                     not_secrets: Collection[str] = ()) -> str | None:
    """The first secret a text expands: `secrets.X` for a GitHub secret expression (not one named
    for a user name), else the
    first variable with a secret-like name (DCR_PASSWORD in "$DCR_PASSWORD") not among
    `not_secrets` (variables known to hold names); None if none."""
    for m in _REFERENCE_NAME.finditer(text):
        if m.group("gh"):
            if names_stored_setting(m.group("gh"), pattern):
                continue  # what a store keeps beside a credential (`secrets.REGISTRY_USERNAME`, `secrets.AWS_REGION`)
            return f"secrets.{m.group('gh')}"
        indirect = m.group("indirect")
        if indirect:
            if _names_a_secret_variable(indirect, pattern):
                return indirect
            continue
        if m.group("ps") and (_escaped(text, m.start()) or _ps_yields_none(text, m.start(), m.end())):
            continue  # (a backtick escapes the `$`: the text `$env:X`, as a message names the variable)
        name = (m.group("ps") or m.group("braced") or m.group("element") or m.group("plain") or m.group("cmd")
                or m.group("operated"))
        if name and m.group("key") and _ELEMENT_KEY.fullmatch(m.group("key")):
            field = keyed_field(m.group("key").strip("'\""), pattern)
            if field == "user":
                continue  # the record's user name (`${CREDS[username]}`)
            if field == "secret" and name not in not_secrets:
                return name  # the record's secret (`${CREDS[password]}`), whatever the record's name
        if name and name not in not_secrets and is_secret_name(name, pattern):
            return name
    return None


def expanded_variables(text: str) -> Iterator[str]:
    """The variables a text expands whole or in part, as secret_reference reads them (`$X`,
    `${X}`, `${X[i]}`, `${X:0:4}`, `$env:X`, `%X%`; not `${X:+set}`, `${#X}`, an escaped `$env:X`),
    whatever their names: for variables known otherwise to hold a secret."""
    for m in _REFERENCE_NAME.finditer(text):
        if m.group("ps") and (_escaped(text, m.start()) or _ps_yields_none(text, m.start(), m.end())):
            continue
        name = (m.group("ps") or m.group("braced") or m.group("element") or m.group("plain") or m.group("cmd")
                or m.group("operated"))
        if name:
            yield name


# A word an element is selected by, maybe quoted (an associative array's key, a Groovy map's).
_ELEMENT_KEY = lazy_compile(r"""(["']?)[A-Za-z_][\w-]*\1""")
# The keys of one account's record that hold its user name (`creds['Username']`, `${CREDS[login]}`).
_USER_FIELDS = frozenset(("user", "username", "usr", "login", "email", "account", "accountname"))


def keyed_field(key: str, pattern: str = DEFAULT_SECRET_NAMES) -> str | None:
    """What an element selected by a word key is, where the key says: "user" for a field of one
    account's record holding its user name (`creds['Username']`, `${CREDS[login]}`), "secret"
    for one holding its secret (`${CREDS[password]}`); None where the key says whose or which
    (`${PASSWORDS[admin]}`, `${REG_TOKENS[ci_user]}`): the element is one of what the container
    holds, judged by the container's name. For the shell's arrays and Groovy's maps alike."""
    if "".join(name_words(key)) in _USER_FIELDS:
        return "user"
    return "secret" if is_secret_name(key, pattern) else None


# A variable's description saying it holds where a secret is, not the secret: its name, path, id
# or ARN (`Kube Secret Name for ...`, `Chamber parameter name`), or the entry holding or keeping it
# (`The KeyVault Secret containing ...`, `The SSM key to save the password`).
_WHERE_DESCRIBED = lazy_compile(
    r"(?i)\b(?:names?|paths?|arns?|ids?|identifiers?)\b"
    r"|\b(?:containing|contains|holding|holds|stores|storing|to (?:save|store|read|hold|keep))\b"
)


# A value shaped as an entry's name, path, id or ARN: lower-case words and numbers joined by
# `-`, `_`, `.`, `/` or `:` (`github-private-key`, `admin/db_password`, `tailscale`).
_ENTRY_NAME = lazy_compile(r"[a-z0-9]+(?:[-_./:]+[a-z0-9]+)*")


# A description's subject: its first words (after an article) up to one that starts what is
# said of it (a preposition, an article, a verb form, a relative word) or a punctuation mark.
_SUBJECT = lazy_compile(
    r"(?i)\s*(?:(?:the|a|an|this|your)\s+)?([a-z][\w-]*(?:\s+[a-z][\w-]*)*?)(?=\s+(?:of|for|with|to|that|which"
    r"|the|a|an|used|uses|by|from|in|on|at|as|is|are|was|and|or|when|whose|who|containing|holding|stored"
    r"|kept|given|needed|required|granted|allowing)\b|\s*[,.:;()\[\]]|\s*\Z)")
# The credential itself as a subject's last word (`Password ...`, `API token ...`); not `secret`
# nor a bare `key`, which also name the entry of a store holding one (`The Key Vault secret
# containing ...`, `The SSM key to save ...`).
_CREDENTIAL_SUBJECTS = frozenset(("password", "passwords", "passwd", "passphrase", "pwd", "token", "tokens",
                                  "credential", "credentials"))


def _subject_is_the_secret(description: str, pattern: str = DEFAULT_SECRET_NAMES) -> bool:
    """Whether a description's subject is the credential itself: "Password the CI user uses to
    read images", "API token with rights to store artifacts", "Private key of ..."."""
    m = _SUBJECT.match(description)
    if m is None:
        return False
    words = m.group(1).lower().split()
    last = words[-1]
    return last in _CREDENTIAL_SUBJECTS or (last in ("key", "keys") and len(words) >= 2
                                            and is_secret_name(f"{words[-2]}_key", pattern))


def describes_where_kept(description: str, value: str | None = None) -> bool:
    """A variable's description says its value names where a secret is kept (a name, a path, an
    id, the entry containing it), not the secret; and its value (None: not a literal) is shaped
    as such a name: a credential's shape (`Hq4zT9Lm77`) is the secret whatever the words say
    ("the password the CI user uses to read images"). A description whose subject is the
    credential itself describes the secret, whatever else it says ("Password the CI user uses to
    read images": one lower-case word or a hex run, the shapes of a name and an id, are also a
    password's and a token's)."""
    return _WHERE_DESCRIBED.search(description) is not None and not _subject_is_the_secret(description) \
        and (value is None or _ENTRY_NAME.fullmatch(value) is not None)
