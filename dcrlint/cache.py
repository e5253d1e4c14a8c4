"""The result cache, as ruff has one: a file whose content, path and settings are unchanged
since the last run gets its results back without being parsed.

Layout: under a key of everything a result depends on besides the file (dcrlint's version and
code, the effective settings, the selected rules and their levels, user policies' content, the
day, or the time --now gives), a few packed tables (`files-N.json`, 16 shards by path) map each path to
its entry: the file's stat stamp, the SHA-256 of its bytes, HEAD when its scan asked git, its
secrets sealed, and its results. An unchanged stamp (size, modification and change time,
inode, none of them within the last seconds) trusts the entry without reading the file; a
changed one reads the file and compares the hash, so the cache also works after a fresh CI
checkout. Run-wide tables (`memo-NAME.json`: kinds named by other files, the repository index
of cross-file checks, cross-file results) are stored beside them.

Safety: everything is JSON (a cache committed to a repository cannot run code: only dcrlint's
own classes are rebuilt), written atomically (temporary file and rename: concurrent runs see an
old table or a new one, never half of one), and anything that cannot be read is a miss. The
secrets a file holds (the Redactor needs them) are stored encrypted with a key derived from the
file's content, so the cache reveals nothing that the file itself does not.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import json
import os
import stat
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache, lru_cache
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .fileresult import FileResult
from .records import field, lazy_dataclass
from .sha import sha256, shake_256

if TYPE_CHECKING:
    from .config import Settings
    from .discover import Target
    from .findings import Notification

FORMAT = 4  # 3: packed tables, stat stamps; 4: the state of the other files a scan looked at
DEFAULT_DIR = ".dcrlint_cache"
SHARDS = 16
_GITIGNORE = "# Created by dcrlint automatically.\n*\n"
_MODULE = __package__ or "dcrlint"
# A file changed within this many seconds of its stat may change again within the clock's
# grain without its stamp changing: such a stamp is not recorded, the file is hashed instead.
_RECENT = 2.0
_UNUSED = 7 * 24 * 3600.0  # seconds after which the tables of a run key are removed


# --------------------------------------------------------------------------- the codec


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, enum.Enum):
        return {"E": _class_name(type(value)), "v": value.value}
    if hasattr(type(value), "__dataclass_fields__") and not isinstance(value, type):
        import dataclasses

        return {"D": _class_name(type(value)),
                "f": {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, tuple):
        return {"T": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, (set, frozenset)):
        items = sorted((_encode(v) for v in value), key=lambda x: json.dumps(x, sort_keys=True))
        return {"S" if isinstance(value, set) else "F": items}
    if isinstance(value, dict):
        return {"M": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, dt.datetime):
        return {"DT": value.isoformat()}
    if isinstance(value, dt.date):
        return {"DA": value.isoformat()}
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _class_name(cls: type) -> str:
    if not cls.__module__.startswith(_MODULE + "."):
        raise TypeError(f"cannot cache a {cls.__qualname__}")
    return f"{cls.__module__}:{cls.__qualname__}"


@cache
def _class(name: str) -> Any:
    """One of dcrlint's own classes; anything else is a corrupt (or planted) entry."""
    module, _, qualname = name.partition(":")
    if not module.startswith(_MODULE + ".") or not qualname.isidentifier():
        raise ValueError(name)
    cls = getattr(import_module(module), qualname)
    if not isinstance(cls, type) or not (_is_record(cls) or issubclass(cls, enum.Enum)):
        raise ValueError(name)
    return cls


def _is_record(cls: type) -> bool:
    """A dataclass (records.lazy_dataclass or not), asked without processing a lazy one."""
    return any("__dataclass_fields__" in vars(c) for c in cls.__mro__)


def _field_names(cls: type) -> tuple[str, ...]:
    """The fields of a dataclass whose fields all go to __init__ (as dataclasses and
    records.lazy_dataclass both list them), without importing dataclasses."""
    names: tuple[str, ...] = getattr(cls, "__match_args__", ())
    return names


_LEAVES = frozenset({str, int, float, bool, type(None)})  # what JSON gives that decodes to itself


def _decode(value: Any) -> Any:
    """Kept lean: a pre-commit run whose cross-file results are not cached decodes the facts of
    every context file (10x corpus: 1,400 files, 50,000 values). Leaves are taken as they are
    without a call; a record whose fields come in its own order is made by position."""
    leaves = _LEAVES
    kind = type(value)
    if kind is list:
        return [v if type(v) in leaves else _decode(v) for v in value]
    if kind is not dict:
        return value
    if "T" in value:
        items = value["T"]
        return tuple([v if type(v) in leaves else _decode(v) for v in items]) if items else ()
    if "D" in value:
        cls = _class(value["D"])
        fields = value["f"]
        if tuple(fields) == _field_names(cls):
            return cls(*[v if type(v) in leaves else _decode(v) for v in fields.values()])
        return cls(**{k: v if type(v) in leaves else _decode(v) for k, v in fields.items()})
    if "E" in value:
        return _class(value["E"])(value["v"])
    if "S" in value:
        return {_decode(v) for v in value["S"]}
    if "F" in value:
        return frozenset(_decode(v) for v in value["F"])
    if "M" in value:
        return {_decode(k): _decode(v) for k, v in value["M"]}
    if "DT" in value:
        return dt.datetime.fromisoformat(value["DT"])
    if "DA" in value:
        return dt.date.fromisoformat(value["DA"])
    raise ValueError("unknown tag")


def encode(value: Any) -> Any:
    """A value of dcrlint's own types (dataclasses, enums, containers, dates) as JSON data."""
    return _encode(value)


def decode(data: Any) -> Any:
    """The inverse of encode; raises ValueError (or TypeError, KeyError) on anything else."""
    return _decode(data)


# Results are most of what a warm run reads: a row of their fields, in this order (checked
# against the class; if it changes, the general codec is used until this list is updated).
_RESULT_FIELDS = ("path", "start", "end", "rule_id", "message", "fingerprint", "span", "level", "masked_spans",
                  "fix", "suppressed_by", "justification", "baseline_state", "tags", "properties", "source")


@cache
def _rows() -> bool:
    from .findings import Position, Result
    from .source import Span

    return (_field_names(Result) == _RESULT_FIELDS
            and _field_names(Position) == ("line", "column", "column_utf16")
            and _field_names(Span) == ("start", "end"))


def _result_rows(results: Sequence[Any]) -> Any:
    if not _rows():
        return _encode(results)
    # A source line is stored once, the rows name it by its index: the results on one line share
    # its text (thousands of findings on a long line would each store it).
    lines: dict[str, int] = {}
    rows = [[r.path, r.start.line, r.start.column, r.start.column_utf16, r.end.line, r.end.column,
             r.end.column_utf16, r.rule_id, r.message, r.fingerprint, r.span.start, r.span.end, r.level,
             [[s.start, s.end] for s in r.masked_spans], _encode(r.fix), r.suppressed_by, r.justification,
             r.baseline_state, list(r.tags), [[k, v] for k, v in r.properties], lines.setdefault(r.source, len(lines))]
            for r in results]
    return {"R": rows, "L": list(lines)}


def _results(data: Any) -> list[Any]:
    if not (isinstance(data, dict) and "R" in data):
        return _list(data)
    if not _rows():
        raise ValueError("result rows of another layout")
    from .findings import Position, Result
    from .source import Span

    lines = data["L"]
    out = []
    for (path, sl, sc, su, el, ec, eu, rule_id, message, fingerprint, s0, s1, level, masked, fix,
         suppressed_by, justification, baseline_state, tags, properties, line) in data["R"]:
        source = lines[line]
        out.append(Result(path, Position(sl, sc, su), Position(el, ec, eu), rule_id, message, fingerprint,
                          Span(s0, s1), level, tuple(Span(a, b) for a, b in masked),
                          _decode(fix) if fix is not None else None, suppressed_by, justification,
                          baseline_state, tuple(tags), tuple((k, v) for k, v in properties), source))
    return out


def _pack(fr: FileResult) -> dict[str, Any]:
    """A file's results as JSON data; the fields most files leave empty are left out (and the
    digest of a text that is its bytes)."""
    out: dict[str, Any] = {}
    if fr.kind is not None:
        out["k"] = fr.kind.value
    if fr.results:
        out["r"] = _result_rows(fr.results)
    if fr.notifications:
        out["n"] = _encode(fr.notifications)
    if fr.directives:
        out["d"] = _encode(fr.directives)
    if fr.collected:  # as JSON text: a warm run that needs no cross-file facts never parses them
        out["c"] = json.dumps(_encode(fr.collected), separators=(",", ":"))
    if fr.scanned:
        out["s"] = 1
    if fr.binary:
        out["b"] = 1
    if fr.digest and fr.digest != fr.sha:
        out["g"] = fr.digest
    elif fr.digest:
        out["g"] = 1  # the content hash
    return out


@cache
def _kinds() -> dict[str, Any]:
    from .classify import FileKind

    return {k.value: k for k in FileKind}


def _unpack(path: str, data: dict[str, Any], sha: str) -> FileResult:
    fr = FileResult(path)
    if "k" in data:
        fr.kind = _kinds()[data["k"]]
    if "r" in data:
        fr.results = _results(data["r"])
    if "n" in data:
        fr.notifications = _list(data["n"])
    if "d" in data:
        fr.directives = _list(data["d"])
    if "c" in data:
        fr.packed_collected = data["c"]  # decoded when a cross-file check needs it
    fr.scanned = bool(data.get("s"))
    fr.binary = bool(data.get("b"))
    digest = data.get("g", "")
    fr.digest = sha if digest == 1 else str(digest)
    return fr


def _list(data: Any) -> list[Any]:
    out = _decode(data)
    if not isinstance(out, list):
        raise ValueError("expected a list")
    return out


def collected(fr: FileResult) -> Mapping[str, Any] | None:
    """The cross-file facts of a file result (decoded from the cache on first use); None when
    the cache's cannot be read (the file must be scanned again)."""
    if fr.packed_collected is not None:
        try:
            packed = fr.packed_collected
            facts = _decode(json.loads(packed) if isinstance(packed, str) else packed)
        except (ValueError, KeyError, TypeError, AttributeError, ImportError, RecursionError):
            facts = None
        if not isinstance(facts, dict) or not all(isinstance(k, str) for k in facts):
            return None
        fr.collected = facts
        fr.packed_collected = None
    return fr.collected


# --------------------------------------------------------------------------- secrets at rest


def _keystream(content: bytes, nonce: bytes, n: int) -> bytes:
    """A key stream from the file's content and a random nonce of each sealed value (one
    stream for two values would give away their XOR)."""
    stream = _keyed(content).copy()
    stream.update(nonce)
    out: bytes = stream.digest(n)
    return out


@lru_cache(maxsize=4)
def _keyed(content: bytes) -> Any:
    """The content hashed once per file: hashing it again for each of thousands of secrets
    made sealing them quadratic (8,000 docker auths: 32 s)."""
    return shake_256(b"dcrlint-cache-secrets\0" + content)


def _seal(secret: str, content: bytes) -> str:
    raw = secret.encode("utf-8", "surrogatepass")
    nonce = os.urandom(16)
    sealed = bytes(a ^ b for a, b in zip(raw, _keystream(content, nonce, len(raw)), strict=True))
    return f"{nonce.hex()}:{sealed.hex()}"


def _open(sealed: str, content: bytes) -> str:
    nonce_hex, _, body = sealed.partition(":")
    raw, nonce = bytes.fromhex(body), bytes.fromhex(nonce_hex)
    plain = bytes(a ^ b for a, b in zip(raw, _keystream(content, nonce, len(raw)), strict=True))
    return plain.decode("utf-8", "surrogatepass")


def seal_all(secrets: Iterable[str], content: bytes) -> list[str]:
    """Secrets found in `content`, sealed with a key only that content gives."""
    return sorted(_seal(s, content) for s in secrets)


def open_all(sealed: Iterable[str], content: bytes) -> set[str]:
    return {_open(s, content) for s in sealed}


# --------------------------------------------------------------------------- stamps


def stamp(st: os.stat_result, now: float | None = None) -> str:
    """What tells that a file is unchanged without reading it: size, modification and change
    time, inode; "" for a file changed in the last seconds (it may change again unseen)."""
    recent = (time.time() if now is None else now) - _RECENT
    if not stat.S_ISREG(st.st_mode) or st.st_mtime >= recent:
        return ""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


def content_hash(content: bytes) -> str:
    return sha256(content).hexdigest()


def git_calls() -> int:
    """How many times this process asked git for line dates (a file's results then depend on
    the history as well as its content)."""
    gitdates = sys.modules.get(f"{_MODULE}.gitdates")
    return int(getattr(gitdates, "CALLS", 0)) if gitdates is not None else 0


@lazy_dataclass
class Entry:
    """What a scan of one file leaves for the cache (made where the file was scanned, perhaps
    in a worker process): its stamp taken before it was read, the hash of the bytes read, its
    secrets sealed, its results packed, and whether the scan asked git."""

    stamp: str
    sha: str
    sealed: list[str]
    packed: dict[str, Any]
    used_git: bool
    deps: dict[str, str] = field(default_factory=dict)  # what else it looked at (depends.py)

    @classmethod
    def of(cls, st: os.stat_result | None, content: bytes, result: FileResult, used_git: bool,
           deps: dict[str, str] | None = None, stamped: str | None = None) -> Entry | None:
        """`stamped`: the stamp of content not read from the file (a staged blob's `git:` id)."""
        from .depends import UNKNOWN

        if deps and UNKNOWN in deps.values():
            return None  # it looked at a file it could not read: never known to be the same
        try:
            result.sha = content_hash(content)
            return cls(stamped if stamped is not None else stamp(st) if st is not None else "", result.sha,
                       seal_all(result.secrets, content), _pack(result), used_git, deps or {})
        except (TypeError, ValueError, RecursionError):
            return None  # not cacheable: only costs time


# --------------------------------------------------------------------------- the cache


class ResultCache:
    """Per-file results under one run key; see the module docstring."""

    def __init__(self, folder: Path, run_key: str, git_root: str | None, max_file_size: int = 1 << 62) -> None:
        self.top = folder
        self.run_key = run_key
        self.folder = folder / f"v{FORMAT}" / run_key[:32]
        self._folder = str(self.folder)
        self._git_root = git_root
        self._head: str | None = None
        self._prepared = False
        self._max = max_file_size
        self._shards: dict[int, dict[str, Any]] = {}
        self._changes: dict[int, dict[str, Any]] = {}
        self._memos: dict[str, dict[str, Any]] = {}
        self._memo_changes: dict[str, dict[str, Any]] = {}
        self._same: dict[tuple[Any, ...], dict[str, Any]] = {}  # one copy of each small packed result
        self.now = time.time()
        # What the run's file results depend on besides their files (depends.py), as (key, state)
        # pairs; `deps_known`: false once a result's are not known (it could not be cached).
        self.deps: set[tuple[str, str]] = set()
        self.deps_known = True
        self.hashed: dict[str, str] = {}  # content hashes a replay's check took, by absolute path
        self._checked: dict[tuple[str, str], bool] = {}

    # ---- git

    def head(self) -> str:
        """HEAD of the scanned repository ('' without git), asked once."""
        if self._head is None:
            self._head = ""
            if self._git_root is not None:
                import subprocess

                try:
                    proc = subprocess.run(["git", "rev-parse", "HEAD"], cwd=self._git_root, capture_output=True,
                                          text=True, timeout=10, check=False)
                    self._head = proc.stdout.strip() if proc.returncode == 0 else ""
                except (OSError, subprocess.SubprocessError):
                    pass
        return self._head

    # ---- per-file entries

    @staticmethod
    def _key(rel: str, collect_only: bool) -> str:
        return ("1:" if collect_only else "0:") + rel

    def _shard(self, key: str) -> tuple[int, dict[str, Any]]:
        n = zlib.crc32(key.encode("utf-8", "surrogateescape")) % SHARDS
        table = self._shards.get(n)
        if table is None:
            table = self._shards[n] = self._read(f"files-{n:02d}.json")
        return n, table

    def _read(self, name: str) -> dict[str, Any]:
        try:
            with open(os.path.join(self._folder, name), encoding="utf-8") as fh:
                table = json.load(fh)
        except (OSError, ValueError, RecursionError):
            return {}
        return table if isinstance(table, dict) else {}

    def lookup(self, rel: str, abspath: str, collect_only: bool, st: os.stat_result | None = None,
               staged: tuple[str, Callable[[], bytes | None]] | None = None) -> FileResult | None:
        """The cached results of the file at abspath, if it is the file they were made from
        (`st`: its status, if discovery asked for it just now). `staged`: the content is not
        the file's but a staged blob, given by its stamp (`git:` and its id) and a reader."""
        key = self._key(rel, collect_only)
        n, table = self._shard(key)
        entry = table.get(key)
        if not isinstance(entry, list) or len(entry) not in (5, 6):
            return None
        try:
            old_stamp, sha, head, sealed, packed = entry[:5]
            deps = entry[5] if len(entry) == 6 else {}
            if deps and not self._unchanged(deps):
                return None
            if staged is not None:
                now_stamp = staged[0]
            else:
                if st is None:
                    st = os.stat(abspath)
                now_stamp = stamp(st, self.now)
            content = None
            if not now_stamp or now_stamp != old_stamp:
                hashed = self.hashed.get(abspath) if staged is None else None  # since `st` was taken (replay.py)
                if hashed is not None and not sealed:
                    if hashed != sha:
                        return None
                else:
                    content = _read_bytes(abspath, self._max) if staged is None else staged[1]()
                    if content is None or content_hash(content) != sha:
                        return None
            if head and head != self.head():
                return None
            secrets: set[str] = set()
            if sealed:
                if content is None:
                    content = _read_bytes(abspath, self._max) if staged is None else staged[1]()
                    if content is None or content_hash(content) != sha:
                        return None
                secrets = open_all(sealed, content)
            result = _unpack(rel, packed, sha)
        except (OSError, ValueError, KeyError, TypeError, AttributeError, ImportError, RecursionError):
            return None  # an entry that cannot be read: scan the file
        result.secrets = secrets
        result.sha = sha
        if now_stamp != old_stamp:
            self._changes.setdefault(n, {})[key] = [now_stamp, sha, head, sealed, packed, *entry[5:]]
        if deps:
            self.deps.update(deps.items())
        return result

    def unchanged(self, deps: Any) -> bool:
        """Whether every file in `deps` (path -> state, depends.py) is as it was."""
        return self._unchanged(deps)

    def _unchanged(self, deps: Any) -> bool:
        """Whether every file an entry's scan looked at is as it was (each asked once a run)."""
        from .depends import unchanged

        if not isinstance(deps, dict):
            return False
        for item in deps.items():
            ok = self._checked.get(item)
            if ok is None:
                key, recorded = item
                ok = self._checked[item] = isinstance(key, str) and isinstance(recorded, str) \
                    and unchanged(key, recorded)
            if not ok:
                return False
        return True

    def note_deps(self, entry: Entry | None) -> None:
        """A fresh result's dependencies (its entry's; none: not known)."""
        if entry is None:
            self.deps_known = False
        else:
            self.deps.update(entry.deps.items())

    def put(self, rel: str, collect_only: bool, entry: Entry) -> None:
        key = self._key(rel, collect_only)
        n, _ = self._shard(key)
        head = self.head() if entry.used_git else ""
        packed = entry.packed
        if all(k == "k" or type(v) is int for k, v in packed.items()):
            # Most files pack to one of a few small rows ({"k": kind, "s": 1, "g": 1}): a run
            # that fills the cache holds every row until flush, so each of those once.
            packed = self._same.setdefault(tuple(packed.items()), packed)
        row: list[Any] = [entry.stamp, entry.sha, head, entry.sealed or (), packed]
        if entry.deps:
            row.append(entry.deps)
        self._changes.setdefault(n, {})[key] = row

    # ---- run-wide tables

    def memo(self, name: str) -> dict[str, Any]:
        """A run-wide table stored under `name` (empty when absent or unreadable)."""
        table = self._memos.get(name)
        if table is None:
            table = self._memos[name] = self._read(f"memo-{name}.json")
        return table

    def set_memo(self, name: str, table: dict[str, Any]) -> None:
        """Replace the table `name` (written by flush)."""
        self._memos[name] = table
        self._memo_changes[name] = table

    # ---- whole tables (a run's replay)

    def table(self, name: str) -> dict[str, Any]:
        """The table stored as `name`.json under the run key (empty when absent or unreadable)."""
        return self._read(f"{name}.json")

    def write_table(self, name: str, table: dict[str, Any], keep: int = 0) -> None:
        """Store the table now (atomically); a cache that cannot be written only costs time.
        `keep`: at most this many tables whose name starts as this one's up to its last `-`
        stay (the least recently written are removed)."""
        with contextlib.suppress(OSError, TypeError, ValueError, RecursionError):
            self._write(f"{name}.json", table)
        if keep:
            prefix = name[: name.rfind("-") + 1]
            with contextlib.suppress(OSError):
                tables = [e for e in os.scandir(self._folder) if e.name.startswith(prefix) and e.name.endswith(".json")]
                tables.sort(key=lambda e: e.stat().st_mtime_ns, reverse=True)
                for e in tables[keep:]:
                    os.unlink(e.path)

    # ---- writing

    def flush(self, root: str) -> None:
        """Write what changed: each changed shard merged into its current file (another run
        may have written it meanwhile), without entries of files that are gone."""
        try:
            for n, changes in sorted(self._changes.items()):
                name = f"files-{n:02d}.json"
                table = self._read(name)
                table.update(changes)
                for key in [k for k in table if k not in changes]:
                    if not os.path.lexists(os.path.join(root, key[2:])):
                        del table[key]
                self._write(name, table)
            for name, table in sorted(self._memo_changes.items()):
                self._write(f"memo-{name}.json", table)
        except (OSError, TypeError, ValueError, RecursionError):
            pass  # a cache that cannot be written only costs time
        self._changes.clear()
        self._memo_changes.clear()

    def _write(self, name: str, table: dict[str, Any]) -> None:
        self._prepare()
        _atomic_write(self.folder / name, json.dumps(table, separators=(",", ":")))

    def _prepare(self) -> None:
        if self._prepared:
            return
        self._prepared = True
        fresh = not self.folder.is_dir()
        self.folder.mkdir(parents=True, exist_ok=True)
        ignore = self.top / ".gitignore"
        if not ignore.exists():
            _atomic_write(ignore, _GITIGNORE)
        if fresh:
            self._prune()

    def _prune(self) -> None:
        """Tables of other formats, and of run keys unused for a week (a key holds the day:
        without --now, each day starts one), are removed when a new key starts."""
        import shutil

        old = time.time() - _UNUSED
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.top):
                if entry.is_dir(follow_symlinks=False) and entry.name[:1] == "v" and entry.name[1:].isdigit() \
                        and entry.name != f"v{FORMAT}":
                    shutil.rmtree(entry.path, ignore_errors=True)
            for entry in os.scandir(self.folder.parent):
                if entry.is_dir(follow_symlinks=False) and entry.path != self._folder \
                        and entry.stat(follow_symlinks=False).st_mtime < old:
                    shutil.rmtree(entry.path, ignore_errors=True)


_INO_BITS = (1 << 63) - 1  # an inode number kept in a signed 64-bit slot


def listing_key(targets: Sequence[Target], notes: Sequence[Notification],
                stats: dict[str, os.stat_result], now: float | None = None) -> tuple[str, str] | None:
    """Hashes of the files of a run: of each file's path and the kind another file gives it,
    and discovery's notifications; and of every file's stamp (as `stamp`). None when a file has
    no stamp (changed in the last seconds, not a regular file), is named on the command line
    (cross-file checks then read the repository around it) or is standard input. The status of
    each file asked is added to `stats` (a scan that follows does not ask again)."""
    from array import array

    if any(t.explicit or not t.abspath for t in targets):
        return None
    recent = (time.time() if now is None else now) - _RECENT
    is_reg, get, stat_of = stat.S_ISREG, stats.get, os.stat
    numbers = array("q")
    add = numbers.extend
    paths = [t.abspath for t in targets]
    for path in paths:  # a stat per file: most of a replayed run's own work, kept lean
        st = get(path)
        if st is None:
            try:
                st = stats[path] = stat_of(path)
            except OSError:
                return None
        if not is_reg(st.st_mode) or st.st_mtime >= recent:
            return None
        add((st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino & _INO_BITS))
    h = sha256("\0".join(paths).encode("utf-8", "surrogateescape"))
    h.update(b"\0\0")
    h.update("\0".join(t.rel for t in targets).encode("utf-8", "surrogateescape"))
    h.update(repr([(t.rel, t.kind) for t in targets if t.kind]).encode("utf-8", "surrogateescape"))
    h.update(repr([(n.path, n.line, n.level, n.message) for n in notes]).encode("utf-8", "surrogateescape"))
    return h.hexdigest(), sha256(numbers.tobytes()).hexdigest()


def _read_bytes(path: str, limit: int) -> bytes | None:
    from .reading import Unreadable, read_bytes

    try:
        return read_bytes(path, limit)
    except Unreadable:
        return None


def _atomic_write(path: Path, text: str) -> None:
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def run_key(settings: Settings, selected: Iterable[str], levels: Mapping[str, str]) -> str:
    """Everything besides a file's path and content that its results depend on."""
    fields = {name: getattr(settings, name) for name in _field_names(type(settings))
              if name not in ("now", "stdin_data", "stdin_name")}
    h = sha256()
    h.update(f"dcrlint {__version__}\0{FORMAT}\0".encode())
    h.update(json.dumps(fields, sort_keys=True, default=repr).encode("utf-8", "surrogateescape"))
    h.update(json.dumps([sorted(selected), sorted(levels.items())]).encode())
    h.update(settings.now.isoformat().encode())  # the day, or the time `--now` gives
    h.update(_code_digest().encode())
    h.update(dependency_versions().encode("utf-8", "surrogateescape"))
    for folder in settings.rules_dirs:  # user policies: their content, not their names
        for p in sorted(Path(folder).rglob("*")):
            if p.is_file():
                h.update(str(p.relative_to(folder)).encode("utf-8", "surrogateescape") + b"\0")
                with contextlib.suppress(OSError):
                    h.update(p.read_bytes())
    return h.hexdigest()


# The libraries whose behaviour a cached result holds: the YAML and shell parsers (a new
# tree-sitter grammar recovers from syntax errors differently), the HCL grammar, the matcher.
_DEPENDENCIES = frozenset({"pyyaml", "tree_sitter", "tree_sitter_bash", "tree_sitter_hcl", "pyahocorasick"})


def dependency_versions() -> str:
    """The installed packages of _DEPENDENCIES as their metadata folders name them
    (`tree_sitter_bash-0.25.1.dist-info`), found on sys.path without importing them: an
    upgrade under the same dcrlint keys a new cache."""
    found = []
    for folder in dict.fromkeys(sys.path):
        if not folder or not os.path.isabs(folder):
            continue  # the working folder (python -m): not where dependencies are installed
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")) \
                    and name.split("-", 1)[0].lower().replace(".", "_") in _DEPENDENCIES:
                found.append(name)
    return "\0".join(sorted(found))


def _code_digest() -> str:
    """A development install changes without its version changing: its source files' sizes
    and modification times are part of the key (a few hundred stats, about a millisecond)."""
    here = os.path.dirname(os.path.abspath(__file__))
    h = sha256()
    for rel, st in _tree_stats(here, ".py"):
        h.update(f"{rel}:{st.st_size}:{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    parent_rules = os.path.join(os.path.dirname(here), "rules")
    rules = parent_rules if os.path.isdir(parent_rules) else os.path.join(here, "_rules")
    for rel, st in _tree_stats(rules, ".yaml", recurse=False):
        h.update(f"{rel}:{st.st_size}:{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def _tree_stats(folder: str, suffix: str, recurse: bool = True) -> list[tuple[str, os.stat_result]]:
    """(path relative to folder, stat) of the files with the suffix, sorted by path."""
    out: list[tuple[str, os.stat_result]] = []
    todo = [""]
    while todo:
        sub = todo.pop()
        try:
            entries = list(os.scandir(os.path.join(folder, sub) if sub else folder))
        except OSError:
            continue
        for e in entries:
            rel = f"{sub}/{e.name}" if sub else e.name
            with contextlib.suppress(OSError):
                if e.is_dir(follow_symlinks=False):
                    if recurse and e.name != "__pycache__":
                        todo.append(rel)
                elif e.name.endswith(suffix):
                    out.append((rel, e.stat()))
    out.sort(key=lambda x: x[0])
    return out
