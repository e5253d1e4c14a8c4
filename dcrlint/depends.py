"""Files a scan looks at besides the file it scans: the local files a GitLab configuration
includes (and the `.git` folders that tell where its repository starts), the kustomization of a
manifest's folder (its namespace), a patch file a kustomization names. A cached result is only as
good as they are: the result cache keeps the state of each with the result and trusts it while
each is unchanged (cache.py; replay.py for a whole run).

Discovery's folder walk is watched the same way (`watch_folder`, the `.gitignore` files it
reads), so that an unchanged tree is listed without walking it (prepare.py).

The code that looks calls `watch(path)` (or `watch_glob(pattern)`) just before it looks, so that
a change after the state is taken shows at the next run. Only a scan inside `recording()` pays
for it (a stat, and for a file that exists a read and a hash): without a cache nothing records.
"""

from __future__ import annotations

import os
import stat as st_mode
import time
from collections.abc import Iterable

_GLOB = "\0glob:"  # key prefix of a glob pattern (a path holds no NUL)
ABSENT, FOLDER, OTHER, UNKNOWN = "-", "d", "o", "?"
_LIMIT = 50_000_000  # as reading.AUX_LIMIT: what a dependency (a small configuration file) never exceeds

_watched: dict[str, str] | None = None


def watch(path: str) -> None:
    """The scan is about to look at `path` (read it, or ask whether it exists)."""
    if _watched is not None and path not in _watched:
        _watched[path] = state(path)


def watch_glob(pattern: str) -> None:
    """The scan is about to list the files matching `pattern`."""
    if _watched is not None and _GLOB + pattern not in _watched:
        _watched[_GLOB + pattern] = _glob_state(pattern)


def watch_folder(path: str) -> None:
    """The scan is about to list the folder: its entries are the same while its modification
    and change times and inode are (a folder changed in the last seconds is never trusted)."""
    if _watched is not None and path not in _watched:
        _watched[path] = _folder_state(path)


def unsure(path: str) -> None:
    """The scan looked at `path` in a way no state records (a symbolic link it followed):
    what it found is never taken as unchanged."""
    if _watched is not None:
        _watched[path] = UNKNOWN


def _folder_state(path: str) -> str:
    return folder_states((path,))[0]


def folder_states(paths: Iterable[str]) -> list[str]:
    """The state of each folder (as watch_folder takes it)."""
    from .cache import _RECENT

    recent = time.time() - _RECENT
    is_dir, stat_of = st_mode.S_ISDIR, os.stat
    out = []
    for path in paths:
        try:
            st = stat_of(path)
        except OSError:
            out.append(UNKNOWN)
            continue
        out.append(UNKNOWN if not is_dir(st.st_mode) or st.st_mtime >= recent
                   else f"L{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}")
    return out


class recording:
    """Collects what the scans run inside it watch, path -> state (nested: the inner one's
    paths are the outer one's too); not `active`: nothing (and no cost)."""

    def __init__(self, active: bool = True) -> None:
        self.active = active
        self.seen: dict[str, str] = {}

    def __enter__(self) -> dict[str, str]:
        global _watched
        self.outer = _watched
        if self.active:
            _watched = self.seen
        return self.seen

    def __exit__(self, *exc: object) -> None:
        global _watched
        _watched = self.outer
        if self.active and self.outer is not None:
            for path, now in self.seen.items():
                self.outer.setdefault(path, now)


def state(path: str) -> str:
    """ABSENT, FOLDER, OTHER (not a regular file), UNKNOWN (cannot be read), or the stamp and
    the content hash of a regular file."""
    from .cache import content_hash, stamp

    try:
        st = os.stat(path)
    except FileNotFoundError:
        return ABSENT
    except OSError:
        return UNKNOWN
    if st_mode.S_ISDIR(st.st_mode):
        return FOLDER
    if not st_mode.S_ISREG(st.st_mode):
        return OTHER
    from .reading import Unreadable, read_bytes

    try:
        data = read_bytes(path, _LIMIT)
    except Unreadable:
        return UNKNOWN
    return f"{stamp(st)}|{content_hash(data)}"


def _glob_state(pattern: str) -> str:
    import glob

    return "\0".join(sorted(glob.glob(pattern)))


def unchanged(key: str, recorded: str) -> bool:
    """Whether what was watched as `key` is still in the `recorded` state: a file by its stamp
    when it has one and it is the same, else by the hash of its bytes."""
    if key.startswith(_GLOB):
        return _glob_state(key[len(_GLOB):]) == recorded
    if recorded == UNKNOWN:
        return False
    if recorded[:1] == "L":
        return _folder_state(key) == recorded
    if recorded in (ABSENT, FOLDER, OTHER):
        try:
            st = os.stat(key)
        except FileNotFoundError:
            return recorded == ABSENT
        except OSError:
            return False
        return recorded == (FOLDER if st_mode.S_ISDIR(st.st_mode) else
                            OTHER if not st_mode.S_ISREG(st.st_mode) else "")
    old_stamp, _, _ = recorded.partition("|")
    if old_stamp:
        from .cache import stamp

        try:
            if stamp(os.stat(key)) == old_stamp:
                return True
        except OSError:
            return False
    now = state(key)
    return "|" in now and now.partition("|")[2] == recorded.partition("|")[2]


def stamp_holds(key: str, recorded: str) -> bool:
    """Whether a file recorded by its stamp and content still has that stamp (else, unchanged
    by content, its record is worth taking again); true for any other state."""
    if "|" not in recorded or key.startswith(_GLOB):
        return True
    from .cache import stamp

    try:
        return stamp(os.stat(key)) == recorded.partition("|")[0]
    except OSError:
        return False


def path_of(key: str) -> str:
    """The path a key names (a glob's pattern)."""
    return key[len(_GLOB):] if key.startswith(_GLOB) else key
