"""One lint run from paths to a finished Scan: engine, suppressions, baseline, meta findings."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from . import engine, testpaths
from .config import ConfigError, Settings
from .findings import Notification, Position, Result
from .fingerprint import VERSION as BASELINE_VERSION
from .fingerprint import fingerprint
from .reading import Unreadable, read_text
from .redact import Redactor, redactor_for
from .rulesmeta import Rule, levels_for, resolve
from .source import Span
from .suppress import Directive, covers


@dataclass(frozen=True)
class Options:
    jobs: int = 1
    no_ignores: bool = False
    require_reasons: bool = False
    report_unused_ignores: bool = False
    baseline: str | None = None
    progress: Callable[[int, int], None] | None = None  # (files done, files in all), on a terminal
    cache_dir: str | None = None  # the result cache's folder; None: no cache


def selection(rules: dict[str, Rule], select: tuple[str, ...], ignore: tuple[str, ...]) -> frozenset[str]:
    chosen = set(rules) if not select else {rid for ref in select for rid in resolve(rules, ref)}
    chosen -= {rid for ref in ignore for rid in resolve(rules, ref)}
    return frozenset(chosen)


def _meta(rule_id: str, path: str, d: Directive, message: str, level: str, occurrence: int,
          scrub: Callable[[str], str]) -> Result:
    """A finding about a directive; its fingerprint follows the directive's text, not its
    line, so that moving the comment keeps it."""
    at = Position(d.line, d.column)
    context = ",".join(d.refs) + "\0" + scrub(d.reason)
    return Result(
        path=path, start=at, end=at, rule_id=rule_id, message=message, level=level,
        fingerprint=fingerprint(rule_id, path, ("directive",), context, occurrence),
        span=Span(0, 0),
    )


def _apply_directives(results: list[Result], directives: dict[str, list[Directive]],
                      rules: dict[str, Rule], options: Options, settings: Settings,
                      levels: dict[str, str], selected: frozenset[str],
                      redactor: Redactor) -> tuple[list[Result], list[Result]]:
    """Split results into kept and suppressed; add meta findings about the directives."""
    today = settings.now.date()
    kept: list[Result] = []
    suppressed: list[Result] = []
    used: set[tuple[str, int]] = set()
    meta: list[Result] = []
    resolved: dict[tuple[str, int], tuple[str, ...]] = {}
    occurrence: dict[tuple[str, int], int] = {}
    for path, ds in directives.items():
        seen: Counter[tuple[tuple[str, ...], str]] = Counter()
        for d in ds:
            seen[(d.refs, d.reason)] += 1
            occurrence[(path, d.line)] = seen[(d.refs, d.reason)]

    def meta_of(rule_id: str, path: str, d: Directive, message: str) -> Result:
        return _meta(rule_id, path, d, message, levels[rule_id], occurrence[(path, d.line)],
                     redactor.scrub)

    for path, ds in directives.items():
        for d in ds:
            ids: list[str] = []
            for ref in d.refs:
                try:
                    ids.extend(resolve(rules, ref))
                except ConfigError:
                    meta.append(meta_of("DCR902", path, d, f"suppression names unknown rule {ref!r}"))
            resolved[(path, d.line)] = tuple(ids)
            if d.problem:
                meta.append(meta_of("DCR902", path, d, f"suppression refused: {d.problem}"))
            elif d.expires is not None and d.expires < today:
                expired = f"suppression expired on {d.expires.isoformat()}"
                meta.append(meta_of("DCR902", path, d, expired))
            elif options.require_reasons and not d.reason:
                meta.append(meta_of("DCR901", path, d, "suppression without a reason"))
    for r in results:
        hit = None
        for d in directives.get(r.path, ()):
            if d.problem or (d.expires is not None and d.expires < today):
                continue
            if r.rule_id in resolved[(r.path, d.line)] and covers(d, r.start.line, r.end.line):
                hit = d
                break
        if hit is None:
            kept.append(r)
        else:
            used.add((r.path, hit.line))
            suppressed.append(replace(r, suppressed_by="inSource", justification=hit.reason))
    if options.report_unused_ignores:
        for path, ds in directives.items():
            for d in ds:
                if not d.problem and (path, d.line) not in used:
                    meta.append(meta_of("DCR900", path, d, "suppression suppresses nothing"))
    kept.extend(m for m in meta if m.rule_id in selected)
    return kept, suppressed


def load_baseline(path: str) -> set[str]:
    try:
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
    entries = sorted({(r.rule_id, r.fingerprint) for r in results})
    data = {"dcrlint-baseline": BASELINE_VERSION,
            "findings": [{"rule": a, "fingerprint": b} for a, b in entries]}
    return json.dumps(data, indent=2) + "\n"


def fold_template_notes(notes: list[Notification]) -> list[Notification]:
    """Go templates that are not YAML even masked, in one note rather than one per file."""
    from .yamlsrc import TEMPLATE_UNREADABLE

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


def lint(paths: list[str], settings: Settings, rules: dict[str, Rule], options: Options) -> engine.Scan:
    selected = selection(rules, settings.select, settings.ignore)
    levels = levels_for(rules, settings)
    cache = None
    if options.cache_dir and settings.stdin_data is None:
        from .cache import ResultCache, run_key

        cache = ResultCache(Path(options.cache_dir), run_key(settings, selected, levels),
                            settings.root if settings.git else None)
    file_results, notes, facts = engine.run(paths, settings, rules, selected, options.jobs,
                                              options.progress, cache)
    scanned = {fr.path for fr in file_results if fr.scanned}
    results = [r for fr in file_results for r in fr.results]
    found = {fr.path: fr.secrets for fr in file_results if fr.secrets}
    more_secrets: set[str] = set()
    more, more_notes = engine.project_results(facts, settings, selected, levels, scanned, found,
                                              more_secrets)
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
