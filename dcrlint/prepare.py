"""A run before its scan: the rules it reports, the result cache, the files it covers (listed,
with the kinds other files give them). Light on imports: a run that the cache replays
(replay.py) goes no further than this."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .classify import _COMPOSE, _KUSTOMIZATION
from .config import Settings
from .discover import Target, discover
from .findings import Notification
from .infra.helmscripts import may_install_charts, values_named_by
from .records import field, lazy_dataclass
from .rulesmeta import Rule, levels_for, resolve

if TYPE_CHECKING:
    from .cache import ResultCache


@lazy_dataclass(frozen=True)
class Options:
    jobs: int = 1
    no_ignores: bool = False
    require_reasons: bool = False
    report_unused_ignores: bool = False
    baseline: str | None = None
    progress: Callable[[int, int], None] | None = None  # (files done, files in all), on a terminal
    cache_dir: str | None = None  # the result cache's folder; None: no cache
    digests: bool = True  # the digests of the files with results (Scan.digests), which a fix plan needs


def selection(rules: dict[str, Rule], select: tuple[str, ...], ignore: tuple[str, ...]) -> frozenset[str]:
    chosen = set(rules) if not select else {rid for ref in select for rid in resolve(rules, ref)}
    chosen -= {rid for ref in ignore for rid in resolve(rules, ref)}
    return frozenset(chosen)


@lazy_dataclass
class Prepared:
    """A run before its scan: the rules it reports, the cache, the files. `complete`: set by
    lint, whether every file was scanned to the end (a run cut short is not replayed)."""

    selected: frozenset[str]
    levels: dict[str, str]
    cache: ResultCache | None
    listing: Listing
    settings: Settings
    complete: bool = False
    shas: dict[str, str] = field(default_factory=dict)  # set by lint: each file's content hash, by path

    def listing_key(self) -> tuple[str, str] | None:
        """What the run's files are for a replay: (paths, kinds, notes; HEAD with git) and
        (their stamps); None without a cache or when a file has no stamp (cache.listing_key)."""
        if self.cache is None:
            return None
        from .cache import listing_key

        key = listing_key(self.listing.targets, self.listing.notes, self.listing.stats)
        if key is not None and self.settings.git:
            key = (key[0] + ":" + self.cache.head(), key[1])
        return key


    def dependencies(self, watched: dict[str, str]) -> set[tuple[str, str]]:
        """What the run's results depend on besides its files (depends.py: `watched` in this
        process, the cache's for every file result), but the files of the listing: the listing
        key holds those."""
        listed = {t.abspath for t in self.listing.targets}
        every = set(watched.items()) | (self.cache.deps if self.cache is not None else set())
        return {(k, v) for k, v in every if k not in listed}


def prepare(paths: list[str], settings: Settings, rules: dict[str, Rule], options: Options) -> Prepared:
    selected = selection(rules, settings.select, settings.ignore)
    levels = levels_for(rules, settings)
    cache = None
    if options.cache_dir and settings.stdin_data is None:
        from .cache import ResultCache, run_key

        cache = ResultCache(Path(options.cache_dir), run_key(settings, selected, levels),
                            settings.root if settings.git else None, settings.max_file_size)
    return Prepared(selected, levels, cache, list_paths(paths, settings, cache), settings)


@lazy_dataclass
class Listing:
    """The files a run scans (kinds given by other files resolved), discovery's notifications,
    and the status of the files asked so far, by absolute path."""

    targets: list[Target]
    notes: list[Notification]
    stats: dict[str, os.stat_result]


def list_paths(paths: list[str], settings: Settings, cache: ResultCache | None = None) -> Listing:
    stats: dict[str, os.stat_result] = {}
    kept = _kept_listing(paths, settings, cache)
    loaded = kept.load() if kept is not None else None
    notes: list[Notification] = []
    if loaded is not None:
        targets = loaded
    else:
        from .depends import recording

        with recording(kept is not None) as seen:  # the folders walked, the .gitignore files read
            targets, notes = discover(paths, Path(settings.root), settings.exclude, settings.include, settings.git,
                                      _base(settings), settings.force_exclude, settings.stdin_name, stats=stats)
        if kept is not None and not notes:
            kept.save(targets, seen)
    return Listing(_named_kinds(targets, cache), notes, stats)


class _KeptListing:
    """A folder walk kept in the cache (under the run key: the settings) with the state of every
    folder it listed and `.gitignore` it read (depends.py): while each is unchanged, the walk
    would list the same files. A walk that met a link, a folder changed in the last seconds or
    gave a notification is not kept."""

    def __init__(self, cache: ResultCache, paths: list[str], root: str) -> None:
        from .sha import sha256

        self.cache = cache
        self.name = "listing-" + sha256(repr((paths, root)).encode("utf-8", "surrogateescape")).hexdigest()[:16]

    def load(self) -> list[Target] | None:
        """The files of the walk, if every folder and `.gitignore` it read is unchanged."""
        from .depends import folder_states, unchanged

        table = self.cache.table(self.name)
        deps, files = table.get("deps"), table.get("files")
        if not (isinstance(deps, list) and deps and isinstance(files, list)):
            return None
        if not all(isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)
                   and isinstance(item[1], str) for item in deps):
            return None
        folders = [(k, v) for k, v in deps if v[:1] == "L"]  # most of them: asked in one loop
        if folder_states(k for k, _ in folders) != [v for _, v in folders]:
            return None
        if not all(unchanged(k, v) for k, v in deps if v[:1] != "L"):
            return None
        if not all(isinstance(f, list) and len(f) == 2 and isinstance(f[0], str) and isinstance(f[1], str)
                   for f in files):
            return None
        return [Target(rel, abspath, False) for rel, abspath in files]

    def save(self, targets: list[Target], seen: dict[str, str]) -> None:
        from .depends import UNKNOWN

        if not seen or UNKNOWN in seen.values() or any(t.explicit or t.kind or not t.abspath for t in targets):
            return
        self.cache.write_table(self.name, {"deps": sorted([k, v] for k, v in seen.items()),
                                           "files": [[t.rel, t.abspath] for t in targets]})


def _kept_listing(paths: list[str], settings: Settings, cache: ResultCache | None) -> _KeptListing | None:
    """The cache's record of this walk, for a scan of folders only, without git (git lists its
    own files) and not of standard input."""
    if cache is None or settings.git or settings.stdin_data is not None or not paths:
        return None
    root = Path(settings.root)
    for p in paths:
        absolute = p if os.path.isabs(p) else os.path.join(root, p)
        if p == "-" or os.path.islink(absolute) or not os.path.isdir(absolute):
            return None
    return _KeptListing(cache, paths, str(root))



def _named_kinds(targets: list[Target], cache: ResultCache | None) -> list[Target]:
    """The kinds kustomizations, Compose files and the helm commands of files that run shell give
    the files they name, each file's verdict kept in the cache under the state of the files it
    read (depends.state: stamp and content hash, or absent)."""
    def names_others(t: Target) -> bool:
        name = t.rel[t.rel.rfind("/") + 1:].lower()  # the name patterns hold no separator
        return (("compose" in name or "kustomization" in name)
                and bool(_KUSTOMIZATION.match(name) or _COMPOSE.match(name))) or may_install_charts(t.rel)

    naming = [t for t in targets if t.abspath and names_others(t)]
    if not naming:
        return targets
    from .records import replace

    if cache is None:
        given = {k: v for t in naming for k, v in _kinds_named_by(t, None).items()}
        return [replace(t, kind=given[t.rel]) if t.rel in given else t for t in targets] if given else targets
    from .depends import UNKNOWN, stamp_holds, state, unchanged

    def states(paths: Iterable[str]) -> list[list[str]] | None:
        out = [[p, state(p)] for p in paths]
        return None if any(s == UNKNOWN for _, s in out) else out

    memo = cache.memo("named-kinds")
    kinds: dict[str, str] = {}
    changed = False
    for t in naming:
        old = memo.get(t.rel)
        if isinstance(old, list) and len(old) == 2 and isinstance(old[0], list) and isinstance(old[1], dict) \
                and old[0] and all(isinstance(p, list) and len(p) == 2 and isinstance(p[0], str)
                                   and isinstance(p[1], str) for p in old[0]) \
                and old[0][0][0] == t.abspath and all(unchanged(p, s) for p, s in old[0]):
            kinds.update({str(k): str(v) for k, v in old[1].items()})
            if not all(stamp_holds(p, s) for p, s in old[0]):  # the same content, new stamps: keep them
                memo[t.rel] = [states(p for p, _ in old[0]) or old[0], old[1]]
                changed = True
            continue
        reads: list[str] = []
        before = states([t.abspath])
        mine = _kinds_named_by(t, reads)
        kinds.update(mine)
        after = states([t.abspath, *reads])
        if before and after and before[0] == after[0]:
            memo[t.rel] = [after, mine]
            changed = True
    if changed:
        cache.set_memo("named-kinds", memo)
    if not kinds:
        return targets
    return [replace(t, kind=kinds[t.rel]) if t.rel in kinds else t for t in targets]


def _kinds_named_by(target: Target, reads: list[str] | None) -> dict[str, str]:
    """A kustomization's or Compose file's files (`infra.kustomize`), or the helm values files of
    a file that runs shell (`infra.helmscripts`, which loads no YAML reader: most name none)."""
    name = target.rel[target.rel.rfind("/") + 1:].lower()
    if not (_KUSTOMIZATION.match(name) or _COMPOSE.match(name)):
        return values_named_by(target, reads)
    from .infra.kustomize import kinds_named_by

    return kinds_named_by(target, reads)


def _base(settings: Settings) -> Path:
    return Path(settings.project_root or settings.root)
