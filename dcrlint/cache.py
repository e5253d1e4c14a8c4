"""The result cache, as ruff has one: a file whose content, path and settings are unchanged
since the last run gets its results back without being parsed.

Entries are keyed by a hash of the file's path and bytes under a key of everything else a
result depends on (dcrlint's version, the effective settings, the selected rules and their
levels, user policies' content, the day given by --now), so the cache also works after a fresh
CI checkout. A file whose scan asked git for dates is keyed by HEAD too.

Safety: entries are JSON (a cache committed to a repository cannot run code: only dcrlint's own
classes are rebuilt), written atomically (temporary file and rename: concurrent runs see an old
entry or a new one), and any entry that cannot be read is a miss. The secrets a file holds
(the Redactor needs them) are stored encrypted with a key derived from the file's content, so
the cache reveals nothing that the file itself does not.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__

if TYPE_CHECKING:
    from .config import Settings
    from .engine import FileResult

FORMAT = 2  # 2: a nonce per sealed secret
DEFAULT_DIR = ".dcrlint_cache"
_GITIGNORE = "# Created by dcrlint automatically.\n*\n"
_MODULE = __package__ or "dcrlint"


# --------------------------------------------------------------------------- the codec


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, enum.Enum):
        return {"E": _class_name(type(value)), "v": value.value}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
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
    if not isinstance(cls, type) or not (dataclasses.is_dataclass(cls) or issubclass(cls, enum.Enum)):
        raise ValueError(name)
    return cls


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "D" in value:
        cls = _class(value["D"])
        return cls(**{k: _decode(v) for k, v in value["f"].items()})
    if "E" in value:
        return _class(value["E"])(value["v"])
    if "T" in value:
        return tuple(_decode(v) for v in value["T"])
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
    return hashlib.shake_256(b"dcrlint-cache-secrets\0" + content)


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


# --------------------------------------------------------------------------- the cache


def git_calls() -> int:
    """How many times this process asked git for line dates (a file's results then depend on
    the history as well as its content)."""
    gitdates = sys.modules.get(f"{_MODULE}.gitdates")
    return int(getattr(gitdates, "CALLS", 0)) if gitdates is not None else 0


class ResultCache:
    """Per-file results under one run key; see the module docstring."""

    def __init__(self, folder: Path, run_key: str, git_root: str | None) -> None:
        self.top = folder
        self.folder = folder / f"v{FORMAT}" / run_key[:32]
        self._folder = str(self.folder)
        self._git_root = git_root
        self._head: str | None = None
        self._prepared = False

    def _path(self, rel: str, content: bytes, collect_only: bool) -> str:
        h = hashlib.sha256()
        h.update(f"{rel}\0{int(collect_only)}\0".encode("utf-8", "surrogateescape"))
        h.update(content)
        name = h.hexdigest()
        return os.path.join(self._folder, name[:2], name[2:] + ".json")

    def head(self) -> str:
        """HEAD of the scanned repository ('' without git), asked once."""
        if self._head is None:
            self._head = ""
            if self._git_root is not None:
                try:
                    proc = subprocess.run(["git", "rev-parse", "HEAD"], cwd=self._git_root, capture_output=True,
                                          text=True, timeout=10, check=False)
                    self._head = proc.stdout.strip() if proc.returncode == 0 else ""
                except (OSError, subprocess.SubprocessError):
                    pass
        return self._head

    def load(self, rel: str, content: bytes, collect_only: bool) -> FileResult | None:
        try:
            with open(self._path(rel, content, collect_only), encoding="utf-8") as fh:
                entry = json.load(fh)
            if entry.get("head") and entry["head"] != self.head():
                return None
            result = _decode(entry["result"])
            result.secrets = {_open(s, content) for s in entry["secrets"]}
        except (OSError, ValueError, KeyError, TypeError, AttributeError, ImportError, RecursionError):
            return None  # no entry, or one that cannot be read: scan the file
        from .engine import FileResult

        return result if isinstance(result, FileResult) else None

    def store(self, content: bytes, result: FileResult, collect_only: bool, used_git: bool) -> None:
        try:
            entry = {
                "head": self.head() if used_git else "",
                "secrets": sorted(_seal(s, content) for s in result.secrets),
                "result": _encode(dataclasses.replace(result, secrets=set())),
            }
            path = Path(self._path(result.path, content, collect_only))
            self._prepare()
            path.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(path, json.dumps(entry, separators=(",", ":")))
        except (OSError, TypeError, ValueError, RecursionError):
            pass  # a cache that cannot be written only costs time

    def load_index(self, name: str) -> dict[str, Any]:
        """A run-wide table stored under `name` (empty when absent or unreadable)."""
        try:
            with open(os.path.join(self._folder, f"index-{name}.json"), encoding="utf-8") as fh:
                table = json.load(fh)
        except (OSError, ValueError, RecursionError):
            return {}
        return table if isinstance(table, dict) else {}

    def store_index(self, name: str, table: dict[str, Any]) -> None:
        try:
            self._prepare()
            _atomic_write(self.folder / f"index-{name}.json", json.dumps(table, separators=(",", ":")))
        except (OSError, TypeError, ValueError, RecursionError):
            pass

    def _prepare(self) -> None:
        if self._prepared:
            return
        self._prepared = True
        self.folder.mkdir(parents=True, exist_ok=True)
        ignore = self.top / ".gitignore"
        if not ignore.exists():
            _atomic_write(ignore, _GITIGNORE)


def _atomic_write(path: Path, text: str) -> None:
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
    fields = {f.name: getattr(settings, f.name) for f in dataclasses.fields(settings)
              if f.name not in ("now", "stdin_data", "stdin_name")}
    h = hashlib.sha256()
    h.update(f"dcrlint {__version__}\0{FORMAT}\0".encode())
    h.update(json.dumps(fields, sort_keys=True, default=repr).encode("utf-8", "surrogateescape"))
    h.update(json.dumps([sorted(selected), sorted(levels.items())]).encode())
    h.update(settings.now.date().isoformat().encode())
    h.update(_code_digest().encode())
    for folder in settings.rules_dirs:  # user policies: their content, not their names
        for p in sorted(Path(folder).rglob("*")):
            if p.is_file():
                h.update(str(p.relative_to(folder)).encode("utf-8", "surrogateescape") + b"\0")
                with contextlib.suppress(OSError):
                    h.update(p.read_bytes())
    return h.hexdigest()


def _code_digest() -> str:
    """A development install changes without its version changing: its source files' sizes
    and modification times are part of the key (a few hundred stats, about a millisecond)."""
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for p in sorted(here.rglob("*.py")):
        with contextlib.suppress(OSError):
            st = p.stat()
            h.update(f"{p.relative_to(here)}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    rules = here.parent / "rules" if (here.parent / "rules").is_dir() else here / "_rules"
    for p in sorted(rules.glob("*.yaml")):
        with contextlib.suppress(OSError):
            st = p.stat()
            h.update(f"{p.name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()
