"""Secret-worded shell variables that hold a name, a key or a path, not a secret, told from
what the script itself writes: for DCR003, which reports a secret variable printed to the log.

A variable holds a name when
- the script uses it where a program takes a name: the Secret of a `kubectl`/`oc` command
  (`kubectl get secret "$SECRET"`), a secret's id (`--secret-id "$X"`), a data key of a
  path expression (`{.data.$KEY}`), a file (`--from-file=k=$X`);
- or every value the script gives it is a name: a literal name or path (`values.literal_name`),
  a default that is one (`${X:-pull-secret}`) - these two only for a variable named for a
  secret, an object that has a name (a Kubernetes Secret, a secrets manager's entry), not for one
  named for the credential itself (a password, a token, a key: `DB_PASSWORD=correct-horse-staple`,
  `TOKEN=${TOKEN:-dev.token}` hold what they say, whatever its shape) -, a variable holding a name (by the same test,
  or by its own name: `secret_file`, a `KUBECONFIG`), an array of such words, a command that
  prints names or paths (`find`, `grep -l`, `kubectl get ... -o name`), or a `for` loop over
  such words. A variable set in a way not read here (`read`, `mapfile`, `printf -v`) or never
  set in the script (the environment's) holds what it may: it is reported as before.

A variable the script counts with holds a number, not a secret, whatever its name (`PASS`
counting passed tests, `secret_number`): every value it is given is a whole number or an
arithmetic expansion, and arithmetic sets it at least once (`X=$((X + 1))`, `((X++))`, `let X+=1`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..lazyre import lazy_compile
from ..values import literal_name, name_words

# The words of a variable named for the credential itself (a password, a token, a key), as the
# built-in secret-name pattern reads them; `secret` alone names an object that has a name.
_CREDENTIAL_WORDS = ("pass", "pwd", "token", "key", "auth", "credential")

_VAR = r"""["']?\$\{?([A-Za-z_]\w*)"""
# Places a program reads a name, a key or a path from.
_NAME_USE_LEADS = (
    (r"\b(?:kubectl|oc)\b[^\n;&|]*?[\s/](?:sealed)?secrets?(?:[ \t]+(?:generic|docker-registry|tls))?"
     r"(?:[ \t]+|/)", re.I),
    (r"--(?:[\w-]*-)?(?:secret-id|name)[= ]", 0),
    (r"--from-file=(?:[\w.-]+=)?", 0),
)
_NAME_USES = (
    *(lazy_compile(lead + _VAR, flags) for lead, flags in _NAME_USE_LEADS),
    lazy_compile(r"\.data(?:\.|\[[\"']?)" + _VAR[5:]),
)
# The same places, ending a line's text: what is written next is read as a name.
_NAME_USE_BEFORE = lazy_compile(
    "(?:" + "|".join(f"(?:{lead})" for lead, _ in _NAME_USE_LEADS) + r""")["']?\Z""", re.I)


def read_as_name(before: str) -> bool:
    """What is written right after `before` (its line's text up to it) is where a program reads
    a name or a path, as for `name_holders`: `oc get secret ${params.tlsSecret}` names a Secret."""
    return _NAME_USE_BEFORE.search(before) is not None
_STATEMENT = r"(?:^|[;&|({]|\b(?:then|do|else)\b)[ \t]*"
_DECLARE = r"(?:(?:local|export|declare|readonly|typeset)(?:[ \t]+-\w+)*[ \t]+)?"
_ASSIGN = lazy_compile(_STATEMENT + _DECLARE + r"([A-Za-z_]\w*)\+?=", re.M)
# Arithmetic that sets a variable: `((X++))`, `(( X += 2 ))`, `((++X))`, `let X=X+1`, `let X++`.
_ARITHMETIC_SET = lazy_compile(r"(?:\(\(|\blet[ \t]+)[ \t]*(?:(?:\+\+|--)[ \t]*([A-Za-z_]\w*)"
                               r"|([A-Za-z_]\w*)[ \t]*(?:\+\+|--|[-+*/%]?=(?!=)))")
_FOR = lazy_compile(_STATEMENT + r"for[ \t]+([A-Za-z_]\w*)[ \t]+in[ \t]+([^;\n]*)", re.M)
# Other ways a script sets a variable: what they set is not told here.
_OTHER_SET = lazy_compile(r"\b(?:read|mapfile|readarray|getopts)\b([^;\n|&]*)|\bprintf[ \t]+-v[ \t]*([A-Za-z_]\w*)")
_WORD = lazy_compile(r"""(?:"(?:[^"\\]|\\.)*"|'[^']*'|\$\((?:[^()]|\([^()]*\))*\)|[^\s;&|()"'])+""")
_REF = lazy_compile(r"""^\$\{?([A-Za-z_]\w*)(?:\[[@*]\])?\}?$""")
_DEFAULT = lazy_compile(r"""^\$\{[A-Za-z_]\w*:?[-=](.*)\}$""", re.S)
# A path of three parts or more, each a variable or a name, one a name with a letter: a file or
# a secrets manager's entry built from variables (`${ACCOUNT}/${CLUSTER}/jdbc/${DB}/config`).
_VARIABLE_PATH = lazy_compile(r"(?=[^`]*/[^`]*/)(?=(?:[^/]*/)*(?!\$)[\w.-]*[A-Za-z])"
                              r"(?:\$\{\w+\}|\$\w+|[\w.-]+)(?:/(?:\$\{\w+\}|\$\w+|[\w.-]+))+")
# The last words of a variable's name that say it holds a name or a path.
_NAMING_WORDS = frozenset(("name", "names", "file", "files", "filename", "path", "paths", "dir", "id",
                           # kubectl reads KUBECONFIG as a list of files: variables named for it hold paths
                           "kubeconfig"))
# The last stage of a command that prints names or paths, not data.
_NAME_OUTPUT = lazy_compile(
    r"^(?:xargs(?:[ \t]+-\S+)*[ \t]+)?(?:(?:find|ls|basename|dirname|realpath|readlink|mktemp|pwd)\b"
    r"|grep[ \t]+(?:-\w+[ \t]+)*-\w*[lL]\w*\b)"
    r"|\bkubectl\b.*(?:-o[ \t=]*name\b|jsonpath=?['\"]?\{\.metadata\.name\})"
)


def name_holders(script: str) -> frozenset[str]:
    """The secret-worded or other variables of a bash script that hold names or count (module doc)."""
    held = {m.group(1) for p in _NAME_USES for m in p.finditer(script)}
    values: dict[str, list[str]] = {}
    for m in _ASSIGN.finditer(script):
        values.setdefault(m.group(1), []).append(_value_at(script, m.end()))
    for m in _FOR.finditer(script):
        values.setdefault(m.group(1), []).append("(" + m.group(2) + ")")
    unknown: set[str] = set()
    for m in _OTHER_SET.finditer(script):
        # (the names `read` sets are its words outside quotes and expansions: not a prompt's)
        operands = re.sub(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'', " ", m.group(1) or "")
        unknown.update(re.findall(r"(?<![-\w${])[A-Za-z_]\w*", operands) or [m.group(2) or ""])
    counted = {m.group(1) or m.group(2) for m in _ARITHMETIC_SET.finditer(script)}
    held.update(var for var in counted | values.keys()
                if var not in unknown and _counts(values.get(var, ()), var in counted))
    held.update(var for var, vals in values.items() if var not in unknown and _masks(var, vals))
    named = held.copy()
    changed = True
    while changed:  # a fixed point: a variable holds names once each of its values does
        changed = False
        for var, vals in values.items():
            if var not in named and var not in unknown and all(_names(v, named, _may_hold_a_literal_name(var))
                                                                for v in vals):
                named.add(var)
                changed = True
    return frozenset(named)


# A name saying its value is a masked form of a secret (`password_masked`, `REDACTED_TOKEN`);
# not `obfuscated`, which is a reversible encoding of it (Jetty's `OBF:`).
_MASKED_WORDS = frozenset(("masked", "redacted", "censored"))
# A value that masks: a run of a mask character, or a command writing one over each character
# (`sed 's/./*/g'`, `tr -c '\n' '*'`).
_MASKING = lazy_compile(r"[*\u2022#xX]{3}|s/\.[+*]?/\*+/g|\btr\b[^|;\n]*['\"]\*['\"]")


def _masks(var: str, vals: Iterable[str]) -> bool:
    """A variable named for a masked form whose every value the script gives it masks: what it
    holds is a stand-in made to be shown (`password_masked=$(echo "$PW" | sed 's/./*/g')`)."""
    return not _MASKED_WORDS.isdisjoint(name_words(var)) and all(_MASKING.search(v) for v in vals)


def _counts(vals: Iterable[str], by_arithmetic: bool) -> bool:
    """Every value a whole number or an arithmetic expansion, and one arithmetic at least."""
    arithmetic = by_arithmetic
    for v in vals:
        v = v[1:-1] if len(v) >= 2 and v[0] == v[-1] == '"' else v
        if v.startswith("$((") and v.endswith("))"):
            arithmetic = True
        elif not v.isdigit():
            return False
    return arithmetic


def _value_at(script: str, i: int) -> str:
    """The word an assignment gives (an array's text with its parentheses)."""
    if script.startswith("(", i):
        end = script.find(")", i)
        return script[i : end + 1] if end >= 0 else script[i:]
    m = _WORD.match(script, i)
    return m.group(0) if m else ""


def _may_hold_a_literal_name(var: str) -> bool:
    return not any(c in w for w in name_words(var) for c in _CREDENTIAL_WORDS)


def _names(value: str, named: set[str], literal: bool) -> bool:
    if value.startswith("(") and value.endswith(")"):
        words = _WORD.findall(value[1:-1])
        return all(_word_names(w, named, literal) for w in words)
    return _word_names(value, named, literal)


def _word_names(word: str, named: set[str], literal: bool) -> bool:
    """Whether a word of a variable's value is a name; `literal`: a literal name's shape says so."""
    if len(word) >= 2 and word[0] == word[-1] and word[0] in "\"'":
        word = word[1:-1]
    if word.startswith("$(") and word.endswith(")"):
        command = re.sub(r"\\\n", " ", word[2:-1])  # (line continuations joined)
        last = re.split(r"\|\||&&", command)[0].split("|")[-1].strip()
        return _NAME_OUTPUT.search(last) is not None
    if (m := _REF.match(word)) is not None:
        var = m.group(1)
        return var in named or (bool(words := name_words(var)) and words[-1] in _NAMING_WORDS)
    if not literal:
        return False
    if (m := _DEFAULT.match(word)) is not None:
        return literal_name(m.group(1).strip("\"'"))
    if "$" in word and _VARIABLE_PATH.fullmatch(word):
        return True  # a path with variables for some folders (`${ROOT}/bootstrap/secret.yaml`)
    return "$" not in word and "`" not in word and literal_name(word)
