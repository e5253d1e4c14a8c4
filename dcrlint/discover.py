"""Which files a scan covers: git-tracked plus untracked-but-not-ignored, or a folder walk
that honours `.gitignore` files. `include`/`exclude` globs have gitignore semantics and are
relative to the project root (the folder of the config file)."""

from __future__ import annotations

import fnmatch
import operator
import os
import re
import stat
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .depends import unsure, watch, watch_folder
from .findings import Notification
from .reading import Unreadable, read_text
from .records import lazy_dataclass

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".tox", ".venv", "__pycache__", ".dcrlint_cache"}
# Dependency trees a package manager writes are other projects' files: their Compose files, CI
# files and test passwords are not this repository's (gitleaks' default allowlist skips them too).
# Besides node_modules: a `vendor` folder marked as one by Go's `modules.txt` (written by `go mod
# vendor`) or Composer's `autoload.php`, and Bundler's `vendor/bundle`.
_VENDOR_MARKS = ("modules.txt", "autoload.php")
# dcrlint's own settings are never a target (they hold patterns, not credentials).
CONFIG_NAMES = frozenset({".dcrlint.yaml", ".dcrlint.yml"})
STDIN = "-"
_CONFIG_ENDINGS = tuple(CONFIG_NAMES)


@lazy_dataclass(frozen=True, order=True)
class Target:
    rel: str  # path as reports show it
    abspath: str  # "" for standard input
    explicit: bool  # named on the command line: scanned even if excluded (unless force_exclude)
    kind: str = ""  # a FileKind value another file gives it (a kustomization's `envs:`) when its name does not

    def __init__(self, rel: str, abspath: str, explicit: bool, kind: str = "") -> None:
        d = self.__dict__  # one per file listed: through the instance dict (see source.Span)
        d["rel"] = rel
        d["abspath"] = abspath
        d["explicit"] = explicit
        d["kind"] = kind


@lru_cache(maxsize=16)
def _spec(globs: tuple[str, ...]) -> GitIgnoreSpec:
    """The patterns as git reads them: one git cannot read (`a\\`, a lone `!`) matches nothing and
    the others still apply, as git does; nothing the pattern library would say is printed."""
    import warnings

    from pathspec import GitIgnoreSpec

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return GitIgnoreSpec.from_lines(globs)
        except Exception:  # GitIgnorePatternError, and what the regex engines say (`[z-a]`, `[[:space:]]`)
            return GitIgnoreSpec.from_lines([g for g in globs if _readable_pattern(g)])


def _readable_pattern(glob: str) -> bool:
    from pathspec import GitIgnoreSpec

    try:
        GitIgnoreSpec.from_lines([glob])
    except Exception:  # (see _spec)
        return False
    return True


def _matchable(rel: str) -> str:
    """A path as the pattern matcher (RE2, UTF-8 only) can take it: the bytes of a name that is
    not UTF-8, which Python keeps as lone surrogates, become U+FFFD (matched by `*` and `?`)."""
    if rel.isascii():
        return rel
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def excluded(path: Path, base: Path, globs: tuple[str, ...]) -> bool:
    """Whether the gitignore-style globs, read relative to `base`, match the file at `path`
    or a folder above it. A file outside `base` is not matched."""
    if not globs:
        return False
    try:
        rel = os.path.relpath(path, base).replace(os.sep, "/")  # normalised: `src/../x` is `x`
    except ValueError:  # another drive
        return False
    if rel == ".." or rel.startswith("../"):
        return False
    return _spec(globs).match_file(_matchable(rel))


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


def git_files(folder: Path, notes: list[Notification] | None = None, check: bool = True,
              untracked: bool = True) -> list[str] | None:
    """Files git tracks (its index: committed and staged) plus, with `untracked`, untracked
    files it does not ignore, or None outside a work tree (or when git fails: then a note says
    the folder is walked instead). Files deleted from the work tree but still in the index are
    not listed (unless not `check`: the caller looks). Without `untracked` git reads its index
    and nothing else: finding untracked files walks every folder of the work tree."""
    import subprocess

    try:
        top = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
            capture_output=True, check=False, timeout=60, text=True,
        )
        if top.returncode != 0:
            return None  # not a work tree: nothing to fall back from
        proc = subprocess.run(
            ["git", "-C", str(folder), "ls-files", "-z", "--cached",
             *(("--others", "--exclude-standard") if untracked else ()), "--full-name", "."],
            capture_output=True, check=False, timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        why = "timed out" if isinstance(e, subprocess.TimeoutExpired) else "cannot run git"
        _fallback(folder, why, notes)
        return None
    if proc.returncode != 0:
        _fallback(folder, "git ls-files failed (a broken index?)", notes)
        return None
    # in git's order (each part sorted; an unmerged path once): callers order what they keep
    names = [n for n in dict.fromkeys(proc.stdout.decode("utf-8", "surrogateescape").split("\0")) if n]
    listed = _git_paths(top.stdout.strip(), names)
    return [f for f in listed if os.path.lexists(f)] if check else listed


def git_index(folder: Path) -> tuple[str, str] | None:
    """The top folder of the work tree holding `folder` and the path of git's index file
    (`$GIT_INDEX_FILE` when set: a commit's hooks see the index being committed), None outside
    a work tree or when git cannot run."""
    import subprocess

    try:
        proc = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel", "--git-path", "index"],
            capture_output=True, check=False, timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = proc.stdout.decode("utf-8", "surrogateescape").splitlines()
    if proc.returncode != 0 or len(lines) != 2 or not lines[0]:
        return None
    return lines[0], os.path.join(folder, lines[1])  # the index path is relative to `folder` or absolute


def _git_paths(top: str, names: list[str]) -> list[str]:
    """Absolute paths of the names git lists (relative, `/`-separated) under its top folder."""
    if os.sep == "/" and top.startswith("/"):
        prefix = top.rstrip("/") + "/"
        return [prefix + n for n in names]
    root = Path(top)
    return [str(root / n) for n in names]


def _fallback(folder: Path, why: str, notes: list[Notification] | None) -> None:
    if notes is not None:
        notes.append(Notification(folder.as_posix(), f"{why}; walked the folder instead (honouring "
                                  ".gitignore files)", level="note"))


def _outside(path: str, tree: str) -> bool:
    real = os.path.realpath(path)
    return real != tree and not real.startswith(tree.rstrip(os.sep) + os.sep)


def _listed(f: str, rel: str, tree: str, notes: list[Notification], links: set[str] | None = None,
            gone_ok: bool = False, stats: dict[str, os.stat_result] | None = None) -> bool:
    """Whether a listed path is a file to scan. A symbolic link is followed only to a file
    inside the scanned tree (and added to `links`); a folder listed by git is a submodule (or a
    nested repository). With `gone_ok`, a file that is not there is skipped without a word.
    `stats` gets the status of a file that is not a link."""
    known = stats.get(f) if stats is not None else None
    if known is not None:
        return True  # a regular file (only those are kept)
    try:
        st = os.lstat(f)
    except OSError as e:
        if not gone_ok:
            notes.append(Notification(rel, f"cannot read ({e.strerror}); skipped"))
        return False
    if stats is not None and stat.S_ISREG(st.st_mode):
        stats[f] = st
    if stat.S_ISLNK(st.st_mode):
        if links is not None:
            links.add(f)
        if not os.path.exists(f):
            notes.append(Notification(rel, "broken symbolic link; skipped", level="note"))
            return False
        if _outside(f, tree):
            notes.append(Notification(rel, "symbolic link to outside the scanned tree; "
                                           "not followed", level="note"))
            return False
        return not os.path.isdir(f)  # a link to a folder inside the tree: walked there
    if stat.S_ISDIR(st.st_mode):
        notes.append(Notification(rel, "git submodule or nested repository; not scanned "
                                       "(scan it on its own)", level="note"))
        return False
    return True


def _refused(given: str, absolute: Path, root: Path) -> Notification | None:
    """Why a path named on the command line is not scanned, when the ordinary checks (it
    exists, it is a folder) could not even ask: a folder on the way that cannot be read, or a
    symbolic link to a file outside the project."""
    try:
        os.stat(absolute)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return None
    except OSError as e:
        return Notification(given, f"cannot read ({e.strerror}); skipped")
    if os.path.islink(absolute) and _outside(str(absolute), os.path.realpath(root)):
        return Notification(given, "symbolic link to outside the scanned tree; not followed", level="note")
    return None


_name = operator.attrgetter("name")
_rel = operator.attrgetter("rel")  # targets are keyed by it: ordering by it is their order


def _once(targets: dict[str, Target], checked: set[str] | None = None, known_links: set[str] | None = None
          ) -> list[Target]:
    """Each file once: a symbolic link to a file that is scanned under its own name is dropped.
    `checked`: paths already known to be links (those in `known_links`) or not."""
    checked = checked or set()
    known_links = known_links or set()
    links = [t for t in targets.values() if t.abspath and (
        t.abspath in known_links if t.abspath in checked else os.path.islink(t.abspath))]
    if not links:
        return sorted(targets.values(), key=_rel)
    real = {os.path.realpath(t.abspath): t for t in targets.values() if t not in links}
    out = [t for t in targets.values() if t not in links]
    for t in sorted(links):
        target = os.path.realpath(t.abspath)
        if target not in real:
            real[target] = t
            out.append(t)
    return sorted(out)


def _gitignore(folder: str) -> GitIgnoreSpec | None:
    path = os.path.join(folder, ".gitignore")
    if not os.path.lexists(path):
        return None
    try:
        lines = read_text(path).splitlines()
    except Unreadable:
        return None
    return _spec(tuple(lines)) if any(x.strip() and not x.startswith("#") for x in lines) else None


# Patterns that ignore every file of a folder.
_CATCH_ALL = frozenset(("*", "/*", "**", "/**", "**/*"))


def _ignores_everything(folder: str) -> bool:
    """The folder's `.gitignore` ignores every file and re-includes none (`*` and no `!`): the
    way a repository that adds its files by force is kept (dotfiles tracked from $HOME). Of a
    checkout of it, that file says nothing: each file there was added so."""
    try:
        lines = read_text(os.path.join(folder, ".gitignore")).splitlines()
    except Unreadable:
        return False
    patterns = [x.strip() for x in lines if x.strip() and not x.startswith("#")]
    return any(p in _CATCH_ALL for p in patterns) and not any(p.startswith("!") for p in patterns)


def _ignored(path: str, is_dir: bool, specs: list[tuple[str, GitIgnoreSpec]]) -> bool:
    """gitignore verdict for a path: the deepest .gitignore with a matching pattern decides."""
    for base, spec in reversed(specs):
        rel = _matchable(os.path.relpath(path, base).replace(os.sep, "/"))
        verdict = _folder_verdict(spec, rel) if is_dir else spec.check_file(rel).include
        if verdict is not None:
            return verdict
    return False


def _folder_verdict(spec: GitIgnoreSpec, rel: str) -> bool | None:
    """A folder's verdict as git gives it: the last pattern matching the folder itself decides,
    `build/` as `build` does (a trailing `/` only says that folders match), and a match through
    the folder's parent (pathspec's directory mark) is no match of it: `*` then `!/deploy` or
    `!*/` re-includes the folder, whose files are judged one by one. (The spec's own check of
    `deploy/` reads a folder as a file in it, where a negation naming the folder never won.)"""
    verdict = None
    for pattern in spec.patterns:
        if pattern.include is not None:
            regex = _folder_regex(cast(Any, type(pattern)), str(pattern.pattern))
            match = regex.search(rel) if regex is not None else None
            if match is not None and not match.groupdict().get("ps_d"):
                verdict = pattern.include
    return verdict


@lru_cache(maxsize=512)
def _folder_regex(kind: Any, text: str) -> re.Pattern[str] | None:
    """The pattern's regex without its trailing `/` (None when nothing is left), compiled by the
    pattern's own class."""
    body = text.rstrip()
    body = body[:-1] if body.endswith("/") and not body.endswith("\\/") else body
    if body.lstrip("!") in ("", "/"):
        return None
    try:
        regex = getattr(kind(body), "regex", None)
    except Exception:  # (as _spec: a pattern git cannot read matches nothing)
        return None
    return regex if isinstance(regex, re.Pattern) else None


def walk(folder: Path, notes: list[Notification] | None = None, root: Path | None = None,
         top: Path | None = None) -> list[str]:
    """Files under folder, without what `.gitignore` files ignore: those in the folders walked
    and those between `top` (the project root, when it contains folder) and folder."""
    return [f for f, _ in _walk(folder, notes, root, top)]


def _walk(folder: Path, notes: list[Notification] | None = None, root: Path | None = None,
          top: Path | None = None) -> list[tuple[str, bool]]:
    """walk(), each path with whether its folder listing showed a regular file (not a link,
    so that nothing needs to ask again)."""
    def unreadable(e: OSError) -> None:
        if notes is not None:
            where = _relative(Path(e.filename), root) if root else str(e.filename)
            notes.append(Notification(where, f"cannot read the folder ({e.strerror}); skipped"))

    def forced(where: str) -> bool:
        """A `.gitignore` of the project's own folders (the scanned one and those above it) that
        ignores everything: not applied (a tool's cache folder below writes one too: applied)."""
        if not _ignores_everything(where):
            return False
        if notes is not None:
            shown = _relative(Path(where), root) if root else where
            notes.append(Notification(".gitignore" if shown in (".", "") else f"{shown}/.gitignore",
                                      "ignores every file and re-includes "
                                      "none (a repository that adds its files by force): not applied to the "
                                      "folder walk", level="note"))
        return True

    above: list[tuple[str, GitIgnoreSpec]] = []
    start = folder.resolve()
    if top is not None:
        top = top.resolve()
        if top in start.parents:
            for parent in reversed([p for p in start.parents if p == top or top in p.parents]):
                watch(os.path.join(parent, ".gitignore"))  # depends.py: for a listing kept by the cache
                spec = _gitignore(str(parent))
                if spec is not None and not forced(str(parent)):
                    above.append((str(parent), spec))
    out: list[tuple[str, bool]] = []
    sep = "/" if os.sep == "/" and os.altsep is None else ""  # paths joined as strings where that is join
    # Depth first, folders and files in name order (as os.walk, top down, without following links).
    todo: list[tuple[str, list[tuple[str, GitIgnoreSpec]]]] = [(os.fspath(folder), above)]
    while todo:
        dirpath, inherited = todo.pop()
        watch_folder(dirpath)
        try:
            with os.scandir(dirpath) as it:
                entries = sorted(it, key=_name)
        except OSError as err:
            if err.filename is None:
                err.filename = dirpath
            unreadable(err)
            continue
        names = {e.name for e in entries}
        if ".gitignore" in names:
            watch(os.path.join(dirpath, ".gitignore"))
        own = _gitignore(dirpath) if ".gitignore" in names else None
        if own is not None and dirpath == os.fspath(folder) and forced(dirpath):
            own = None
        here = [*inherited, (dirpath, own)] if own is not None else inherited
        subdirs = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            full = dirpath + sep + entry.name if sep else os.path.join(dirpath, entry.name)
            if is_dir:
                if entry.name in _SKIP_DIRS or (here and _ignored(full, True, here)) or entry.is_symlink():
                    continue  # a link to a folder is not followed (no loops)
                if _vendor_tree(full, entry.name, dirpath):
                    continue
                subdirs.append(full)
            elif not (here and _ignored(full, False, here)):
                regular = entry.is_file(follow_symlinks=False)
                if not regular:
                    unsure(full)  # a link: what it leads to is asked later
                out.append((full, regular))
        todo.extend((d, here) for d in reversed(subdirs))
    return out


def _vendor_tree(full: str, name: str, parent: str) -> bool:
    """Whether a folder of a walk is a dependency tree (`_VENDOR_MARKS`)."""
    if name == "bundle":
        return os.path.basename(parent) == "vendor"
    if name != "vendor":
        return False
    marks = [os.path.join(full, m) for m in _VENDOR_MARKS]
    for m in marks:
        watch(m)  # what a replay of the listing must find the same (depends.py)
    return any(os.path.isfile(m) for m in marks)


def _without_dependencies(files: list[str], folder: str) -> list[str]:
    """Git's listing of a folder without the dependency trees below it (as the walk skips)."""
    cut = len(folder.rstrip("/"))  # only folders below the one scanned: it may be named `vendor`
    if not any("/vendor/" in f[cut:] or "/node_modules/" in f[cut:] for f in files):
        return files
    roots = tuple(f[: len(f) - len(m)] for f in files for m in _VENDOR_MARKS if f[cut:].endswith("/vendor/" + m))
    return [f for f in files
            if not (f.startswith(roots) or "/node_modules/" in f[cut:] or "/vendor/bundle/" in f[cut:])]


def kept(f: str, base: Path, exclude: tuple[str, ...], include: tuple[str, ...] = ()) -> bool:
    """Whether a listed file is a target by its path: not dcrlint's own settings, not excluded,
    included (globs relative to `base`)."""
    if f.endswith(_CONFIG_ENDINGS) and os.path.basename(f) in CONFIG_NAMES:
        return False
    if exclude and excluded(Path(f), base, exclude):
        return False
    return not include or excluded(Path(f), base, include)


# The files under a folder, each with whether its listing showed a regular file, and whether
# git listed them (a file git lists may be gone from the work tree: skipped without a word).
Listing = tuple[list[tuple[str, bool]], bool]


def tree_files(folder: Path, use_git: bool, notes: list[Notification], root: Path, base: Path,
               untracked: bool = True) -> Listing:
    """The files of a folder: git's listing (with untracked files not ignored, or only the
    files of its index), or a walk (without git, outside a work tree or when git fails)."""
    from_git = git_files(folder, notes, check=False, untracked=untracked) if use_git else None
    if from_git is not None:  # nothing listed is an answer too: the walk would find what git ignores
        return [(f, False) for f in _without_dependencies(from_git, str(folder.resolve()))], True
    return _walk(folder, notes, root, base), False


def discover(
    paths: list[str], root: Path, exclude: tuple[str, ...], include: tuple[str, ...], use_git: bool,
    base: Path | None = None, force_exclude: bool = False, stdin_name: str = "",
    stats: dict[str, os.stat_result] | None = None, listed: dict[str, Listing] | None = None,
) -> tuple[list[Target], list[Notification]]:
    """Targets for the paths, reported relative to `root`; globs are relative to `base`
    (default `root`). `-` is standard input, reported as `stdin_name`. `stats` gets the
    status of the listed files that discovery asked for (by absolute path; those it holds
    already are not asked again); `listed`: folders already listed (tree_files), by path."""
    base = base or root
    targets: dict[str, Target] = {}
    notes: list[Notification] = []
    checked: set[str] = set()  # listed paths whose lstat was seen: links among them in `links`
    links: set[str] = set()
    for given in paths:
        if given == STDIN:
            rel = _relative(root / stdin_name, root) if stdin_name else STDIN
            targets[rel] = Target(rel, "", True)
            continue
        p = Path(given)
        absolute = p if p.is_absolute() else root / p
        refused = _refused(given, absolute, root)
        if refused:
            notes.append(refused)
            continue
        if p.is_symlink() and not p.exists():
            notes.append(Notification(given, "broken symbolic link; skipped", level="note"))
            continue
        if absolute.is_dir():
            files, from_git = (listed or {}).get(str(absolute)) or tree_files(absolute, use_git, notes, root, base)
            tree = os.path.realpath(absolute)
            prefix = str(root).rstrip(os.sep) + os.sep
            for f, regular in files:
                # pathlib per file is most of a big tree's listing: a plain path is cut as a
                # string (what Path.relative_to, or as_posix outside root, would give)
                plain = os.sep == "/" and "//" not in f and "/./" not in f and not f.endswith("/.")
                if plain:
                    rel = f[len(prefix):] if f.startswith(prefix) else f if f.startswith("/") \
                        else _relative(Path(f), root)
                else:
                    rel = _relative(Path(f), root)
                if not kept(f, base, exclude, include):
                    continue
                checked.add(f)
                if not regular and not _listed(f, rel, tree, notes, links, from_git, stats):
                    continue
                targets.setdefault(rel, Target(rel, f, False))
        elif absolute.exists():
            if force_exclude and excluded(absolute, base, exclude):
                continue
            rel = _relative(absolute, root)
            targets[rel] = Target(rel, str(absolute), True)
        else:
            notes.append(Notification(given, "no such file or directory"))
    return _once(targets, checked, links), notes
