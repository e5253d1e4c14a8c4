"""When each line of a file last changed, from one `git blame --porcelain` per file."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterable
from functools import lru_cache

_UNCOMMITTED = "0" * 40
CALLS = 0  # asked of git in this process (the result cache keys such files by HEAD too)
_TIMEOUT = 30


def line_dates(abspath: str, lines: Iterable[int]) -> dict[int, dt.datetime]:
    """Author date of the commit that last changed each of `lines` (1-based).

    One git process for all the lines. Lines not committed yet, files outside a git work
    tree, untracked files and a missing git all give no date (the feature is silently off).
    """
    global CALLS
    wanted = sorted(set(n for n in lines if n > 0))
    if not wanted or not abspath:
        return {}
    CALLS += 1
    folder, name = os.path.split(os.path.abspath(abspath))
    cmd = ["git", "-c", "core.quotepath=off", "blame", "--porcelain"]
    for n in wanted:
        cmd += ["-L", f"{n},{n}"]
    cmd += ["--", name]
    env = {**os.environ, "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        proc = subprocess.run(cmd, cwd=folder or ".", capture_output=True, timeout=_TIMEOUT,
                              env=env, check=False)
    except (OSError, subprocess.SubprocessError):
        return {}
    if proc.returncode != 0:
        return {}
    return parse_porcelain(proc.stdout.decode("utf-8", "replace"))


@lru_cache(maxsize=64)
def history_problem(folder: str) -> str | None:
    """Why git history cannot date lines in `folder`: git missing, or a shallow clone (the
    default of actions/checkout and GitLab), where `git blame` gives every older line the date
    of the oldest fetched commit. None when history is whole, or outside a work tree."""
    env = {**os.environ, "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        proc = subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=folder or ".",
                              capture_output=True, text=True, timeout=_TIMEOUT, env=env, check=False)
    except FileNotFoundError:
        return "git is not installed"
    except (OSError, subprocess.SubprocessError):
        return "git could not be run"
    if proc.returncode != 0:
        return None  # not in a work tree: no history to ask
    if proc.stdout.strip() == "true":
        return "the repository is a shallow clone"
    return None


def parse_porcelain(out: str) -> dict[int, dt.datetime]:
    """Final line number -> author time, from `git blame --porcelain` output."""
    times: dict[str, int] = {}
    result: dict[int, dt.datetime] = {}
    commit = ""
    final_line = 0
    for line in out.splitlines():
        if not line:
            continue
        if line.startswith("\t"):  # the content line closes a group
            if commit != _UNCOMMITTED and commit in times:
                result[final_line] = dt.datetime.fromtimestamp(times[commit], dt.UTC)
            continue
        head, _, rest = line.partition(" ")
        if len(head) == 40 and all(c in "0123456789abcdef" for c in head):
            commit = head
            fields = rest.split()
            if len(fields) >= 2 and fields[1].isdigit():
                final_line = int(fields[1])
        elif head == "author-time" and rest.strip().lstrip("-").isdigit():
            times[commit] = int(rest.strip())
    return result
