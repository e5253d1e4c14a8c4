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

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .sha import sha256

if TYPE_CHECKING:
    from .cache import ResultCache

FORMAT = 1
# What a run writes after its scan, in order: ("err", "", text) to standard error, ("out", "",
# text) to standard output, ("file", path, text) to a report file; the text as written (masked).
Output = tuple[str, str, str]
_WHERE = frozenset({"err", "out", "file"})
_RECORDS = 8  # command lines recorded per run key (each holds its whole output)
_MOST = 64_000_000  # characters of output kept at most (a report that big costs more to keep than to make)


class Replay:
    """The record of one command line (`command`: what its outputs depend on besides the scan)
    over one set of files (`listing`: cache.listing_key and HEAD)."""

    def __init__(self, cache: ResultCache, command: str, listing: str) -> None:
        self.cache = cache
        self.name = "replay-" + sha256(command.encode("utf-8", "surrogateescape")).hexdigest()[:16]
        h = sha256(f"{FORMAT}\0{cache.run_key}\0{listing}\0".encode())
        h.update(command.encode("utf-8", "surrogateescape"))
        self.key = h.hexdigest()

    def load(self) -> tuple[list[Output], int] | None:
        """What the recorded run wrote and its exit code, if it ran over these very files."""
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
        return out, code

    def save(self, outputs: Sequence[Output], code: int, deps: Iterable[tuple[str, str]]) -> None:
        """Record the run; `deps`: what else it looked at that the listing does not cover
        (depends.py), each checked before a replay."""
        if sum(len(text) for _, _, text in outputs) > _MOST:
            return
        record: dict[str, Any] = {"key": self.key, "code": code, "outputs": [list(o) for o in outputs],
                                  "deps": sorted([k, v] for k, v in set(deps))}
        self.cache.write_table(self.name, record, keep=_RECORDS)
