"""Regular expressions compiled on first use.

A module-level `re.compile` runs at import, in every run, whether or not the run uses the
pattern (a few hundred microseconds for a big one; the modules of a scan hold more than a
hundred). `lazy_compile` returns a stand-in that compiles on its first use and from then on
holds the pattern's own bound methods: later calls cost what calls on the pattern cost.
"""

from __future__ import annotations

import re
import sys
from typing import Any, cast

# What a stand-in takes over from its pattern on first use.
_ATTRIBUTES = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split", "scanner",
               "flags", "groups", "groupindex")


class _LazyPattern:
    def __init__(self, pattern: str, flags: int, written: str | None = None) -> None:
        self.pattern = pattern
        self._flags = flags
        self._written = pattern if written is None else written  # what is compiled: the same matches

    def __getattr__(self, name: str) -> Any:  # only called for what the instance does not hold yet
        if name.startswith("__") or name not in _ATTRIBUTES:
            raise AttributeError(name)
        compiled = re.compile(self._written, self._flags)
        for attr in _ATTRIBUTES:
            self.__dict__[attr] = getattr(compiled, attr)
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern!r}, {self._flags})"


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, compiled when first used. Use it for module-level patterns;
    not for one handed to `re` functions (they need the compiled pattern)."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))


# `import yaml` compiles the class of printable characters of PyYAML's pure-Python Reader
# (reader.Reader.NON_PRINTABLE): about 5 ms, a tenth of a one-file run, for a pattern dcrlint
# never uses (documents are composed by libyaml, which checks characters itself). Put in re's
# cache of compiled patterns before PyYAML is imported, a stand-in is what PyYAML's
# `re.compile` gets, compiled on first use if ever (the pure-Python loader). Where re keeps no
# such cache, or PyYAML writes the pattern otherwise, it is compiled at import as before.
PYYAML_NON_PRINTABLE = "[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]"
# ... and what the stand-in compiles: the characters outside that class, which it matches (the
# same for every code point: tests/test_imports.py). Written as its complement, the class of
# ranges up to U+10FFFF, which `re` compiles in Python code point by code point (55 M
# instructions, 0.7% of a corpus scan that reads one YAML text with the pure-Python loader:
# a ConfigMap's YAML file, a last-applied annotation), compiles ten times faster.
NON_PRINTABLE_CHARS = "[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uD800-\uDFFF\uFFFE\uFFFF]"


_CACHES = ("_cache", "_cache2")  # re's caches of compiled patterns (the second since 3.12)


class _CachedLazyPattern(_LazyPattern):
    """A stand-in kept in re's caches: out of them before it compiles (else re would give it
    itself), so that re compiles and caches the pattern."""

    def __getattr__(self, name: str) -> Any:
        if name in _ATTRIBUTES:
            for attr in _CACHES:
                cache = getattr(re, attr, None)
                if isinstance(cache, dict):
                    for key in [k for k, v in cache.items() if v is self]:
                        del cache[key]
        return super().__getattr__(name)


def _defer_pyyaml_reader_pattern() -> None:
    cache = getattr(re, "_cache", None)
    if isinstance(cache, dict) and "yaml" not in sys.modules:
        cache.setdefault((str, PYYAML_NON_PRINTABLE, 0),
                         _CachedLazyPattern(PYYAML_NON_PRINTABLE, 0, NON_PRINTABLE_CHARS))


_defer_pyyaml_reader_pattern()
