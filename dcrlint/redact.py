"""The one place secrets are taken out of what dcrlint writes.

A `Redactor` is built from every secret the scan found, in every file (and from the values
that findings point at when they are partly literal). It replaces each secret, in the forms
it can take in an output (as written, JSON-escaped, URL-encoded, base64 at any alignment),
with asterisks of the same length, so columns under a source line stay right. It also masks
the password of any `scheme://user:password@host` it sees, found by a rule or not (a GitLab
include URL, a docker config key).

`redact_scan` gives reports a scan whose every string has been through the Redactor;
`reports.render` scrubs the rendered text once more, and the command line passes everything
else it writes (diffs, baselines, stderr) through `scrub`: a report that printed a raw value
would still print asterisks.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote, quote_plus

from .lazyre import lazy_compile
from .records import replace
from .values import ValueKind, classify

if TYPE_CHECKING:
    from .findings import Notification, Result, Scan

MASK = "*"
# Shorter values are too likely to be ordinary text (a 3-letter password would blank out
# every word holding those letters); they are still masked where a finding points at them.
MIN_LENGTH = 4
# A base64 fragment shorter than this matches by chance.
_MIN_B64 = 6
# A secret that is a word (letters only, as people choose passwords: `warehouse`), or short and
# of letters and digits only (`admin1`), is masked with the whole word it lies in: `template`
# masked as `****late`, or a key `warehousePassword` as `*********Password`, spells the password
# out beside its mask; `********`, `*****************` say nothing of it, and the password glued
# to an option (`-pQz7mK2`) is masked still. (Its base64 forms are masked as they are: they sit
# inside longer encoded text by nature.)
_WORD_SECRET = 8

_URL_PASSWORD = lazy_compile(
    r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}://[^\s:/@'\"`<>]{1,128}:)"
    r"(?P<pw>[^\s/'\"`<>]{1,256})@(?=[A-Za-z0-9\[])"
)
# A value that only refers to a secret kept elsewhere: nothing in it is a secret.
# `$X`, `${X}`, `${env.X}`, make's `$$X` and `$(X)`, `$env:X`, `%X%`, `!X!`, `${{ ... }}`,
# `{{ ... }}`, `credentials('id')`, a command that reads the secret (`$(cat /run/secrets/pw)`,
# not `$(echo lit)`: echo and printf print what is written), optionally quoted. A `$` escaped
# for the file's own language (`\$X` in a Groovy "..." string handed to `sh`) is the shell's.
_PURE_REFERENCE = lazy_compile(
    r"""["']?(?:\\?\$\$?(?:[A-Za-z_]\w*|[0-9@*#?!]|\{(?:[A-Za-z_][\w.]*|[0-9]+)\}|\([A-Za-z_]\w*\))|\$env:\w+|%\w+%|![A-Za-z_]\w*!"""
    r"""|\$\{\{[^{}]*\}\}|\{\{[^{}]*\}\}|credentials\(\s*['"][^'"]*['"]\s*\)"""
    r"""|\$\((?!\()\s*(?!(?:echo|printf|print)\b)[^()`]*\)|`\s*(?!(?:echo|printf|print)\b)[^`()]*`)["']?"""
)


# Every form of _PURE_REFERENCE holds one of these characters, or `credentials(`.
_REFERENCE_MARKS = "$%!{`"


def is_reference(value: str) -> bool:
    """True when the value is nothing but a variable, expression, template or credential
    reference (`$PASS`, `"${{ secrets.X }}"`): showing it reveals no secret."""
    if not any(c in value for c in _REFERENCE_MARKS) and "credentials(" not in value:
        return False  # most literals: no pattern compiled
    return _PURE_REFERENCE.fullmatch(value.strip()) is not None


def _b64_cores(data: bytes) -> Iterable[str]:
    """The base64 text that `data` produces wherever it sits in a longer encoded value:
    for each of the three byte alignments, the characters that depend on `data` alone."""
    import base64  # here: most runs have no secret to mask (start-up)

    n = len(data)
    for k in range(3):
        encoded = base64.b64encode(b"\0" * k + data + b"\0\0").decode("ascii")
        start = -(-k * 4 // 3)  # ceil(4k/3)
        end = (k + n) * 8 // 6
        core = encoded[start:end]
        if len(core) >= _MIN_B64:
            yield core
            yield core.replace("+", "-").replace("/", "_")  # URL-safe alphabet


def _json_escaped(text: str) -> tuple[str, str]:
    """`json.dumps(text)` and `json.dumps(text, ensure_ascii=False)` without their quotes: the
    C functions json calls for a string, without importing json (its three modules compile
    their patterns at import: start-up of a run that has a secret to mask)."""
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return text, text  # written as it is (most secrets: _json not loaded)
    try:
        from _json import encode_basestring, encode_basestring_ascii
    except ImportError:  # not CPython
        import json

        return json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1]
    return encode_basestring_ascii(text)[1:-1], encode_basestring(text)[1:-1]


def forms(secret: str) -> set[str]:
    """Every way the secret can be written in an output."""
    out = {secret, *_json_escaped(secret)}
    out.add(quote(secret, safe=""))
    out.add(quote_plus(secret, safe=""))
    out.add(quote(secret))
    out.add(secret.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))  # workflow command data
    raw = secret.encode("utf-8", "surrogatepass")
    out.update(_b64_cores(raw))
    return {f for f in out if len(f) >= MIN_LENGTH}


# A backslash escape of a YAML double-quoted, JSON or Groovy string.
_ESCAPE = lazy_compile(r"\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_ESCAPED = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "b": "\b", "f": "\f", "e": "\x1b", "a": "\a", "v": "\v"}
# Keys of a decoded docker config whose values are credentials.
_CREDENTIAL_KEYS = ("auth", "password", "identitytoken", "registrytoken", "token")
_DECODE_DEPTH = 4  # a dockerconfigjson: base64, JSON, `auth` base64, `user:password`
# A decoded value is masked in the whole report, as any secret is: only one with the shape of a
# secret, which text does not hold by chance. Test data builds its `auth`s from the registry's
# name (`local:host`, `index:docker.io`): masking `host` or `docker.io` there would blank out
# every message naming a registry, and its encoded form, which the finding reports, stays masked.
# A word of ten letters or more (`lanternfish`) is as unlikely in other text as itself, and so is
# a run of ten or more with eight letters and no blank (`lantern-fish`, `Snowy_Owl!`), unless it
# reads as a host name (`docker.io`, `reg.example.org`: what test auths are built from).
_SECRET_SHAPED = lazy_compile(r"(?=.*[A-Za-z])(?=.*[0-9]).{8,}|[A-Za-z]{10,}|.{16,}"
                              r"|(?![a-z0-9-]+(?:\.[a-z0-9-]+)+(?::[0-9]+)?$)(?=(?:[^A-Za-z]*[A-Za-z]){8})\S{10,}",
                              re.DOTALL)


def decoded(secret: str) -> set[str]:
    """What a secret written in an encoding stands for, as people also write it in clear: a
    Secret's base64 `data`, a docker config's `auth` (`user:password`, and the password), a
    dockerconfigjson's credentials, a URL's percent-encoding, a quoted string's escapes. A rule
    reports the value as the file has it; its clear text on another line (an `echo` beside,
    a comment) is the same secret."""
    out: set[str] = set()
    todo, seen = [(secret, 0)], {secret}
    while todo:
        text, depth = todo.pop()
        if depth >= _DECODE_DEPTH:
            continue
        found = _decodings(text)
        for d in found:
            if d not in seen and len(d.strip()) >= MIN_LENGTH:
                seen.add(d)
                if _SECRET_SHAPED.fullmatch(d):
                    out.add(d)
                todo.append((d, depth + 1))
    return out


def _decodings(text: str) -> list[str]:
    from . import base64text

    out = []
    if "%" in text:
        from urllib.parse import unquote

        out.append(unquote(text))
    if "\\" in text:
        out.append(_ESCAPE.sub(_unescape, text))
    raw = base64text.decode(text, min_length=8) if len(text) >= 8 else None
    if raw is not None:
        try:
            clear = raw.decode("utf-8")
        except UnicodeDecodeError:
            clear = ""
        if clear.isprintable() or (clear and all(c.isprintable() or c in "\n\r\t" for c in clear)):
            out.append(clear)
    user, colon, password = text.partition(":")
    if colon and user and password and "\n" not in text and "://" not in text:
        out.append(password)  # a decoded `auth`
    if text.lstrip().startswith("{"):
        out.extend(_json_credentials(text))
    return out


def _unescape(m: re.Match[str]) -> str:
    code = m.group(1) or m.group(2) or m.group(3)
    if code:
        try:
            return chr(int(code, 16))
        except ValueError:
            return m.group(0)
    c = m.group(4)
    return _ESCAPED.get(c, c)


def _json_credentials(text: str) -> list[str]:
    """The credential values of a JSON document (a decoded dockerconfigjson)."""
    import json

    try:
        data = json.loads(text)
    except ValueError:
        return []
    out: list[str] = []
    stack: list[Any] = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for k, v in node.items():
                if isinstance(v, str) and str(k).lower() in _CREDENTIAL_KEYS:
                    out.append(v)
                elif isinstance(v, (dict, list)):
                    stack.append(v)
        elif isinstance(node, list):
            stack.extend(node)
    return out


_LONG = 512
_OVERLAP = 256


class Occurrences:
    """Finds where any of many strings occur in a text, overlapping ones too, in time linear in
    the strings' total length (to build) and in the text's length (to search): an Aho-Corasick
    automaton. A regex of tens of thousands of alternatives (a docker config with thousands of
    `auths`, each secret in a dozen forms) cost seconds to compile, more than the scan."""

    def __init__(self, strings: Iterable[str]) -> None:
        every = {w for w in strings if w}
        # Long strings (a base64 blob) are few, and looked for one by one with str.find: at each
        # character the automaton walks the failure links of what it has matched, as many as a
        # periodic string (`QQ==QQ==...`) has periods.
        self._long = sorted(w for w in every if len(w) > _LONG)
        self._automaton: Any = None
        words = [w for w in every if len(w) <= _LONG]
        if words:
            import ahocorasick  # C; imported only when a scan found something to hide

            automaton = ahocorasick.Automaton()
            for w in words:
                automaton.add_word(w, len(w))
            automaton.make_automaton()
            self._automaton = automaton

    def spans(self, text: str, start: int = 0, end: int | None = None, merge: bool = True
              ) -> list[tuple[int, int]]:
        """(start, end) of the occurrences in text[start:end], the longest at each start,
        merged where they touch (unless not `merge`)."""
        end = len(text) if end is None else end
        longest: dict[int, int] = {}  # start -> end of the longest string found there
        if self._automaton is not None and start < end:
            # A slice, not iter(text, start, end): the automaton copies the whole text it is
            # given (unless it is 4 bytes a character), and the engine searches line by line.
            part = text if (start, end) == (0, len(text)) else text[start:end]
            for last, n in self._automaton.iter(part):
                a = start + last + 1 - n
                if longest.get(a, -1) < a + n:
                    longest[a] = a + n
        for w in self._long:
            a = text.find(w, start, end)
            while a != -1:
                if longest.get(a, -1) < a + len(w):
                    longest[a] = a + len(w)
                # On from just after this start, but not further back than _OVERLAP before its
                # end: a secret in repetitive text (thousands of backslashes) would otherwise be
                # found again at each of its positions. Longer overlaps are rarer than that.
                a = text.find(w, max(a + 1, a + len(w) - _OVERLAP), end)
        found = sorted(longest.items())
        if not merge:
            return found
        out: list[tuple[int, int]] = []
        for a, b in found:
            if out and a <= out[-1][1]:
                if b > out[-1][1]:
                    out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
        return out


class Redactor:
    """Masks a fixed set of secrets, and URL passwords, in any text."""

    def __init__(self, secrets: Iterable[str]) -> None:
        self.secrets = frozenset(s for s in secrets if s and len(s.strip()) >= MIN_LENGTH)
        every: set[str] = set()
        for s in self.secrets:
            every |= forms(s)
        self._forms = Occurrences(every)
        self._words = frozenset(s for s in self.secrets if word_like(s))
        self._keepers: dict[tuple[str, ...], Occurrences | None] = {}
        self._last_kept: tuple[object, Occurrences | None] = (None, None)

    def scrub(self, text: str, urls: bool = True, keep: Iterable[str] = (),
              found: list[tuple[int, int]] | None = None) -> str:
        """The text with every form of every secret masked; with `urls`, also every URL
        password (for text that came from scanned files, not dcrlint's own rule texts).
        `keep`: strings left whole where they occur (the paths a report names: a weak password
        such as `mysql` must not turn `mysql-pod.yaml` into a file nobody can find).
        `found`: where the forms are in text (unmerged spans), if the caller read it already."""
        if not text:
            return text
        if found is None:
            found = self._forms.spans(text, merge=False)
        if found and self._words:
            found = [whole_word(text, a, b) if self._in_a_word(text, a, b) else (a, b) for a, b in found]
        if found:
            kept = self._kept(keep)
            if kept is not None:  # a secret's form inside a path the report names is part of the path
                whole = kept.spans(text)  # merged: sorted, apart
                starts = [x for x, _ in whole]
                found = [(a, b) for a, b in found if not _inside(whole, starts, a, b)]
            pieces: list[str] = []
            at = 0
            for a, b in found:  # each start's longest form, in order; they may overlap
                if b > at:
                    pieces += (text[at : max(a, at)], MASK * (b - max(a, at)))
                    at = b
            pieces.append(text[at:])
            text = "".join(pieces)
        if urls and "://" in text:
            text = _URL_PASSWORD.sub(_mask_url_password, text)
        return text

    def _in_a_word(self, text: str, a: int, b: int) -> bool:
        """Whether text[a:b] is a word-like secret inside a longer word."""
        return text[a:b] in self._words and inside_a_word(text, a, b)

    def scrub_document(self, text: str, keep: Iterable[str] = ()) -> str:
        """A report or baseline dcrlint wrote, scrubbed as `scrub` does (`urls=False`: rule texts
        hold example URLs), keeping whole the paths in `keep` and, in a JSON document (json,
        sarif, gitlab, a baseline), its object keys: dcrlint's own names, never a scanned value.
        A weak password (`notifi`, `ocation`) must not turn `"notifications"` or
        `"physicalLocation"` into keys no reader of the format knows."""
        if not text:
            return text
        # (where the forms are, read once: the whole report, read again by `scrub`, cost as
        # much as the rest of the output)
        found = self._forms.spans(text, merge=False)
        if self.secrets and text.startswith(("{", "[")) and found:
            keep = (*keep, *own_keys(text))
        return self.scrub(text, urls=False, keep=keep, found=found)

    def _kept(self, keep: Iterable[str]) -> Occurrences | None:
        """What finds the `protected` forms of `keep`, made once for each set of strings: a
        stream scrubs each of its writes with the same paths (a note for each of thousands of
        files, each naming every path of the report, made them again for each)."""
        if isinstance(keep, tuple) and keep is self._last_kept[0]:  # a stream's: the same each write
            return self._last_kept[1]
        key = tuple(keep)
        if key not in self._keepers:
            kept = self.protected(key)
            self._keepers[key] = Occurrences(kept) if kept else None
        self._last_kept = (keep, self._keepers[key])
        return self._keepers[key]

    def protected(self, paths: Iterable[str]) -> list[str]:
        """The forms (as written, JSON-escaped, percent-encoded) of the paths that hold a
        secret's form, longest first; most scans have none."""
        out: set[str] = set()
        for path in paths:
            if self._forms.spans(path):
                out |= {path, *_json_escaped(path), quote(path), quote(path, safe="")}
        return sorted(out, key=lambda f: (-len(f), f))

    def leaks(self, text: str) -> list[str]:
        """The secrets (as found) that appear in the text in any form, anywhere; for tests and checks."""
        return sorted(s for s in self.secrets if any(f in text for f in forms(s)))

    def result(self, r: Result, lines: dict[str, str] | None = None) -> Result:
        """The result scrubbed; `lines` keeps the source lines scrubbed so far: the results on
        one line share its text, scrubbed once (thousands of findings on a long line)."""
        s = self.scrub
        source = lines.get(r.source) if lines is not None else None
        if source is None:
            source = s(r.source)
            if lines is not None:
                lines[r.source] = source
        fix = r.fix
        if fix is not None:
            fix = replace(fix, description=s(fix.description),
                          edits=tuple(replace(e, text=s(e.text)) for e in fix.edits))
        properties = tuple((k, s(v) if isinstance(v, str) else v) for k, v in r.properties)
        return replace(r, message=s(r.message), source=source,
                       justification=s(r.justification), fix=fix, properties=properties)

    def notification(self, n: Notification) -> Notification:
        return replace(n, message=self.scrub(n.message))


# An object key of a JSON document, quoted: a string followed by `:` (a string value never is,
# and a quote inside a string is escaped). The quote first, the backslash before it looked
# behind: `re` skips from quote to quote in C (led by the lookbehind, it tries every character).
_KEY = lazy_compile(r'"(?<!\\")[A-Za-z_$%][\w.$%-]{0,63}"(?=\s*:)')


def own_keys(text: str) -> set[str]:
    """The object keys of a JSON document dcrlint wrote, quoted as written."""
    return set(_KEY.findall(text))


def _inside(spans: list[tuple[int, int]], starts: list[int], a: int, b: int) -> bool:
    """Whether a..b lies within one of `spans` (sorted, apart; `starts` theirs): the last that
    starts at or before a, by bisection (a report naming thousands of paths that hold a weak
    secret tested each occurrence against each path)."""
    i = bisect.bisect_right(starts, a) - 1
    return i >= 0 and b <= spans[i][1]


def word_like(secret: str) -> bool:
    """A secret masked only where it stands as a word of its own (see _WORD_SECRET)."""
    return secret.isalpha() or (len(secret) < _WORD_SECRET and secret.isalnum())


def inside_a_word(text: str, a: int, b: int) -> bool:
    """Whether text[a:b] has a letter or digit beside it."""
    return (a > 0 and text[a - 1].isalnum()) or (b < len(text) and text[b].isalnum())


def whole_word(text: str, a: int, b: int) -> tuple[int, int]:
    """text[a:b] widened to the run of letters and digits it lies in."""
    while a > 0 and text[a - 1].isalnum():
        a -= 1
    while b < len(text) and text[b].isalnum():
        b += 1
    return a, b


def _mask_url_password(m: re.Match[str]) -> str:
    pw = m.group("pw")
    if is_reference(pw) or classify(pw) is ValueKind.PLACEHOLDER:  # `user:<password>@`
        return m.group()
    return m.group("head") + MASK * len(pw) + "@"


class ScrubbedStream:
    """A text stream (standard output or error) that masks the secrets of the scan in
    everything written through it: the command line writes through it once the scan is done,
    so a line printed without calling the Redactor still cannot carry a secret."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.redactor = Redactor(())
        self.keep: tuple[str, ...] = ()  # paths left whole (Redactor.protected)

    def write(self, text: str) -> int:
        # urls=False: reports carry dcrlint's rule texts, whose examples hold sample URLs
        self.stream.write(self.redactor.scrub(text, urls=False, keep=self.keep))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, fileno, isatty, reconfigure ...
        return getattr(self.stream, name)


@lru_cache(maxsize=2)
def redactor_for(secrets: frozenset[str]) -> Redactor:
    """One Redactor per set of secrets: building it costs time with thousands of secrets, and
    a run needs it in several places (suppressions, every report, stderr)."""
    return Redactor(secrets)


def redact_scan(scan: Scan) -> Scan:
    """The scan as reports may see it: every string scrubbed of every secret it found."""
    r = redactor_for(scan.secrets)
    lines: dict[str, str] = {}
    return replace(
        scan,
        results=[r.result(x, lines) for x in scan.results],
        suppressed=[r.result(x, lines) for x in scan.suppressed],
        notifications=[r.notification(n) for n in scan.notifications],
        redacted=True,
    )
