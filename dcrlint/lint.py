"""One lint run from paths to a finished Scan: engine, suppressions, baseline, meta findings."""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import engine, testpaths
from .config import ConfigError, Settings
from .findings import TEMPLATE_UNREADABLE, Notification, Position, Result
from .fingerprint import VERSION as BASELINE_VERSION
from .fingerprint import fingerprint
from .prepare import Options as Options  # re-exported for callers
from .prepare import prepare
from .prepare import selection as selection  # re-exported for callers
from .reading import Unreadable, read_text
from .records import replace
from .redact import Redactor, redactor_for
from .rulesmeta import Rule, resolve
from .source import Span
from .suppress import Directive, target

if TYPE_CHECKING:
    from .cache import ResultCache
    from .fileresult import FileResult
    from .prepare import Prepared


def _at(line: int, column: int, astral: int) -> Position:
    return Position(line, column, column + astral if astral else 0)


def _meta(rule_id: str, path: str, d: Directive, message: str, level: str, occurrence: int,
          scrub: Callable[[str], str]) -> Result:
    """A finding about a directive; its fingerprint follows the directive's text, not its
    line, so that moving the comment keeps it."""
    context = (",".join(d.refs) or d.tool) + "\0" + scrub(d.reason)
    return Result(
        path=path, start=_at(d.line, d.column, d.astral[0]), end=_at(d.line, max(d.end_column, d.column), d.astral[1]),
        rule_id=rule_id, message=message, level=level,
        fingerprint=fingerprint(rule_id, path, ("directive",), context, occurrence),
        span=Span(0, 0),
    )


def _apply_directives(results: list[Result], directives: dict[str, Sequence[Directive]],
                      rules: dict[str, Rule], options: Options, settings: Settings,
                      levels: dict[str, str], selected: frozenset[str],
                      redactor: Redactor) -> tuple[list[Result], list[Result]]:
    """Split results into kept and suppressed; add meta findings about the directives."""
    today = settings.now.date()
    kept: list[Result] = []
    suppressed: list[Result] = []
    # A directive by its file, line and column: one line may hold two (dcrlint's and another tool's).
    used: set[tuple[str, int, int]] = set()
    meta: list[Result] = []
    resolved: dict[tuple[str, int, int], tuple[str, ...]] = {}
    occurrence: dict[tuple[str, int, int], int] = {}
    # What another scanner's allowlist comment covers: the findings of a secret written on its
    # line and of that secret's age, not a practice finding.
    secret_rules = tuple(sorted(rid for rid, rule in rules.items() if rule.kind in ("presence", "lifecycle")))
    for path, ds in directives.items():
        seen: Counter[tuple[tuple[str, ...], str, str]] = Counter()
        for d in ds:
            seen[(d.refs, d.reason, d.tool)] += 1
            occurrence[(path, d.line, d.column)] = seen[(d.refs, d.reason, d.tool)]

    def meta_of(rule_id: str, path: str, d: Directive, message: str) -> Result:
        return _meta(rule_id, path, d, message, levels[rule_id], occurrence[(path, d.line, d.column)],
                     redactor.scrub)

    for path, ds in directives.items():
        for d in ds:
            if d.tool:
                resolved[(path, d.line, d.column)] = secret_rules
                continue  # its reason is asked for below, once it suppresses something
            ids: list[str] = []
            for ref in d.refs:
                try:
                    ids.extend(resolve(rules, ref))
                except ConfigError:
                    meta.append(meta_of("DCR902", path, d, f"suppression names unknown rule {ref!r}"))
            resolved[(path, d.line, d.column)] = tuple(ids)
            if d.problem:
                meta.append(meta_of("DCR902", path, d, f"suppression refused: {d.problem}"))
            elif d.expires is not None and d.expires < today:
                expired = f"suppression expired on {d.expires.isoformat()}"
                meta.append(meta_of("DCR902", path, d, expired))
            elif options.require_reasons and not d.reason:
                meta.append(meta_of("DCR901", path, d, "suppression without a reason"))
    # The directives in force of each file by the line they cover (sorted, with their order in
    # the file): a result asks those on its lines, not each directive of its file.
    by_target: dict[str, list[tuple[int, int, Directive]]] = {
        path: sorted((target(d), i, d) for i, d in enumerate(ds)
                     if not d.problem and not (d.expires is not None and d.expires < today))
        for path, ds in directives.items()}
    for r in results:
        hit = None
        targets = by_target.get(r.path, [])
        # Bounds below any order of the first line and of the line after the last: the order
        # counts every directive of the file (refused and expired ones too), not those in force.
        lo = bisect.bisect_left(targets, (r.start.line, -1))
        hi = bisect.bisect_left(targets, (r.end.line + 1, -1))
        for _, _, d in sorted(targets[lo:hi], key=lambda t: t[1]):  # the first in the file
            if r.rule_id in resolved[(r.path, d.line, d.column)]:
                hit = d
                break
        if hit is None:
            kept.append(r)
        else:
            used.add((r.path, hit.line, hit.column))
            suppressed.append(replace(r, suppressed_by="inSource", justification=hit.reason or hit.tool))
    for path, ds in directives.items():
        for d in ds:
            if not d.tool:
                if options.report_unused_ignores and not d.problem and (path, d.line, d.column) not in used:
                    meta.append(meta_of("DCR900", path, d, "suppression suppresses nothing"))
            # Another scanner's comment that suppresses nothing may serve that scanner: no
            # DCR900, nor a DCR901 for the reason it lacks.
            elif options.require_reasons and not d.reason and (path, d.line, d.column) in used:
                meta.append(meta_of("DCR901", path, d, f"{d.tool} allowlist comment without a reason"))
    kept.extend(m for m in meta if m.rule_id in selected)
    return kept, suppressed


def load_baseline(path: str) -> set[str]:
    try:
        import json  # baselines only (start-up)

        data = json.loads(read_text(path))  # an editor may add a BOM: read_text drops it
        version = data.get("dcrlint-baseline") if isinstance(data, dict) else None
        if version == 1:
            raise ConfigError(
                f"{path}: baseline written by an older dcrlint, whose fingerprints hashed the "
                "secret; they cannot be matched any more. Write a new one with --write-baseline "
                "(and delete the old file: it helps anyone guess the passwords it hashed)")
        if version != BASELINE_VERSION:
            raise ValueError(f"unknown baseline version {version!r}")
        return _fingerprints(data.get("findings"))
    except Unreadable as e:
        raise ConfigError(f"{path}: {str(e).replace('; skipped', '')}") from None
    except ValueError as e:  # JSON syntax, version, or a key of the wrong type: say which
        raise ConfigError(f"{path}: not a dcrlint baseline ({e})") from None
    except (OSError, KeyError, TypeError, AttributeError, RecursionError) as e:
        raise ConfigError(f"{path}: not a dcrlint baseline ({type(e).__name__})") from None


def _fingerprints(findings: object) -> set[str]:
    """The fingerprints of a baseline's `findings`; a wrong type names the key."""
    if not isinstance(findings, list):
        raise ValueError(f"findings: expected a list, got {type(findings).__name__}")
    prints: set[str] = set()
    for i, entry in enumerate(findings):
        fingerprint = entry.get("fingerprint") if isinstance(entry, dict) else None
        if not isinstance(fingerprint, str):
            raise ValueError(f"findings[{i}].fingerprint: expected a string")
        prints.add(fingerprint)
    return prints


def baseline_text(results: list[Result]) -> str:
    """Hashes only, sorted, no lines or timestamps: the file does not churn in merges."""
    import json

    entries = sorted({(r.rule_id, r.fingerprint) for r in results})
    data = {"dcrlint-baseline": BASELINE_VERSION,
            "findings": [{"rule": a, "fingerprint": b} for a, b in entries]}
    return json.dumps(data, indent=2) + "\n"


def fold_template_notes(notes: list[Notification]) -> list[Notification]:
    """Go templates that are not YAML even masked, in one note rather than one per file."""
    templates = sorted((n for n in notes if n.message.startswith(TEMPLATE_UNREADABLE)),
                       key=lambda n: (n.path, n.line or 0))
    if len(templates) < 2:
        return notes
    first = templates[0]
    paths = sorted({n.path for n in templates} - {first.path})
    named = ", ".join(paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")
    message = (f"{TEMPLATE_UNREADABLE} in {len(paths) + 1} files (here at line {first.line}; also "
               f"{named}); their text is still scanned for known secret formats and URLs")
    folded = Notification(first.path, message, first.line, "note")
    return [n for n in notes if not n.message.startswith(TEMPLATE_UNREADABLE)] + [folded]


def lint(paths: list[str], settings: Settings, rules: dict[str, Rule], options: Options,
         prepared: Prepared | None = None) -> engine.Scan:
    """`prepared`: the run as `prepare` set it up (its files listed), if it was."""
    if prepared is None:
        prepared = prepare(paths, settings, rules, options)
    selected, levels, cache = prepared.selected, prepared.levels, prepared.cache
    file_results, notes, context = engine.scan_paths(paths, settings, rules, selected, options.jobs,
                                                     options.progress, cache, prepared.listing, options.digests)
    prepared.complete = not any(fr.over_budget for fr in file_results)
    prepared.shas = {fr.path: fr.sha for fr in file_results if fr.sha}
    scanned = {fr.path for fr in file_results if fr.scanned}
    more, more_notes, more_secrets, withdrawn = _project_results(file_results, context, settings, rules, selected,
                                                                 levels, scanned, options.jobs, cache)
    results = engine.without_withdrawn((r for fr in file_results for r in fr.results), withdrawn)
    if cache is not None:
        cache.flush(settings.root)
    results.extend(more)
    secrets = frozenset(s for fr in file_results for s in fr.secrets) | more_secrets
    redactor = redactor_for(secrets)
    notifications = notes + [n for fr in file_results for n in fr.notifications] + more_notes
    results = engine.apply_config_ignores(results, settings, rules)
    results = testpaths.mark(results, paths, Path(settings.root), settings.fixture_paths,
                             settings.fixture_level)
    suppressed: list[Result] = []
    if not options.no_ignores:
        directives = {fr.path: fr.directives for fr in file_results if fr.directives}
        results, suppressed = _apply_directives(results, directives, rules, options, settings,
                                                levels, selected, redactor)
    if options.baseline:
        known = load_baseline(options.baseline)
        by_state: dict[bool, list[Result]] = defaultdict(list)
        for r in results:
            by_state[r.fingerprint in known].append(r)
        results = [replace(r, baseline_state="new") for r in by_state[False]]
        suppressed += [replace(r, suppressed_by="external", baseline_state="unchanged",
                               justification="in baseline") for r in by_state[True]]
    results.sort(key=lambda r: r.sort_key)
    suppressed.sort(key=lambda r: r.sort_key)
    unique_notes = sorted(set(fold_template_notes(notifications)), key=lambda n: (n.path, n.line or 0, n.message))
    binary = sum(1 for fr in file_results if fr.binary)
    digests = {fr.path: fr.digest for fr in file_results if fr.digest}
    return engine.Scan(rules, results, unique_notes, len(scanned), suppressed, binary, secrets,
                       digests=digests)


# Cross-file results of the last few sets of inputs are kept (pre-commit runs alternate files).
_PROJECT_MEMOS = 8


def _project_results(file_results: list[FileResult], context: engine.Context, settings: Settings,
                     rules: dict[str, Rule], selected: frozenset[str], levels: dict[str, str], scanned: set[str],
                     jobs: int, cache: ResultCache | None
                     ) -> tuple[list[Result], list[Notification], set[str], set[tuple[str, str, int, int]]]:
    """engine.project_results over the facts of every file and of the context (and the file
    results they withdraw); with a cache, taken from it when every file is the one it was
    (cross-file results depend on nothing else)."""
    context_results: list[FileResult] | None = None
    if cache is not None and context.key is None and context.targets:
        context_results = engine.context_results(context, settings, rules, selected, jobs, cache)
    promised = context.key
    key = _inputs_key(file_results, promised, context_results or []) if cache is not None else None
    memo = cache.memo("project") if cache is not None and key is not None else {}
    shas = {fr.path: fr.sha for fr in file_results if fr.sha}
    if key is not None and cache is not None:
        hit = _project_memo(memo.get(key), shas, settings, cache)
        if hit is not None:
            return hit
    if context_results is None:
        context_results = engine.context_results(context, settings, rules, selected, jobs, cache)
    facts = engine.project_facts((*file_results, *context_results), settings, selected, levels)
    found = {fr.path: fr.secrets for fr in file_results if fr.secrets}
    more_secrets: set[str] = set()
    withdrawn: set[tuple[str, str, int, int]] = set()
    more, more_notes = engine.project_results(facts, settings, selected, levels, scanned, found,
                                              more_secrets, withdrawn)
    if key is not None and cache is not None and context.key == promised and cache.deps_known:
        # (the context's rows are read anew if they were gone: then its key may have changed)
        stored = _store_project(more, more_notes, more_secrets, withdrawn, shas, settings, dict(sorted(cache.deps)))
        if stored is not None:
            table = {k: v for k, v in memo.items() if k != key}
            table[key] = stored
            cache.set_memo("project", dict(list(table.items())[-_PROJECT_MEMOS:]))
    return more, more_notes, more_secrets, withdrawn


def _inputs_key(file_results: list[FileResult], context_key: str | None, context_results: list[FileResult]
                ) -> str | None:
    """A hash of every file's path and content (the context's by its key, when it has one),
    None when one holding facts or scanned is not known by its content."""
    from .sha import sha256

    lines = [f"context\0{context_key}"] if context_key is not None else []
    for tag, frs in (("f", file_results), ("c", context_results)):
        for fr in frs:
            if not fr.sha:
                if fr.scanned or fr.collected or fr.packed_collected is not None:
                    return None
                continue
            lines.append(f"{tag}\0{fr.path}\0{fr.sha}")
    return sha256("\n".join(lines).encode("utf-8", "surrogateescape")).hexdigest()


def _store_project(results: list[Result], notes: list[Notification], secrets: set[str],
                   withdrawn: set[tuple[str, str, int, int]], shas: dict[str, str], settings: Settings,
                   deps: dict[str, str]) -> list[Any] | None:
    """The cross-file results as a cache memo; their secrets sealed with the content of the
    file they were found in (only a file with a finding shows one). `deps`: the other files
    the scans of every input looked at (depends.py), found unchanged before the memo is used:
    a context file's content is keyed, not what its scan read beside it (a kustomization)."""
    from .cache import encode, seal_all

    by_path: dict[str, list[str]] = {}
    covered: set[str] = set()
    if secrets:
        for path in sorted({r.path for r in results}):
            content = _content(path, shas, settings)
            if content is None:
                return None
            text = content.decode("utf-8", "surrogateescape")
            mine = {s for s in secrets if s in text}
            if mine:
                by_path[path] = seal_all(mine, content)
                covered |= mine
        if covered != secrets:
            return None  # a secret not written as such in a file with a finding: not cached
    try:
        return [encode(results), encode(notes), by_path, deps, sorted(list(w) for w in withdrawn)]
    except (TypeError, ValueError, RecursionError):
        return None


def _project_memo(stored: Any, shas: dict[str, str], settings: Settings, cache: ResultCache
                  ) -> tuple[list[Result], list[Notification], set[str], set[tuple[str, str, int, int]]] | None:
    from .cache import decode, open_all

    if not isinstance(stored, list) or len(stored) != 5 or not isinstance(stored[2], dict) \
            or not cache.unchanged(stored[3]) or not isinstance(stored[4], list):
        return None
    withdrawn: set[tuple[str, str, int, int]] = set()
    for w in stored[4]:
        if not (isinstance(w, list) and len(w) == 4 and isinstance(w[0], str) and isinstance(w[1], str)
                and isinstance(w[2], int) and isinstance(w[3], int)):
            return None
        withdrawn.add((w[0], w[1], w[2], w[3]))
    try:
        results, notes = decode(stored[0]), decode(stored[1])
        secrets: set[str] = set()
        for path, sealed in stored[2].items():
            content = _content(path, shas, settings)
            if content is None:
                return None
            secrets |= open_all(sealed, content)
    except (ValueError, KeyError, TypeError, AttributeError, ImportError, RecursionError):
        return None
    if not (isinstance(results, list) and all(isinstance(r, Result) for r in results)
            and isinstance(notes, list) and all(isinstance(n, Notification) for n in notes)):
        return None
    return results, notes, secrets, withdrawn


def _content(path: str, shas: dict[str, str], settings: Settings) -> bytes | None:
    """The bytes of a scanned file, if they are still those it was scanned as."""
    from .cache import content_hash
    from .reading import Unreadable, read_bytes

    try:
        data = read_bytes(str(Path(settings.root) / path), settings.max_file_size)
    except Unreadable:
        return None
    return data if path in shas and content_hash(data) == shas[path] else None
