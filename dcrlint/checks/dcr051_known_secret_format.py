"""DCR051 known-secret-format: a value with the shape of a known credential (cloud keys,
forge tokens, private keys ...), found with detect-secrets' detectors."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from typing import Any

from ..classify import FileKind
from ..facts import VALUES
from ..filevalues import FileValue, file_values
from ..findings import Finding
from ..keymaterial import decode_base64_text, real_private_keys
from ..lazyre import lazy_compile
from ..options import BOOL, Option
from ..scanned import ScannedFile
from ..secret_formats import (
    EntropyDetector,
    RegexDetector,
    entropy_detectors,
    is_potential_uuid,
    is_sequential_string,
    regex_detectors,
)
from ..source import MappedText, Span
from ..standins import named_stand_in
from ..values import ValueKind, classify
from . import FileCheck
from ._spellings import FOLD, escape_lines, lower_spellings, unescaped, unescaped_lines, unescaped_text

# Whether any detector may match somewhere in a whole file, in one pass over it: one pattern,
# an alternative per character that starts a detector's literal (in every spelling `re` matches
# where the detector ignores case) or a piece of one, the rest of the literal looked behind.
# Every alternative starts with a literal character, so `re` tests each character of the text
# against the set of these first characters in C and tries the alternatives only where one
# is: none is a lower-case letter but `w` and `x`, nor a blank. (An Aho-Corasick automaton of
# the literals, 16 first characters in a linear table, and four patterns cost 1.4 times the
# instructions and the time.)
# A few alternatives only note a literal (an empty named group): "aws" guards its pattern,
# tried where the literal starts; it and "PRIVATE" may go over a line break folded in YAML
# (`FOLD`), so the caller decodes the whole text; Discord's guard needs its pattern anywhere.
# A noting alternative matches its first character only (it looks ahead for the rest): a
# literal that starts within what it looked at is still found.
_GITLAB = "(?<=gl(?:dt|ft|rt)-)|(?<=gl(?:pat|cbt|imt|ptt|oas)-)|(?<=glsoat-)|(?<=glagent-)"  # gl...- tokens
_ANY_DETECTOR = lazy_compile("|".join((
    r":(?<=\d{8}:)[\w-]{35}",  # Telegram's bot token (from its colon: `\d` first has re try every digit)
    rf"-(?:{_GITLAB}|us\d(?<=[0-9a-z]{{32}}-us\d))",  # GitLab tokens, Mailchimp's key
    r"\.(?:(?<=(?i:hooks)\.)(?i:slack\.com)|(?=[\w-]{6}\.[\w-]{27})(?P<discord>))",  # Slack webhooks; Discord
    r"_(?:authToken|pat_(?<=github_pat_)|live_(?<=k_live_)|(?<=gh[pousr]_))",  # npm, GitHub, Stripe
    r"A(?:3T|BIA|C(?:CA|[a-z0-9]{32})|KIA|SIA|ccountKey=|gE(?<=pypi-AgE))",  # AWS, Twilio, Azure, PyPI
    r"w(?<=[aA]w)(?=[sS\u017f])(?P<aws>)",
    r"W(?<=[aA]W)(?=[sS\u017f])(?P<AWS>)",
    r"x[oO][xX]",  # Slack tokens, in any case
    r"X[oO][xX]",
    r"G(?:R1348941|\.(?<=SG\.))",  # GitLab runner registration, SendGrid
    rf"V(?<=PRIV)(?:ATE(?: |{FOLD})KEY|(?=ATE)(?P<private>))",  # private keys
    r"K(?<=SK)[a-z0-9]{32}",  # Twilio
    r"Y-User-Key(?<=PuTTY-User-Key)",
    r"q0csp-(?<=sq0csp-)",  # Square
    r"J(?:(?<=eyJ)|(?<=T3BlbkFJ))",  # JWTs, OpenAI
    r"LS0tLS1CRUdJTi",  # a PEM block base64-encoded (`-----BEGIN`: a kubeconfig's `client-key-data`)
)))
# "aws", a word for a key and a quoted value of 40 (the value given to a name unquoted is
# `_named_values`'), tried where the literal starts: up to 20 characters or folded line breaks
# (`FOLD`) between them, `aws(?:FOLD|.){0,20}?(?:key|pwd|pw|pass|token)(?:FOLD|.){0,20}?
# ['"=:\s]` then the value. Written so, a blank beside a line break is read by `.` or by the
# fold, and the ways to read a stretch multiply: with no value after it, `re` tries them all
# (three blank-padded line breaks on each side of `key` took seconds, four minutes). Here each
# stretch has one reading, which uses the fewest units: a line break takes every blank around it
# (atomic), `.` never starts one; what it cannot read so is a separator that is the fold's last
# blank (the second tail), or a line break right before the value, whose blanks before it are
# units of their own (`_AWS_UNIT`'s third branch). The same texts match (tests/
# test_dcr051_detectors.py holds it to the first form).
_AWS_VALUE = r"[0-9a-z/+]{40}(?![0-9a-z/+])"
_AWS_FOLD = r"(?>[ \t]*\r?\n[ \t]*)"
_AWS_UNIT = rf"(?:{_AWS_FOLD}|(?![ \t]*\r?\n).|[ \t\r](?=[ \t]*\r?\n{_AWS_VALUE}))"
_AWS_KEY = lazy_compile(rf"(?i)aws{_AWS_UNIT}{{0,20}}?(?:key|pwd|pw|pass|token)"
                        rf"(?:{_AWS_UNIT}{{0,20}}?['\"=:\s]|{_AWS_UNIT}{{0,19}}?{_AWS_FOLD}(?<=[ \t])){_AWS_VALUE}")
_DISCORD = lazy_compile(r"[MNO][\w-]{23,25}\.[\w-]{6}\.")
HIGH_ENTROPY: Option[bool] = Option(
    "high-entropy", BOOL, False,
    doc="Also report high-entropy strings (detect-secrets' entropy detectors); off by default, "
        "which keeps false positives low: only known credential formats are reported.")
OPTIONS = (HIGH_ENTROPY,)

# Kinds whose values are decoded from the text (escapes): the test reads their text both ways.
_DECODED = frozenset({*(k for k in FileKind if k.is_yaml), FileKind.JENKINSFILE, FileKind.TERRAFORM,
                      FileKind.GITLAB_RUNNER, FileKind.CONTAINERD_CONFIG, FileKind.TERRAFORM_STATE})


# Until `_ANY_DETECTOR` is first needed, a text is first asked for the pieces without which no
# alternative of it can match (`_may_match`): compiling the pattern costs about 1 ms, a
# fiftieth of a one-file run, and a file with none of them (most small scripts) never needs it.
# Slower than the pattern's search on a text (about 1.5x): once compiled, the pattern alone.
_LITERALS = ("gl", "-us", "_authToken", "github_pat_", "k_live_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_",
             "A3T", "ABIA", "AC", "AKIA", "ASIA", "AccountKey=", "pypi-AgE", "GR1348941", "SG.", "PRIVATE",
             "SK", "PuTTY-User-Key", "sq0csp-", "eyJ", "T3BlbkFJ", "LS0tLS1CRUdJTi")
# ... and those read in any case, in the lowered text: `re` folds the Kelvin sign to k (as
# lower() does) and matches the long s for s (lower() keeps it: its own spelling here).
_LOWER_LITERALS = ("aws", "aw\u017f", "xox", "lack.com")
_MAY_MATCH_MAX = 1 << 16  # a longer text: compiled at once (the pieces would cost more than it)


def _may_match(text: str) -> bool:
    """False only where `_ANY_DETECTOR` matches nowhere in text: each alternative needs one of
    the literals, a colon after eight digits (Telegram), or two dots seven apart (Discord)."""
    for literal in _LITERALS:
        if literal in text:
            return True
    low = text.lower()
    for literal in _LOWER_LITERALS:
        if literal in low:
            return True
    at = text.find(":", 8)
    while at >= 0:
        if text[at - 8:at].isdigit():
            return True
        at = text.find(":", at + 1)
    at = text.find(".")
    while at >= 0:
        if text[at + 7:at + 8] == ".":
            return True
        at = text.find(".", at + 1)
    return False


def _first_scan(text: str) -> tuple[bool, bool]:
    """`_scan` until the pattern is needed; from then on `_scan` is `_search`."""
    global _scan
    if len(text) <= _MAY_MATCH_MAX and not _may_match(text):
        return False, False
    _scan = _search
    return _search(text)


def _search(text: str) -> tuple[bool, bool]:
    """`_scan` by the pattern."""
    over_lines = discord = False
    for m in _ANY_DETECTOR.finditer(text):
        noted = m.lastgroup
        if noted is None:
            return True, over_lines
        if noted == "discord":
            discord = True
            continue
        over_lines = True
        if noted != "private" and _AWS_KEY.match(text, m.start() - 1):
            return True, over_lines
    return discord and _DISCORD.search(text) is not None, over_lines


# (a detector may match somewhere in a text, a literal of a pattern that may go over line breaks
# is in it: told only when nothing is found)
_scan: Callable[[str], tuple[bool, bool]] = _first_scan


def _raw_might_hold(text: str) -> bool:
    return _scan(text)[0]


def _might_hold(text: str, kind: FileKind | None, decoded: Callable[[], str | None],
                decoded_lines: Callable[[], str | None]) -> bool:
    """The whole-text test: the text as written, then as its values may read it decoded. Only
    the lines an escape may change can read otherwise (`escape_lines`), unless a pattern that
    may go over line breaks has its literal in the text: then the whole text decoded."""
    found, over_lines = _scan(text)
    if found or kind not in _DECODED:
        return found
    if not over_lines:
        lines = decoded_lines()
        if lines is None:
            return False
        found, over_lines = _scan(lines)
        if found or not over_lines:
            return found
    whole = decoded()
    return whole is not None and _raw_might_hold(whole)


def might_hold_secret(text: str, kind: FileKind | None = None) -> bool:
    """False when no detector can match anywhere in text, nor in any value of a file of `kind`
    read from it."""
    def lines() -> str | None:
        changed = escape_lines(text, kind) if kind is not None else ""
        return unescaped(changed, kind) if changed and kind is not None else None

    return _might_hold(text, kind, lambda: unescaped(text, kind) if kind is not None else None, lines)


def _file_might_hold_secret(file: ScannedFile) -> bool:
    """might_hold_secret of the file, its decoded text shared with the other checks."""
    return _might_hold(file.source.text, file.kind, lambda: unescaped_text(file), lambda: unescaped_lines(file))


# Documentation keys (AKIAIOSFODNN7EXAMPLE) and filler (AKIAXXXXXXXXXXXXXXXX).
_DUMMY = lazy_compile(r"(?i)example|(.)\1{7,}")
_TOKEN_CHAR = lazy_compile(r"[A-Za-z0-9_-]")
_TOKEN_RUN = lazy_compile(r"[A-Za-z0-9_-]*")
_ENTROPY_PREFILTER = lazy_compile(r"[A-Za-z0-9+/=_-]{20,}")

Detector = RegexDetector | EntropyDetector

# Lines of a PEM block a private-key finding covers.
_PEM = lazy_compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----.*?(?:-----END [A-Z0-9 ]*-----|\Z)", re.S)


@lru_cache(maxsize=2)
def _plugins(high_entropy: bool) -> tuple[tuple[Detector, str], ...]:
    detectors: tuple[Detector, ...] = (*_own_formats(), *regex_detectors())
    if high_entropy:
        detectors += entropy_detectors()
    return tuple((d, d.what) for d in detectors)


@lru_cache(maxsize=1)
def _entropy_plugins() -> tuple[tuple[Detector, str], ...]:
    """The entropy detectors, after the regex ones (as `_plugins(True)` orders them)."""
    return _plugins(True)[len(_plugins(False)):]


@lru_cache(maxsize=1)
def _own_formats() -> tuple[RegexDetector, ...]:
    """Formats detect-secrets lacks: fine-grained GitHub personal access tokens."""
    return (RegexDetector(("dcrlint", "github_pat"), "a GitHub fine-grained token",
                          (lazy_compile(r"\bgithub_pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{59}\b"),), ("github_pat_",)),)


@lru_cache(maxsize=1)
def _selector() -> tuple[Any, tuple[tuple[str, int], ...]]:
    """Which regex detectors may match a value (bit i: the i-th of `_plugins(False)`): an
    automaton of their literals of two characters or more, each the bits of the detectors that
    hold it, and their one-character literals (a dot is in most values: tested with `in`)."""
    import ahocorasick

    bits: dict[str, int] = {}
    for i, (detector, _) in enumerate(_plugins(False)):
        assert isinstance(detector, RegexDetector)
        for word in detector.literals:
            bits[word] = bits.get(word, 0) | 1 << i
    found = ahocorasick.Automaton()
    for word, its in bits.items():
        if len(word) > 1:
            found.add_word(word, its)
    found.make_automaton()
    return found, tuple((word, its) for word, its in bits.items() if len(word) == 1)


@cache
def _chosen(bits: int) -> tuple[tuple[Detector, str], ...]:
    return tuple(p for i, p in enumerate(_plugins(False)) if bits >> i & 1)


def _candidates(text: str) -> tuple[tuple[Detector, str], ...]:
    """The regex detectors that may match text, in their order: those holding one of their
    literals (only these are compiled and searched)."""
    found, chars = _selector()
    bits = 0
    for _, its in found.iter(text):
        bits |= its
    for char, its in chars:
        if char in text:
            bits |= its
    return _chosen(bits) if bits else ()


# An AWS secret access key is 40 random characters of base64's alphabet: letters of both cases
# (40 drawn with no upper-case or no lower-case letter: fewer than one in 10^8). A value given
# an `aws ... key` name in one case is a hex digest, a key fingerprint, a lower-case path.
_AWS_SECRET_KEY = lazy_compile(r"[0-9a-zA-Z/+]{40}")


def _one_case_aws_key(plugin: Detector | None, secret: str) -> bool:
    return (isinstance(plugin, RegexDetector) and plugin.source == ("aws", "AWSKeyDetector")
            and _AWS_SECRET_KEY.fullmatch(secret) is not None and secret in (secret.lower(), secret.upper()))


def _example_jwt(plugin: Detector | None, secret: str) -> bool:
    """A JWT of documentation's sample claims (`jwt.Jwt.example`), issued to no one."""
    if not (isinstance(plugin, RegexDetector) and plugin.source == ("jwt", "JwtTokenDetector")):
        return False
    from .. import jwt  # here: few texts hold a JWT (start-up)

    token = jwt.decode(secret)
    return token is not None and token.example


def _filtered(secret: str, placeholders: tuple[str, ...], plugin: Detector | None = None) -> bool:
    """detect-secrets' heuristic filters that hold for any detector, plus ours (for `plugin`:
    an AWS secret key of one case)."""
    if classify(secret, placeholders) is not ValueKind.LITERAL:
        return True
    if _one_case_aws_key(plugin, secret) or _example_jwt(plugin, secret):
        return True
    if _DUMMY.search(secret) or named_stand_in(secret):
        return True  # (a token's prefix before words saying what goes there: `glrt-TEST_PLACEHOLDER_DO_NOT_USE`)
    return is_sequential_string(secret) or is_potential_uuid(secret)


def _run_end(text: str, at: int) -> int:
    """Where the run of token characters from `at` ends."""
    run = _TOKEN_RUN.match(text, at)
    return run.end() if run else at


def _matches(plugin: Detector, text: str) -> Iterator[tuple[int, int]]:
    """Where a detector matches: the whole match, or the group holding the secret (AWS
    secret keys, npm tokens); detect-secrets' own analyze_string yields a prefix group for
    some detectors (GitHub's `ghp`), which is useless for locating the secret."""
    if isinstance(plugin, EntropyDetector):  # high-entropy strings: it wants a quoted string, give it each word
        for w in re.finditer(r"[^\s'\"`]{20,}", text):
            for found in set(plugin.analyze_string(f'"{w.group()}"')):
                at = w.group().find(found) if isinstance(found, str) and found else -1
                if at >= 0:
                    yield w.start() + at, w.start() + at + len(found)
        return
    for regex in plugin.denylist:
        # Where the run of token characters last extended to ends: the matches' ends only grow,
        # so one that ends within that run extends to the same place (read once: a long run of
        # token characters holds thousands of matches of a fixed-length pattern).
        run_from = run_end = -1
        for m in regex.finditer(text):
            start, end = m.span()
            groups = [i for i in range(1, (regex.groups or 0) + 1) if m.group(i)]
            if groups:
                best = max(groups, key=lambda i: len(m.group(i)))
                if len(m.group(best)) >= 16:
                    start, end = m.span(best)
            matched = end
            # A JWT's pattern stops after `header.payload.` (lazy): its signature is part of it.
            if start < end and (_TOKEN_CHAR.match(text[end - 1]) or text[end - 1] == "."):
                # fixed-length patterns stop short of a longer token
                if not run_from <= end <= run_end:
                    run_from, run_end = end, _run_end(text, end)
                end = run_end
            if plugin.is_formally_valid is not None and not (
                    plugin.is_formally_valid(text[start:end]) or plugin.is_formally_valid(text[start:matched])):
                continue
            if start and text[start].isdigit() and text[start - 1].isdigit():
                continue  # a number's tail, not a token's (an ARN's account id and name: `561178107736:topic`)
            yield start, end


def _might_be_entropic(file: ScannedFile) -> bool:
    text = file.source.text
    if _ENTROPY_PREFILTER.search(text):
        return True
    decoded = unescaped_text(file) if file.kind in _DECODED else None
    return decoded is not None and _ENTROPY_PREFILTER.search(decoded) is not None


def _entropic(file: ScannedFile) -> bool:
    """The entropy detectors are on (`high-entropy`) and may match in the file; once per file."""
    try:
        found: bool = file.memo["dcr051_entropic"]
    except KeyError:
        found = file.memo["dcr051_entropic"] = HIGH_ENTROPY.of(file.settings) and _might_be_entropic(file)
    return found


def may_hold_known_secret(file: ScannedFile) -> bool:
    """The gate of `check`: a detector may match somewhere in the whole file, as written or
    as its values read it decoded (`_might_hold`), or the entropy detectors are on and may.
    Most files hold nothing, and their values are not walked. Once per file."""
    try:
        found: bool = file.memo["may_hold_known_secret"]
    except KeyError:
        found = file.memo["may_hold_known_secret"] = _entropic(file) or _file_might_hold_secret(file)
    return found


def _advice(file: ScannedFile) -> str:
    """What to do: a committed Terraform state is the leak itself (every attribute in plaintext)."""
    if file.kind is FileKind.TERRAFORM_STATE:
        from ..infra.tfstate import ADVICE

        return ADVICE
    return "revoke it and load it from a secret store"


class _Reported:
    """The spans reported so far, which overlap none of the others: sorted, their ends are
    sorted too, so the one that starts last before a span ends is the only one that may
    overlap it (a bisection, not a test of each: thousands of tokens in a .env)."""

    def __init__(self) -> None:
        self._spans: list[tuple[int, int]] = []

    def overlaps(self, start: int, end: int) -> bool:
        """start..end overlaps a span kept."""
        i = bisect.bisect_left(self._spans, (end, -1))  # those that start before it ends
        return bool(i) and self._spans[i - 1][1] > start

    def add(self, start: int, end: int) -> bool:
        """Keep start..end unless it overlaps a span kept; whether it was kept."""
        if self.overlaps(start, end):
            return False
        bisect.insort(self._spans, (start, end))  # most are in file order: appended
        return True


def check(file: ScannedFile) -> Iterator[Finding]:
    if not may_hold_known_secret(file):
        return  # (its gate, for a scan that runs every check: a kind without NOTES)
    # The entropy detectors are added to the known formats, never in their place: a short
    # token of a known format (under the entropy detectors' 20 characters) stays reported.
    entropic = _entropic(file)
    placeholders = file.settings.placeholders
    reported = _Reported()
    for value in file_values(file):
        text = value.value
        plugins = _candidates(text)
        if entropic and _ENTROPY_PREFILTER.search(text):
            plugins += _entropy_plugins()
        for plugin, what in plugins:
            for start, end in _matches(plugin, text):
                found = text[start:end]
                if len(found) < 8:
                    continue
                span = value.text.span(start, end)
                if what == "a private key":
                    pem = _PEM.search(text, max(0, start - 40))
                    if pem and pem.start() <= start:
                        span, block = value.text.span(pem.start(), pem.end()), pem.group()
                        if "-----END " not in block:
                            # one line of a longer text (a heredoc in a script or a Dockerfile):
                            # the block goes on in the file
                            whole = _PEM.match(file.source.text, span.start)
                            if whole is not None:
                                span, block = Span(whole.start(), whole.end()), whole.group()
                        if not real_private_keys(block):
                            continue  # `...` or YOUR_KEY_HERE between the lines: an example
                # (overlap first: a long run of token characters holds many matches that all
                # extend to its end, and the filters read each whole)
                if reported.overlaps(span.start, span.end) or _filtered(found, placeholders, plugin):
                    continue
                reported.add(span.start, span.end)
                named = f"`{value.key}` holds" if value.key else "value looks like"
                yield Finding(
                    rule_id="DCR051",
                    message=f"{named} {what}; {_advice(file)}",
                    path=file.path,
                    span=span,
                    place=value.place,
                    secret=file.source.text[span.start : span.end],
                )
        if _ENCODED_PEM_START in text:
            yield from _encoded_keys(file, value, reported)
    yield from _named_values(file, reported, placeholders)
    yield from _blocks_across_values(file, reported)


# A PEM block base64-encoded: `-----BEGIN` so encoded, then the rest of the run (a block
# scalar's line breaks and indentation inside it).
_ENCODED_PEM_START = "LS0tLS1CRUdJTi"
_ENCODED_PEM = lazy_compile(r"LS0tLS1CRUdJTi[A-Za-z0-9+/]*(?:\s+[A-Za-z0-9+/]+)*=*")


def _encoded_keys(file: ScannedFile, value: FileValue, reported: _Reported) -> Iterator[Finding]:
    """Private keys written base64-encoded in a value (a kubeconfig's `client-key-data`, a chart's
    `tls.key`, a Secret's `data`): the detectors read the PEM text, which such a value only holds
    decoded. A Secret's is DCR023's (one finding per secret: the more specific rule's)."""
    for m in _ENCODED_PEM.finditer(value.value):
        run = m.group()
        decoded = decode_base64_text(run)
        if decoded is None and run.split()[0] != run:
            run = run.split()[0]  # (one line's run, the words after it no base64 of it: `| base64 -d`)
            decoded = decode_base64_text(run)
        if decoded is None or not real_private_keys(decoded):
            continue
        span = value.text.span(m.start(), m.start() + len(run))
        if not reported.add(span.start, span.end):
            continue
        named = f"`{value.key}` holds" if value.key else "value holds"
        yield Finding("DCR051", f"{named} a private key, base64-encoded; {_advice(file)}",
                      file.path, span, value.place, secret=file.source.text[span.start : span.end])


# A detector that reads the name a value is given (detect-secrets' AWS secret key: `aws`, a key
# word, then the value quoted) reads each value given a name as `NAME="value"`, the form it
# knows: a shell or env-file assignment is one word (`AWS_SECRET_ACCESS_KEY=wJal...`), a make
# variable `NAME := value`, a Dockerfile `ENV NAME value`; a mapping's value its key.
# The name starts a word (after a line start, a blank or an operator); the value is quoted or a
# run of characters no shell word ends at.
_ASSIGNED = lazy_compile(
    r"(?<![^\s;&|(])([A-Za-z_][A-Za-z0-9_.-]*)(?:=|[ \t]*[:?+!]?=[ \t]*|[ \t]+)"
    r"(?:'([^'\n]*)'|\"([^\"\n]*)\"|([^\s'\";&|()<>`]+))")
# Kinds whose values are the words of each line (quotes taken out): their text is read instead.
_LINE_KINDS = frozenset({FileKind.SHELL, FileKind.DOCKERFILE, FileKind.MAKEFILE, FileKind.ENV_FILE})


def _named_values(file: ScannedFile, reported: _Reported, placeholders: tuple[str, ...]) -> Iterator[Finding]:
    """What the detectors find in a value only as given to its name (`NAME="value"`): values
    whose name holds a detector's literal (`aws`), in the text of a file of lines (shell, env
    files, Dockerfiles, Makefiles) and in each value of another (a script in a YAML scalar, a
    mapping's value by its key). Positions are the value's, exact."""
    if not any(w in t for t in lower_spellings(file) for w in _NAME_WORDS):
        return  # (most files: no name can hold one)
    for name, value, mapped in _assignments(file):
        probe_at = len(name) + 2
        probe = f'{name}="{value}"'
        for plugin, what in _candidates(name):
            for start, end in _matches(plugin, probe):
                if start < probe_at or end > probe_at + len(value):
                    continue  # (found in the value alone: the values' loop reported it)
                found = probe[start:end]
                if len(found) < 8:
                    continue
                span = mapped.span(start - probe_at, end - probe_at)
                if reported.overlaps(span.start, span.end) or _filtered(found, placeholders, plugin):
                    continue
                reported.add(span.start, span.end)
                yield Finding("DCR051", f"`{name}` holds {what}; {_advice(file)}",
                              file.path, span, (), secret=file.source.text[span.start : span.end])


# The lower-case literals of the detectors a name can hold (a pattern that reads the name).
_NAME_WORDS = ("aws",)


def _assignments(file: ScannedFile) -> Iterator[tuple[str, str, MappedText]]:
    """(name, value, the value mapped to the file) of each value given a name whose lower case
    holds one of `_NAME_WORDS`."""
    if file.kind in _LINE_KINDS:
        texts = [MappedText.verbatim(file.source.text, 0)]
    else:
        texts = []
        for value in file_values(file):
            if value.key is not None and _names_word(value.key) and value.value:
                yield value.key, value.value, value.text
            if _names_word(value.value):
                texts.append(value.text)
    for mt in texts:
        text = mt.text
        at = 0
        while (m := _ASSIGNED.search(text, at)) is not None:
            at = m.end(1)  # on from the name: its value may be the next name (`export NAME=...`)
            if not _names_word(m.group(1)):
                continue
            group = next(g for g in (2, 3, 4) if m.group(g) is not None)
            yield m.group(1), m.group(group), mt.slice(m.start(group), m.end(group))


def _names_word(text: str) -> bool:
    low = text.lower()
    return any(w in low for w in _NAME_WORDS)


def _blocks_across_values(file: ScannedFile, reported: _Reported) -> Iterator[Finding]:
    """Private keys whose lines are not one value of the file: written by a heredoc in a
    script or a Dockerfile (`cat > ~/.ssh/id_rsa <<EOF`, `RUN <<EOF`, `COPY <<EOF`)."""
    text = file.source.text
    if "PRIVATE KEY" not in text:
        return
    for start, end in real_private_keys(text):
        if not reported.add(start, end):
            continue
        yield Finding("DCR051", f"a private key is written in the file; {_advice(file)}",
                      file.path, Span(start, end), ("private-key", str(file.source.position(start)[0])),
                      secret=text[start:end])


CHECKS = (FileCheck(rules=("DCR051",), run=check, facts=(VALUES,), gate=may_hold_known_secret),)
