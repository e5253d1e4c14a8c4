"""sha.sha256: hashlib's digests, from the built-in module for a run's first bytes."""

from __future__ import annotations

import hashlib
import subprocess
import sys

from dcrlint import sha


def test_digests_are_hashlibs_before_and_after_the_switch() -> None:
    code = """
import sys
from dcrlint import sha
small = sha.sha256(b"abc")
assert "hashlib" not in sys.modules, "built-in first"
h = sha.sha256()
h.update(b"a")
h.update(b"bc")
big = sha.sha256(b"x" * (sha._SMALL + 1))  # past the first megabyte: hashlib's
assert "hashlib" in sys.modules
print(small.hexdigest(), h.hexdigest(), big.hexdigest(), sha.sha256(b"abc").hexdigest())
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    abc = hashlib.sha256(b"abc").hexdigest()
    assert out == [abc, abc, hashlib.sha256(b"x" * (sha._SMALL + 1)).hexdigest(), abc]


def test_shake_is_hashlibs_before_and_after_the_switch() -> None:
    code = """
import sys
from dcrlint import sha
small = sha.shake_256(b"abc").digest(16).hex()
assert "hashlib" not in sys.modules, "built-in first"
big = sha.shake_256(b"x" * (sha._SMALL + 1)).digest(16).hex()
assert "hashlib" in sys.modules
print(small, big)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == [hashlib.shake_256(b"abc").digest(16).hex(), hashlib.shake_256(b"x" * (sha._SMALL + 1)).digest(16).hex()]
