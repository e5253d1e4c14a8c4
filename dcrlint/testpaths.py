"""Findings in test data (demo secrets in `tests/`, `testdata/`, `fixtures/` ...) stay visible
but are reported at a lower level (note by default) with the tag `test-fixture`."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from .depends import watch
from .findings import Result
from .records import replace

TAG = "test-fixture"


def in_test_folder(rel: str, globs: Sequence[str]) -> bool:
    """True when a folder of `rel` (not the file name) matches one of the globs: `tests`
    matches `a/tests/b.yaml`, `spec/fixtures` matches `x/spec/fixtures/y/z.json`. A glob
    holding `/` may also match the whole path (`**/*_test.yaml`). A hidden folder is read with
    and without its dot: `.e2e/` is an end-to-end suite as `e2e/` is."""
    whole = _whole(tuple(globs))
    if whole is not None and whole.match(rel):
        return True
    folders = rel.split("/")[:-1]
    if not folders:
        return False  # a file named at the top (one file in pre-commit): nothing more to compile
    shown = [f[1:] if f.startswith(".") and len(f) > 1 else f for f in folders]
    spellings = (folders,) if shown == folders else (folders, shown)
    for depth, pattern in _by_depth(tuple(globs)):
        for names in spellings:
            for i in range(len(names) - depth + 1):
                if pattern.match("/".join(names[i : i + depth])):
                    return True
    return False


# The globs as fnmatchcase reads them: one regular expression for the globs holding `/`
# (matched against the whole path) and one per depth (matched against that many folders).
@lru_cache(maxsize=8)
def _whole(globs: tuple[str, ...]) -> re.Pattern[str] | None:
    whole = [fnmatch.translate(g) for g in (g.strip("/") for g in globs) if g and "/" in g]
    return re.compile("|".join(whole)) if whole else None


@lru_cache(maxsize=8)
def _by_depth(globs: tuple[str, ...]) -> list[tuple[int, re.Pattern[str]]]:
    depths: dict[int, list[str]] = {}
    for g in (g.strip("/") for g in globs):
        if g:
            depths.setdefault(g.count("/") + 1, []).append(fnmatch.translate(g))
    return [(d, re.compile("|".join(ps))) for d, ps in sorted(depths.items())]


def chart_test_values(abspath: str) -> bool:
    """A values file of Helm chart-testing: `<chart>/ci/*.yaml` beside the chart's Chart.yaml
    (the convention `ct` reads): test data for the chart's own CI."""
    parent = os.path.dirname(abspath)
    if os.path.basename(parent) != "ci":
        return False
    chart = os.path.join(os.path.dirname(parent), "Chart.yaml")
    watch(chart)  # what a replay of the run must find the same (replay.py)
    return os.path.isfile(chart)


def _bases(paths: Iterable[str], root: Path) -> list[str]:
    """The scanned folders as absolute paths (longest first), to make absolute result paths
    relative to what was scanned: folders above the scan root say nothing about test data."""
    out = []
    for p in paths:
        absolute = Path(p) if Path(p).is_absolute() else root / p
        if os.path.isdir(absolute):  # False, not an error, in a folder that cannot be read
            out.append(os.path.normpath(str(absolute)))
    return sorted(out, key=len, reverse=True)


def mark(results: list[Result], paths: Iterable[str], root: Path, globs: Sequence[str],
         level: str) -> list[Result]:
    """Results under a test folder get `level` and the `test-fixture` tag."""
    if not globs:
        return results
    bases = _bases(paths, root)
    out = []
    verdicts: dict[str, bool] = {}  # by path: a file's results share one
    for r in results:
        verdict = verdicts.get(r.path)
        if verdict is None:
            verdict = verdicts[r.path] = _in_test_data(r.path, bases, root, globs)
        if verdict:
            r = replace(r, level=level, tags=(*r.tags, TAG))
        out.append(r)
    return out


def _in_test_data(path: str, bases: list[str], root: Path, globs: Sequence[str]) -> bool:
    """Whether a result path is in a test folder (relative to what was scanned) or a chart's
    test values."""
    rel = path
    if os.path.isabs(rel):
        for b in bases:
            if rel.startswith(b + os.sep):
                rel = rel[len(b) + 1 :]
                break
        else:
            rel = os.path.basename(rel)  # a file named on its own: only its name is known
    abspath = path if os.path.isabs(path) else str(root / path)
    return in_test_folder(rel.replace(os.sep, "/"), globs) or chart_test_values(abspath)
