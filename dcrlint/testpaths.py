"""Findings in test data (demo secrets in `tests/`, `testdata/`, `fixtures/` ...) stay visible
but are reported at a lower level (note by default) with the tag `test-fixture`."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from .findings import Result

TAG = "test-fixture"


def in_test_folder(rel: str, globs: Sequence[str]) -> bool:
    """True when a folder of `rel` (not the file name) matches one of the globs: `tests`
    matches `a/tests/b.yaml`, `spec/fixtures` matches `x/spec/fixtures/y/z.json`. A glob
    holding `/` may also match the whole path (`**/*_test.yaml`)."""
    parts = rel.split("/")
    folders = parts[:-1]
    for g in globs:
        g = g.strip("/")
        if not g:
            continue
        if "/" in g and fnmatch.fnmatchcase(rel, g):
            return True
        depth = g.count("/") + 1
        for i in range(len(folders) - depth + 1):
            if fnmatch.fnmatchcase("/".join(folders[i : i + depth]), g):
                return True
    return False


def chart_test_values(abspath: str) -> bool:
    """A values file of Helm chart-testing: `<chart>/ci/*.yaml` beside the chart's Chart.yaml
    (the convention `ct` reads): test data for the chart's own CI."""
    parent = os.path.dirname(abspath)
    return os.path.basename(parent) == "ci" and os.path.isfile(os.path.join(os.path.dirname(parent), "Chart.yaml"))


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
