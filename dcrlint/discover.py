"""Which files a scan covers: git-tracked plus untracked-but-not-ignored, or a folder walk."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path

from .findings import Notification

_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".tox", ".venv", "__pycache__"}


@dataclass(frozen=True, order=True)
class Target:
    rel: str  # path as reports show it
    abspath: str
    explicit: bool  # named on the command line: scanned even if excluded


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def matches(rel: str, globs: tuple[str, ...]) -> bool:
    """gitignore-like: a glob matches the path, any parent folder, or the file name."""
    parts = rel.split("/")
    for g in globs:
        g = g.rstrip("/")
        if fnmatch.fnmatchcase(rel, g) or fnmatch.fnmatchcase(parts[-1], g):
            return True
        if any(fnmatch.fnmatchcase("/".join(parts[:i]), g) for i in range(1, len(parts))):
            return True
    return False


def git_files(folder: Path) -> list[str] | None:
    """Files git tracks plus untracked files it does not ignore, or None outside a work tree."""
    import subprocess

    try:
        proc = subprocess.run(
            ["git", "-C", str(folder), "ls-files", "-z", "--cached", "--others",
             "--exclude-standard", "--full-name", "."],
            capture_output=True, check=False, timeout=60,
        )
        top = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
            capture_output=True, check=False, timeout=60, text=True,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if proc.returncode != 0 or top.returncode != 0:
        return None
    root = Path(top.stdout.strip())
    names = sorted(set(proc.stdout.decode("utf-8", "surrogateescape").split("\0")) - {""})
    return [str(root / n) for n in names]


def walk(folder: Path) -> list[str]:
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(folder):  # followlinks=False: no loops
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS)
        out.extend(os.path.join(dirpath, f) for f in sorted(filenames))
    return out


def discover(
    paths: list[str], root: Path, exclude: tuple[str, ...], include: tuple[str, ...], use_git: bool
) -> tuple[list[Target], list[Notification]]:
    targets: dict[str, Target] = {}
    notes: list[Notification] = []
    for given in paths:
        p = Path(given)
        absolute = p if p.is_absolute() else root / p
        if p.is_symlink() and not p.exists():
            notes.append(Notification(given, "broken symbolic link; skipped", level="note"))
            continue
        if absolute.is_dir():
            listed = (git_files(absolute) if use_git else None) or walk(absolute)
            for f in listed:
                rel = _relative(Path(f), root)
                if exclude and matches(rel, exclude):
                    continue
                if include and not matches(rel, include):
                    continue
                if os.path.islink(f) and not os.path.exists(f):
                    notes.append(Notification(rel, "broken symbolic link; skipped", level="note"))
                    continue
                if os.path.isdir(f):
                    continue  # a submodule or a symlink to a folder
                targets.setdefault(rel, Target(rel, f, False))
        elif absolute.exists():
            rel = _relative(absolute, root)
            targets[rel] = Target(rel, str(absolute), True)
        else:
            notes.append(Notification(given, "no such file or directory"))
    return sorted(targets.values()), notes
