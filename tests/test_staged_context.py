"""The pre-commit context as git's index stages it (gitindex.py, repocontext.py): the other
files' staged content, read without running git where the index is one this reader knows
(versions 2 to 4, a linked work tree, $GIT_INDEX_FILE), git's listing otherwise (a split index);
the same findings with and without the cache, and no secret in the cache."""

from __future__ import annotations

import base64
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import DEPLOYMENT, PULL_SECRET, Lint, git

from dcrlint import gitindex, repocontext

CACHED = ("--fail-on", "never", "--now", "2026-11-30", "--format", "json")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A committed repository: a Deployment naming the pull secret regcred, a Secret named
    othercred (so DCR021: regcred is defined nowhere), a script; as the working folder."""
    monkeypatch.delenv("DCRLINT_NO_CACHE", raising=False)
    for name in ("GIT_INDEX_FILE", "GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR"):
        monkeypatch.delenv(name, raising=False)
    root = tmp_path / "repo"
    (root / "k8s").mkdir(parents=True)
    (root / "k8s" / "deploy.yaml").write_text(DEPLOYMENT)
    (root / "k8s" / "other.yaml").write_text(PULL_SECRET.format(name="othercred"))
    (root / "setup.sh").write_text("echo setup\n")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "x", "--no-verify")
    _age(root)
    monkeypatch.chdir(root)
    return root


def _age(root: Path, when: int = 1_600_000_000) -> None:
    for p in root.rglob("*"):
        if p.is_file() and ".git" not in p.parts:
            os.utime(p, (when, when))


def _dcr021(lint: Lint, cache: Path, *named: str, jobs: int | None = None, cwd: Path | None = None) -> bool:
    """Whether the named files (default the Deployment) have DCR021, the same with and
    without the cache (run twice: filling it, then warm)."""
    names = named or ("k8s/deploy.yaml",)
    runs = [lint(*CACHED, *where, *names, git=True, jobs=jobs, cwd=cwd)
            for where in (("--cache-dir", str(cache)), ("--cache-dir", str(cache)), ("--no-cache",))]
    assert runs[0].code == runs[1].code == runs[2].code == 0
    assert runs[0].out == runs[1].out == runs[2].out, "the same with and without the cache"
    return "DCR021" in runs[0].table("rule")


def _fallbacks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each time the context is taken from git's listing instead of the index."""
    seen: list[str] = []
    listed = repocontext._listed_context

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append("listed")
        return listed(*args, **kwargs)

    monkeypatch.setattr(repocontext, "_listed_context", spy)
    return seen


def test_the_context_is_the_staged_content(lint: Lint, repo: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """An unstaged edit to another file does not change a named file's findings; staging it
    does; a file added to the index is in the context, one removed from it is not (though it
    is still in the work tree)."""
    fallbacks = _fallbacks(monkeypatch)
    cache = tmp_path / "cache"
    other = repo / "k8s" / "other.yaml"
    assert _dcr021(lint, cache)
    other.write_text(PULL_SECRET.format(name="regcred"))  # not staged
    assert _dcr021(lint, cache)
    git(repo, "add", "k8s/other.yaml")
    assert not _dcr021(lint, cache)
    other.write_text(PULL_SECRET.format(name="othercred"))  # staged regcred, unstaged back
    assert not _dcr021(lint, cache)
    git(repo, "checkout", "--", "k8s/other.yaml")  # the work tree as staged again
    assert not _dcr021(lint, cache)
    git(repo, "reset", "-q", "k8s/other.yaml")  # unstaged: the index holds othercred again
    assert _dcr021(lint, cache)
    (repo / "k8s" / "new.yaml").write_text(PULL_SECRET.format(name="regcred"))
    assert _dcr021(lint, cache)  # untracked
    git(repo, "add", "k8s/new.yaml")
    assert not _dcr021(lint, cache)  # added to the index
    git(repo, "rm", "-q", "--cached", "k8s/new.yaml")
    assert _dcr021(lint, cache)  # removed from the index, still in the work tree
    git(repo, "add", "-N", "k8s/new.yaml")
    assert _dcr021(lint, cache)  # intent to add: a commit holds no content of it
    assert fallbacks == []


def test_a_changed_file_of_the_same_size_is_read_from_git(lint: Lint, repo: Path, tmp_path: Path) -> None:
    """A work tree file changed just after it was staged, to the same size and modification
    time, is not the staged blob: its bytes do not hash to the blob id, git gives the blob."""
    other = repo / "k8s" / "other.yaml"
    other.write_text(PULL_SECRET.format(name="regcred"))
    git(repo, "add", "k8s/other.yaml")
    st = other.stat()
    other.write_text(PULL_SECRET.format(name="xegcred"))  # same length as "regcred"
    os.utime(other, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert other.stat().st_size == st.st_size and other.stat().st_mtime_ns == st.st_mtime_ns
    assert not _dcr021(lint, tmp_path / "cache")


def test_a_racily_clean_entry_is_not_trusted_by_its_status(tmp_path: Path) -> None:
    """An entry whose file was modified in the same tick as the index was written may have
    changed again unseen: its status alone never says it is the staged blob."""
    root = tmp_path / "r"
    root.mkdir()
    (root / "a.yaml").write_text("a: 1\n")
    git(root, "init", "-q")
    git(root, "add", "a.yaml")
    where = gitindex.locate(str(root))
    assert where is not None
    index = gitindex.read_index(where.index)
    assert index is not None
    oid, at = index.entries[b"a.yaml"]
    st = os.stat(root / "a.yaml")
    entry_mtime = st.st_mtime_ns
    index.mtime_ns = entry_mtime  # written in the same tick: racy
    assert not index.clean(at, st)
    index.mtime_ns = entry_mtime + 5_000_000_000
    assert index.clean(at, st)
    assert gitindex.blob_id(b"a: 1\n") == oid
    (root / "a.yaml").write_text("a: 2\n")  # same size, the same second at most
    blobs = gitindex.Blobs(str(root), where.git_dir, 1000, index)
    index.mtime_ns = entry_mtime  # racy: hashed, found different, taken from git
    assert blobs.read([("a.yaml", oid, at)]) == {"a.yaml": b"a: 1\n"}


def _ls_files(root: Path) -> dict[bytes, str]:
    out = subprocess.run(["git", "ls-files", "-s", "-z"], cwd=root, capture_output=True, check=True).stdout
    return {line.split(b"\t", 1)[1]: line.split()[1].decode() for line in out.split(b"\0") if line}


def test_index_versions_2_3_and_4_read_as_git_lists_them(lint: Lint, repo: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Version 4 compresses each path against the one before; version 3 has extended flags
    (an intent-to-add entry is left out: it has no content)."""
    fallbacks = _fallbacks(monkeypatch)
    for i in range(5):
        (repo / "k8s" / f"deep/{'x' * i}/{i}.yaml").parent.mkdir(parents=True, exist_ok=True)
        (repo / "k8s" / f"deep/{'x' * i}/{i}.yaml").write_text(f"n: {i}\n")
    (repo / "pending.yaml").write_text("p: 1\n")
    git(repo, "add", "k8s")
    git(repo, "add", "-N", "pending.yaml")
    for version in ("3", "4", "2"):
        git(repo, "update-index", "--index-version", version)
        where = gitindex.locate(str(repo))
        assert where is not None
        with open(where.index, "rb") as fh:
            assert int.from_bytes(fh.read(8)[4:], "big") == (3 if version == "2" else int(version))  # -N needs 3
        index = gitindex.read_index(where.index)
        assert index is not None
        listed = _ls_files(repo)
        del listed[b"pending.yaml"]
        assert {p: oid.hex() for p, (oid, _) in index.entries.items()} == listed
        git(repo, "add", "k8s/other.yaml")
        (repo / "k8s" / "other.yaml").write_text(PULL_SECRET.format(name="regcred"))
        git(repo, "add", "k8s/other.yaml")
        assert not _dcr021(lint, tmp_path / f"cache{version}")
        git(repo, "checkout", "HEAD", "--", "k8s/other.yaml")
        assert _dcr021(lint, tmp_path / f"cache{version}")
    assert fallbacks == []


def test_what_this_reader_does_not_know_falls_back_on_git(lint: Lint, repo: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A split index (entries in a shared file) and an unmerged entry: git lists the index and
    the files are read from the work tree, as before the index was read here."""
    fallbacks = _fallbacks(monkeypatch)
    git(repo, "update-index", "--split-index")
    where = gitindex.locate(str(repo))
    assert where is not None and gitindex.read_index(where.index) is None
    assert _dcr021(lint, tmp_path / "cache")
    assert fallbacks
    git(repo, "update-index", "--no-split-index")
    where = gitindex.locate(str(repo))
    assert where is not None and gitindex.read_index(where.index) is not None
    with open(where.index, "rb") as fh:
        data = bytearray(fh.read())
    data[4:8] = (5).to_bytes(4, "big")  # a version this reader does not know
    assert gitindex._entries(bytes(data)) is None
    assert gitindex._entries(b"not an index at all, long enough") is None
    assert gitindex._entries(bytes(data[:-40]) + bytes(40)) is None  # cut short


def test_a_merge_in_progress_falls_back_on_git(lint: Lint, repo: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    git(repo, "checkout", "-q", "-b", "side")
    (repo / "k8s" / "other.yaml").write_text(PULL_SECRET.format(name="sidecred"))
    git(repo, "commit", "-q", "-am", "side", "--no-verify")
    git(repo, "checkout", "-q", "-")
    (repo / "k8s" / "other.yaml").write_text(PULL_SECRET.format(name="maincred"))
    git(repo, "commit", "-q", "-am", "main", "--no-verify")
    with pytest.raises(subprocess.CalledProcessError):
        git(repo, "merge", "-q", "side")  # a conflict
    where = gitindex.locate(str(repo))
    assert where is not None and gitindex.read_index(where.index) is None  # stages 1-3
    fallbacks = _fallbacks(monkeypatch)
    _dcr021(lint, tmp_path / "cache")  # the same with and without the cache
    assert fallbacks


def test_a_linked_work_tree_reads_its_own_index(lint: Lint, repo: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """`git worktree add`: the work tree's `.git` file names its git folder, which has its own
    index and the main repository's objects (`commondir`); found without running git."""
    fallbacks = _fallbacks(monkeypatch)
    linked = tmp_path / "linked"
    git(repo, "worktree", "add", "-q", str(linked))
    where = gitindex.locate(str(linked / "k8s"))
    assert where is not None and where.top == str(linked)
    assert where.index == str(repo / ".git" / "worktrees" / "linked" / "index")
    (linked / "k8s" / "other.yaml").write_text(PULL_SECRET.format(name="regcred"))
    _age(linked)
    assert _dcr021(lint, tmp_path / "cache", cwd=linked)  # not staged
    git(linked, "add", "k8s/other.yaml")
    (linked / "k8s" / "other.yaml").write_text(PULL_SECRET.format(name="othercred"))  # unstaged back
    assert not _dcr021(lint, tmp_path / "cache", cwd=linked)  # staged: from git's objects
    assert _dcr021(lint, tmp_path / "cache", cwd=repo)  # the main work tree's index is its own
    assert fallbacks == []


def test_git_index_file_names_the_index_being_committed(lint: Lint, repo: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A commit's hooks see $GIT_INDEX_FILE (`git commit <path>` stages into a temporary index)."""
    (repo / "k8s" / "other.yaml").write_text(PULL_SECRET.format(name="regcred"))
    git(repo, "add", "k8s/other.yaml")
    cache = tmp_path / "cache"
    assert not _dcr021(lint, cache)
    other = tmp_path / "next-index"
    monkeypatch.setenv("GIT_INDEX_FILE", str(other))
    git(repo, "read-tree", "HEAD")  # the commit's index: othercred
    assert _dcr021(lint, cache)
    monkeypatch.delenv("GIT_INDEX_FILE")
    assert not _dcr021(lint, cache)
    monkeypatch.setenv("GIT_INDEX_FILE", ".git/index")  # as a hook gets it: from the top folder
    where = gitindex.locate(str(repo / "k8s"))
    assert where is not None and where.index == str(repo / ".git" / "index")
    assert not _dcr021(lint, cache, "deploy.yaml", cwd=repo / "k8s")


def test_a_scan_below_the_top_folder_and_links(lint: Lint, repo: Path, tmp_path: Path) -> None:
    """Run in a sub-folder, the context is the index's files below it; a link the index holds
    is left out (a file it names is in the context under its own name)."""
    (repo / "secret-elsewhere.yaml").write_text(PULL_SECRET.format(name="regcred"))
    git(repo, "add", "secret-elsewhere.yaml")
    assert _dcr021(lint, tmp_path / "cache", "deploy.yaml", cwd=repo / "k8s")  # above the scanned folder
    assert not _dcr021(lint, tmp_path / "cache2", cwd=repo)  # from the top: in it
    (repo / "k8s" / "link.yaml").symlink_to(repo / "secret-elsewhere.yaml")
    git(repo, "add", "k8s/link.yaml")
    assert _dcr021(lint, tmp_path / "cache", "deploy.yaml", cwd=repo / "k8s")


def test_many_context_files_in_workers(lint: Lint, repo: Path, tmp_path: Path) -> None:
    """Enough context files to be collected in worker processes (given their staged content)."""
    for i in range(70):
        (repo / "k8s" / f"s{i:02d}.yaml").write_text(PULL_SECRET.format(name=f"cred{i}"))
    git(repo, "add", "k8s")
    (repo / "k8s" / "s07.yaml").write_text(PULL_SECRET.format(name="regcred"))  # not staged
    assert _dcr021(lint, tmp_path / "cache", jobs=2)
    git(repo, "add", "k8s/s07.yaml")
    assert not _dcr021(lint, tmp_path / "cache", jobs=2)


def test_no_secret_of_the_context_in_the_cache(lint: Lint, repo: Path, tmp_path: Path) -> None:
    """The context's verdicts and rows are blob ids and paths; its files' results are sealed
    as every file's are."""
    from dcrlint.redact import forms

    password = "Zq8vN3kLr7tW2xYp"
    auth = base64.b64encode(f"deployer:{password}".encode()).decode()
    config = json.dumps({"auths": {"registry.example.com": {"auth": auth}}})
    secret = PULL_SECRET.format(name="regcred").replace("eyJhdXRocyI6IHsicmVnaXN0cnkuZXhhbXBsZS5jb20iOiB7fX19", base64.b64encode(config.encode()).decode())
    (repo / "k8s" / "regcred.yaml").write_text(secret)
    git(repo, "add", "k8s/regcred.yaml")
    cache = tmp_path / "cache"
    assert not _dcr021(lint, cache)
    stored = "".join(p.read_text() for p in cache.rglob("*.json"))
    assert any(p.name.startswith("memo-staged-") for p in cache.rglob("*.json")) and "1:k8s/regcred.yaml" in stored
    for value in (password, auth, config):
        for form in forms(value):
            assert form not in stored


def test_a_file_a_context_scan_read_beside_it_is_checked(lint: Lint, repo: Path, tmp_path: Path) -> None:
    """A context manifest's namespace comes from its folder's kustomization, read from the work
    tree: the cached cross-file results hold only while it is as it was (the same findings as
    without the cache)."""
    (repo / "sec").mkdir()
    (repo / "sec" / "regcred.yaml").write_text(PULL_SECRET.format(name="regcred"))
    (repo / "sec" / "kustomization.yaml").write_text("namespace: other\nresources:\n- regcred.yaml\n")
    git(repo, "add", "sec")
    _age(repo)
    cache = tmp_path / "cache"
    assert _dcr021(lint, cache)  # the Secret is in another namespace
    (repo / "sec" / "kustomization.yaml").write_text("resources:\n- regcred.yaml\n")
    _age(repo, 1_600_000_100)
    assert not _dcr021(lint, cache)


def test_a_kept_context_whose_results_are_not_kept_is_still_the_staged_one(lint: Lint, repo: Path,
                                                                          tmp_path: Path) -> None:
    """The index unchanged (the context's key kept) but the named file edited without staging
    it: the cross-file results are worked out again, from the context's staged content."""
    cache = tmp_path / "cache"
    other = repo / "k8s" / "other.yaml"
    other.write_text(PULL_SECRET.format(name="regcred"))
    git(repo, "add", "k8s/other.yaml")
    assert not _dcr021(lint, cache)
    other.write_text(PULL_SECRET.format(name="othercred"))  # not staged
    for tag in ("1.1", "1.2"):
        (repo / "k8s" / "deploy.yaml").write_text(DEPLOYMENT.replace("web:1.0", f"web:{tag}"))  # not staged
        assert not _dcr021(lint, cache)


def test_a_warm_pre_commit_run_starts_no_process(repo: Path, tmp_path: Path) -> None:
    """A warm hook run finds the index, and the context under its checksum, without git: it does
    not even import subprocess."""
    import sys

    from test_imports import _LOADED

    for _ in range(2):  # filling the cache, then reading it
        out = subprocess.run([sys.executable, "-c", _LOADED, "-q", "--cache-dir", str(tmp_path / ".c"),
                              "k8s/deploy.yaml"], cwd=repo, capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split())
    assert "dcrlint.gitindex" in loaded and "subprocess" not in loaded
