"""The rest of the repository a run on named files (pre-commit) is checked against: the files
of git's index (what a commit holds; a walk without git) whose text may add to a cross-file
check. With a cache, the whole context is kept under one key of the path and stamp of every
listed file, so a warm run reads no other file: a listing and a stat per file."""

from __future__ import annotations

import os
import stat
import time
from array import array
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .discover import Listing, Target, discover, git_index, tree_files
from .reading import Unreadable, decode, read_bytes
from .sha import sha256

if TYPE_CHECKING:
    from .cache import ResultCache
    from .config import Settings
    from .fileresult import FileResult


class Context:
    """Repository files not named on the command line that cross-file checks must still see
    (pre-commit passes only the changed files). `key` stands for every file of the listing by
    its path and stamp (None when one has no stamp): while it is the same, so are the context
    and the facts of its files. Targets kept as the cache's rows are made on first use (a
    warm run whose cross-file results are cached never looks at them)."""

    __slots__ = ("_rows", "_targets", "key")

    def __init__(self, targets: list[Target] | None = None, key: str | None = None,
                 rows: list[list[Any]] | None = None) -> None:
        self._targets = targets if targets is not None or rows is not None else []
        self._rows = rows
        self.key = key

    @property
    def targets(self) -> list[Target]:
        if self._targets is None:
            self._targets = [Target(str(rel), str(abspath), False) for rel, abspath in self._rows or ()]
        return self._targets


def _base(settings: Settings) -> Path:
    return Path(settings.project_root or settings.root)


def _indexed_files(root: Path, settings: Settings, cache: ResultCache | None
                   ) -> tuple[list[str], Listing | None, str | None]:
    """The files of git's index under root (tree_files; a walk without git): their paths, their
    listing as tree_files gives it when it was made (None when the paths come from the cache),
    and a hash of the paths (None when not listed by git). With a cache, the paths are kept
    under the hash of the index file's bytes: they are a function of them, and hashing them
    costs less than running git to list them (10x corpus: 2 against 12 ms). The hash of the
    paths, not of the index, stands for them in the context's key: staging a change to a named
    file changes the index, not the paths nor the context."""
    where = git_index(root) if settings.git and cache is not None else None
    digest = _digest(where[1]) if where is not None else None
    if where is None or digest is None or cache is None:
        listing = tree_files(root, settings.git, [], root, _base(settings), untracked=False)
        return [f for f, _ in listing[0]], listing, None
    key = "\0".join((digest, *where, str(root)))
    memo = cache.memo("git-index")
    kept, kept_hash = memo.get("paths"), memo.get("hash")
    if memo.get("key") == key and isinstance(kept, str) and isinstance(kept_hash, str):
        return [f for f in kept.split("\0") if f], None, kept_hash
    listing = tree_files(root, settings.git, [], root, _base(settings), untracked=False)
    paths = [f for f, _ in listing[0]]
    if not listing[1] or _digest(where[1]) != digest:
        return paths, listing, None  # walked (git failed), or the index changed meanwhile: no key of it
    joined = "\0".join(paths)
    paths_hash = sha256(joined.encode("utf-8", "surrogateescape")).hexdigest()
    cache.set_memo("git-index", {"key": key, "paths": joined, "hash": paths_hash})
    return paths, listing, paths_hash


def _digest(path: str) -> str | None:
    try:
        with open(path, "rb") as fh:
            return sha256(fh.read()).hexdigest()
    except OSError:
        return None


def project_context(targets: list[Target], results: list[FileResult], settings: Settings,
                    selected: frozenset[str], cache: ResultCache | None = None) -> Context:
    """The context of the named files, when one is a file whose findings need it. Cheap: text
    prefilter before any parse; with a cache, the prefilter's verdict is kept per file under
    its stamp (cache.stamp), and the whole context under the stamps of every file, so an
    unchanged repository is not read again (nor its verdicts: a listing and a stat per file)."""
    if not any(t.explicit for t in targets):
        return Context()
    from . import checks as registry

    scanned_kinds = {fr.kind for fr in results if fr.scanned}
    checks = [c for c in registry.project_checks() if selected.intersection(c.rules)
              and (c.reports_in is None or scanned_kinds & c.reports_in)]
    if not checks:
        return Context()
    from .cache import stamp

    root = Path(settings.root)
    named = {t.rel for t in targets}
    index_name = "index-" + sha256(repr(sorted(c.rules for c in checks)).encode()).hexdigest()[:16]
    # What a commit holds: the index, not untracked files (and git lists it without a walk).
    paths, listing, index = _indexed_files(root, settings, cache)
    stats: dict[str, os.stat_result] = {}
    keyed = _listing_key(paths, str(root), named, index_name, settings.max_file_size, index) \
        if cache is not None else None
    key, fresh = keyed if keyed is not None else (None, {})
    whole = cache.memo("context-" + index_name) if cache is not None and key is not None else {}
    files = whole.get("files")
    if key is not None and whole.get("key") == key and isinstance(files, list) \
            and all(isinstance(f, list) and len(f) == 2 for f in files):
        return Context(key=key, rows=files)
    if listing is None:
        listing = [(f, False) for f in paths], True  # git's listing, from the cache
    listed, _ = discover([str(root)], root, settings.exclude, (), settings.git, _base(settings), stats=stats,
                         listed={str(root): listing})
    extra = [t for t in listed if t.rel not in named]
    now = time.time()
    stamps: list[str] = []
    for t in extra:
        st = stats.get(t.abspath)
        try:
            stamps.append(stamp(st if st is not None else os.stat(t.abspath), now))
        except OSError:
            stamps.append("")
    filters = [c.prefilter for c in checks if c.prefilter is not None]
    verdicts = cache.memo(index_name) if cache is not None else {}
    known: dict[str, list[Any]] = {}
    out = []
    for t, stamped in zip(extra, stamps, strict=True):
        old = verdicts.get(t.rel)
        if stamped and isinstance(old, list) and len(old) == 2 and old[0] == stamped:
            hit = bool(old[1])
        else:
            try:
                head, _ = decode(read_bytes(t.abspath, settings.max_file_size))
            except Unreadable:
                continue
            hit = any(f(head) for f in filters)
        if stamped:
            known[t.rel] = [stamped, hit]
        if hit:
            out.append(t)
    if cache is not None:
        if known != verdicts:
            cache.set_memo(index_name, known)
        if key is not None and _digests(fresh, settings.max_file_size) != fresh:
            key = None  # a file keyed by its content changed while it was read: what was read has no key
        if key is not None:
            cache.set_memo("context-" + index_name, {"key": key, "files": [[t.rel, t.abspath] for t in out]})
    return Context(out, key)


_INO_BITS = (1 << 63) - 1  # an inode number kept in a signed 64-bit slot


def _listing_key(listed: list[str], root: str, named: set[str], salt: str, limit: int,
                 listed_from: str | None = None) -> tuple[str, dict[str, str]] | None:
    """A hash of the listed files (but the named ones) by path and stamp (cache.stamp), and the
    files in it by content: those changed in the last seconds (they may change again without a
    new stamp; pre-commit has just rewritten those it stashed), as git does for racily clean
    entries. None when one has no key (a link: its target may change unseen; a recent file that
    cannot be read). A stat per file, little else: this is most of a warm pre-commit run in a
    big repository (the stat itself is four fifths of it; a loop without Python per file is no
    faster)."""
    prefix = root.rstrip(os.sep) + os.sep
    skip = {prefix + rel for rel in named}
    recent = time.time() - 2.0  # as cache.stamp
    lstat, is_reg, is_dir = os.lstat, stat.S_ISREG, stat.S_ISDIR
    paths = [f for f in listed if f not in skip] if skip else listed
    numbers = array("q")
    add = numbers.extend
    fresh: list[str] = []
    for f in paths:
        try:
            st = lstat(f)
        except FileNotFoundError:
            add((-1, 0, 0, 0))  # listed by git, gone from the work tree
            continue
        except OSError:
            return None
        if is_reg(st.st_mode) and st.st_mtime < recent:
            add((st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino & _INO_BITS))
        elif is_reg(st.st_mode):
            add((-3, 0, 0, 0))  # keyed by its content
            fresh.append(f)
        elif is_dir(st.st_mode):
            add((-2, 0, 0, 0))  # a submodule: not scanned
        else:
            return None
    digests = _digests(dict.fromkeys(fresh, ""), limit)
    if digests is None:
        return None
    h = sha256(salt.encode())
    if listed_from is not None:  # a hash of the listed paths stands for them
        h.update(f"\0listed\0{listed_from}\0".encode())
        h.update("\0".join(sorted(named)).encode("utf-8", "surrogateescape"))
    else:
        h.update("\0".join(paths).encode("utf-8", "surrogateescape"))
    h.update(numbers.tobytes())
    h.update("\0".join(digests.values()).encode())
    return h.hexdigest(), digests


def _digests(files: dict[str, str], limit: int) -> dict[str, str] | None:
    """The hash of each file's content, by path; None when one cannot be read."""
    out = {}
    for f in files:
        try:
            out[f] = sha256(read_bytes(f, limit)).hexdigest()
        except Unreadable:  # not text is one too
            return None
    return out
