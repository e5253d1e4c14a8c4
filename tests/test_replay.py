"""Whole-run replay (replay.py): an unchanged tree gets the last run's outputs back without a
scan; any change falls back to the per-file cache and gives what a fresh scan gives."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import DEPLOYMENT, PULL_SECRET, Lint, Run

from dcrlint import lint as lint_module
from dcrlint.redact import forms

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SECRET = "Zq7Rm2Vx9Lp4Tc8"
SCRIPT = f"#!/bin/sh\ndocker login -u ci -p {SECRET} dcr.example.com\n"
ARGS = ("--now", "2026-11-30", ".")
OLD = 1_600_000_000  # stamps are trusted only for files not changed in the last seconds


def _age(root: Path, when: int = OLD) -> None:
    for p in root.rglob("*"):
        if p.is_file():
            os.utime(p, (when, when))


@pytest.fixture
def tree(lint: Lint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("DCRLINT_NO_CACHE", raising=False)
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES, root)
    (root / "scripts" / "planted.sh").write_text(SCRIPT)
    (root / "broken.yaml").write_text("apiVersion: v1\nkind: Secret\nmetadata: {name: [x\n")  # a notification
    _age(root)
    monkeypatch.chdir(root)
    return root


class Scans:
    """Counts the scans of a run (a replay makes none)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = lint_module.lint

        def counted(*args: object, **kwargs: object) -> object:
            self.count += 1
            return real(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(lint_module, "lint", counted)


def _replays(cache: Path) -> list[Path]:
    return sorted(cache.rglob("replay-*.json"))


@pytest.mark.parametrize("fmt", ["json", "sarif", "text", "github", "gitlab"])
def test_unchanged_tree_replays_every_output(lint: Lint, tree: Path, tmp_path: Path, fmt: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard output, standard error (notes), report files and the exit code, as the run
    that was recorded wrote them, without a scan."""
    cache = tmp_path / "cache"
    args = ("--format", fmt, "--sarif", str(tmp_path / "out.sarif"), *ARGS)
    cold = lint(*args, "--no-cache")
    sarif = (tmp_path / "out.sarif").read_text()
    scans = Scans(monkeypatch)
    first = lint(*args, "--cache-dir", str(cache))
    assert scans.count == 1 and _replays(cache)
    (tmp_path / "out.sarif").unlink()
    warm = lint(*args, "--cache-dir", str(cache))
    assert scans.count == 1, "replayed, not scanned"
    assert cold == first == warm
    assert cold.code == 1 and "broken.yaml" in (cold.out if fmt == "github" else cold.err)  # a notification
    assert (tmp_path / "out.sarif").read_text() == sarif
    pooled = lint(*args, "--cache-dir", str(cache), jobs=2)
    assert pooled == cold and scans.count == 1


def _same_as_fresh(lint: Lint, cache: Path, *args: str) -> Run:
    warm = lint(*args, *ARGS, "--format", "json", "--cache-dir", str(cache))
    assert warm == lint(*args, *ARGS, "--format", "json", "--no-cache")
    return warm


def test_changed_added_and_removed_files_are_scanned(lint: Lint, tree: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    _same_as_fresh(lint, cache)
    scans = Scans(monkeypatch)
    planted = tree / "scripts" / "planted.sh"
    planted.write_text(SCRIPT.replace("-p " + SECRET, "--password-stdin"))
    _age(tree, OLD + 10)
    warm = _same_as_fresh(lint, cache)
    assert scans.count == 2 and not any(f["path"].endswith("planted.sh") for f in warm.findings)
    (tree / "scripts" / "more.sh").write_text(SCRIPT)  # added
    _age(tree, OLD + 20)
    warm = _same_as_fresh(lint, cache)
    assert any(f["path"].endswith("more.sh") for f in warm.findings)
    (tree / "scripts" / "more.sh").unlink()  # removed
    warm = _same_as_fresh(lint, cache)
    assert not any(f["path"].endswith("more.sh") for f in warm.findings)
    count = scans.count
    _same_as_fresh(lint, cache)
    assert scans.count == count + 1, "unchanged again: replayed (only the fresh run scanned)"


def test_a_fresh_checkout_of_the_same_files_is_replayed(
        lint: Lint, tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh checkout (every stamp new, the same content: a CI job restoring its cache) is
    replayed once every file is found to hold the bytes it held; the next run trusts the new
    stamps. A file with other content among them is a miss, served by the per-file cache
    (its lookups take the hashes the check took)."""
    from dcrlint import cache as cache_module
    from dcrlint import engine

    cache = tmp_path / "cache"
    cold = _same_as_fresh(lint, cache)
    _age(tree, OLD + 500)
    scans = Scans(monkeypatch)
    read = 0
    real = cache_module.content_hash

    def counted(content: bytes) -> str:
        nonlocal read
        read += 1
        return real(content)

    monkeypatch.setattr(cache_module, "content_hash", counted)
    assert lint(*ARGS, "--format", "json", "--cache-dir", str(cache)) == cold
    assert scans.count == 0 and read >= len(list(p for p in tree.rglob("*") if p.is_file()))
    read = 0
    assert lint(*ARGS, "--format", "json", "--cache-dir", str(cache)) == cold
    assert scans.count == 0 and read == 0, "the new stamps are trusted (the kinds kustomizations name too)"
    _age(tree, OLD + 600)
    (tree / "scripts" / "planted.sh").write_text(SCRIPT.replace("-u ci", "-u cd"))
    os.utime(tree / "scripts" / "planted.sh", (OLD + 600, OLD + 600))

    def no_scan(target: object, *args: object, **kwargs: object) -> object:
        assert str(getattr(target, "rel", "")).endswith("planted.sh"), "scanned although the cache holds it"
        return real_scan(target, *args, **kwargs)

    real_scan = engine._scan_file
    with monkeypatch.context() as m:
        m.setattr(engine, "_scan_file", no_scan)
        warm = lint(*ARGS, "--format", "json", "--cache-dir", str(cache))
    assert scans.count == 1 and warm != cold
    assert warm == lint(*ARGS, "--format", "json", "--no-cache")


def test_recent_files_are_not_replayed(lint: Lint, tree: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A file changed in the last seconds may change again within the clock's grain: its
    stamp proves nothing, so the run is not replayed."""
    cache = tmp_path / "cache"
    _same_as_fresh(lint, cache)
    (tree / "scripts" / "planted.sh").write_text(SCRIPT.replace("-u ci", "-u cd"))  # same size, now
    scans = Scans(monkeypatch)
    _same_as_fresh(lint, cache)
    _same_as_fresh(lint, cache)
    assert scans.count == 4


def test_other_settings_and_command_lines_are_not_replayed(lint: Lint, tree: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    _same_as_fresh(lint, cache)
    scans = Scans(monkeypatch)
    (tree / ".dcrlint.yaml").write_text(f"placeholders: ['{SECRET}']\n")  # settings: another run key
    _age(tree, OLD)
    warm = _same_as_fresh(lint, cache)
    assert scans.count == 2
    assert not any(f["path"].endswith("planted.sh") and f["rule"] == "DCR002" for f in warm.findings)
    (tree / ".dcrlint.yaml").unlink()
    warm = _same_as_fresh(lint, cache, "--select", "DCR002")  # another command line
    assert scans.count == 4 and {f["rule"] for f in warm.findings} == {"DCR002"}
    quiet = lint(*ARGS, "--format", "text", "--cache-dir", str(cache), "--quiet")
    assert quiet == lint(*ARGS, "--format", "text", "--no-cache", "--quiet")
    failing = lint(*ARGS, "--format", "json", "--cache-dir", str(cache), "--fail-on", "never")
    assert failing.code == 0 and failing == lint(*ARGS, "--format", "json", "--no-cache", "--fail-on", "never")
    assert scans.count == 8
    _same_as_fresh(lint, cache, "--select", "DCR002")
    assert scans.count == 9, "each command line has its record"


def test_changed_baseline_is_not_replayed(lint: Lint, tree: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    baseline = tmp_path / "baseline.json"
    lint(*ARGS, "--write-baseline", str(baseline), "--no-cache")
    known = json.loads(baseline.read_text())
    warm = _same_as_fresh(lint, cache, "--baseline", str(baseline))
    assert warm.findings == []
    known["findings"] = known["findings"][1:]
    baseline.write_text(json.dumps(known))
    warm = _same_as_fresh(lint, cache, "--baseline", str(baseline))
    assert len(warm.findings) == 1


@pytest.mark.parametrize("damage", ["{not json", "[]", '{"key": 1}', "wrong-key", "bad-outputs", "bad-code"])
def test_a_damaged_record_is_ignored_and_rebuilt(lint: Lint, tree: Path, tmp_path: Path, damage: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    cold = _same_as_fresh(lint, cache)
    [record] = _replays(cache)
    data = json.loads(record.read_text())
    if damage == "wrong-key":
        data["outputs"] = [["out", "", "planted"]]
        data["key"] = "0" * 64
    elif damage == "bad-outputs":
        data["outputs"] = [["exec", "", "touch pwned"]]
    elif damage == "bad-code":
        data["code"] = "0"
    record.write_text(json.dumps(data) if damage in ("wrong-key", "bad-outputs", "bad-code") else damage)
    scans = Scans(monkeypatch)
    assert lint(*ARGS, "--format", "json", "--cache-dir", str(cache)) == cold
    assert scans.count == 1
    assert json.loads(record.read_text())["key"] != "0" * 64  # rebuilt
    assert lint(*ARGS, "--format", "json", "--cache-dir", str(cache)) == cold
    assert scans.count == 1, "the rebuilt record replays"


def test_a_record_holds_no_secret(lint: Lint, tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    for fmt in ("json", "text", "sarif"):
        run = lint(*ARGS, "--format", fmt, "--cache-dir", str(cache))
        assert SECRET not in run.printed
    stored = "".join(p.read_text() for p in _replays(cache))
    assert len(_replays(cache)) == 3 and "planted.sh" in stored
    for form in forms(SECRET):
        assert form not in stored


def test_fix_and_diff_are_never_replayed(lint: Lint, tree: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    scans = Scans(monkeypatch)
    for _ in range(2):
        lint(*ARGS, "--diff", "--cache-dir", str(cache))
    assert scans.count == 2 and not _replays(cache)


GITLAB = "include:\n  - local: /templates/base.yml\nbuild:\n  extends: .base\n  script:\n    - echo hi\n"


@pytest.mark.parametrize("named", [False, True])
def test_an_included_file_outside_the_scan_is_looked_at_again(
        lint: Lint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, named: bool) -> None:
    """A GitLab file's result depends on the local files it includes, which need not be among
    the files scanned (here: outside the scanned folder). Created, changed or removed, the
    next run sees it: in the per-file cache (a named file) and in a replay (a folder)."""
    monkeypatch.delenv("DCRLINT_NO_CACHE", raising=False)
    root = tmp_path / "repo"
    (root / "ci").mkdir(parents=True)
    monkeypatch.chdir(root)
    (root / "ci" / ".gitlab-ci.yml").write_text(GITLAB)
    _age(root)
    cache = tmp_path / "cache"
    target = "ci/.gitlab-ci.yml" if named else "ci"

    def run() -> Run:
        args = ("--now", "2026-11-30", "--format", "json", target)
        warm = lint(*args, "--cache-dir", str(cache))
        assert warm == lint(*args, "--no-cache")
        return warm

    not_found = "included file `/templates/base.yml` not found"
    assert not_found in run().err
    assert not_found in run().err  # warm
    (root / "templates").mkdir()
    (root / "templates" / "base.yml").write_text(".base:\n  image: docker:24\n")
    _age(root, OLD + 10)
    assert not_found not in run().err
    assert not_found not in run().err
    (root / "templates" / "base.yml").write_text(".base: [not: yaml\n")  # changed, same stamp but ctime
    os.utime(root / "templates" / "base.yml", (OLD + 10, OLD + 10))
    assert "could not be read" in run().err
    (root / "templates" / "base.yml").unlink()
    assert not_found in run().err


def test_dependency_states() -> None:
    """depends.unchanged: a file by its stamp, else its content; absence, folders, globs."""
    import tempfile

    from dcrlint import depends

    with tempfile.TemporaryDirectory() as tmp:
        f = os.path.join(tmp, "a.yml")
        with depends.recording() as seen:
            depends.watch(f)
            depends.watch_glob(os.path.join(tmp, "*.yml"))
            depends.watch(tmp)
        assert depends.unchanged(f, seen[f]) and seen[f] == depends.ABSENT
        assert all(depends.unchanged(k, v) for k, v in seen.items())
        Path(f).write_text("x: 1\n")
        assert not depends.unchanged(f, seen[f])
        assert [k for k, v in seen.items() if not depends.unchanged(k, v)] == [f, "\0glob:" + os.path.join(tmp, "*.yml")]
        os.utime(f, (OLD, OLD))
        with depends.recording() as now:
            depends.watch(f)
        Path(f).write_text("x: 2\n")
        os.utime(f, (OLD, OLD))
        assert not depends.unchanged(f, now[f]), "the same size and time, another change time"
        Path(f).write_text("x: 1\n")
        assert depends.unchanged(f, now[f]), "a new stamp, the same content"
        with depends.recording(active=False) as none:
            depends.watch(f)
        assert none == {}, "nothing records"
        with depends.recording() as outer, depends.recording() as inner:
            depends.watch(f)
        assert outer == inner and f in outer


def test_run_key_reads_every_setting() -> None:
    """The run key lists the settings' fields without importing dataclasses (a replayed run
    does not import it): the names it reads are the dataclass's fields."""
    import dataclasses

    from dcrlint.cache import _field_names
    from dcrlint.config import Settings

    assert _field_names(Settings) == tuple(f.name for f in dataclasses.fields(Settings))


def test_run_key_follows_the_parsers_versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A parser upgraded under the same dcrlint (a CI cache restored after a dependency bump)
    gets a new run key: a new grammar may read the same file otherwise."""
    from dcrlint.cache import dependency_versions, run_key
    from dcrlint.config import Settings

    installed = dependency_versions()
    assert "tree_sitter_bash-" in installed and "pyyaml-" in installed.lower()
    settings = Settings(root=str(tmp_path))
    before = run_key(settings, ["DCR001"], {})
    site = tmp_path / "site"
    (site / "tree_sitter_bash-99.0.0.dist-info").mkdir(parents=True)
    (site / "unrelated-1.0.dist-info").mkdir()
    monkeypatch.syspath_prepend(str(site))
    assert dependency_versions() == "\0".join(sorted([*installed.split("\0"),
                                                      "tree_sitter_bash-99.0.0.dist-info"]))
    assert run_key(settings, ["DCR001"], {}) != before


def test_a_replayed_run_imports_no_scan_code(tree: Path, tmp_path: Path) -> None:
    """A replay reads no file's results: it imports neither the engine nor any parser."""
    import subprocess
    import sys

    cache = tmp_path / "cache"
    argv = ["--no-git", "--now", "2026-11-30", "--format", "json", "--cache-dir", str(cache), "."]
    code = ("import sys\nfrom dcrlint.cli import main\ncode = main(sys.argv[1:])\n"
            "print(sorted(m for m in ('dcrlint.engine', 'dcrlint.lint', 'dcrlint.scanned', 'yaml', 'tree_sitter',"
            " 'dataclasses', 'inspect') if m in sys.modules), file=sys.stderr)\nsys.exit(code)")
    env = {k: v for k, v in os.environ.items() if k != "DCRLINT_NO_CACHE"}
    runs = [subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, env=env, check=False)
            for _ in range(2)]
    assert runs[0].stdout == runs[1].stdout and runs[0].returncode == runs[1].returncode == 1
    assert "dcrlint.engine" in runs[0].stderr.splitlines()[-1]
    assert runs[1].stderr.splitlines()[-1] == "[]"




def test_cross_file_findings_follow_any_file(lint: Lint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """DCR021 (a pull secret defined nowhere) is a cross-file finding: a folder scan replays
    it while nothing changes, and a change to another file than the one it is reported in
    (the Secret defined, renamed, removed) is seen."""
    monkeypatch.delenv("DCRLINT_NO_CACHE", raising=False)
    root = tmp_path / "repo"
    root.mkdir()
    monkeypatch.chdir(root)
    (root / "deploy.yaml").write_text(DEPLOYMENT)
    (root / "secret.yaml").write_text(PULL_SECRET.format(name="othercred"))
    _age(root)
    cache = tmp_path / "cache"
    scans = Scans(monkeypatch)

    def dcr021() -> bool:
        return "DCR021" in _same_as_fresh(lint, cache).table("rule")

    assert dcr021() and dcr021()
    assert scans.count == 3, "the second run replayed"
    (root / "secret.yaml").write_text(PULL_SECRET.format(name="regcred__"))
    _age(root, OLD + 10)
    assert dcr021()
    (root / "secret.yaml").write_text(PULL_SECRET.format(name="regcred"))
    _age(root, OLD + 20)
    assert not dcr021() and not dcr021()
    (root / "secret.yaml").unlink()
    (root / "other.yaml").write_text(PULL_SECRET.format(name="othercred"))
    _age(root, OLD + 30)
    assert dcr021()


def _age_tree(root: Path, when: int) -> None:
    """Files and folders: an old folder's listing is trusted while its times are unchanged."""
    for p in [*root.rglob("*"), root]:
        os.utime(p, (when, when), follow_symlinks=False)


def _listings(cache: Path) -> list[Path]:
    return sorted(cache.rglob("listing-*.json"))


def test_an_unchanged_folder_walk_is_kept_and_any_change_walks_again(
        lint: Lint, tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder walk is kept with the state of every folder listed and `.gitignore` read;
    a file added or removed in any folder, or a `.gitignore` edited in place (no folder
    changes), or one above the scanned folder, gives a fresh walk."""
    from dcrlint import discover

    cache = tmp_path / "cache"
    sub = ("--now", "2026-11-30", "--format", "json", "scripts")
    (tree / ".gitignore").write_text("# nothing\n")
    _age_tree(tree, OLD)

    def same() -> Run:
        warm = lint(*sub, "--cache-dir", str(cache))
        assert warm == lint(*sub, "--no-cache")
        return warm

    walks = 0
    real = discover._walk

    def counted(*args: object, **kwargs: object) -> object:
        nonlocal walks
        walks += 1
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(discover, "_walk", counted)
    same()
    assert walks == 2 and _listings(cache)
    (tree / "scripts" / "planted.sh").write_text(SCRIPT.replace("-u ci", "-u cd"))  # content only
    os.utime(tree / "scripts" / "planted.sh", (OLD + 5, OLD + 5))  # (a folder's utime moves its change time)
    assert any(f["path"] == "scripts/planted.sh" for f in same().findings)
    assert walks == 3, "kept: only the fresh run walked"
    (tree / "scripts" / "deeper").mkdir()
    (tree / "scripts" / "deeper" / "more.sh").write_text(SCRIPT)
    _age_tree(tree, OLD + 10)
    assert any(f["path"] == "scripts/deeper/more.sh" for f in same().findings)
    (tree / "scripts" / "deeper" / "more.sh").unlink()
    os.utime(tree / "scripts" / "deeper", (OLD + 20, OLD + 20))
    assert not any("more.sh" in f["path"] for f in same().findings)
    (tree / "scripts" / ".gitignore").write_text("planted.sh\n")
    _age_tree(tree, OLD + 30)
    assert not any(f["path"] == "scripts/planted.sh" for f in same().findings)
    (tree / "scripts" / ".gitignore").write_text("# none\n")  # edited in place: no folder changes
    os.utime(tree / "scripts" / ".gitignore", (OLD + 30, OLD + 30))
    assert any(f["path"] == "scripts/planted.sh" for f in same().findings)
    (tree / ".gitignore").write_text("scripts/planted.sh\n")  # above the scanned folder
    os.utime(tree / ".gitignore", (OLD, OLD))
    assert not any(f["path"] == "scripts/planted.sh" for f in same().findings)
    walks = 0
    same()
    assert walks == 1, "unchanged again: kept"


def test_a_walk_that_met_a_link_or_a_recent_folder_is_not_kept(lint: Lint, tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (tree / "scripts" / "link.sh").symlink_to(tree / "scripts" / "planted.sh")
    _age_tree(tree, OLD)
    lint(*ARGS, "--cache-dir", str(cache))
    assert not _listings(cache)
    (tree / "scripts" / "link.sh").unlink()
    lint(*ARGS, "--cache-dir", str(cache))  # a folder changed just now
    assert not _listings(cache)
    _age_tree(tree, OLD)
    lint(*ARGS, "--cache-dir", str(cache))
    assert _listings(cache)


@pytest.mark.parametrize("damage", ["{not json", '{"deps": [], "files": []}', "planted"])
def test_a_damaged_kept_walk_is_ignored(lint: Lint, tree: Path, tmp_path: Path, damage: str) -> None:
    cache = tmp_path / "cache"
    _age_tree(tree, OLD)
    cold = _same_as_fresh(lint, cache)
    for p in [*_listings(cache), *_replays(cache)]:
        if damage == "planted" and p.name.startswith("listing-"):
            data = json.loads(p.read_text())
            data["files"].append(["../outside.sh", "/etc/passwd"])
            data["deps"] = [[k, "L0:0:0"] for k, _ in data["deps"]]
            p.write_text(json.dumps(data))
        elif damage != "planted":
            p.write_text(damage)
    assert _same_as_fresh(lint, cache) == cold


def test_with_git_a_new_commit_or_file_is_not_replayed(lint: Lint, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """With git, results may depend on the history (DCR040 dates a credential by blame): a
    replay also needs the same HEAD; an untracked file appearing changes git's listing."""
    from conftest import git

    monkeypatch.delenv("DCRLINT_NO_CACHE", raising=False)
    root = tmp_path / "repo"
    (root / "scripts").mkdir(parents=True)
    monkeypatch.chdir(root)
    (root / "scripts" / "deploy.sh").write_text(SCRIPT)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "one", "--no-verify")
    _age(root)
    cache = tmp_path / "cache"
    scans = Scans(monkeypatch)

    def same() -> Run:
        args = ("--now", "2026-11-30", "--format", "json", ".")
        warm = lint(*args, "--cache-dir", str(cache), git=True)
        assert warm == lint(*args, "--no-cache", git=True)
        return warm

    dated = same().findings
    same()
    assert scans.count == 3, "replayed"
    git(root, "commit", "-q", "--allow-empty", "-m", "two", "--no-verify", date="2024-06-01T00:00:00Z")
    assert same().findings == dated and scans.count == 5  # another HEAD: scanned (same findings)
    (root / "scripts" / "more.sh").write_text(SCRIPT)  # untracked, not ignored
    _age(root)
    assert any(f["path"] == "scripts/more.sh" for f in same().findings)
    assert scans.count == 7


def test_records_are_bounded(lint: Lint, tree: Path, tmp_path: Path) -> None:
    """Each command line has its record; the least recently written go past eight."""
    cache = tmp_path / "cache"
    for i in range(10):
        lint(*ARGS, "--format", "json", "-o", str(tmp_path / f"out{i}.json"), "--cache-dir", str(cache))
    assert len(_replays(cache)) == 8
    out = tmp_path / "out9.json"
    text = out.read_text()
    out.unlink()
    lint(*ARGS, "--format", "json", "-o", str(out), "--cache-dir", str(cache))
    assert out.read_text() == text


def test_concurrent_runs_share_a_cache(lint: Lint, tree: Path, tmp_path: Path) -> None:
    """Runs started together on one cache (filling it, then replaying and rewriting records
    and tables) each print what a fresh scan prints: every write is atomic."""
    import subprocess
    import sys

    _age_tree(tree, OLD)
    cold = lint(*ARGS, "--format", "json", "--no-cache")
    env = {k: v for k, v in os.environ.items() if k != "DCRLINT_NO_CACHE"}
    cache = tmp_path / "cache"
    for _ in range(3):
        procs = [subprocess.Popen([sys.executable, "-m", "dcrlint", "--no-git", *ARGS, "--format", "json",
                                   "--cache-dir", str(cache), "--jobs", "1"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
                 for _ in range(4)]
        for p in procs:
            out, err = p.communicate(timeout=300)
            assert (p.returncode, out, err) == (cold.code, cold.out, cold.err)
    assert _replays(cache) and _listings(cache)
