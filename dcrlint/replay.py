"""A whole run replayed from the result cache: when every file of a run is the one the last
run with the same command line saw (same paths, kinds and stamps, same discovery notes, same
run key, same HEAD with git, and the other files its scans looked at as they were: depends.py),
the run writes again what that run wrote (stderr notes, report
files, standard output) and exits with its code, without reading any file's results.

What is kept is what was written, already masked: it holds no secret that the outputs did not
show. Any change (a file added, removed or touched, other settings, another day with the
default --now) is a miss, and the run falls back to the per-file cache, then records itself.
A record that cannot be read is a miss too.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .sha import sha256

if TYPE_CHECKING:
    from .cache import ResultCache
    from .discover import Target

FORMAT = 2  # 2: checked by content when stamps changed
# What a run writes after its scan, in order: ("err", "", text) to standard error, ("out", "",
# text) to standard output, ("file", path, text) to a report file; the text as written (masked).
Output = tuple[str, str, str]
_WHERE = frozenset({"err", "out", "file"})
_RECORDS = 8  # command lines recorded per run key (each holds its whole output)
_MOST = 64_000_000  # characters of output kept at most (a report that big costs more to keep than to make)


class Replay:
    """The record of one command line (`command`: what its outputs depend on besides the scan)
    over one set of files (`listing`: its files' paths, then their stamps, as cache.listing_key;
    `targets` and `stats`: the files and the status the stamps were taken from)."""

    def __init__(self, cache: ResultCache, command: str, listing: tuple[str, str], targets: Sequence[Target],
                 stats: Mapping[str, os.stat_result]) -> None:
        self.cache = cache
        digest = sha256(command.encode("utf-8", "surrogateescape")).hexdigest()[:16]
        self.name, self.contents = "replay-" + digest, "replaystamps-" + digest
        h = sha256(f"{FORMAT}\0{cache.run_key}\0{listing[0]}\0".encode())
        h.update(command.encode("utf-8", "surrogateescape"))
        self.key, self.stamps = h.hexdigest(), listing[1]
        self.targets, self.stats = targets, stats

    def load(self) -> tuple[list[Output], int] | None:
        """What the recorded run wrote and its exit code, if it ran over these very files
        (each by its stamp, else by its content: a fresh checkout of the same files)."""
        table = self.cache.table(self.name)
        if table.get("key") != self.key:
            return None
        code, outputs = table.get("code"), table.get("outputs")
        if type(code) is not int or not isinstance(outputs, list):
            return None
        out: list[Output] = []
        for item in outputs:
            if not (isinstance(item, list) and len(item) == 3 and item[0] in _WHERE
                    and isinstance(item[1], str) and isinstance(item[2], str)):
                return None
            out.append((item[0], item[1], item[2]))
        deps = table.get("deps")
        if not isinstance(deps, list):
            return None
        from .depends import unchanged

        for item in deps:
            if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)
                    and isinstance(item[1], str) and unchanged(item[0], item[1])):
                return None
        if table.get("stamps") != self.stamps:
            if not self._same_content():
                return None
            table["stamps"] = self.stamps  # the next run takes the stamps alone
            self.cache.write_table(self.name, table)
        return out, code

    def _same_content(self) -> bool:
        """Whether each file whose stamp changed holds the bytes it held (the hash of each is
        kept for the run's per-file lookups, should another differ); its new stamp kept."""
        from .cache import content_hash, stamp
        from .reading import Unreadable, read_bytes

        table = self.cache.table(self.contents)
        files = table.get("files")
        if table.get("key") != self.key or not isinstance(files, list) or len(files) != len(self.targets) \
                or not all(isinstance(f, str) for f in files):
            return False
        now = []
        for t, recorded in zip(self.targets, files, strict=True):
            st = self.stats.get(t.abspath)
            old_stamp, _, sha = recorded.partition("|")
            new_stamp = stamp(st) if st is not None else ""
            if not new_stamp:
                return False
            if new_stamp != old_stamp:
                try:
                    hashed = self.cache.hashed[t.abspath] = content_hash(read_bytes(t.abspath, 1 << 62))
                except Unreadable:
                    return False
                if hashed != sha:
                    return False
            now.append(f"{new_stamp}|{sha}")
        self.cache.write_table(self.contents, {"key": self.key, "files": now})
        return True

    def save(self, outputs: Sequence[Output], code: int, deps: Iterable[tuple[str, str]],
             shas: Mapping[str, str]) -> None:
        """Record the run; `deps`: what else it looked at that the listing does not cover
        (depends.py), each checked before a replay; `shas`: each file's content hash by path
        (the record is checked by content too when every file has one)."""
        from .cache import stamp

        if sum(len(text) for _, _, text in outputs) > _MOST:
            return
        record: dict[str, Any] = {"key": self.key, "stamps": self.stamps, "code": code,
                                  "outputs": [list(o) for o in outputs], "deps": sorted([k, v] for k, v in set(deps))}
        files = [f"{stamp(st)}|{shas.get(t.rel, '')}" if (st := self.stats.get(t.abspath)) is not None else ""
                 for t in self.targets]
        if all(f and not f.endswith("|") for f in files):
            self.cache.write_table(self.contents, {"key": self.key, "files": files})
        self.cache.write_table(self.name, record, keep=_RECORDS)
        with contextlib.suppress(OSError):  # the stamps of records no longer kept
            for entry in os.scandir(self.cache.folder):
                if entry.name.startswith("replaystamps-") \
                        and not os.path.exists(os.path.join(self.cache.folder, "replay-" + entry.name[13:])):
                    os.unlink(entry.path)
