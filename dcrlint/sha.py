"""SHA-256 without loading OpenSSL for a small run.

`hashlib` loads OpenSSL's libcrypto when imported (about 2.5 ms, an eighth of a one-file run
after the interpreter's own start). Python's built-in SHA-256 loads in a tenth of that but
hashes about five times slower, so it takes the first bytes of a run (a few files, keys, a
fingerprint) and `hashlib` the rest once a run hashes more than `_SMALL` bytes: the digests
are the same either way.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hashlib import _Hash

_SMALL = 1 << 20  # bytes hashed by the built-in SHA-256 before hashlib's takes over
_hashed = 0


def _builtin() -> Any:
    for name in ("_sha2", "_sha256"):  # Python 3.12+, 3.10-3.11
        try:
            return __import__(name).sha256
        except (ImportError, AttributeError):
            pass
    return None


_SHA256: Any = _builtin()


def sha256(data: bytes = b"") -> _Hash:
    """`hashlib.sha256(data)`: a hash object (`update`, `hexdigest`)."""
    global _hashed
    if _SHA256 is not None and "hashlib" not in sys.modules:
        _hashed += len(data)
        if _hashed <= _SMALL:
            return _SHA256(data)  # type: ignore[no-any-return]
    import hashlib

    return hashlib.sha256(data)

