"""The key of the pre-commit context: one hash of the path and stamp of every listed file (of
the content of a file changed in the last seconds)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from conftest import git

from dcrlint.repocontext import Context, _listing_key

LIMIT = 1000


def _files(root: Path, names: list[str], when: int = 1_600_000_000) -> list[str]:
    for n in names:
        p = root / n
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(n)
        os.utime(p, (when, when))
    return [str(root / n) for n in names]


def _key(listing: list[str], root: Path, named: set[str] | None = None, salt: str = "s",
         limit: int = LIMIT) -> str | None:
    keyed = _listing_key(listing, str(root), named or set(), salt, limit)
    return keyed[0] if keyed is not None else None


def test_listing_key_follows_every_file_but_the_named(tmp_path: Path) -> None:
    listing = _files(tmp_path, ["a.yaml", "d/b.yaml", "d/c.sh"])
    key = _key(listing, tmp_path)
    assert key is not None and key == _key(listing, tmp_path)
    assert _key(listing, tmp_path, salt="t") != key
    named = _key(listing, tmp_path, {"a.yaml"})
    (tmp_path / "a.yaml").write_text("changed")  # a named file is scanned: its stamp is not in the key
    assert _key(listing, tmp_path, {"a.yaml"}) == named
    (tmp_path / "d/c.sh").write_text("changed")  # same size
    os.utime(tmp_path / "d/c.sh", (1_600_000_100, 1_600_000_100))
    assert _key(listing, tmp_path, {"a.yaml"}) != named


def test_a_file_changed_in_the_last_seconds_is_keyed_by_its_content(tmp_path: Path) -> None:
    """Its stamp may stay the same through another change; pre-commit rewrites the files whose
    changes it stashes, with the same content at each run."""
    listing = _files(tmp_path, ["a.yaml", "b.yaml"])
    old = _key(listing, tmp_path)
    (tmp_path / "b.yaml").write_text("b.yaml")  # same content, new stamp: just now
    keyed = _listing_key(listing, str(tmp_path), set(), "s", LIMIT)
    assert keyed is not None and keyed[0] != old
    assert list(keyed[1]) == [str(tmp_path / "b.yaml")]
    os.unlink(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").write_text("b.yaml")  # rewritten again (another inode): same key
    assert _key(listing, tmp_path) == keyed[0]
    (tmp_path / "b.yaml").write_text("c.yaml")  # same size, same second
    assert _key(listing, tmp_path) not in (None, keyed[0], old)
    (tmp_path / "b.yaml").write_text("x" * (LIMIT + 1))  # cannot be read: no key
    assert _key(listing, tmp_path) is None


def test_listing_key_marks_files_gone_and_refuses_links(tmp_path: Path) -> None:
    listing = _files(tmp_path, ["a.yaml", "b.yaml"])
    before = _key(listing, tmp_path)
    (tmp_path / "b.yaml").unlink()  # listed by git, gone from the work tree
    gone = _key(listing, tmp_path)
    assert gone is not None and gone != before
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    assert _key(listing, tmp_path) is None  # its target may change unseen
    (tmp_path / "b.yaml").unlink()
    (tmp_path / "b.yaml").mkdir()  # a submodule
    assert _key(listing, tmp_path) not in (None, before, gone)


def test_context_rows_become_targets_on_first_use() -> None:
    context = Context(key="k", rows=[["a.yaml", "/r/a.yaml"]])
    assert context._targets is None
    assert [(t.rel, t.abspath, t.explicit) for t in context.targets] == [("a.yaml", "/r/a.yaml", False)]
    assert Context().targets == [] and Context().key is None


def test_indexed_files_follow_the_index_and_its_hash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The listing is git's index (kept under the hash of the index file): staged and renamed
    files are in it, untracked ones are not; a commit's hooks see the index being committed
    ($GIT_INDEX_FILE); outside a work tree the folder is walked and there is no index hash."""
    from dcrlint.cache import ResultCache
    from dcrlint.config import Settings
    from dcrlint.repocontext import _indexed_files

    monkeypatch.delenv("GIT_INDEX_FILE", raising=False)
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("a.yaml", "b.yaml"):
        (root / name).write_text(name)
    git(root, "init", "-q")
    git(root, "add", "a.yaml")
    git(root, "commit", "-q", "-m", "x", "--no-verify")
    settings = Settings(root=str(root))

    def listed() -> tuple[list[str], str | None]:
        for _ in range(2):  # filling the cache, then from it
            cache = ResultCache(tmp_path / "cache", "k", str(root), 1000)
            files, made, digest = _indexed_files(root, settings, cache)
            cache.flush(str(root))
            assert made is None or [f for f, _ in made[0]] == files
        assert digest is not None and made is None  # the second time, from the cache
        return sorted(os.path.relpath(f, root) for f in files), digest

    first = listed()
    assert first[0] == ["a.yaml"] and first[1] is not None
    git(root, "add", "b.yaml")
    staged = listed()
    assert staged[0] == ["a.yaml", "b.yaml"] and staged[1] != first[1]
    git(root, "mv", "b.yaml", "c.yaml")
    assert listed()[0] == ["a.yaml", "c.yaml"]
    other = tmp_path / "next-index"
    monkeypatch.setenv("GIT_INDEX_FILE", str(other))
    git(root, "read-tree", "HEAD")
    assert listed()[0] == ["a.yaml"]
    monkeypatch.delenv("GIT_INDEX_FILE")
    assert listed()[0] == ["a.yaml", "c.yaml"]
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "d.yaml").write_text("d")
    cache = ResultCache(tmp_path / "cache2", "k", None, 1000)
    files, made, digest = _indexed_files(plain, Settings(root=str(plain)), cache)
    assert [os.path.basename(f) for f in files] == ["d.yaml"] and made is not None and not made[1]
    assert digest is None


def test_indexed_files_without_a_readable_index_or_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken index or no git: the folder is walked (as discovery falls back), nothing is
    kept under an index hash; no index file: git tracks nothing."""
    from dcrlint.cache import ResultCache
    from dcrlint.config import Settings
    from dcrlint.repocontext import _indexed_files

    monkeypatch.delenv("GIT_INDEX_FILE", raising=False)
    root = tmp_path / "repo"
    root.mkdir()
    (root / "a.yaml").write_text("a")
    git(root, "init", "-q")
    git(root, "add", "a.yaml")
    (root / "b.yaml").write_text("b")  # untracked: only a walk lists it
    settings = Settings(root=str(root))
    cache = ResultCache(tmp_path / "cache", "k", str(root), 1000)

    def listed() -> tuple[list[str], bool, str | None]:
        files, made, digest = _indexed_files(root, settings, cache)
        return sorted(os.path.relpath(f, root) for f in files), made is None or made[1], digest

    assert listed()[:2] == (["a.yaml"], True)
    (root / ".git" / "index").write_bytes(b"not an index")
    cache = ResultCache(tmp_path / "cache", "k", str(root), 1000)
    assert listed() == (["a.yaml", "b.yaml"], False, None)
    assert cache.memo("git-index") == {}
    with monkeypatch.context() as m:
        m.setenv("PATH", str(tmp_path / "nowhere"))
        assert listed() == (["a.yaml", "b.yaml"], False, None)
    (root / ".git" / "index").unlink()
    assert listed()[:2] == ([], True)


def test_a_folder_git_lists_nothing_in_is_not_walked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git's answer that a folder holds nothing to scan (every file ignored, here by
    .git/info/exclude, which a walk cannot read) is kept: the folder is not walked instead."""
    from dcrlint.discover import tree_files

    monkeypatch.delenv("GIT_INDEX_FILE", raising=False)
    root = tmp_path / "repo"
    (root / "build").mkdir(parents=True)
    (root / "build" / "out.yaml").write_text("x")
    git(root, "init", "-q")
    (root / ".git" / "info").mkdir(exist_ok=True)
    (root / ".git" / "info" / "exclude").write_text("build/\n")
    notes: list[Any] = []
    assert tree_files(root / "build", True, notes, root, root) == ([], True) and not notes
    assert tree_files(root / "build", False, notes, root, root)[0]  # without git: walked
