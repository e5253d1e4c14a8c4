"""DCR003's gate: whether a file may hold a command that prints a credential to the log.

What the check reports holds one of its command filters: `PRINTED_SECRETS`,
`ENVIRONMENT_DUMPS` where `_may_hold_secrets`, or shell tracing (`shell.spelling.may_trace`)
in a script with a login (`logintools.may_log_in`). The gate asks them of the whole text, in
each spelling a context may read (`_spellings.shell_words`: as written and decoded; with escaped
line breaks joined; in a Jenkinsfile with Groovy's string concatenation and a string right after
a name), and in YAML with its `env:` keys not read as PowerShell's drive.

The text is not read per command line (a printer and its secret on one logical line): that
costs more than the files it would leave unmodelled save (corpus, 15:25 UTC, with the other
rules' gates: shell scripts 17 ms for 13 files of which 5 no other gate holds, 23 ms of scan
between them; YAML values from libyaml's events, GitLab 13.6 ms for 4 files, GitHub about
30 ms for 30). A manifest's gate is whether it may hold a pod spec
(`_manifest_gates.may_hold_pods`): its shell is in their containers, and the pull-secret index
models such a manifest anyway."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..classify import FileKind
from ..extractors import EXTRACTORS
from ..lazyre import lazy_compile
from ..logintools import may_log_in
from ..references import secret_reference
from ..secretnames import may_name_a_secret
from ..shell.spelling import joined, may_trace_words, plain, words
from ._leak_env_secrets import _DECLARED_SECRETS, _MASKING_RUNNERS
from ._leak_filters import (
    _DOCKER_CONFIG_TEXT,
    _ENV_DRIVE,
    _expands_secret,
    _may_declare_print,
    _may_dump_words,
    _may_print_words,
    _printing_command,
)
from ._manifest_gates import may_hold_pods
from ._spellings import may_read, shell_words, unescaped_text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..scanned import ScannedFile

# The YAML kinds with shell (its contexts are scalars' values, or lists of them).
_YAML_SCRIPTS = frozenset({"github", "gitlab", "kubernetes", "cisystem"})
# A line continuation before the end of a value (a quote, a comment, a flow `,` `]` `}`): the
# next line may be another value (GitLab's next script item, maybe an alias written anywhere).
_VALUE_END_JOIN = lazy_compile(r"[\\`^][ \t\"',\]}]+(?=[\r\n#,\]}]|\Z)")

# A Dockerfile's comment lines (dropped also inside an instruction continued over lines).
_COMMENT_LINES = lazy_compile(r"^[ \t]*#.*\n", re.M)

# A YAML key `env:` (GitHub's, a container's) reads as PowerShell's environment drive. A key
# starts its line (not after an escaped line break) and holds a value or nothing; a folded
# block scalar (`>`) may fold a drive onto the line before it: no key is told there.
_YAML_ENV_KEY = lazy_compile(
    r"\n(?<![\\`^]\n)(?<![\\`^]\r\n)[ \t]*(?:-[ \t]+)*[\"']?env[\"']?:(?=[ \t]|\r?$)", re.M)
_FOLDED = lazy_compile(r"[:-][ \t]+(?:[!&]\S*[ \t]+)*>[-+0-9]*[ \t]*(?:#.*)?$", re.M)

# A Jenkinsfile's strings joined by `+` read as one (`'ec' + 'ho'`), and a variable joined to
# one as `${NAME}` (`'echo ' + TOKEN`): `jenkins.string_value`.
_GROOVY_JOINED_STRINGS = lazy_compile(r"""['"]\s*\+\s*['"]""")
_GROOVY_JOINED_NAME = lazy_compile(r"\+(\s*)(?=[A-Za-z_])")
# A Groovy string may follow a name with no blank (`sh'env'`, `sh $/echo .../$`): in a
# Jenkinsfile's words, a blank goes before each command word the filters look for.
# (From the quote, looking behind: a pattern that starts with `[\w)]` tries nearly every
# character of the text.)
_GROOVY_STRING_AFTER_NAME = lazy_compile(r"['\"](?<=[\w)]['\"])|\$/")
_GROOVY_COMMAND_WORDS = lazy_compile(
    r"echo|printf|cat|print|write-host|write-output|type|env|set|export|declare|typeset|logger")


def gate(file: ScannedFile) -> bool:
    """False only where DCR003 can find nothing in the file (it gives no notification)."""
    if file.kind is FileKind.KUBERNETES:
        return may_hold_pods(file)
    spelled = shell_words(file)
    if spelled is None or _whole_text(file, spelled.low, spelled.names):
        return True
    if file.kind in _DECLARED_SECRETS:
        return _DECLARED_SECRETS[file.kind] in file.source.text and _printing_command().search(spelled.low) is not None
    return file.kind in _MASKING_RUNNERS and _STEP_ENV_SECRET.search(file.source.text) is not None \
        and _printing_command().search(spelled.low) is not None


# An `env:` entry a CI step may give a secret whole (`REG_PW: ${{ secrets.X }}`, `REG_PW: $(X)`): a
# variable named for nothing may hold a secret there (`_env_held_secrets`, asked once parsed; the
# systems that declare a script's secrets in keys of their own, `_DECLARED_SECRETS`, by their word).
_STEP_ENV_SECRET = lazy_compile(r"""(?m)^[ \t]*[\w.-]+[ \t]*:[ \t]*["']?\$(?:\{\{[^\n]*?(?<![\w.])secrets\b|\()""")


def _whole_text(file: ScannedFile, low: str, names: str, ask_first: bool = True) -> bool:
    """Whether the file's text may hold a printer with a secret, an environment dump in a file
    with secrets, tracing in a file with a login: its words as written and decoded (`low`,
    `names`), and where it has escaped line breaks or Groovy concatenation, also with those
    joined. (`ask_first`: `_may_read_command_words` before a Jenkinsfile's blanks are put in;
    False only for the test that holds it to the answer without.)"""
    settings = file.settings
    text = file.source.text
    if _may_join(text) and _VALUE_END_JOIN.search(text) is not None:
        return True  # a word may go on in another value (GitLab's next item, an alias)
    jenkins = file.kind is FileKind.JENKINSFILE and _GROOVY_STRING_AFTER_NAME.search(text) is not None
    decoded = unescaped_text(file)
    # (the texts, their words, their names)
    spellings = [((text,) if decoded is None else (text, decoded), low, names)]
    for more in _joined_spellings(file):
        low2, names2 = words(more), plain(more)
        if low2 is None or names2 is None:
            return True
        spellings.append(((more,), low2, names2))
    if jenkins:
        if ask_first and not _may_read_command_words(file, spellings):
            return False
        spellings = [(texts, _GROOVY_COMMAND_WORDS.sub(r" \g<0>", w), n) for texts, w, n in spellings]
    if any(_may_print_words(w, n, settings) for _, w, n in spellings):
        return True
    if may_log_in(file) and any(may_trace_words(w) or "expose-token" in w for _, w, _ in spellings):
        return True  # tracing a login; `az acr login --expose-token` printing its token
    return (any(_may_dump_words(w) for _, w, _ in spellings) and _may_hold_secrets(file)
            and any(_may_dump_words(w) and _not_only_keys(file, texts, w) for texts, w, _ in spellings))


def _may_read_command_words(file: ScannedFile, spellings: Sequence[tuple[tuple[str, ...], str, str]]) -> bool:
    """Whether a test of `_whole_text` may hold once a Jenkinsfile's words have a blank before
    each command word (`_GROOVY_COMMAND_WORDS`, a pattern that tries most letters of a file):
    what each test needs, asked of the words without the blanks, which add nothing but blanks
    (a string with no blank in the words with them is in the words without) and leave the names
    as they are. A printer holds only with a docker config path, `printenv`, a GitHub secret or
    an expanded name that may be a secret's (`_may_print_words`); tracing with a login; a dump
    with one of its words, in a file that may hold secrets. Most Jenkinsfiles have none (a
    copyright's `Authors` holds a secret word, and is no name a script expands)."""
    pattern = file.settings.secret_names
    for _, w, n in spellings:
        if "printenv" in w or "secrets." in n or any(p in w for p in _DOCKER_CONFIG_TEXT):
            return True
        if _may_declare_print(w, n, pattern):
            return True
        if may_name_a_secret(n, pattern) and _expands_secret(n, pattern):
            return True
    if may_log_in(file):
        return True
    return any(_has_dump_word(w) for _, w, _ in spellings) and _may_hold_secrets(file)


def _has_dump_word(low: str) -> bool:
    """What `_may_dump_words` holds only with (a substring test of each)."""
    return "env" in low or "set" in low or "export" in low or "declare" in low or "typeset" in low


def _joined_spellings(file: ScannedFile) -> list[str]:
    """The file's text, as written and decoded, with its escaped line breaks joined (`joined`;
    a Dockerfile's comment lines out first, as Docker drops them), and in a Jenkinsfile with
    its strings' concatenations read as Groovy reads them; nothing when neither changes it.
    Once per file."""
    try:
        found: list[str] = file.memo["dcr003_joined"]
    except KeyError:
        texts = [file.source.text]
        decoded = unescaped_text(file)
        if decoded is not None:
            texts.append(decoded)
        if file.kind is FileKind.DOCKERFILE:
            texts = [_COMMENT_LINES.sub("", text) for text in texts]
        found = [j for text in texts if _may_join(text) and (j := joined(text)) is not None]
        if file.kind is FileKind.JENKINSFILE:
            found += [_GROOVY_JOINED_NAME.sub(r"+\1$", _GROOVY_JOINED_STRINGS.sub("", text))
                      for text in (*texts, *found) if "+" in text]
        file.memo["dcr003_joined"] = found
    return found


def _may_join(text: str) -> bool:
    """Whether the text may hold a line continuation (a fast test before the patterns)."""
    return "\\" in text or "`" in text or "^" in text


def _not_only_keys(file: ScannedFile, texts: tuple[str, ...], low: str) -> bool:
    """Whether `_may_dump_words` holds on `low` (the words of `texts`) other than by a YAML key
    `env:` read as PowerShell's drive: each such key is one drive in the words of its text, so
    words with no more drives than the texts have keys hold none other."""
    if EXTRACTORS.get(file.kind) not in _YAML_SCRIPTS or _may_dump_words(low, drive=False):
        return True  # not YAML, or held otherwise
    keys = sum(len(_YAML_ENV_KEY.findall("\n" + text)) for text in texts)  # (a line break first: searched fast)
    if len(_ENV_DRIVE.findall(low)) > keys:
        return True
    return _FOLDED.search(file.source.text) is not None  # a drive folded onto the line before a key's: unknown


def _may_hold_secrets(file: ScannedFile) -> bool:
    """The check's `_may_hold_secrets` of some context of the file, asked of its whole text."""
    if may_log_in(file) or (file.kind.value.startswith("github") and may_read(file, "secrets.")):
        return True
    pattern = file.settings.secret_names
    texts = [file.source.text, *_joined_spellings(file)]
    decoded = unescaped_text(file)
    if decoded is not None:
        texts.append(decoded)
    return any(secret_reference(text, pattern) is not None for text in texts)
