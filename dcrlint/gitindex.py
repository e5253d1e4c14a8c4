"""git's index read without running git: where it is, its entries (path, blob id, stat data),
and the staged content of an entry (from the work tree when it is the staged blob, else from
git's objects). The pre-commit context (repocontext.py) is this content: what a commit holds.

Read: versions 2, 3 and 4 (paths prefix-compressed) of a SHA-1 repository. Anything else
gives None and the caller falls back on git's own listing: a split index (`link`), a sparse
index (`sdir`), any other extension git requires (a lower-case name), an unmerged entry, a
repository of another object format, an index that does not parse to its end.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable
from typing import Any

_HASH_SIZE = 20  # SHA-1; another object format's index does not parse to its end
_TYPE_REGULAR = 0o10  # the object type of an entry's mode (mode >> 12): a file (not a link, a submodule)
_EXTENDED, _STAGE = 0x4000, 0x3000
_INTENT_TO_ADD = 0x2000  # `git add -N`: listed, but a commit holds no content of it
_SMALL = 1 << 20  # bytes hashed by the built-in SHA-1 before hashlib's (sha.py says why)
_hashed = 0


class Location:
    """A work tree's top folder, its index file and the git folder holding its objects."""

    __slots__ = ("git_dir", "index", "top")

    def __init__(self, top: str, index: str, git_dir: str) -> None:
        self.top, self.index, self.git_dir = top, index, git_dir


def locate(folder: str) -> Location | None:
    """Where the index of the work tree holding `folder` is, found as git finds it for a plain
    layout (a `.git` folder, or a `.git` file naming one: a linked work tree, a submodule),
    `$GIT_INDEX_FILE` when set (a commit's hooks see the index being committed). None
    outside a work tree; when git's environment moves things (`$GIT_DIR`, `$GIT_WORK_TREE`)
    or the folder is not the user's (git would refuse it), git is asked."""
    if os.environ.get("GIT_DIR") or os.environ.get("GIT_WORK_TREE") or os.environ.get("GIT_COMMON_DIR"):
        return _asked(folder)
    top = os.path.abspath(folder)
    while True:
        dot = os.path.join(top, ".git")
        try:
            st = os.stat(dot)
        except OSError:
            parent = os.path.dirname(top)
            if parent == top:
                return None
            top = parent
            continue
        break
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return _asked(folder)  # safe.directory: git's decision
    git_dir = dot
    if stat.S_ISREG(st.st_mode):
        try:
            with open(dot, "rb") as fh:
                line = fh.read(4096).decode("utf-8", "surrogateescape").strip()
        except OSError:
            return None
        if not line.startswith("gitdir:"):
            return None
        git_dir = os.path.join(top, line[len("gitdir:"):].strip())
    elif not stat.S_ISDIR(st.st_mode):
        return None
    common = git_dir
    try:  # a linked work tree: its own index, the main repository's objects and config
        with open(os.path.join(git_dir, "commondir"), "rb") as fh:
            common = os.path.join(git_dir, fh.read(4096).decode("utf-8", "surrogateescape").strip())
    except FileNotFoundError:
        pass
    except OSError:
        return None
    if _other_format(common):
        return _asked(folder)
    # $GIT_INDEX_FILE relative is relative to the top folder, where git runs (a hook gets `.git/index`)
    index = os.path.join(top, os.environ.get("GIT_INDEX_FILE") or os.path.join(git_dir, "index"))
    return Location(top, os.path.abspath(index), git_dir)


def _other_format(git_dir: str) -> bool:
    """Whether the repository's objects are named by another hash than SHA-1 (or the config
    cannot be read: git is asked)."""
    try:
        with open(os.path.join(git_dir, "config"), "rb") as fh:
            config = fh.read().lower()
    except OSError:
        return True
    return b"objectformat" in config and b"objectformat = sha1" not in config


def _asked(folder: str) -> Location | None:
    """git's own answer (a subprocess: about 8 ms)."""
    import subprocess  # (not on a warm run's path: about 2 ms to import)

    try:
        proc = subprocess.run(
            ["git", "-C", folder, "rev-parse", "--show-toplevel", "--git-path", "index", "--git-common-dir",
             "--show-object-format"],
            capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = proc.stdout.decode("utf-8", "surrogateescape").splitlines()
    if proc.returncode != 0 or len(lines) != 4 or not lines[0] or lines[3] != "sha1":
        return None
    return Location(lines[0], os.path.abspath(os.path.join(folder, lines[1])),
                    os.path.abspath(os.path.join(folder, lines[2])))


def checksum(path: str) -> bytes | None:
    """The index file's trailing checksum (git's SHA-1 of everything before it) with its size
    and modification time: it changes whenever the index does. None when it cannot be read or
    git wrote no checksum (`index.skipHash`)."""
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            if st.st_size < 12 + _HASH_SIZE:
                return None
            fh.seek(st.st_size - _HASH_SIZE)
            tail = fh.read(_HASH_SIZE)
    except OSError:
        return None
    if tail.count(0) == len(tail):
        return None
    return tail + f":{st.st_size}:{st.st_mtime_ns}:{st.st_ino}".encode()


class Index:
    """The entries of an index file: path (bytes, from the top folder) -> (blob id, offset of
    the entry's stat data in `data`). Only files whose content a commit holds: stage 0, not
    intent-to-add, not a link (a file it names is an entry of its own, or not in the commit)
    nor a submodule."""

    __slots__ = ("data", "entries", "mtime_ns")

    def __init__(self, data: bytes, entries: dict[bytes, tuple[bytes, int]], mtime_ns: int) -> None:
        self.data, self.entries, self.mtime_ns = data, entries, mtime_ns

    def clean(self, at: int, st: os.stat_result) -> bool:
        """Whether the work tree file's status is the one the index recorded when it staged it
        (size, modification and change time, inode), and that was not in the same tick as the
        index was written (a racily clean entry may have changed unseen: git hashes it too)."""
        d = self.data
        mtime = int.from_bytes(d[at + 8:at + 12], "big") * 1_000_000_000 + int.from_bytes(d[at + 12:at + 16], "big")
        if mtime >= self.mtime_ns - 1_000_000_000 or not stat.S_ISREG(st.st_mode):
            return False
        return (int.from_bytes(d[at + 36:at + 40], "big") == st.st_size & 0xFFFFFFFF
                and mtime == st.st_mtime_ns
                and int.from_bytes(d[at:at + 4], "big") == int(st.st_ctime) & 0xFFFFFFFF
                and int.from_bytes(d[at + 4:at + 8], "big") == st.st_ctime_ns % 1_000_000_000
                and int.from_bytes(d[at + 20:at + 24], "big") == st.st_ino & 0xFFFFFFFF)

    def size(self, at: int) -> int:
        return int.from_bytes(self.data[at + 36:at + 40], "big")


def read_index(path: str) -> Index | None:
    """The index file at path, None when it is not one this module reads (see the module's
    docstring) or cannot be read."""
    try:
        with open(path, "rb") as fh:
            mtime = os.fstat(fh.fileno()).st_mtime_ns
            data = fh.read()
    except OSError:
        return None
    try:
        entries = _entries(data)
    except IndexError:
        return None
    return Index(data, entries, mtime) if entries is not None else None


def _entries(data: bytes) -> dict[bytes, tuple[bytes, int]] | None:
    """One pass over the entries, kept lean: this is most of a context built anew in a big
    repository (10x corpus, 15,730 entries: about 20 ms)."""
    end_of_entries = len(data) - _HASH_SIZE
    if end_of_entries < 12 or data[:4] != b"DIRC":
        return None
    version = int.from_bytes(data[4:8], "big")
    if version not in (2, 3, 4):
        return None
    count = int.from_bytes(data[8:12], "big")
    find = data.find
    out: dict[bytes, tuple[bytes, int]] = {}
    off, prev = 12, b""
    for _ in range(count):
        flags = data[off + 60] << 8 | data[off + 61]
        start = off + 62
        skip = False
        if flags & _STAGE:
            return None  # unmerged: not a state a commit can hold
        if flags & _EXTENDED:
            if version < 3:
                return None
            skip = bool(data[start] << 8 & _INTENT_TO_ADD)
            start += 2
        if version == 4:
            c = data[start]
            start += 1
            strip = c & 127
            while c & 128:
                c = data[start]
                start += 1
                strip = ((strip + 1) << 7) | (c & 127)
            end = find(b"\0", start)
            if end < 0 or strip > len(prev):
                return None
            name = prev[:len(prev) - strip] + data[start:end]
            prev = name
            nxt = end + 1
        else:
            end = find(b"\0", start)
            if end < 0:
                return None
            name = data[start:end]
            nxt = off + ((end - off + 8) & ~7)
        if not skip and data[off + 26] >> 4 == _TYPE_REGULAR:
            out[name] = (data[off + 40:off + 60], off)
        off = nxt
        if off > end_of_entries:
            return None
    while off < end_of_entries:  # extensions: a name git may ignore starts with a capital
        if not 65 <= data[off] <= 90 or off + 8 > end_of_entries:
            return None
        off += 8 + int.from_bytes(data[off + 4:off + 8], "big")
    return out if off == end_of_entries else None


def blob_id(data: bytes) -> bytes:
    """git's object id of a blob of these bytes."""
    global _hashed
    _hashed += len(data)
    builtin: Any = None
    if _hashed <= _SMALL and "hashlib" not in sys.modules:
        builtin = getattr(sys.modules.get("_sha1") or _module("_sha1"), "sha1", None)
    if builtin is None:
        import hashlib

        builtin = hashlib.sha1
    h = builtin(b"blob %d\0" % len(data))
    h.update(data)
    digest: bytes = h.digest()
    return digest


def _module(name: str) -> Any:
    try:
        return __import__(name)
    except ImportError:
        return None


class Blobs:
    """The staged content of entries, by blob id: the work tree file when it holds that blob
    (its status is the one the index recorded, or its bytes hash to the id), else git's copy
    (`git cat-file --batch`, one process for all). A blob over `limit` bytes, or one git
    cannot give, has no content (None)."""

    def __init__(self, top: str, git_dir: str, limit: int, index: Index | None = None) -> None:
        self.top, self.git_dir, self.limit, self.index = top, git_dir, limit, index

    def read(self, wanted: Iterable[tuple[str, bytes, int]]) -> dict[str, bytes | None]:
        """The content of each (path under the top folder, blob id, offset of its entry in
        the index or -1), by path."""
        from .reading import Unreadable, read_bytes

        out: dict[str, bytes | None] = {}
        missing: list[tuple[str, bytes]] = []
        index = self.index
        for path, oid, at in wanted:
            full = os.path.join(self.top, path)
            try:
                st = os.lstat(full)
            except OSError:
                missing.append((path, oid))
                continue
            if not stat.S_ISREG(st.st_mode) or (index is not None and at >= 0 and st.st_size != index.size(at)):
                missing.append((path, oid))
                continue
            try:
                data = read_bytes(full, self.limit)
            except Unreadable:
                data = None
            if data is not None and ((index is not None and at >= 0 and index.clean(at, st)) or blob_id(data) == oid):
                out[path] = data
            else:
                missing.append((path, oid))
        if missing:
            out.update(self._from_git(missing))
        return out

    def _from_git(self, wanted: list[tuple[str, bytes]]) -> dict[str, bytes | None]:
        out: dict[str, bytes | None] = dict.fromkeys((p for p, _ in wanted), None)
        query = b"".join(oid.hex().encode() + b"\n" for _, oid in wanted)
        import subprocess

        try:
            proc = subprocess.run(["git", "--git-dir", self.git_dir, "cat-file", "--batch"], input=query,
                                  capture_output=True, check=False, timeout=600)
        except (OSError, subprocess.TimeoutExpired):
            return out
        if proc.returncode != 0:
            return out
        got, data, at = {}, proc.stdout, 0
        for _ in wanted:  # "<id> blob <size>\n<content>\n", or "<id> missing\n"
            eol = data.find(b"\n", at)
            if eol < 0:
                break
            head = data[at:eol].split(b" ")
            at = eol + 1
            if len(head) != 3:
                continue
            size = int(head[2])
            if head[1] == b"blob" and size <= self.limit:
                got[bytes.fromhex(head[0].decode())] = data[at:at + size]
            at += size + 1
        for path, oid in wanted:
            out[path] = got.get(oid)
        return out
