"""The rest of the repository a run on named files (pre-commit) is checked against: the files
of git's index whose text may add to a cross-file check, as the commit holds them: their
staged content (gitindex.py), keyed by the blob ids the index records, so that a warm run reads
no other file nor asks its status. Where git's index cannot be read here (a split or sparse
index, a merge in progress) git lists it and the files are read from the work tree, kept under
the stamp of every listed file; without git the folder is walked, as for a folder scan."""

from __future__ import annotations

import os
import stat
import time
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .discover import CONFIG_NAMES, Listing, Target, discover, git_index, kept, tree_files
from .reading import Unreadable, decode, read_bytes
from .sha import sha256

if TYPE_CHECKING:
    from . import checks as registry
    from .cache import ResultCache
    from .config import Settings
    from .fileresult import FileResult
    from .gitindex import Blobs, Location


class Staged:
    """The blob ids of a staged context's files (by path from the scanned root) and their
    content, read on first use (gitindex.Blobs) unless already read."""

    __slots__ = ("_blobs", "_known", "_offsets", "_prefix", "oids")

    def __init__(self, blobs: Blobs, prefix: str, oids: dict[str, bytes], offsets: dict[str, int] | None = None,
                 known: dict[str, bytes] | None = None) -> None:
        self._blobs, self._prefix, self.oids = blobs, prefix, oids
        self._offsets, self._known = offsets or {}, known or {}

    def stamp(self, rel: str) -> str:
        """What the result cache keeps the file's result under: its blob id."""
        return "git:" + self.oids[rel].hex()

    def given(self, rel: str) -> tuple[str, Callable[[], bytes | None]]:
        return self.stamp(rel), lambda: self.contents([rel]).get(rel)

    def contents(self, rels: list[str]) -> dict[str, bytes | None]:
        out: dict[str, bytes | None] = {r: self._known[r] for r in rels if r in self._known}
        wanted = [(self._prefix + r, self.oids[r], self._offsets.get(r, -1)) for r in rels if r not in out]
        if wanted:
            cut = len(self._prefix)
            out.update((path[cut:], data) for path, data in self._blobs.read(wanted).items())
        return out


class Context:
    """Repository files not named on the command line that cross-file checks must still see
    (pre-commit passes only the changed files). `key` stands for the whole context (None when
    it has none): while it is the same, so are the context and the facts of its files; a
    staged context's `staged` gives its files' content. Targets kept as the cache's rows are
    made on first use (a warm run whose cross-file results are cached never looks at them)."""

    __slots__ = ("_load", "_root", "_rows", "_staged", "_targets", "key")

    def __init__(self, targets: list[Target] | None = None, key: str | None = None,
                 rows: list[list[Any]] | None = None, staged: Staged | None = None,
                 load: Callable[[], Context] | None = None, root: str = "") -> None:
        self._targets = targets if targets is not None or rows is not None or load is not None else []
        self._rows, self._load, self._root = rows, load, root
        self.key, self._staged = key, staged

    def _loaded(self) -> None:
        """A staged context kept by the cache reads its rows (and may find a new key)."""
        if self._load is not None:
            made, self._load = self._load(), None
            self._targets, self._rows, self.key, self._staged = made.targets, None, made.key, made.staged

    @property
    def staged(self) -> Staged | None:
        self._loaded()
        return self._staged

    @property
    def targets(self) -> list[Target]:
        self._loaded()
        if self._targets is None:
            if self._staged is not None:
                prefix = self._root.rstrip(os.sep) + os.sep
                self._targets = [Target(rel, prefix + rel, False) for rel, _ in self._rows or ()]
            else:
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
    prefilter before any parse, its verdict kept per blob (or per stamp); with a cache, the
    whole context is kept under the index file's checksum, so an unchanged index is not read
    again (a staged context), or under the stamps of every file (git's listing)."""
    if not any(t.explicit for t in targets):
        return Context()
    from . import checks as registry

    scanned_kinds = {fr.kind for fr in results if fr.scanned}
    checks = [c for c in registry.project_checks() if selected.intersection(c.rules)
              and (c.reports_in is None or scanned_kinds & c.reports_in)]
    if not checks:
        return Context()
    root = Path(settings.root)
    named = {t.rel for t in targets}
    index_name = "index-" + sha256(repr(sorted(c.rules for c in checks)).encode()).hexdigest()[:16]
    if settings.git:
        staged = _staged_context(str(root), named, checks, settings, cache, index_name)
        if staged is not None:
            return staged
    return _listed_context(root, named, checks, settings, cache, index_name)


# --------------------------------------------------------------------------- staged content

_KEPT_CONTEXTS = 8  # index states kept (pre-commit runs alternate files: each its own named set)
_CHUNK = 1000  # files read at a time when a context is built (one `git cat-file` at most for each)
_KEEP = 16 << 20  # bytes of the context's files kept once read, for their scan (the rest read again)


def _staged_context(root: str, named: set[str], checks: list[registry.ProjectCheck], settings: Settings,
                    cache: ResultCache | None, salt: str) -> Context | None:
    """The context as git's index stages it; None when this module cannot read the index.
    With a cache: under the index file's checksum (and the named files), its key; under the
    key, its files' paths and blob ids (read only when a cross-file result is not cached)."""
    from .gitindex import checksum, locate

    where = locate(root)
    if where is None:
        return None
    prefix = os.path.relpath(root, where.top).replace(os.sep, "/")
    if prefix == ".":
        prefix = ""
    elif prefix.startswith("../") or prefix == "..":
        return None  # the root is not below the top folder as spelt: git is asked (the listed context)
    else:
        prefix += "/"
    if cache is None:
        return _build_staged(where, root, prefix, named, checks, settings, None, salt)
    mark = checksum(where.index)
    first = None
    if mark is not None:
        h = sha256(f"{salt}\0{where.index}\0{root}\0{prefix}\0".encode("utf-8", "surrogateescape") + mark)
        h.update("\0".join(sorted(named)).encode("utf-8", "surrogateescape"))
        first = h.hexdigest()
        known = cache.memo("staged-" + salt).get(first)
        if isinstance(known, str) and os.path.exists(os.path.join(cache.folder, _rows_name(salt, known) + ".json")):
            def load() -> Context:
                rows = cache.table(_rows_name(salt, known)).get("files")
                if isinstance(rows, list) and all(isinstance(r, list) and len(r) == 2 for r in rows):
                    return _rows_context(where, root, prefix, settings, known, rows)
                made = _build_staged(where, root, prefix, named, checks, settings, cache, salt)
                return made if made is not None else _listed_context(Path(root), named, checks, settings, None, salt)
            return Context(key=known, load=load, root=root)
    made = _build_staged(where, root, prefix, named, checks, settings, cache, salt)
    if made is not None and first is not None and made.key is not None and checksum(where.index) == mark:
        table = {k: v for k, v in cache.memo("staged-" + salt).items() if k != first}
        table[first] = made.key
        cache.set_memo("staged-" + salt, dict(list(table.items())[-_KEPT_CONTEXTS:]))
    return made


def _rows_name(salt: str, key: str) -> str:
    return f"staged-{salt}-{key[:24]}"


def _rows_context(where: Location, root: str, prefix: str, settings: Settings, key: str,
                  rows: list[list[Any]]) -> Context:
    from .gitindex import Blobs

    oids = {str(rel): bytes.fromhex(str(oid)) for rel, oid in rows}
    staged = Staged(Blobs(where.top, where.git_dir, settings.max_file_size), prefix, oids)
    return Context(key=key, rows=rows, staged=staged, root=root)


def _build_staged(where: Location, root: str, prefix: str, named: set[str], checks: list[registry.ProjectCheck],
                  settings: Settings, cache: ResultCache | None, salt: str) -> Context | None:
    """The context read from the index: each file's verdict (whether its text may add to a
    cross-file check) is kept by blob id, so only new blobs are read. Its key: a hash of the
    path and blob id of every file of the index but the named ones (a staged change anywhere
    may change what the context's files mean: a kustomization's namespace)."""
    from .gitindex import Blobs, read_index

    index = read_index(where.index)
    if index is None:
        return None
    eligible = _eligible(index.entries, prefix, named, root, settings)
    verdicts = cache.memo("verdicts-" + salt) if cache is not None else {}
    hits, misses = _oids(verdicts.get("hit")), _oids(verdicts.get("miss"))
    blobs = Blobs(where.top, where.git_dir, settings.max_file_size, index)
    need = [e for e in eligible if e[1] not in hits and e[1] not in misses]
    filters = [c.prefilter for c in checks if c.prefilter is not None]
    known: dict[str, bytes] = {}  # what was read of the context's files, for their scan (up to _KEEP bytes)
    kept_bytes, cut = 0, len(prefix)
    for first in range(0, len(need), _CHUNK):  # a chunk at a time: a repository is not held in memory
        chunk = [(path.decode("utf-8", "surrogateescape"), oid, at) for path, oid, at in need[first:first + _CHUNK]]
        contents = blobs.read(chunk)
        for full, oid, _ in chunk:
            data = contents.get(full)
            if data is None:
                continue  # git gives no content (too big): left out, as an unreadable file is
            try:
                head, _ = decode(data)
            except Unreadable:  # not text: nothing to add
                misses.add(oid)
                continue
            if any(f(head) for f in filters):
                hits.add(oid)
                if kept_bytes + len(data) <= _KEEP:
                    known[full[cut:]] = data
                    kept_bytes += len(data)
            else:
                misses.add(oid)
    cut_bytes, top = len(prefix.encode("utf-8", "surrogateescape")), root.rstrip(os.sep) + os.sep
    out = sorted((path[cut_bytes:].decode("utf-8", "surrogateescape"), oid, at) for path, oid, at in eligible
                 if oid in hits)
    h = _digest_of_much(f"staged\0{salt}\0{prefix}\0".encode("utf-8", "surrogateescape"))
    h.update("\0".join(sorted(named)).encode("utf-8", "surrogateescape"))
    h.update(b"\0".join([path for path, _, _ in eligible]))  # (a path holds no NUL, a blob id is 20 bytes)
    h.update(b"".join([oid for _, oid, _ in eligible]))
    key = h.hexdigest()
    oids = {rel: oid for rel, oid, _ in out}
    staged = Staged(blobs, prefix, oids, {rel: at for rel, _, at in out}, known)
    targets = [Target(rel, top + rel, False) for rel, _, _ in out]
    if cache is not None:
        present = {oid for _, oid, _ in eligible}
        table = {"hit": _hex(hits & present), "miss": _hex(misses & present)}
        if table != verdicts:
            cache.set_memo("verdicts-" + salt, table)
        rows = os.path.join(cache.folder, _rows_name(salt, key) + ".json")
        try:
            os.utime(rows)  # the same rows as kept: marked used (the least recently used go first)
        except OSError:
            cache.write_table(_rows_name(salt, key), {"files": [[rel, oid.hex()] for rel, oid, _ in out]},
                              keep=_KEPT_CONTEXTS)
    return Context(targets, key if cache is not None else None, staged=staged, root=root)


_CONFIG_ENDINGS = tuple(name.encode() for name in CONFIG_NAMES)


def _digest_of_much(data: bytes) -> Any:
    """A hash object for a megabyte or so (every path of a big index): BLAKE2b, built in and
    three times as fast as the built-in SHA-256 (hashlib's would load OpenSSL)."""
    try:
        return __import__("_blake2").blake2b(data)
    except (ImportError, AttributeError):
        return sha256(data)


def _eligible(entries: dict[bytes, tuple[bytes, int]], prefix: str, named: set[str], root: str,
              settings: Settings) -> list[tuple[bytes, bytes, int]]:
    """(path from the top folder, blob id, entry offset) of the index's files that discovery
    would list under the root, but the named ones, in the index's order. Whole-list passes,
    not a call per entry: there may be tens of thousands (and only a few are ever read)."""
    pre = prefix.encode("utf-8", "surrogateescape")
    skip = {pre + n.encode("utf-8", "surrogateescape") for n in named}
    out = [(p, oid, at) for p, (oid, at) in entries.items() if p not in skip]
    if pre:
        out = [e for e in out if e[0].startswith(pre)]
    if any(e[0].endswith(_CONFIG_ENDINGS) for e in out):  # dcrlint's own settings
        out = [e for e in out if not e[0].endswith(_CONFIG_ENDINGS)
               or e[0].rpartition(b"/")[2].decode("utf-8", "surrogateescape") not in CONFIG_NAMES]
    if settings.exclude:
        top, cut, base = root.rstrip(os.sep) + os.sep, len(pre), _base(settings)
        out = [e for e in out if kept(top + e[0][cut:].decode("utf-8", "surrogateescape"), base, settings.exclude)]
    return out


def _oids(joined: Any) -> set[bytes]:
    """Blob ids kept as one hex string (a few thousand of them load in a millisecond)."""
    if not isinstance(joined, str):
        return set()
    try:
        raw = bytes.fromhex(joined)
    except ValueError:
        return set()
    return {raw[i:i + 20] for i in range(0, len(raw) - len(raw) % 20, 20)}


def _hex(oids: set[bytes]) -> str:
    return b"".join(sorted(oids)).hex()


# --------------------------------------------------------------------------- git's listing, the work tree

def _listed_context(root: Path, named: set[str], checks: list[registry.ProjectCheck], settings: Settings,
                    cache: ResultCache | None, index_name: str) -> Context:
    """The context as git lists its index (or a walk lists the folder), read from the work tree."""
    from .cache import stamp

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
