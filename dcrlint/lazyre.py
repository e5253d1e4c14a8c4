"""Regular expressions compiled on first use.

A module-level `re.compile` runs at import, in every run, whether or not the run uses the
pattern (a few hundred microseconds for a big one; the modules of a scan hold more than a
hundred). `lazy_compile` returns a stand-in that compiles on its first use and from then on
holds the pattern's own bound methods: later calls cost what calls on the pattern cost.
"""

from __future__ import annotations

import re
from typing import Any, cast

# What a stand-in takes over from its pattern on first use.
_ATTRIBUTES = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split", "scanner",
               "flags", "groups", "groupindex")


class _LazyPattern:
    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:  # only called for what the instance does not hold yet
        if name.startswith("__") or name not in _ATTRIBUTES:
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self._flags)
        for attr in _ATTRIBUTES:
            self.__dict__[attr] = getattr(compiled, attr)
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern!r}, {self._flags})"


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, compiled when first used. Use it for module-level patterns;
    not for one handed to `re` functions (they need the compiled pattern)."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))
