"""`--fix` and `--diff`: apply the safe fixes of a scan's results to the files.

All edits of a file are applied at once, from the end of the file backwards. A fix is applied
whole or not at all: identical edits of several fixes are made once, insertions with entries
at one place are joined (findings.Edit); a fix whose edit overlaps a different edit already
taken is left for the next run. A file is never written when its new
text fails to parse where the old text parsed.
"""

from __future__ import annotations

import bisect
import contextlib
import difflib
import os
import stat
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

from .classify import FileKind, classify_text
from .config import Settings
from .findings import Notification, ResolvedEdit, ResolvedFix, Result
from .reading import Unreadable, decode, digest, encode, read_bytes
from .records import field, lazy_dataclass
from .source import SourceFile, Span


@lazy_dataclass
class FilePlan:
    """The fixes of one file and the text they produce."""

    path: str  # relative, as reports show it
    abspath: str
    old: str  # decoded text, without BOM
    new: str
    encoding: str  # as reading.decode gives it: "" for UTF-8 without BOM
    fixed: list[Result] = field(default_factory=list)  # results whose fix is in `new`
    left: list[Result] = field(default_factory=list)  # fixable results left for a later run

    @property
    def changed(self) -> bool:
        return self.new != self.old


@lazy_dataclass
class FixRun:
    plans: list[FilePlan]
    notifications: list[Notification]
    not_written: dict[str, str] = field(default_factory=dict)  # path -> why it was left alone

    @property
    def changed(self) -> list[FilePlan]:
        return [p for p in self.plans if p.changed]

    @property
    def written(self) -> list[FilePlan]:
        return [p for p in self.changed if p.path not in self.not_written]

    @property
    def fixed_count(self) -> int:
        return sum(len(p.fixed) for p in self.written)


# --------------------------------------------------------------------------- planning


def _overlaps(a: Span, b: Span) -> bool:
    if a.start == a.end or b.start == b.end:
        # An insertion conflicts with an insertion at the same place or inside a replacement.
        if a.start == a.end and b.start == b.end:
            return a.start == b.start
        ins, rep = (a, b) if a.start == a.end else (b, a)
        return rep.start < ins.start < rep.end
    return a.start < b.end and b.start < a.end


def _line_ending(text: str) -> str:
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf >= text.count("\n") - crlf else "\n"


def _edit_text(text: str, newline: str) -> str:
    if newline == "\n" or "\n" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\n", newline)


def apply_edits(text: str, edits: Iterable[tuple[Span, str]]) -> str:
    """Replace non-overlapping spans; an insertion at the start of a replacement lands before it."""
    ordered = sorted(set(edits), key=lambda e: (e[0].start, e[0].end))
    pieces: list[str] = []
    at = 0
    for span, new in ordered:
        if span.start < at:  # overlapping edits: applied one over the other, from the end
            return _apply_backwards(text, ordered)
        pieces += (text[at : span.start], new)
        at = span.end
    pieces.append(text[at:])
    return "".join(pieces)


def _apply_backwards(text: str, ordered: list[tuple[Span, str]]) -> str:
    out = text
    for span, new in reversed(ordered):
        out = out[: span.start] + new + out[span.end :]
    return out


class _Taken:
    """Edits accepted so far, indexed so that each new one is checked against all of them in
    O(log n) (`_overlaps` against every one made thousands of fixes in a file quadratic).
    Insertions with entries at one place join (see findings.Edit): their shared head once,
    then every entry once, sorted by key, written as one insertion."""

    def __init__(self) -> None:
        self.edits: list[tuple[Span, str]] = []  # edits without entries
        self.seen: set[tuple[Span, str]] = set()
        self.points: list[int] = []  # places of insertions (sorted)
        self.plain: set[int] = set()  # places of insertions without entries
        self.joins: dict[int, tuple[str, dict[str, str]]] = {}  # place -> (head, key -> entry)
        self.starts: list[int] = []  # replacements, pairwise disjoint (sorted by start)
        self.ends: list[int] = []

    def conflicts(self, edit: _Edit) -> bool:
        span = edit.span
        s, e = span.start, span.end
        i = bisect.bisect_left(self.starts, e if e > s else s)  # replacements starting before
        if i and self.ends[i - 1] > s:
            return True
        if s == e:
            if not edit.entries:
                return s in self.plain or s in self.joins
            if s in self.plain:
                return True
            joined = self.joins.get(s)
            return joined is not None and (
                joined[0] != edit.head or any(joined[1].get(k, t) != t for k, t in edit.entries))
        k = bisect.bisect_right(self.points, s)  # an insertion strictly inside
        return k < len(self.points) and self.points[k] < e

    def add(self, edit: _Edit) -> None:
        span = edit.span
        if edit.entries:
            if span.start not in self.joins:
                self.joins[span.start] = (edit.head, {})
                bisect.insort(self.points, span.start)
            self.joins[span.start][1].update(edit.entries)
            return
        plain = (span, edit.head)
        if plain in self.seen:
            return
        self.seen.add(plain)
        self.edits.append(plain)
        if span.start == span.end:
            self.plain.add(span.start)
            bisect.insort(self.points, span.start)
        else:
            i = bisect.bisect_left(self.starts, span.start)
            self.starts.insert(i, span.start)
            self.ends.insert(i, span.end)

    def all_edits(self) -> list[tuple[Span, str]]:
        joined = [(Span(at, at), head + "".join(entry for _, entry in sorted(entries.items())))
                  for at, (head, entries) in sorted(self.joins.items())]
        return [*self.edits, *joined]


@lazy_dataclass(frozen=True)
class _Edit:
    """An edit as the fixer takes it, line breaks as the file writes them: `head` (all the text
    of an edit without entries), then the entries (key, text)."""

    span: Span
    head: str
    entries: tuple[tuple[str, str], ...] = ()

    @property
    def plain(self) -> tuple[Span, str]:
        return self.span, self.head + "".join(t for _, t in self.entries)


def _edit(e: ResolvedEdit, newline: str) -> _Edit:
    """An edit whose entries do not cut its text into head and entries (unique keys) is taken
    as a plain one."""
    if e.entries and e.span.start == e.span.end:
        cuts = [e.shared] + [end for _, end in e.entries]
        keys = [k for k, _ in e.entries]
        if cuts == sorted(cuts) and cuts[0] >= 0 and cuts[-1] == len(e.text) and len(set(keys)) == len(keys):
            parts = zip(keys, cuts[:-1], cuts[1:], strict=True)
            return _Edit(e.span, _edit_text(e.text[: e.shared], newline),
                         tuple((k, _edit_text(e.text[a:b], newline)) for k, a, b in parts))
    return _Edit(e.span, _edit_text(e.text, newline))


def select_fixes(results: list[Result], newline: str = "\n"
                 ) -> tuple[list[Result], list[Result], list[tuple[Span, str]]]:
    """Results whose fixes can be applied together (first one wins), the others, the edits."""
    taken = _Taken()
    fixed: list[Result] = []
    left: list[Result] = []
    for r in results:
        assert r.fix is not None
        edits = [_edit(e, newline) for e in r.fix.edits]
        ok = all((not e.entries and e.plain in taken.seen) or not taken.conflicts(e) for e in edits) \
            and not _self_overlap([e.plain for e in edits])
        if not ok:
            left.append(r)
            continue
        fixed.append(r)
        for e in edits:
            taken.add(e)
    return fixed, left, taken.all_edits()


def _self_overlap(edits: list[tuple[Span, str]]) -> bool:
    distinct = list(dict.fromkeys(edits))
    return any(_overlaps(a[0], b[0]) for i, a in enumerate(distinct) for b in distinct[i + 1 :])


def _fixable(r: Result, unsafe: bool = False) -> bool:
    return isinstance(r.fix, ResolvedFix) and bool(r.fix.edits) and (r.fix.safe or unsafe)


def unsafe_left(results: Iterable[Result]) -> int:
    """How many results have a fix that only `--unsafe-fixes` applies."""
    return sum(1 for r in results if _fixable(r, unsafe=True) and not _fixable(r))


# --------------------------------------------------------------------------- parse checks


def _problems(text: str, path: str, abspath: str, kind: FileKind, settings: Settings) -> int | None:
    """How badly the text parses for its kind: None when it does not parse at all (YAML),
    else a count of errors (Groovy lexer errors, shell ERROR nodes)."""
    from .scanned import ScannedFile

    source = SourceFile(path, text, abspath)
    if kind.is_yaml:
        from .yamlsrc import YamlError, compose

        try:
            compose(source)
        except YamlError:
            return None
    count = 0
    if kind is FileKind.JENKINSFILE:
        from .groovy import tokenize

        count += sum(1 for t in tokenize(text) if t.error)
    try:
        file = ScannedFile(source, kind, settings)
        count += sum(len(script.errors) for _, script in file.shell_scripts)
    except Exception:  # a context that cannot be read counts as broken
        return None
    return count


def _parses_as_well(old: str, new: str, path: str, abspath: str, settings: Settings) -> bool:
    kind = classify_text(path, old)
    if kind is FileKind.OTHER:
        return True
    before = _problems(old, path, abspath, kind, settings)
    if before is None:
        return True  # it did not parse before: nothing to keep
    after = _problems(new, path, abspath, kind, settings)
    return after is not None and after <= before


# --------------------------------------------------------------------------- the run


def _read(abspath: str, settings: Settings) -> tuple[str, str] | None:
    try:
        return decode(read_bytes(abspath, settings.max_file_size))
    except Unreadable:
        return None


def plan(results: list[Result], settings: Settings,
         digests: Mapping[str, str] | None = None, unsafe: bool = False) -> FixRun:
    """What --fix would write, file by file; nothing is written. `digests` (path -> digest of
    the text the scan read) tells a file changed since the scan, whose offsets are stale.
    Safe fixes only, unless `unsafe` (`--unsafe-fixes`)."""
    by_path: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        if _fixable(r, unsafe):
            by_path[r.path].append(r)
    root = Path(settings.root)
    plans: list[FilePlan] = []
    notes: list[Notification] = []
    for path, rs in sorted(by_path.items()):
        abspath = str(root / path)
        read = _read(abspath, settings)
        if read is None:
            notes.append(Notification(path, "cannot read the file again; not fixed"))
            continue
        old, encoding = read
        newline = _line_ending(old)
        fixed, left, edits = select_fixes(rs, newline)
        stale = digests.get(path) != digest(old) if digests is not None else False
        if stale or any(span.end > len(old) for span, _ in edits):
            notes.append(Notification(path, "changed since the scan; not fixed"))
            continue
        new = apply_edits(old, edits)
        if new != old and not _parses_as_well(old, new, path, abspath, settings):
            fixed, left, new = _one_by_one(old, fixed, left, newline, path, abspath, settings)
            if left:
                notes.append(Notification(
                    path, f"{len(left)} fix(es) not applied: the file would no longer parse"))
        plans.append(FilePlan(path, abspath, old, new, encoding, fixed, left))
    return FixRun(plans, notes)


def _one_by_one(old: str, fixed: list[Result], left: list[Result], newline: str, path: str,
                abspath: str, settings: Settings) -> tuple[list[Result], list[Result], str]:
    """Add the fixes one at a time, keeping each that leaves the file parsing."""
    keep: list[Result] = []
    text = old
    for r in fixed:
        _, _, edits = select_fixes([*keep, r], newline)
        candidate = apply_edits(old, edits)
        if _parses_as_well(old, candidate, path, abspath, settings):
            keep.append(r)
            text = candidate
        else:
            left = [*left, r]
    return keep, left, text


def write(run: FixRun, settings: Settings) -> list[Notification]:
    """Write the changed files, each atomically (a temporary file in the same folder, synced,
    then renamed over the original): a failure leaves the original as it was. A file is left
    alone when it changed since it was planned, is read-only, or is a symbolic link to a file
    outside the scanned tree. Returns one notification per file not written."""
    root = os.path.realpath(settings.root)
    notes: list[Notification] = []
    for p in run.changed:
        why = _write_one(p, root, settings)
        if why:
            run.not_written[p.path] = why
            notes.append(Notification(p.path, f"{why}; not fixed"))
    return notes


def _write_one(p: FilePlan, root: str, settings: Settings) -> str | None:
    target = os.path.realpath(p.abspath)
    if target != os.path.abspath(p.abspath) and os.path.commonpath([root, target]) != root:
        return "a symbolic link to a file outside the scanned tree"
    try:
        st = os.stat(target)
    except OSError as e:
        return f"cannot read the file again ({e.strerror})"
    if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
        return "read-only"
    now = _read(target, settings)
    if now is None or now != (p.old, p.encoding):
        return "changed since the scan"
    folder, name = os.path.split(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".dcrlint-fix", dir=folder)
    except OSError as e:
        return f"cannot write in its folder ({e.strerror})"
    try:
        with os.fdopen(fd, "wb") as fh:  # bytes: line endings exactly as in the text
            fh.write(encode(p.new, p.encoding))
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        if hasattr(os, "chown"):
            with contextlib.suppress(OSError):  # keep the owner where we may
                os.chown(tmp, st.st_uid, st.st_gid)
        os.replace(tmp, target)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return f"cannot write ({e.strerror or type(e).__name__}); the file is unchanged"
    _sync_folder(folder)
    return None


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable (POSIX); nothing to do where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def diff(run: FixRun, secrets: Iterable[str] = ()) -> tuple[str, list[Notification]]:
    """Unified diff of the planned changes (a/ b/ prefixes, relative paths), which `git apply`
    and `patch` take. Up to three lines of context, fewer where a context line holds a known
    secret; a file is withheld when a changed line holds one, or when a hunk in the middle of
    the file would have no context after it (git apply cannot place such a hunk). A hunk that
    holds an unsafe fix says so after its `@@` line numbers (where git writes a function name,
    which `git apply` and `patch` ignore): `@@ -3,4 +3,6 @@ unsafe fix: DCR020`."""
    hidden = sorted({s for s in secrets if s}, key=len, reverse=True)
    out: list[str] = []
    notes: list[Notification] = []
    for p in run.changed:
        text = _file_diff(_lines(p.old), _lines(p.new), p.path, hidden, _unsafe_lines(p))
        if text is None:
            notes.append(Notification(p.path, "diff withheld: a changed line, or every line after it, "
                                              "holds a secret; run --fix to apply"))
        else:
            out.append(text)
    return "".join(out), notes


_CONTEXT = 3


def _unsafe_lines(p: FilePlan) -> dict[int, set[str]]:
    """Old-text line indexes (0-based) that the unsafe fixes of a file change, with their rules."""
    starts = [0] + [i + 1 for i, c in enumerate(p.old) if c == "\n"]
    marks: dict[int, set[str]] = defaultdict(set)
    for r in p.fixed:
        if r.fix is None or r.fix.safe:
            continue
        for e in r.fix.edits:
            first = bisect.bisect_right(starts, e.span.start) - 1
            last = bisect.bisect_right(starts, max(e.span.end - 1, e.span.start)) - 1
            for line in range(first, last + 1):
                marks[line].add(r.rule_id)
    return marks


def _file_diff(a: list[str], b: list[str], path: str, hidden: list[str],
               unsafe: Mapping[int, set[str]] | None = None) -> str | None:
    def clean(line: str) -> bool:
        return not any(s in line for s in hidden)

    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    if any(not clean(line) for _, i1, i2, j1, j2 in changes for line in (*a[i1:i2], *b[j1:j2])):
        return None
    # Changes whose gap is short and free of secrets share a hunk, the gap as context.
    groups: list[list[tuple[str, int, int, int, int]]] = []
    for op in changes:
        if groups:
            last = groups[-1][-1]
            gap = a[last[2] : op[1]]
            if len(gap) <= 2 * _CONTEXT and all(clean(line) for line in gap):
                groups[-1].append(op)
                continue
        groups.append([op])
    out = [f"--- a/{path}\n", f"+++ b/{path}\n"]
    for group in groups:
        i1, j1 = group[0][1], group[0][3]
        i2, j2 = group[-1][2], group[-1][4]
        before = 0
        while before < _CONTEXT and i1 - before > 0 and clean(a[i1 - before - 1]):
            before += 1
        after = 0
        while after < _CONTEXT and i2 + after < len(a) and clean(a[i2 + after]):
            after += 1
        if after == 0 and i2 < len(a):
            return None
        body: list[str] = [" " + line for line in a[i1 - before : i1]]
        for k, (_, o1, o2, n1, n2) in enumerate(group):
            if k:
                body += [" " + line for line in a[group[k - 1][2] : o1]]
            body += ["-" + line for line in a[o1:o2]] + ["+" + line for line in b[n1:n2]]
        body += [" " + line for line in a[i2 : i2 + after]]
        old = _range(i1 - before, i2 + after)
        new = _range(j1 - before, j2 + after)
        rules = sorted({rule for _, o1, o2, _, _ in group for line in range(o1, max(o2, o1 + 1))
                        for rule in (unsafe or {}).get(line, ())})
        mark = f" unsafe fix: {', '.join(rules)}" if rules else ""
        out.append(f"@@ -{old} +{new} @@{mark}\n")
        out += [line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in body]
    return "".join(out)


def _range(start: int, stop: int) -> str:
    """A hunk range as unified diffs write it (1-based; an empty range names the line before)."""
    length = stop - start
    if length == 1:
        return f"{start + 1}"
    return f"{start + (1 if length else 0)},{length}"


def _lines(text: str) -> list[str]:
    """Lines split at "\n" only (what patch and git apply count), each keeping its break."""
    parts = text.split("\n")
    out = [line + "\n" for line in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def secrets_of(results: Iterable[Result], run: FixRun, presence: Iterable[str] = ()) -> set[str]:
    """The literal secrets of the planned files, as the results' masked spans point at them.
    A result of a rule that is not about a secret value (an image reference of DCR020) does
    not make its own span a secret; `presence` names the rules whose values are secrets."""
    secret_rules = {*presence, "DCR001"}  # DCR001 points at the password itself
    texts = {p.path: p.old for p in run.plans}
    out: set[str] = set()
    for r in results:
        text = texts.get(r.path)
        if text is None:
            continue
        for s in r.masked_spans:
            if s == r.span and r.rule_id not in secret_rules:
                continue
            value = text[s.start : s.end]
            if value.strip():
                out.add(value)
    return out


def summary(run: FixRun) -> str:
    """Which files were fixed and which were not."""
    files = [p.path for p in run.written]
    n = run.fixed_count
    out = f"fixed {n} finding{'s' if n != 1 else ''} in {len(files)} file{'s' if len(files) != 1 else ''}"
    if files:
        out += f" ({', '.join(files)})"
    left = sorted({*run.not_written, *(n.path for n in run.notifications)})
    if left:
        out += f"; not fixed: {', '.join(left)}"
    return out
