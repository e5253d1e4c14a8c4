"""SHA-256 without loading OpenSSL for a small run.

`hashlib` loads OpenSSL's libcrypto when imported (about 2.5 ms, an eighth of a one-file run
after the interpreter's own start). Python's built-in SHA-256 loads in a tenth of that but
hashes about five times slower, so it takes the first bytes of a run (a few files, keys, a
fingerprint) and `hashlib` the rest once a run hashes more than `_SMALL` bytes: the digests
are the same either way.
"""

from __future__ import annotations

import sys
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hashlib import _Hash

_SMALL = 1 << 20  # bytes hashed by the built-in SHA-256 before hashlib's takes over
_hashed = 0


def _builtin(modules: tuple[str, ...], name: str) -> Any:
    for module in modules:
        try:
            return getattr(__import__(module), name)
        except (ImportError, AttributeError):
            pass
    return None


# Python 3.12+ has _sha2, 3.10-3.11 _sha256 (looking for the other one searches all of sys.path)
_SHA256: Any = _builtin(("_sha2",) if sys.version_info >= (3, 12) else ("_sha256",), "sha256")


def sha256(data: bytes = b"") -> _Hash:
    """`hashlib.sha256(data)`: a hash object (`update`, `hexdigest`)."""
    global _hashed
    if _SHA256 is not None and "hashlib" not in sys.modules:
        _hashed += len(data)
        if _hashed <= _SMALL:
            return _SHA256(data)  # type: ignore[no-any-return]
    return _hashlib().sha256(data)  # type: ignore[no-any-return]


def shake_256(data: bytes) -> Any:
    """`hashlib.shake_256(data)` (`digest(n)`, `copy`), by the same rule as sha256."""
    global _hashed
    if "hashlib" not in sys.modules:
        builtin = _builtin(("_sha3",), "shake_256")
        _hashed += len(data)
        if builtin is not None and _hashed <= _SMALL:
            return builtin(data)
    return _hashlib().shake_256(data)


@cache
def _hashlib() -> ModuleType:
    """hashlib, imported on first use (an import statement run per file costs more than the call)."""
    import hashlib

    return hashlib
