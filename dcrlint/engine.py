"""The scan: files in, checks run once per file, cross-file checks, then one pass of
de-duplication, suppression and baseline before the reports."""

from __future__ import annotations

import bisect
import gc
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from functools import lru_cache
from pathlib import Path
from types import GeneratorType
from typing import TYPE_CHECKING, Any, TypeAlias

from .classify import FileKind, classify, classify_text
from .config import Settings
from .discover import Target, matches
from .facts import SUPPRESSIONS
from .fileresult import FileResult as FileResult  # re-exported for callers
from .findings import (
    Finding,
    Notification,
    Position,
    ResolvedEdit,
    ResolvedFix,
    Result,
)
from .findings import Scan as Scan  # the findings model's; re-exported for callers
from .fingerprint import CONTEXT, context_key, fingerprint, place_key
from .reading import NotText, NotUtf8, Unreadable, decode, digest, read_bytes
from .records import lazy_dataclass
from .redact import Occurrences, decoded, inside_a_word, is_reference, whole_word, word_like
from .repocontext import Context as Context  # re-exported for callers
from .repocontext import Staged, project_context
from .rulesmeta import Rule, levels_for
from .scanned import ScannedFile
from .source import SourceFile, Span

if TYPE_CHECKING:
    from . import checks as registry
    from .cache import ResultCache
    from .facts import CommandFilter
    from .prepare import Listing
    from .suppress import Directive

# Below this many files a process pool costs more than it saves.
_POOL_THRESHOLD = 64


class Binary:
    """read_source's answer for a file that is not text: skipped and counted, not reported."""


BINARY = Binary()


class OfNoKind:
    """read_source's answer for text it cannot read (not UTF-8, too large) of no kind dcrlint
    scans whatever it holds (a vendored `.go`, a Latin-1 `.properties`): as a readable file of
    that kind, not scanned, and nothing to say."""


OF_NO_KIND = OfNoKind()
_READ_IF_TEXT = (FileKind.OTHER, FileKind.TEXT)
# The kinds a file's name or plain shape gives, which the kind a kustomization or Compose file
# gives it (what the tool reads it as: `envs: [secrets.yaml]` is env lines) overrides.
_GIVEN_OVER = (FileKind.OTHER, FileKind.TEXT, FileKind.YAML, FileKind.ANSIBLE)


def read_source(target: Target, settings: Settings, data: bytes | None = None
                ) -> SourceFile | Notification | Binary | OfNoKind:
    """The decoded file, BINARY for a file that is not text (images, archives ...), or a
    notification saying why a text file cannot be scanned. `data`: its bytes, if read already."""
    try:
        if not target.abspath and settings.stdin_data is not None:  # `-`: standard input
            text, _ = decode(settings.stdin_data)
        else:
            text, _ = decode(read_bytes(target.abspath, settings.max_file_size) if data is None else data)
    except NotText:
        return BINARY
    except NotUtf8 as e:
        # Every byte one character: the ASCII that credentials and the formats' keywords are
        # written in is read where it is, only other characters are wrong (never fixed: --fix
        # reads files as UTF-8 and leaves this one alone).
        return SourceFile(target.rel, e.data.decode("latin-1"), target.abspath,
                          f"not UTF-8 text (byte {e.start}); read as Latin-1, one character a byte")
    except Unreadable as e:
        # (a file of settings or notes is read when it can be, as one of no kind: a big or
        # Latin-1 `.txt` of data is no configuration to notify about)
        if e.head is not None and not target.kind \
                and classify(target.rel, e.head[:4096].decode("utf-8", "replace")) in _READ_IF_TEXT:
            return OF_NO_KIND
        return Notification(target.rel, str(e), level=e.level)
    return SourceFile(target.rel, text, target.abspath)


@lru_cache(maxsize=1)
def _precedence() -> dict[str, int]:
    """"One finding per secret": presence rules by rank, most specific first (rule metadata)."""
    from .rulesmeta import builtin_rules, presence_order

    return presence_order(builtin_rules())


@lru_cache(maxsize=1)
def value_rules() -> frozenset[str]:
    """Rules whose finding points at the credential itself (rules.md, "location"): what they
    point at is never shown, whatever dcrlint decided it is, unless it is only a reference."""
    return frozenset({*_precedence(), "DCR001"})


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per secret, per place: where presence findings overlap (the same secret
    written once), only the most specific presence rule's is kept. The same secret written at
    two places is two findings: each place must be cleaned up. Indexed by rank, so that
    thousands of findings cost no more than a few times their number."""
    priority = _precedence()
    presence = [f for f in findings if f.rule_id in priority]
    if len(presence) < 2 or len({f.rule_id for f in presence}) < 2:
        return findings
    ranks = sorted({priority[f.rule_id] for f in presence})
    above = {r: _Higher([f for f in presence if priority[f.rule_id] < r]) for r in ranks[1:]}
    keep: list[Finding] = []
    for f in findings:
        higher = above.get(priority.get(f.rule_id, -1))
        if higher is not None and higher.matches(f):
            continue
        keep.append(f)
    return keep


def _enrich(findings: list[Finding]) -> list[Finding]:
    """Facts about a credential (`Finding.enriches`, e.g. its git age) go into the presence
    finding reported at the same place instead of being a second result; without one they stand
    alone."""
    if not any(f.enriches for f in findings):
        return findings
    from .records import replace

    priority = _precedence()
    out = [f for f in findings if not f.enriches]
    extras = [f for f in findings if f.enriches]
    # An extra goes into the first presence finding it overlaps; those keep their places and
    # spans below (the extras appended are no presence findings).
    presence = [i for i, f in enumerate(out) if f.rule_id in priority]
    hits = _first_overlapping([out[i].span for i in presence], [f.span for f in extras])
    for extra, first in zip(extras, hits, strict=True):
        if first is None:
            out.append(extra)
            continue
        hit = presence[first]
        f = out[hit]
        if any(k == key for k, _ in f.properties for key, _ in extra.properties):
            continue  # already dated (two facts of the same kind: the first wins)
        out[hit] = replace(f, message=f"{f.message} ({extra.enriches})",
                           properties=(*f.properties, *extra.properties))
    return out


class _Higher:
    """The findings of more specific rules, indexed by span to tell whether one of them is
    at the same place as a given finding (their spans overlap)."""

    def __init__(self, findings: list[Finding]) -> None:
        by_start = sorted((f.span.start, f.span.end) for f in findings)
        self.starts = [s for s, _ in by_start]
        self.max_end: list[int] = []  # max_end[i]: the largest end among by_start[: i + 1]
        for _, end in by_start:
            self.max_end.append(max(end, self.max_end[-1]) if self.max_end else end)

    def matches(self, f: Finding) -> bool:
        i = bisect.bisect_left(self.starts, f.span.end)  # those starting before f ends
        return bool(i) and self.max_end[i - 1] > f.span.start


def _first_overlapping(spans: list[Span], queries: list[Span]) -> list[int | None]:
    """For each query, the index of the first span (in list order) that overlaps it, or None:
    the spans that end after the query starts, added in order of their ends, the latest
    first, to a tree of prefix minima of index by start (Fenwick), asked for the least index
    among those that start before the query ends. n log n, where a test of each span against
    each query was quadratic (thousands of dated tokens in a file)."""
    starts = sorted({s.start for s in spans})
    tree = [len(spans)] * (len(starts) + 1)  # 1-based; len(spans): none
    by_end = sorted(range(len(spans)), key=lambda i: -spans[i].end)
    out: list[int | None] = [None] * len(queries)
    added = 0
    for q in sorted(range(len(queries)), key=lambda q: -queries[q].start):
        query = queries[q]
        while added < len(by_end) and spans[by_end[added]].end > query.start:
            i = by_end[added]
            k = bisect.bisect_left(starts, spans[i].start) + 1
            while k <= len(starts):
                tree[k] = min(tree[k], i)
                k += k & -k
            added += 1
        k, best = bisect.bisect_left(starts, query.end), len(spans)  # starts before query.end
        while k > 0:
            best = min(best, tree[k])
            k -= k & -k
        out[q] = best if best < len(spans) else None
    return out


def hidden_values(findings: Iterable[Finding], source: SourceFile) -> set[str]:
    """What the findings say must never be shown: their secrets, and the values that
    credential-pointing rules point at unless they are only a reference (`$PASS`). A value
    dcrlint does not call a literal (`'Zt8$m...'`, `lit${X}`, `$(echo lit)`) is hidden too."""
    out: set[str] = set()
    for f in findings:
        if f.secret:
            out.add(f.secret)
            out.update(decoded(f.secret))  # its clear text, written elsewhere, is the secret too
        if f.rule_id in value_rules() and f.span.end > f.span.start and f.span_holds_secret:
            value = source.text[f.span.start : f.span.end]
            if value.strip() and not is_reference(value):
                out.add(value)
    return out


def _masked_spans(findings: list[Finding], source: SourceFile, hidden: set[str]) -> tuple[list[Span], list[Span]]:
    """Spans to hide when a report shows source, sorted: what credential-pointing findings
    point at, and every hidden value wherever it occurs on the lines of any finding, a word-like
    one inside a longer word with that whole word (redact._WORD_SECRET); and the same without
    the widening, as fingerprints read the line (their keys stay what they were)."""
    keyed: set[Span] = set()
    widened: set[Span] = set()
    text = source.text
    lines: set[int] = set()
    for f in findings:
        if f.span_holds_secret and (f.secret or (f.rule_id in value_rules()
                                                 and not is_reference(text[f.span.start : f.span.end]))):
            keyed.add(f.span)
        first, last = source.position(f.span.start)[0], source.position(f.span.end)[0]
        lines.update(range(first, last + 1))
    values = Occurrences(hidden)  # all values at once: thousands of findings stay linear
    words = {h for h in hidden if word_like(h)}  # masked with the word they lie in
    for line in lines:
        lo = source.line_starts[line - 1]
        for a, b in values.spans(text, lo, lo + len(source.line_text(line)), merge=False):
            keyed.add(Span(a, b))
            if words and text[a:b] in words and inside_a_word(text, a, b):
                widened.add(Span(*whole_word(text, a, b)))
    plain = sorted(keyed)
    return (sorted(keyed | widened) if widened else plain), plain


def _spans_by_line(spans: list[Span], source: SourceFile, lines: Iterable[int]) -> dict[int, list[Span]]:
    """For each of `lines`, the spans (sorted) that reach into it: one pass over
    the spans, each looked up among the lines by bisection (a long secret before many findings
    is not met again at each of them)."""
    wanted = sorted(set(lines))
    out: dict[int, list[Span]] = {line: [] for line in wanted}
    for span in spans:
        first = source.position(span.start)[0]
        last = source.position(max(span.start, span.end - 1))[0]
        for i in range(bisect.bisect_left(wanted, first), bisect.bisect_right(wanted, last)):
            out[wanted[i]].append(span)
    return out


def _masked_line(source: SourceFile, line: int, spans: Iterable[Span], mark: str = "*") -> str:
    """The text of a line with every character under a span replaced by `mark`."""
    start = source.line_starts[line - 1]
    text = source.line_text(line)
    pieces: list[str] = []
    at = 0  # spans are sorted by start; they may overlap
    for span in spans:
        a, b = max(span.start - start, at), min(span.end - start, len(text))
        if b > a:
            pieces += (text[at:a], mark * (b - a))
            at = b
    pieces.append(text[at:])
    return "".join(pieces)


def resolve(findings: list[Finding], source: SourceFile, levels: Mapping[str, str],
            hidden: set[str] | None = None) -> list[Result]:
    """Findings of one file turned into Results: positions, levels, fingerprints and the
    source line with its secrets masked. A line is masked once and its text shared by the
    results on it (thousands of findings on one line of a generated file stay linear)."""
    if not findings:  # most files
        return []
    if hidden is None:
        hidden = hidden_values(findings, source)
    masked, keyed = _masked_spans(findings, source, hidden)
    ordered = sorted(findings, key=lambda f: (f.span, f.rule_id, f.message))
    firsts = [_pos(source, f.span.start) for f in ordered]
    by_line = _spans_by_line(masked, source, (p.line for p in firsts))
    keyed_by_line = by_line if keyed is masked else _spans_by_line(keyed, source, by_line)
    lines = {line: (_masked_line(source, line, spans), _masked_line(source, line, keyed_by_line[line], "\0"))
             for line, spans in by_line.items()}
    seen: Counter[tuple[str, ...]] = Counter()
    out = []
    last: tuple[Span, str, str] | None = None
    for f, start in zip(ordered, firsts, strict=True):
        # One result per rule, place and message: a GitLab script two jobs share (an anchor, an
        # `extends`, a `!reference`) is one place to mend, whichever jobs run it.
        if (f.span, f.rule_id, f.message) == last:
            continue
        last = (f.span, f.rule_id, f.message)
        fix = None
        if f.fix is not None:
            fix = ResolvedFix(
                f.fix.description,
                tuple(
                    ResolvedEdit(_pos(source, e.span.start), _pos(source, e.span.end), e.span, e.text,
                                 e.shared, e.entries)
                    for e in f.fix.edits
                ),
                f.fix.safe,
            )
        end = _pos(source, _end(source.text, f.span))
        shown, blanked = lines[start.line]
        context = _context(blanked, f.span.start - source.line_starts[start.line - 1],
                           f.span.end - source.line_starts[start.line - 1],
                           end.column - 1 if end.line == start.line else len(blanked))
        key = (f.rule_id, f.path, *place_key(f.place), context_key(context))
        seen[key] += 1
        out.append(
            Result(
                path=f.path,
                start=start,
                end=end,
                rule_id=f.rule_id,
                message=f.message,
                fingerprint=fingerprint(f.rule_id, f.path, f.place, context_key(context),
                                        seen[key]),
                span=f.span,
                level=f.level or levels.get(f.rule_id, "warning"),
                masked_spans=_near(masked, f.span.start - CONTEXT, _end(source.text, f.span) + CONTEXT),
                properties=f.properties,
                fix=fix,
                source=shown,
            )
        )
    return out


def _context(blanked: str, start: int, stop: int, end: int) -> str:
    """The fingerprint's context: the line (masked with NULs) around the finding, its own
    characters on the line (start..stop, columns of the line) NULs too."""
    lo = max(0, start - CONTEXT)
    part = blanked[lo : end + CONTEXT]
    a, b = start - lo, min(stop - lo, len(part))
    return part[:a] + "\0" * (b - a) + part[b:] if b > a else part


def _near(spans: list[Span], lo: int, hi: int) -> tuple[Span, ...]:
    """The spans (sorted) that start in lo..hi: what a fix's diff masks, besides every
    secret of the scan, near the finding (not each span of a long line for each finding)."""
    return tuple(spans[bisect.bisect_left(spans, Span(lo, -1)) : bisect.bisect_left(spans, Span(hi, -1))])


def _end(text: str, span: Span) -> int:
    """Where a finding ends: before the line break its span ends with (the value of a YAML
    block scalar keeps its last line break), so that it ends on its last line."""
    end = span.end
    while end > span.start + 1 and text[end - 1] in "\r\n":
        end -= 1
    return end


def _pos(source: SourceFile, offset: int) -> Position:
    line, column = source.position(offset)
    before = source.text[offset - column + 1 : offset]
    astral = 0 if before.isascii() else sum(1 for ch in before if ord(ch) > 0xFFFF)
    return Position(line, column, column + astral if astral else 0)


def scan_file(target: Target, settings: Settings, selected: frozenset[str],
              levels: Mapping[str, str], collect_only: bool = False, keep: bool = False,
              given: tuple[bytes, str] | None = None, digests: bool = True) -> FileResult:
    """Scan one file. Runs in a worker process for big trees, so it returns plain data; with
    `keep`, also the entry the result cache stores (the file's stamp is taken before it is
    read: a change while it is scanned shows at the next run). `given`: the bytes to scan
    instead of the file's, and the stamp the cache keeps their result under (the staged
    content of a pre-commit context file, repocontext.py). `digests`: the digest of a file with
    results is wanted (--fix, --diff), as it is for the cache."""
    if given is not None and not keep:
        return _scan_file(target, settings, selected, levels, collect_only, given[0], digests)
    if not keep or not target.abspath:
        return _scan_file(target, settings, selected, levels, collect_only, digests=digests)
    from .cache import Entry, git_calls

    st: os.stat_result | None = None
    if given is not None:
        data = given[0]
    else:
        try:
            st = os.stat(target.abspath)
        except OSError:
            st = None
        try:
            data = read_bytes(target.abspath, settings.max_file_size)
        except Unreadable:  # read_source says why
            return _scan_file(target, settings, selected, levels, collect_only)
    from .depends import recording

    calls = git_calls()
    with recording() as deps:  # the other files the scan looks at
        out = _scan_file(target, settings, selected, levels, collect_only, data)
    if not out.over_budget:  # a stop depends on the machine's load: try again next run
        out.entry = Entry.of(st, data, out, used_git=git_calls() != calls, deps=deps,
                             stamped=given[1] if given is not None else None)
        if out.entry is not None:
            out.sha = out.entry.sha
            if out.digest == out.sha:  # the text is its bytes: one copy of the hash to send and keep
                out.digest = out.sha
    return out


# Seconds one file's scan may take; past it the file is reported, not scanned, and the scan
# goes on. Far above any real file (the largest take well under a second).
FILE_TIME_BUDGET = 120.0
# Python frames a file's scan may use, counted from where it starts: the same for every file
# whatever the caller's depth (console script, `python -m`, a pool worker), so a structure
# nested deep enough to exhaust it gives the same output from every entry point and --jobs.
STACK_HEADROOM = 990


class _OverBudget(BaseException):
    """Raised into a file's scan when its time is up (a BaseException: no check catches it)."""


_SIGNAL_MODULES: tuple[Any, Callable[[], bool], Any] | None = None


def _signal_modules() -> tuple[Any, Callable[[], bool], Any]:
    """The signal functions (CPython's `_signal`: `signal` imports enum classes and wraps each
    call to make enums of handlers), whether this is the main thread, and getsignal; found on
    first use, then at no cost per file."""
    global _SIGNAL_MODULES
    if _SIGNAL_MODULES is None:
        try:
            import _signal as signal  # type: ignore[import-not-found]
        except ImportError:  # not CPython
            import signal
        _SIGNAL_MODULES = (signal, _in_main_thread, signal.getsignal)
    return _SIGNAL_MODULES


def _in_main_thread() -> bool:
    # Threads are started through `threading`: before it is imported (start-up), there is none.
    threading = sys.modules.get("threading")
    return threading is None or threading.current_thread() is threading.main_thread()


class _time_budget:
    """Raise _OverBudget after `seconds` (a real-time timer; only where one can be set: POSIX,
    the main thread, which is where files are scanned, in the CLI and in its workers). A class,
    not a generator: it is entered once per file."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.previous: Any = None
        self.armed = self.swapped = False

    def __enter__(self) -> None:
        signal, in_main_thread, getsignal = _signal_modules()
        if self.seconds <= 0 or not hasattr(signal, "setitimer") or not in_main_thread():
            return
        if getsignal(signal.SIGALRM) is not _expire:  # else installed for the whole scan
            self.previous = signal.signal(signal.SIGALRM, _expire)
            self.swapped = True
        self.armed = True
        signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc: object) -> None:
        if self.armed:
            signal = _signal_modules()[0]
            signal.setitimer(signal.ITIMER_REAL, 0)
            if self.swapped:
                signal.signal(signal.SIGALRM, self.previous)


class _budget_handler:
    """The time budget's signal handler installed once for a run of files in this thread
    (the previous one back after), instead of once per file."""

    def __init__(self) -> None:
        self.previous: Any = None
        self.installed = False

    def __enter__(self) -> None:
        signal, in_main_thread, getsignal = _signal_modules()
        if hasattr(signal, "setitimer") and in_main_thread() and getsignal(signal.SIGALRM) is not _expire:
            self.previous = signal.signal(signal.SIGALRM, _expire)
            self.installed = True

    def __exit__(self, *exc: object) -> None:
        if self.installed:
            signal = _signal_modules()[0]
            signal.signal(signal.SIGALRM, self.previous)


def _expire(signum: int, frame: Any) -> None:
    raise _OverBudget


def _scan_file(target: Target, settings: Settings, selected: frozenset[str],
               levels: Mapping[str, str], collect_only: bool, data: bytes | None = None,
               digests: bool = True) -> FileResult:
    out = FileResult(target.rel)
    source = read_source(target, settings, data)
    if isinstance(source, Binary):
        out.binary = True
        return out
    if isinstance(source, Notification):
        out.notifications = [source]
        return out
    if isinstance(source, OfNoKind):
        out.kind = FileKind.OTHER
        return out
    kind = out.kind = classify_text(target.rel, source.text)
    if kind in _GIVEN_OVER and target.kind:  # named by a kustomization (`envs: [db.properties]`)
        kind = out.kind = FileKind(target.kind)
    if source.read_as and kind not in _READ_IF_TEXT:  # (notes and data in Latin-1 are no news)
        out.notifications = [Notification(target.rel, source.read_as, level="note")]
    if kind is FileKind.OTHER:
        return out
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(_stack_depth() + STACK_HEADROOM)
    # No cycle collection while a file is scanned: what its scan builds (YAML nodes, words,
    # spans, by the ten thousand) lives until the file is done and forms no cycle (the
    # collector freed 514 objects over the corpus), so a collection then walks all of it for
    # nothing. Between files the collector runs as before, over what the files left.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with _time_budget(FILE_TIME_BUDGET):
            return _analyse(out, source, kind, settings, selected, levels, collect_only, digests)
    except _OverBudget:
        # Nothing of a stopped scan is reported: its findings could be incomplete in ways that
        # matter (a secret found by a check that did not run would not be masked).
        stopped = FileResult(target.rel, kind, over_budget=True, notifications=[Notification(
            target.rel, f"scanning took more than {FILE_TIME_BUDGET:g} s; stopped, not scanned")])
        return stopped
    finally:
        sys.setrecursionlimit(limit)
        if collecting:
            gc.enable()


def _stack_depth() -> int:
    frame, depth = sys._getframe(1), 1
    while (frame := frame.f_back) is not None:  # type: ignore[assignment]
        depth += 1
    return depth


def _analyse(out: FileResult, source: SourceFile, kind: FileKind, settings: Settings,
             selected: frozenset[str], levels: Mapping[str, str], collect_only: bool,
             digests: bool = True) -> FileResult:
    plan = _plan(kind, selected, _policy_checks(settings), collect_only)
    file = ScannedFile(source, kind, settings, plan.commands)
    out.scanned = not collect_only
    checks, shadows, follow_ups, collections = plan.checks, plan.shadows, plan.follow_ups, plan.collections
    # Inert: no gate holds, so no check can find anything here and nothing is modelled (no YAML
    # compose, no Groovy parse); the kind's extractor's NOTES gives the file the notifications
    # its model would have given (False where it cannot tell them: every check runs).
    if plan.gates is not None and plan.notes is not None and not _any_holds(plan.gates, file) \
            and plan.notes(file) is not False:
        return _finish(out, file, source, collect_only, digests)
    findings: list[Finding] = []
    for check in checks:
        found = _run_check(check.rules[0], file, check.run, file)
        if found:
            findings.extend(found)
    unselected = [f for check in shadows for f in _run_check(check.rules[0], file, check.run, file)]
    secrets = hidden_values([*findings, *unselected], source) if findings or unselected else set()
    findings = _dedupe(findings)
    if follow_ups:
        # Follow-ups read the findings of the rules they follow, selected or not (the age of a
        # credential only DCR030 finds, with --select DCR040).
        seen = _dedupe([*findings, *unselected]) if unselected else list(findings)
        for follow in follow_ups:
            more = _run_check(follow.rules[0], file, follow.run, file, seen)
            if more:
                findings.extend(more)
                seen.extend(more)
    collected: dict[str, Any] = {}
    for pcheck in collections:
        facts = _run_check(pcheck.name, file, pcheck.collect, file)
        if facts:
            collected[pcheck.name] = facts
    if collected:
        out.collected = collected
    if findings:
        secrets |= hidden_values(findings, source)
        findings = _enrich([f for f in _dedupe(findings) if f.rule_id in selected])
        out.results = resolve(findings, source, levels, secrets)
    if secrets:  # else the shared empty set
        out.secrets = secrets
    return _finish(out, file, source, collect_only, digests)


def _finish(out: FileResult, file: ScannedFile, source: SourceFile, collect_only: bool,
            digests: bool = True) -> FileResult:
    """The file's suppression directives and notifications, added to its result, and the digest
    of the text scanned where a fix may be planned (`--fix` refuses to edit a file changed since):
    a file with results, or with facts a cross-file check may fix it by (DCR020); only where
    `digests` (a run that plans no fix and keeps no cache has no use for it: hashing the files
    with findings cost 0.7% of a corpus scan)."""
    if not collect_only:
        if digests and (out.results or out.collected):
            out.digest = digest(source.text)
        directives: list[Directive] = file.get(SUPPRESSIONS)
        if directives:
            out.directives = directives
    if file.notifications:
        out.notifications = [*out.notifications, *file.notifications]
    return out


def _any_holds(gates: tuple[registry.Gate, ...], file: ScannedFile) -> bool:
    """Whether one of the gates holds on the file (a gate that fails holds). The first that
    holds ends the test: the file is modelled, and every check runs as in a kind not gated
    (each has its own early exits), so that a modelled file pays only for the gates asked
    before it (`checks.GATE_ORDER`: those most likely to hold and cheapest first)."""
    for gate in gates:
        try:
            if gate(file):
                return True
        except Exception:
            if os.environ.get("DCRLINT_DEBUG"):
                raise
            return True
    return False


# The kinds of file whose checks' gates the engine asks (a file where none holds is inert: not
# modelled, see `_analyse`), by measurement: those where the gates cost less than the models
# they skip. Instructions of a cold scan of each corpus folder (callgrind, afe16be / with these
# kinds gated): jenkins 1,530 / 1,454 M, kubernetes 1,797 / 1,740 M, helm-templates 746 / 733 M;
# YAML alone in gitlab-ci 1,150 / 1,146 M and github-actions 2,474 / 2,471 M. Not GitLab (1,157 M
# with it), nor GitHub workflows and shell scripts: an inert one costs about as much modelled as
# its gates (their checks return early on the same tests, and what is left to skip is mostly
# libyaml's compose), and they have no NOTES. The gates and each kind's NOTES are kept exact by
# their tests, which turn every kind on (conftest `gating`).
GATED_KINDS: frozenset[FileKind] = frozenset({FileKind.JENKINSFILE, FileKind.KUBERNETES, FileKind.YAML,
                                              FileKind.HELM_VALUES, FileKind.KUSTOMIZATION})


@lazy_dataclass(frozen=True)
class _Plan:
    """What runs on one kind of file for one selection of rules."""

    checks: tuple[registry.FileCheck, ...]
    follow_ups: tuple[registry.FollowUpCheck, ...]
    collections: tuple[registry.ProjectCheck, ...]  # one per collection name
    commands: tuple[CommandFilter, ...]  # what the checks read of the shell (parse prefilter)
    # Presence checks of rules not selected, run only to learn the secrets to mask in outputs.
    shadows: tuple[registry.FileCheck, ...] = ()
    # In a kind of `GATED_KINDS` whose extractor has NOTES and whose every check above has a
    # gate: the gates, each once, in the order they are asked (`checks.GATE_ORDER`), and the
    # NOTES, which gives a file where none holds (inert) the notifications its model would
    # give, without modelling it. None: no gate is asked, every check runs.
    gates: tuple[registry.Gate, ...] | None = None
    notes: Callable[[ScannedFile], bool] | None = None


@lru_cache(maxsize=256)
def _plan(kind: FileKind, selected: frozenset[str], policies: tuple[registry.FileCheck, ...],
          collect_only: bool) -> _Plan:
    from . import checks as registry
    from .extractors import notes_of

    checks: tuple[registry.FileCheck, ...] = ()
    follow_ups: tuple[registry.FollowUpCheck, ...] = ()
    shadows: tuple[registry.FileCheck, ...] = ()
    builtin = registry.for_kind(kind)  # imports only the check modules this kind needs
    if not collect_only:
        follow_ups = tuple(c for c in builtin.follow_ups if selected.intersection(c.rules))
        # The checks of the rules a follow-up reads run too (their findings are dropped at the
        # end unless selected): `--select DCR040` dates the credentials DCR002 finds.
        wanted = selected.union(*(c.follows for c in follow_ups))
        checks = tuple(c for c in (*builtin.file, *policies)
                       if c.runs_on(kind) and wanted.intersection(c.rules))
        presence = _precedence().keys()
        shadows = tuple(c for c in builtin.file if c not in checks and presence & set(c.rules))
    collections: dict[str, registry.ProjectCheck] = {}
    commands = [f for c in (*checks, *shadows) for f in c.commands]
    for pcheck in builtin.project:
        if selected.intersection(pcheck.rules):
            collections.setdefault(pcheck.name, pcheck)
            commands.extend(pcheck.commands)
    # (A follow-up reads the findings of the file checks: where no gate holds, it has none.)
    every: tuple[registry.FileCheck | registry.ProjectCheck, ...] = (*checks, *shadows, *collections.values())
    gates = notes = None
    if kind in GATED_KINDS and every and all(c.gate is not None for c in every):
        notes = notes_of(kind)
        if notes is not None:
            gates = registry.gate_order(every)
    return _Plan(checks, follow_ups, tuple(collections.values()), tuple(dict.fromkeys(commands)),
                 shadows, gates, notes)


def _policy_checks(settings: Settings) -> tuple[registry.FileCheck, ...]:
    """User policies (--rules-dir), compiled once per process; nothing to import without them."""
    if not settings.rules_dirs:
        return ()
    from .policies import policy_checks

    return tuple(policy_checks(tuple(settings.rules_dirs)))


def _run_check(name: str, file: ScannedFile, call: Any, *args: Any) -> Any:
    """A check that crashes must not stop the scan: the file gets a notification.
    Iterables are drained here so that a generator's error is caught here too."""
    try:
        result = call(*args)
        # most checks are generators: the exact type first (an ABC's isinstance costs more)
        return list(result) if type(result) is GeneratorType or isinstance(result, Iterator) else result
    except RecursionError:
        file.notify(f"{name}: structure nested too deeply; partly scanned")
    except Exception as e:
        yamlsrc = sys.modules.get(f"{__package__}.yamlsrc")  # loaded if it raised
        if yamlsrc is not None and isinstance(e, yamlsrc.YamlError):  # a walk over its budget
            file.notify(f"{name}: {e.message}; partly scanned", e.line)
            return []
        if os.environ.get("DCRLINT_DEBUG"):
            raise
        from .shell.bash import ParserUnavailable
        from .yamlsrc import YamlError

        if isinstance(e, YamlError):  # the input's fault (a limit of the YAML walk), not ours
            file.notify(f"{name}: {e.message}; partly scanned", e.line)
            return []
        why = str(e) if isinstance(e, ParserUnavailable) else type(e).__name__  # no data of the file
        if isinstance(e, ImportError) and e.name:  # a dependency missing from this environment
            why = f"module {e.name} is not installed; install dcrlint with its dependencies"
        file.notify(f"{name}: internal error ({why}); partly scanned", level="error")
    return []


def _scan_all(targets: list[Target], settings: Settings, selected: frozenset[str],
              levels: Mapping[str, str], jobs: int, collect_only: bool = False,
              progress: Callable[[int, int], None] | None = None,
              cache: ResultCache | None = None, stats: Mapping[str, os.stat_result] | None = None,
              staged: Staged | None = None, digests: bool = True) -> list[FileResult]:
    """The results of every target, in order: from the cache where it has them, the others
    scanned (in worker processes for many). `stats`: the status discovery saw, by path;
    `staged`: the content to scan is the targets' staged blobs, not their files."""
    done: list[FileResult | None] = [None] * len(targets)
    todo: list[int] = []
    known = stats or {}
    for i, t in enumerate(targets):
        # a kind given by another file (a kustomization's `envs:`) is not the file's own: not cached
        hit = cache.lookup(t.rel, t.abspath, collect_only, known.get(t.abspath),
                           staged.given(t.rel) if staged is not None else None) \
            if cache is not None and t.abspath and not t.kind else None
        if hit is None:
            todo.append(i)
        else:
            done[i] = hit
    count = len(targets) - len(todo)
    if progress is not None and count:
        progress(count, len(targets))
    keep = cache is not None
    givens: list[tuple[bytes, str]] | None = None
    if staged is not None:
        contents = staged.contents([targets[i].rel for i in todo])
        givens = []
        for i in todo:
            data = contents.get(targets[i].rel)
            if data is None:  # git gives no content: nothing to collect
                done[i] = FileResult(targets[i].rel)
            else:
                givens.append((data, staged.stamp(targets[i].rel)))
        todo = [i for i in todo if done[i] is None]
    for i, fr in zip(todo, _scan_each([targets[i] for i in todo], settings, selected, levels, jobs,
                                      collect_only, keep, givens, digests), strict=True):
        fr.path = targets[i].rel  # the same text: one copy of it, not one more per result from a worker
        done[i] = fr
        if cache is not None:
            if fr.entry is not None or fr.scanned or fr.collected:  # else not read: it looked at nothing
                cache.note_deps(fr.entry)
            if fr.entry is not None and not targets[i].kind:
                cache.put(fr.path, collect_only, fr.entry)
        fr.entry = None
        count += 1
        if progress is not None:
            progress(count, len(targets))
    return [fr for fr in done if fr is not None]


def _scan_each(targets: list[Target], settings: Settings, selected: frozenset[str],
               levels: Mapping[str, str], jobs: int, collect_only: bool, keep: bool,
               givens: list[tuple[bytes, str]] | None = None, digests: bool = True) -> Iterator[FileResult]:
    if jobs <= 1 or len(targets) < _POOL_THRESHOLD:
        with _budget_handler():
            for n, t in enumerate(targets):
                yield scan_file(t, settings, selected, levels, collect_only, keep,
                                givens[n] if givens is not None else None, digests)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    ctx = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    chunks = max(1, len(targets) // (jobs * 32))
    # A worker holds a chunk's results until it sends them all: 32 chunks a worker keep that
    # small (10x corpus: about 250 files a chunk) at no measurable cost in time.
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_end_with_parent,
                             initargs=(os.getpid(),)) as pool:
        if givens is not None:
            given = partial(_scan_given, settings=settings, selected=selected, levels=levels,
                            collect_only=collect_only, keep=keep, digests=digests)
            yield from pool.map(given, targets, givens, chunksize=chunks)
            return
        work = partial(scan_file, settings=settings, selected=selected, levels=levels,
                       collect_only=collect_only, keep=keep, digests=digests)
        yield from pool.map(work, targets, chunksize=chunks)


def _scan_given(target: Target, given: tuple[bytes, str], settings: Settings, selected: frozenset[str],
                levels: Mapping[str, str], collect_only: bool, keep: bool, digests: bool = True) -> FileResult:
    return scan_file(target, settings, selected, levels, collect_only, keep, given, digests)


def _end_with_parent(parent: int) -> None:
    """In a worker: exit as soon as the parent process is gone (killed by a CI runner that
    cancels the job), instead of living on re-parented and holding the output pipes open."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, name="dcrlint-parent-watch", daemon=True).start()


def _base(settings: Settings) -> Path:
    return Path(settings.project_root or settings.root)


def scan_paths(paths: list[str], settings: Settings, rules: dict[str, Rule], selected: frozenset[str],
               jobs: int = 1, progress: Callable[[int, int], None] | None = None,
               cache: ResultCache | None = None, listing: Listing | None = None, digests: bool = True,
               ) -> tuple[list[FileResult], list[Notification], Context]:
    """Scan the paths (`listing`: their files, if listed already): per-file results, discovery
    notifications, and the repository files cross-file checks need besides them
    (context_results reads them). `digests`: see scan_file."""
    if listing is None:
        from .prepare import list_paths

        listing = list_paths(paths, settings, cache)
    targets, notes, stats = listing.targets, listing.notes, listing.stats
    levels = levels_for(rules, settings)
    results = _scan_all(targets, settings, selected, levels, jobs, progress=progress, cache=cache, stats=stats,
                        digests=digests)
    return results, notes, project_context(targets, results, settings, selected, cache)


def context_results(context: Context, settings: Settings, rules: dict[str, Rule], selected: frozenset[str],
                    jobs: int = 1, cache: ResultCache | None = None) -> list[FileResult]:
    """The facts of the context's files, from the cache or collected (a staged context's
    facts that the cache cannot give back are collected again here, from the same content)."""
    levels = levels_for(rules, settings)
    targets = context.targets
    staged = context.staged
    out = _scan_all(targets, settings, selected, levels, jobs, collect_only=True, cache=cache, staged=staged)
    if staged is not None:
        from .cache import collected

        for i, fr in enumerate(out):
            if fr.packed_collected is not None and collected(fr) is None:
                data = staged.contents([fr.path]).get(fr.path)
                target = Target(fr.path, str(Path(settings.root) / fr.path), False)
                out[i] = FileResult(fr.path) if data is None else \
                    _scan_file(target, settings, selected, levels, True, data)
    return out


def project_facts(results: Iterable[FileResult], settings: Settings, selected: frozenset[str],
                  levels: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """The facts cross-file checks collected, by check name and path (a file whose facts
    the cache holds but cannot give back is collected again)."""
    facts: dict[str, dict[str, Any]] = defaultdict(dict)
    for fr in results:
        if fr.packed_collected is not None:
            from .cache import collected

            if collected(fr) is None:
                again = _scan_file(Target(fr.path, str(Path(settings.root) / fr.path), False), settings, selected,
                                   levels, collect_only=True)
                fr.collected, fr.packed_collected = again.collected, None
        for name, value in fr.collected.items():
            facts[name][fr.path] = value
    return facts


def run(paths: list[str], settings: Settings, rules: dict[str, Rule], selected: frozenset[str],
        jobs: int = 1, progress: Callable[[int, int], None] | None = None,
        cache: ResultCache | None = None,
        ) -> tuple[list[FileResult], list[Notification], dict[str, dict[str, Any]]]:
    """Scan the paths: per-file results, discovery notifications and project facts."""
    results, notes, context = scan_paths(paths, settings, rules, selected, jobs, progress, cache)
    more = context_results(context, settings, rules, selected, jobs, cache)
    return results, notes, project_facts((*results, *more), settings, selected, levels_for(rules, settings))


Withdrawn: TypeAlias = "set[tuple[str, str, int, int]]"  # (path, rule, span start, span end)


def project_results(facts: dict[str, dict[str, Any]], settings: Settings,
                    selected: frozenset[str], levels: Mapping[str, str], scanned: set[str],
                    secrets: Mapping[str, AbstractSet[str]] | None = None, hidden: set[str] | None = None,
                    withdrawn: Withdrawn | None = None) -> tuple[list[Result], list[Notification]]:
    """Cross-file findings, reported only in files that were scanned (not mere context), and
    their hidden values added to `hidden`. `secrets`: what the file checks found per file,
    masked in the source lines of these findings too. `withdrawn` gets the file results the
    cross-file facts withdraw (`Finding.withdraws`; `without_withdrawn` drops them)."""
    from . import checks as registry

    by_path: dict[str, list[Finding]] = defaultdict(list)
    notes: list[Notification] = []
    for check in registry.project_checks() if facts else ():
        if not selected.intersection(check.rules) or not facts.get(check.name):
            continue  # no file added facts: nothing to report, nothing to import
        for f in check.finish(facts.get(check.name, {}), settings):
            if f.withdraws:
                if withdrawn is not None:
                    withdrawn.add((f.path, f.rule_id, f.span.start, f.span.end))
            elif f.rule_id in selected and f.path in scanned:
                by_path[f.path].append(f)
    out: list[Result] = []
    hidden = set() if hidden is None else hidden
    for path, findings in sorted(by_path.items()):
        stdin = settings.stdin_data is not None and path == (settings.stdin_name or "-")
        abspath = "" if stdin else str(Path(settings.root) / path)
        source = read_source(Target(path, abspath, True), settings)
        if isinstance(source, (Binary, OfNoKind)):
            continue
        if isinstance(source, Notification):
            notes.append(source)
            continue
        mine = hidden_values(findings, source)
        hidden |= mine
        out.extend(resolve(findings, source, levels, mine | (secrets or {}).get(path, set())))
    return out, notes


def without_withdrawn(results: Iterable[Result], withdrawn: AbstractSet[tuple[str, str, int, int]]) -> list[Result]:
    """The file results but those a cross-file check withdrew (`project_results`)."""
    return [r for r in results if (r.path, r.rule_id, r.span.start, r.span.end) not in withdrawn] \
        if withdrawn else list(results)


def apply_config_ignores(results: Iterable[Result], settings: Settings,
                         rules: dict[str, Rule]) -> list[Result]:
    """Drop results matched by `ignores:` entries (`path`, `path:line` or a glob)."""
    from .rulesmeta import resolve as resolve_ref

    by_rule: dict[str, list[str]] = defaultdict(list)
    for ref, paths in settings.ignores.items():
        for rid in resolve_ref(rules, ref):
            by_rule[rid].extend(paths)
    out = []
    for r in results:
        hit = False
        for g in by_rule.get(r.rule_id, []):
            path, _, line = g.partition(":")
            if line.isdigit():
                hit = matches(r.path, (path,)) and r.start.line <= int(line) <= r.end.line
            else:
                hit = matches(r.path, (g,))
            if hit:
                break
        if not hit:
            out.append(r)
    return out
