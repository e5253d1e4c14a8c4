"""The result cache: same output warm and cold, no secret at rest, bad entries ignored."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import DEPLOYMENT, PULL_SECRET, Lint, git

from dcrlint.redact import forms

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SECRET = "Zq7Rm2Vx9Lp4Tc8"  # planted below; must never be stored in clear

SCRIPT = f"""#!/bin/sh
docker login -u ci -p {SECRET} dcr.example.com
"""


@pytest.fixture
def tree(lint: Lint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The examples and a planted secret; the working folder (after lint's)."""
    monkeypatch.delenv("DCRLINT_NO_CACHE", raising=False)
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES, root)
    (root / "scripts" / "planted.sh").write_text(SCRIPT)
    monkeypatch.chdir(root)
    return root


CACHED = ("--fail-on", "never", "--now", "2026-11-30")  # and the default worker count: lint(..., jobs=None)


def _entries(cache: Path) -> list[Path]:
    return sorted(p for p in cache.rglob("*.json"))


@pytest.mark.parametrize("fmt", ["json", "sarif", "text"])
def test_warm_output_is_byte_identical(lint: Lint, tree: Path, tmp_path: Path, fmt: str) -> None:
    cache = tmp_path / "cache"
    cold = lint(*CACHED, ".", "--format", fmt, "--no-cache", jobs=None)
    first = lint(*CACHED, ".", "--format", fmt, "--cache-dir", str(cache), jobs=None)
    assert _entries(cache), "the first run fills the cache"
    warm = lint(*CACHED, ".", "--format", fmt, "--cache-dir", str(cache), jobs=None)
    assert cold == first == warm
    pooled = lint(*CACHED, ".", "--format", fmt, "--cache-dir", str(cache), "--jobs", "2", jobs=None)
    assert pooled == cold


def test_default_location_has_a_gitignore_and_is_not_scanned(lint: Lint, tree: Path) -> None:
    first = lint(*CACHED, ".", "--format", "json", jobs=None)
    cache = tree / ".dcrlint_cache"
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    second = lint(*CACHED, ".", "--format", "json", jobs=None)
    assert first == second
    assert ".dcrlint_cache" not in second.out


def test_no_secret_at_rest(lint: Lint, tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _, out, _ = lint(*CACHED, ".", "--format", "json", "--cache-dir", str(cache), jobs=None)
    assert any(f["path"].endswith("planted.sh") and f["rule"] == "DCR002" for f in json.loads(out)["findings"])
    stored = "".join(p.read_text() for p in _entries(cache))
    sealed = [e[3] for p in _entries(cache) if p.name.startswith("files-") for e in json.loads(p.read_text()).values()]
    assert any(sealed), "secrets are kept, sealed"
    for form in forms(SECRET):
        assert form not in stored
    # and a warm run still knows the secret (the redactor masks it wherever it is repeated)
    (tree / "scripts" / "echo.sh").write_text(f"#!/bin/sh\necho 'debug {SECRET}'\ndocker login -p {SECRET} r.example.com\n")
    _, out, err = lint(*CACHED, ".", "--format", "text", "--cache-dir", str(cache), jobs=None)
    assert SECRET not in out + err


def test_changed_content_and_settings_are_misses(lint: Lint, tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    lint(*CACHED, ".", "--format", "json", "--cache-dir", str(cache), jobs=None)
    (tree / "scripts" / "planted.sh").write_text(SCRIPT.replace("-p " + SECRET, "--password-stdin"))
    _, out, _ = lint(*CACHED, ".", "--format", "json", "--cache-dir", str(cache), jobs=None)
    assert not any(f["path"].endswith("planted.sh") for f in json.loads(out)["findings"])
    (tree / ".dcrlint.yaml").write_text("placeholders: ['Zq7Rm2Vx9Lp4Tc8']\n")
    (tree / "scripts" / "planted.sh").write_text(SCRIPT)
    _, out, _ = lint(*CACHED, ".", "--format", "json", "--cache-dir", str(cache), jobs=None)
    assert not any(f["path"].endswith("planted.sh") and f["rule"] == "DCR002"
                   for f in json.loads(out)["findings"])


def test_bad_entries_are_ignored_and_rebuilt(lint: Lint, tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = lint(*CACHED, ".", "--format", "json", "--no-cache", jobs=None)
    lint(*CACHED, ".", "--format", "json", "--cache-dir", str(cache), jobs=None)
    entries = _entries(cache)
    planted = ["", "", "", [], {"k": "shell", "r": {"D": "os:system", "f": {"command": "touch pwned"}}}]
    for i, p in enumerate(entries):
        if p.name.startswith("files-") and i % 5 == 4:  # entries of the right shape, planted content
            table = json.loads(p.read_text())
            p.write_text(json.dumps({k: planted if j % 2 else [v[0], v[1], "", ["zz"], v[4]]
                                     for j, (k, v) in enumerate(table.items())}))
            continue
        p.write_text(["{not json", json.dumps({"0:x": planted}), "[]", '{"0:y": [1, 2, 3, 4, 5]}'][i % 4])
    assert lint(*CACHED, ".", "--format", "json", "--cache-dir", str(cache), jobs=None) == cold
    assert not (tree / "pwned").exists()
    assert lint(*CACHED, ".", "--format", "json", "--cache-dir", str(cache), jobs=None) == cold


def test_no_cache_writes_nothing(lint: Lint, tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lint(*CACHED, ".", "--no-cache", "--cache-dir", str(tmp_path / "a"), jobs=None)
    monkeypatch.setenv("DCRLINT_NO_CACHE", "1")
    lint(*CACHED, ".", "--cache-dir", str(tmp_path / "b"), jobs=None)
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
    assert not (tree / ".dcrlint_cache").exists()


def test_unwritable_cache_only_costs_time(lint: Lint, tree: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cold = lint(*CACHED, ".", "--format", "json", "--no-cache", jobs=None)
    assert lint(*CACHED, ".", "--format", "json", "--cache-dir", str(blocker / "cache"), jobs=None) == cold




def test_named_file_sees_changed_repository_files(
        lint: Lint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pre-commit names one manifest; the repository's other files are indexed from the
    cache while their size, modification time and inode are unchanged, and read again when
    any changes (a file that held nothing for the index can come to define the Secret)."""
    import os

    monkeypatch.delenv("DCRLINT_NO_CACHE", raising=False)
    root = tmp_path / "repo"
    root.mkdir()
    monkeypatch.chdir(root)
    files = {"deploy.yaml": DEPLOYMENT, "other.yaml": PULL_SECRET.format(name="othercred"),
             "notes.yaml": "owner: team-web\n"}
    for name, text in files.items():
        (root / name).write_text(text)
        os.utime(root / name, (1_600_000_000, 1_600_000_000))  # old: stamps are trusted
    cache = tmp_path / "cache"

    def dcr021() -> bool:
        _, out, _ = lint(*CACHED, "--format", "json", "--cache-dir", str(cache), "deploy.yaml", jobs=None)
        return any(f["rule"] == "DCR021" for f in json.loads(out)["findings"])

    assert dcr021()
    assert dcr021()  # warm: from the index
    assert [p for p in cache.rglob("memo-index-*.json")]
    (root / "notes.yaml").write_text(PULL_SECRET.format(name="regcred"))
    os.utime(root / "notes.yaml", (1_600_000_100, 1_600_000_100))
    assert not dcr021()
    (root / "notes.yaml").write_text(PULL_SECRET.format(name="regcrex"))  # same size
    os.utime(root / "notes.yaml", (1_600_000_200, 1_600_000_200))
    assert dcr021()


def test_sealed_secrets_do_not_share_a_key_stream() -> None:
    from dcrlint.cache import _open, _seal

    content = b"docker login -p one two"
    a, b = _seal("aaaaaaaaaaaa", content), _seal("bbbbbbbbbbbb", content)
    ca, cb = (bytes.fromhex(x.partition(":")[2]) for x in (a, b))
    # with one stream for both, ca XOR cb would equal the XOR of the two plaintexts
    assert bytes(x ^ y for x, y in zip(ca, cb, strict=True)) != bytes(x ^ y for x, y in zip(b"a" * 12, b"b" * 12, strict=True))
    assert _open(a, content) == "aaaaaaaaaaaa" and _open(b, content) == "bbbbbbbbbbbb"
    assert _seal("aaaaaaaaaaaa", content) != a  # a fresh nonce each time


def _age(root: Path, when: int) -> None:
    """Every file's modification time set to `when` (an old stamp is trusted)."""
    import os

    for p in root.rglob("*"):
        if p.is_file():
            os.utime(p, (when, when))


def test_stamps_save_reads_and_content_decides(
        lint: Lint, tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry is trusted while its file's stamp is unchanged; a new stamp (a fresh checkout
    of the same content) is a hit by the content's hash; new content with the old size and
    modification time is a miss."""
    import os

    from dcrlint import engine

    cache = tmp_path / "cache"
    _age(tree, 1_600_000_000)
    cold = lint(*CACHED, ".", "--format", "json", "--cache-dir", str(cache), jobs=None)
    assert lint(*CACHED, ".", "--format", "json", "--cache-dir", str(cache), jobs=None) == cold
    _age(tree, 1_600_000_500)  # every stamp changes, no content does

    def no_scan(*args: object, **kwargs: object) -> object:
        raise AssertionError("scanned although the cache holds the content")

    with monkeypatch.context() as m:
        m.setattr(engine, "_scan_file", no_scan)
        assert lint(*CACHED, ".", "--format", "json", "--cache-dir", str(cache), jobs=None) == cold
    planted = tree / "scripts" / "planted.sh"
    planted.write_text(SCRIPT.replace("docker login", "docker logon"))  # same size
    os.utime(planted, (1_600_000_500, 1_600_000_500))  # same modification time (the change time moves)
    _, out, _ = lint(*CACHED, ".", "--format", "json", "--cache-dir", str(cache), jobs=None)
    assert any(f["path"].endswith("planted.sh") for f in cold.findings)
    assert not any(f["path"].endswith("planted.sh") for f in json.loads(out)["findings"])


KUSTOMIZATION = "secretGenerator:\n  - name: db\n    envs: [config/db.properties]\n"


def test_kinds_named_by_a_kustomization_follow_it(
        lint: Lint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Which files a kustomization names as env files is cached under its stamp: changing
    it changes what is scanned as an env file."""
    monkeypatch.delenv("DCRLINT_NO_CACHE", raising=False)
    root = tmp_path / "repo"
    (root / "k" / "config").mkdir(parents=True)
    monkeypatch.chdir(root)
    (root / "k" / "kustomization.yaml").write_text(KUSTOMIZATION)
    (root / "k" / "config" / "db.properties").write_text("DB_USER=app\nDB_PASSWORD=Rt6-canyon-19-Xw\n")
    _age(root, 1_600_000_000)
    cache = tmp_path / "cache"

    def dcr023() -> bool:
        _, out, _ = lint(*CACHED, ".", "--format", "json", "--cache-dir", str(cache), jobs=None)
        return any(f["rule"] == "DCR023" for f in json.loads(out)["findings"])

    assert dcr023()
    assert dcr023()  # warm
    (root / "k" / "kustomization.yaml").write_text(KUSTOMIZATION.replace("db.properties", "db.props"))
    _age(root, 1_600_000_100)
    assert not dcr023()
    assert not dcr023()


def test_result_rows_cover_every_field() -> None:
    """Results are stored as rows of their fields; a field added to Result (or Position, Span)
    must be added to the rows, or the cache would drop it (it falls back to the slower codec)."""
    from dcrlint.cache import _result_rows, _results, _rows
    from dcrlint.findings import Position, ResolvedEdit, ResolvedFix, Result
    from dcrlint.source import Span

    assert _rows()
    r = Result("a/b.sh", Position(2, 3, 4), Position(2, 9), "DCR002", "m", "f" * 32, Span(10, 16), "error",
               (Span(12, 14),), ResolvedFix("d", (ResolvedEdit(Position(2, 3), Position(2, 9), Span(10, 16), "x"),),
                                            False),
               "inSource", "why", "new", ("test-fixture",), (("age", 3), ("k", "v")), "src")
    assert _results(json.loads(json.dumps(_result_rows([r])))) == [r]


def test_named_file_in_git_is_checked_against_the_index(lint: Lint, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """With git, the repository a named file is checked against is what a commit holds: the
    files of git's index (committed or staged) with their staged content. An untracked file is
    not in it, whether it appears, is added, renamed or removed from the index again; an
    unstaged change is not either, until it is staged. The cached context follows every step,
    and agrees with a run without the cache."""
    import os

    monkeypatch.delenv("DCRLINT_NO_CACHE", raising=False)
    monkeypatch.delenv("GIT_INDEX_FILE", raising=False)
    root = tmp_path / "repo"
    root.mkdir()
    monkeypatch.chdir(root)
    (root / "deploy.yaml").write_text(DEPLOYMENT)
    (root / "other.yaml").write_text(PULL_SECRET.format(name="othercred"))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "x", "--no-verify")
    _age(root, 1_600_000_000)
    cache = tmp_path / "cache"

    def dcr021() -> bool:
        runs = [lint(*CACHED, "--format", "json", *where, "deploy.yaml", git=True, jobs=None)
                for where in (("--cache-dir", str(cache)), ("--no-cache",))]
        assert runs[0].code == runs[1].code == 0
        assert runs[0].out == runs[1].out
        return "DCR021" in runs[0].table("rule")

    assert dcr021()
    assert dcr021()  # warm
    assert [p for p in cache.rglob("memo-staged-*.json")]
    (root / "notes.yaml").write_text(PULL_SECRET.format(name="regcred"))
    os.utime(root / "notes.yaml", (1_600_000_000, 1_600_000_000))
    assert dcr021()  # untracked: a commit would not hold it
    git(root, "add", "notes.yaml")
    assert not dcr021()  # staged
    (root / "secrets").mkdir()
    git(root, "mv", "notes.yaml", "secrets/regcred.yaml")
    assert not dcr021()  # renamed
    git(root, "rm", "-q", "--cached", "secrets/regcred.yaml")
    assert dcr021()  # still in the work tree, no longer in the index
    (root / ".gitignore").write_text("secrets/\n")
    assert dcr021()  # ignored
    (root / "other.yaml").write_text(PULL_SECRET.format(name="regcred"))  # tracked, changed, not staged
    os.utime(root / "other.yaml", (1_600_000_100, 1_600_000_100))
    assert dcr021()  # the commit holds the staged content
    git(root, "add", "other.yaml")
    assert not dcr021()
    (root / "other.yaml").write_text(PULL_SECRET.format(name="othercred"))  # just now, not staged
    assert not dcr021()
    git(root, "add", "other.yaml")
    assert dcr021()


def _context_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, secret: str) -> tuple[Path, list[str]]:
    """A committed repository (a Deployment naming regcred, a pull Secret named `secret`),
    aged, as the working folder; the list records each time the pre-commit context is read
    from the index ("index") and each file whose staged content is read."""
    from dcrlint import repocontext
    from dcrlint.gitindex import Blobs

    monkeypatch.delenv("DCRLINT_NO_CACHE", raising=False)
    monkeypatch.delenv("GIT_INDEX_FILE", raising=False)
    root = tmp_path / "repo"
    root.mkdir()
    monkeypatch.chdir(root)
    (root / "deploy.yaml").write_text(DEPLOYMENT)
    (root / "other.yaml").write_text(PULL_SECRET.format(name=secret))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "x", "--no-verify")
    _age(root, 1_600_000_000)
    listed: list[str] = []
    build, read = repocontext._build_staged, Blobs.read

    def spy_build(*args: Any, **kwargs: Any) -> Any:
        listed.append("index")
        return build(*args, **kwargs)

    def spy_read(self: Blobs, wanted: Any) -> Any:
        wanted = list(wanted)
        listed.extend(path for path, _, _ in wanted)
        return read(self, wanted)

    monkeypatch.setattr(repocontext, "_build_staged", spy_build)
    monkeypatch.setattr(Blobs, "read", spy_read)
    return root, listed


def test_a_context_file_rewritten_as_it_was_keeps_the_context(lint: Lint, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """pre-commit stashes unstaged changes: the files it rewrites are new, but the index is
    not; the cached context is kept without a look at them, and what is not staged is not in
    it."""
    root, listed = _context_repo(tmp_path, monkeypatch, "regcred")
    cache = tmp_path / "cache"
    args = (*CACHED, "--format", "json", "--cache-dir", str(cache), "deploy.yaml")

    def stash() -> None:
        (root / "other.yaml").unlink()
        (root / "other.yaml").write_text(PULL_SECRET.format(name="regcred"))

    stash()
    first = lint(*args, git=True, jobs=None)
    assert listed == ["index", "other.yaml"] and "DCR021" not in first.table("rule")
    stash()
    assert lint(*args, git=True, jobs=None) == first
    assert listed == ["index", "other.yaml"]  # not read again
    (root / "other.yaml").write_text(PULL_SECRET.format(name="othercred"))
    assert "DCR021" not in lint(*args, git=True, jobs=None).table("rule")  # not staged
    assert listed == ["index", "other.yaml"]
    git(root, "add", "other.yaml")
    assert "DCR021" in lint(*args, git=True, jobs=None).table("rule")
    assert listed == ["index", "other.yaml", "index", "other.yaml"]


def test_staging_the_named_file_keeps_the_context(lint: Lint, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Each commit stages the named files: the index changes, the rest of the repository does
    not; the index is read again but no other file (their verdicts are kept by blob id); a
    file staged beside them is seen."""
    root, listed = _context_repo(tmp_path, monkeypatch, "othercred")
    args = (*CACHED, "--format", "json", "--cache-dir", str(tmp_path / "cache"), "deploy.yaml")
    assert "DCR021" in lint(*args, git=True, jobs=None).table("rule")
    assert listed == ["index", "other.yaml"]
    (root / "deploy.yaml").write_text(DEPLOYMENT.replace("web:1.0", "web:1.1"))
    git(root, "add", "deploy.yaml")
    assert "DCR021" in lint(*args, git=True, jobs=None).table("rule")
    assert listed == ["index", "other.yaml", "index"]  # no file read again
    (root / "notes.yaml").write_text(PULL_SECRET.format(name="regcred"))
    os.utime(root / "notes.yaml", (1_600_000_000, 1_600_000_000))
    git(root, "add", "notes.yaml")
    assert "DCR021" not in lint(*args, git=True, jobs=None).table("rule")
    assert listed == ["index", "other.yaml", "index", "index", "notes.yaml"]


def test_unreadable_cross_file_facts_are_collected_again(lint: Lint, tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = lint(*CACHED, ".", "--format", "json", "--no-cache", jobs=None)
    assert lint(*CACHED, ".", "--format", "json", "--cache-dir", str(cache), jobs=None) == cold
    broken = 0
    for p in _entries(cache):
        if p.name.startswith("memo-project"):
            p.unlink()  # cross-file results are worked out again, from the facts
        elif p.name.startswith("files-"):
            table = json.loads(p.read_text())
            for entry in table.values():
                if "c" in entry[4]:
                    entry[4]["c"] = ["{not json", '{"M": [[1, 2]]}', "[]"][broken % 3]
                    broken += 1
            p.write_text(json.dumps(table))
    assert broken
    assert lint(*CACHED, ".", "--format", "json", "--cache-dir", str(cache), jobs=None) == cold


def test_old_formats_and_unused_keys_are_removed(lint: Lint, tree: Path, tmp_path: Path) -> None:
    """A new run key (each day starts one) removes the tables of other formats and of keys
    unused for a week; recent keys stay."""
    import os

    from dcrlint.cache import FORMAT

    cache = tmp_path / "cache"
    old_format = cache / "v2" / "k" / "00"
    old_key = cache / f"v{FORMAT}" / ("0" * 32)
    recent_key = cache / f"v{FORMAT}" / ("1" * 32)
    for folder in (old_format, old_key, recent_key):
        folder.mkdir(parents=True)
        (folder / "files-00.json").write_text("{}")
    os.utime(old_key, (1_600_000_000, 1_600_000_000))
    lint(*CACHED, ".", "--format", "json", "--cache-dir", str(cache), jobs=None)
    assert not (cache / "v2").exists() and not old_key.exists()
    assert recent_key.exists()
    assert len([p for p in (cache / f"v{FORMAT}").iterdir()]) == 2


def test_records_decode_by_position_or_by_name() -> None:
    """A record's fields in its own order are given by position (the fast path), in another
    order or fewer (defaults) by name; both give the record encoded."""
    from dcrlint.cache import decode, encode
    from dcrlint.findings import Notification, Position
    from dcrlint.source import Span

    value = [Span(1, 2), (Position(3, 4, 5), None, ()), {"k": (Span(6, 7),)}, Notification("a.yaml", "m", 3, "note")]
    packed = json.loads(json.dumps(encode(value)))
    assert decode(packed) == value
    by_name = {"D": packed[0]["D"], "f": {"end": 2, "start": 1}}
    assert decode(by_name) == Span(1, 2)
    fewer = json.loads(json.dumps(encode(Notification("b.yaml", "m"))))
    del fewer["f"]["level"]
    assert decode(fewer) == Notification("b.yaml", "m")
    with pytest.raises(TypeError):
        decode({"D": packed[0]["D"], "f": {"start": 1, "end": 2, "other": 3}})
