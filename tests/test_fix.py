"""`dcrlint --fix` and `--diff`: golden before/after files per fix and context, idempotence,
comments kept, line endings and BOM kept, diffs that apply with git apply and patch, and no
secret in any diff."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import Lint

from dcrlint.findings import Position, ResolvedEdit, ResolvedFix, Result
from dcrlint.fixer import apply_edits, select_fixes
from dcrlint.source import Span

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "fix"
CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "before").is_dir())
FIX_RULES = ("DCR001", "DCR011", "DCR012", "DCR020")


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _rule(case: str) -> str:
    return case.split("_")[0].upper()


@pytest.fixture
def case_dir(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    work = tmp_path / "work"
    shutil.copytree(FIXTURES / request.param / "before", work)
    return work


@pytest.mark.parametrize("case_dir", CASES, indirect=True, ids=CASES)
def test_golden_fix(lint: Lint, case_dir: Path, request: pytest.FixtureRequest) -> None:
    case = request.node.callspec.id
    rule = _rule(case)
    before = lint("--format", "json", cwd=case_dir).findings
    fixable = [f for f in before if f["rule"] == rule and f.get("fix")]
    assert fixable, f"{case}: no fixable {rule} finding"
    code, _, err = lint("--fix", cwd=case_dir)
    assert f"fixed {len([f for f in before if f.get('fix')])} finding" in err
    assert _files(case_dir) == _files(FIXTURES / case / "after")
    # A re-scan finds no finding of the fixed rule at the places fixed ...
    after = lint("--format", "json", cwd=case_dir).findings
    assert not [f for f in after if f["rule"] == rule and f["path"] in {g["path"] for g in fixable}
                and f["start"]["line"] in {g["start"]["line"] for g in fixable}]
    assert not [f for f in after if f.get("fix")]
    # ... and the exit code is that of what is left.
    assert code == (1 if after else 0)
    # Idempotent: a second run changes nothing, and has nothing to show.
    snapshot = _files(case_dir)
    lint("--fix", cwd=case_dir)
    assert _files(case_dir) == snapshot
    code, out, _ = lint("--diff", cwd=case_dir)
    assert (code, out) == (0, "")


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("case_dir", CASES, indirect=True, ids=CASES)
def test_diff_applies_and_changes_nothing(
        lint: Lint, case_dir: Path, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    case = request.node.callspec.id
    original = _files(case_dir)
    code, patch, _ = lint("--diff", cwd=case_dir)
    assert code == 1 and patch.startswith("--- a/")
    assert _files(case_dir) == original  # --diff writes nothing
    expected = _files(FIXTURES / case / "after")
    for tool in ("git", "patch"):
        target = tmp_path / tool
        shutil.copytree(FIXTURES / case / "before", target)
        (tmp_path / "fix.patch").write_text(patch)
        if tool == "git":
            assert _git(target, "init", "-q").returncode == 0
            done = _git(target, "apply", "--check", "-v", str(tmp_path / "fix.patch"))
            assert done.returncode == 0, done.stderr
            done = _git(target, "apply", str(tmp_path / "fix.patch"))
            shutil.rmtree(target / ".git")
        else:
            if shutil.which("patch") is None:
                pytest.skip("no patch program")
            done = subprocess.run(["patch", "-p1", "--no-backup-if-mismatch", "-i", str(tmp_path / "fix.patch")],
                                  cwd=target, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        assert _files(target) == expected, tool


def test_comments_and_formatting_kept(lint: Lint, tmp_path: Path) -> None:
    """Only the fixed stretches change: every other line is kept byte for byte."""
    for case in CASES:
        work = tmp_path / case
        shutil.copytree(FIXTURES / case / "before", work)
        before = _files(work)
        lint("--fix", cwd=work)
        after = _files(work)
        for path, old in before.items():
            old_lines = old.decode().splitlines()
            new_lines = after[path].decode().splitlines()
            comments = [line for line in old_lines if line.lstrip().startswith(("#", "//"))]
            for c in comments:
                assert c in new_lines, (case, path, c)
            kept = [line for line in old_lines if line in new_lines]
            assert len(old_lines) - len(kept) <= 4, (case, path)  # only the fixed lines differ
    # Trailing comments on a fixed line survive too.
    assert b"# keep this comment" in (tmp_path / "dcr001_shell" / "scripts" / "push.sh").read_bytes()
    assert b"# from the repo secrets" in (tmp_path / "dcr001_github_run" / ".github/workflows/ci.yml").read_bytes()


def test_crlf_and_bom_preserved(lint: Lint, tmp_path: Path) -> None:
    script = '#!/bin/sh\r\n# log in\r\ndocker login -u ci -p "$REGISTRY_PASSWORD" reg.example.com\r\necho done\r\n'
    (tmp_path / "login.sh").write_bytes(b"\xef\xbb\xbf" + script.encode())
    k8s = (FIXTURES / "dcr020_cronjob" / "before" / "k8s" / "cron.yaml").read_text()
    (tmp_path / "cron.yaml").write_bytes(k8s.replace("\n", "\r\n").encode())
    code, patch, _ = lint("--diff", cwd=tmp_path)
    assert code == 1 and "\r\n" in patch
    lint("--fix", cwd=tmp_path)
    data = (tmp_path / "login.sh").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data[3:].decode() == script.replace(
        'docker login -u ci -p "$REGISTRY_PASSWORD"',
        'printf %s "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin')
    cron = (tmp_path / "cron.yaml").read_bytes()
    assert b"imagePullSecrets" in cron
    assert cron.count(b"\n") == cron.count(b"\r\n")  # every line break still CRLF
    assert not [f for f in lint("--format", "json", cwd=tmp_path).findings if f.get("fix")]


def test_literal_password_has_no_fix_and_never_reaches_a_diff(lint: Lint, tmp_path: Path) -> None:
    secret = "s3cr3t-Hunter2-pw"
    (tmp_path / "login.sh").write_text(
        "#!/bin/sh\n"
        f"docker login -u ci -p {secret} reg.example.com\n"
        'docker login -u ci -p "$REGISTRY_PASSWORD" reg.example.com\n'
        "docker pull reg.example.com/app\n"
    )
    found = lint("--format", "json", cwd=tmp_path).findings
    literal = [f for f in found if f["rule"] == "DCR001" and f["start"]["line"] == 2]
    assert literal and not literal[0].get("fix")
    code, patch, err = lint("--diff", cwd=tmp_path)
    assert code == 1 and "--password-stdin" in patch
    assert secret not in patch and secret not in err
    code, out, err = lint("--fix", cwd=tmp_path)
    assert secret not in out and secret not in err
    assert secret in (tmp_path / "login.sh").read_text()  # left for a human and a secret store
    code, patch, _ = lint("--diff", cwd=tmp_path)
    assert (code, patch) == (0, "")


def test_diff_withheld_when_a_changed_line_holds_a_secret(lint: Lint, tmp_path: Path) -> None:
    secret = "s3cr3t-Hunter2-pw"
    (tmp_path / "login.sh").write_text(
        f'docker login -u ci -p "$REGISTRY_PASSWORD" reg.example.com; curl https://ci:{secret}@x.example/\n'
    )
    code, patch, err = lint("--diff", cwd=tmp_path)
    assert secret not in patch and secret not in err
    assert code == 1 and "diff withheld" in err


def test_diff_shows_a_groovy_escaped_variable(lint: Lint, tmp_path: Path) -> None:
    """`\\$X` in a Jenkins "..." string is the shell's variable, not a secret: the fix of its
    login is shown by --diff (was withheld since the line seemed to hold a secret)."""
    (tmp_path / "Jenkinsfile").write_text(
        "node {\n"
        '    sh "docker login -u ci -p \\"\\$REGISTRY_PASSWORD\\" reg.example.com"\n'
        "}\n"
    )
    code, patch, err = lint("--diff", cwd=tmp_path)
    assert "withheld" not in err
    assert code == 1 and (
        '+    sh "printf %s \\"\\$REGISTRY_PASSWORD\\" | docker login -u ci --password-stdin reg.example.com"'
    ) in patch.splitlines()


def test_fix_contexts_without_a_safe_fix(lint: Lint, tmp_path: Path) -> None:
    """No fix where the rewrite would change meaning: stdin already taken, inside `bash -c`,
    PowerShell, kubectl (no stdin option)."""
    (tmp_path / "a.sh").write_text(
        "#!/bin/sh\n"
        'cat input | docker login -u ci -p "$REGISTRY_PASSWORD" reg.example.com\n'
        'bash -c "docker login -u ci -p $REGISTRY_PASSWORD reg.example.com"\n'
        'kubectl create secret docker-registry r --docker-username=ci --docker-password="$REGISTRY_PASSWORD"\n'
    )
    found = [f for f in lint("--format", "json", cwd=tmp_path).findings if f["rule"] == "DCR001"]
    assert len(found) >= 2
    assert not [f for f in found if f.get("fix")]
    code, patch, _ = lint("--diff", cwd=tmp_path)
    assert (code, patch) == (0, "")


def test_a_loops_or_groups_stdin_is_replaced_by_the_fixs_pipe(lint: Lint, tmp_path: Path) -> None:
    """Guard R50: a login inside `while ...; done < file` or `{ ...; } < file` inherits that stdin;
    a pipe written on the login replaces it, so the fix is offered; the login's own `< file` or
    an fd it reads (`<&3`) still takes its stdin: no fix."""
    (tmp_path / "a.sh").write_text(
        "#!/bin/bash\n"
        'while read -r reg; do docker login -u ci -p "$REGISTRY_PASSWORD" "$reg"; done < registries.txt\n'
        '{ docker login -u ci -p "$REGISTRY_PASSWORD" reg.example.com; } < /dev/null\n'
        'docker login -u ci -p "$REGISTRY_PASSWORD" reg.example.com < input.txt\n'
        'exec 3< input.txt; docker login -u ci -p "$REGISTRY_PASSWORD" reg.example.com <&3\n'
    )
    found = [f for f in lint("--format", "json", cwd=tmp_path).findings if f["rule"] == "DCR001"]
    assert [(f["start"]["line"], bool(f.get("fix"))) for f in found] == [(2, True), (3, True), (4, False),
                                                                          (5, False)]
    lint("--fix", cwd=tmp_path)
    lines = (tmp_path / "a.sh").read_text().splitlines()
    assert lines[1] == ('while read -r reg; do printf %s "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin'
                        ' "$reg"; done < registries.txt')


def test_double_quoted_yaml_scalar_escapes_its_quotes(lint: Lint, tmp_path: Path) -> None:
    wf = tmp_path / ".github" / "workflows" / "ci.yml"
    wf.parent.mkdir(parents=True)
    wf.write_text(
        "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
        '      - run: "docker login -u ci -p $REGISTRY_PASSWORD ghcr.io"\n'
        "        env:\n          REGISTRY_PASSWORD: ${{ secrets.R }}\n"
    )
    lint("--fix", cwd=tmp_path)
    assert '- run: "printf %s \\"$REGISTRY_PASSWORD\\" | docker login -u ci --password-stdin ghcr.io"' \
        in wf.read_text()
    assert not [f for f in lint("--format", "json", cwd=tmp_path).findings if f["rule"] == "DCR001"]


def test_dcr011_fix(lint: Lint, tmp_path: Path) -> None:
    """DCR011 (secrets in run:) moves the expression into env:, with and without an env: already."""
    wf = tmp_path / ".github" / "workflows" / "ci.yml"
    wf.parent.mkdir(parents=True)
    text = (
        "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ secrets.TOKEN }} | docker login -u ci --password-stdin ghcr.io\n"
        "      - run: echo ${{ secrets.TOKEN }} | docker login -u ci --password-stdin ghcr.io\n"
        "        env:\n          OTHER: x\n"
    )
    wf.write_text(text)
    code, out, _ = lint("--format", "json", "--select", "DCR011", cwd=tmp_path)
    if code == 2 or not [f for f in json.loads(out)["findings"] if f.get("fix")]:
        pytest.skip("DCR011 has no fix yet")
    lint("--fix", cwd=tmp_path)
    new = wf.read_text()
    assert "secrets.TOKEN" in new and new.count("env:") == 2
    assert not [f for f in lint("--format", "json", cwd=tmp_path).findings if f["rule"] == "DCR011"]
    snapshot = new
    lint("--fix", cwd=tmp_path)
    assert wf.read_text() == snapshot


# --- the planner ------------------------------------------------------------------------------


def _result(rule: str, *edits: tuple[int, int, str]) -> Result:
    at = Position(1, 1)
    return Result(
        path="f", start=at, end=at, rule_id=rule, message="m", fingerprint=rule + str(edits),
        span=Span(0, 0),
        fix=ResolvedFix("d", tuple(ResolvedEdit(at, at, Span(s, e), t) for s, e, t in edits)),
    )


def test_identical_edits_merge_and_overlaps_wait() -> None:
    a = _result("A", (0, 0, "X"), (4, 6, "Y"))
    b = _result("B", (0, 0, "X"))  # the same insertion: merged
    c = _result("C", (5, 7, "Z"))  # overlaps a's replacement: left for the next run
    d = _result("D", (8, 9, "W"))
    fixed, left, edits = select_fixes([a, b, c, d])
    assert [r.rule_id for r in fixed] == ["A", "B", "D"]
    assert [r.rule_id for r in left] == ["C"]
    assert apply_edits("0123456789", edits) == "X0123Y67W9"


def test_insertion_before_replacement_at_same_offset() -> None:
    r = _result("A", (2, 4, "R"), (2, 2, "I"))
    fixed, _, edits = select_fixes([r])
    assert fixed and apply_edits("abcdef", edits) == "abIRef"


def test_unparseable_result_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """A fix that would break the YAML is refused with a note; the file stays as it was."""
    from dcrlint.config import Settings
    from dcrlint.fixer import plan

    path = tmp_path / "k.yaml"
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"
    path.write_text(text)
    bad = _result("X", (0, 0, "key: [unclosed\n"))
    bad = Result(**{**bad.__dict__, "path": "k.yaml"})
    run = plan([bad], Settings(root=str(tmp_path)))
    assert not run.changed
    assert run.notifications and "would no longer parse" in run.notifications[0].message
    assert path.read_text() == text


def test_diff_marks_the_hunks_of_unsafe_fixes(tmp_path: Path) -> None:
    """Each hunk holding an unsafe fix says so after its line numbers; a safe one does not;
    `git apply` takes the marked patch."""
    from dataclasses import replace

    from dcrlint.fixer import FilePlan, FixRun, diff

    old = "".join(f"line {i}\n" for i in range(1, 21))
    at5, at15 = old.index("line 5"), old.index("line 15")
    safe = _result("DCR001", (at5, at5 + 6, "LINE 5"))
    unsafe = _result("DCR020", (at15, at15, "inserted\n"))
    unsafe = replace(unsafe, fix=replace(unsafe.fix, safe=False)) if unsafe.fix else unsafe
    _, _, edits = select_fixes([safe, unsafe])
    new = apply_edits(old, edits)
    patch, notes = diff(FixRun([FilePlan("f.txt", "f.txt", old, new, "", [safe, unsafe])], []))
    assert notes == []
    assert [line for line in patch.splitlines() if line.startswith("@@")] == [
        "@@ -2,7 +2,7 @@", "@@ -12,6 +12,7 @@ unsafe fix: DCR020"]
    if shutil.which("git") is None:
        pytest.skip("no git")
    (tmp_path / "f.txt").write_text(old)
    (tmp_path / "fix.patch").write_text(patch)
    assert _git(tmp_path, "init", "-q").returncode == 0
    done = _git(tmp_path, "apply", str(tmp_path / "fix.patch"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "f.txt").read_text() == new


# Each DCR011 fix of a step adds its own `env:` entry; the fixer joins those it applies.
_SUBSET_STEPS = {
    "no env": "",
    "block env": "        env:\n          OTHER: x\n",
    "flow env": "        env: {OTHER: x}\n",
}


@pytest.mark.parametrize("layout", sorted(_SUBSET_STEPS))
def test_dcr011_fixes_of_a_subset_give_the_env_they_need(lint: Lint, tmp_path: Path, layout: str) -> None:
    """Some of a step's findings suppressed: the fixes applied still give valid YAML whose
    `env:` holds exactly the names their replacements read, each once, in name order."""
    import yaml

    names = ["TOKEN_B", "TOKEN_A1", "TOKEN_A", "TOKEN_C", "TOKEN_D"]
    kept = {"TOKEN_A1", "TOKEN_C"}  # suppressed: their fixes are not applied
    lines = "".join(
        f'          echo "${{{{ secrets.{n} }}}}" | docker login -u ci --password-stdin r{i}.example.com'
        + ("  # dcrlint: ignore[DCR011] kept on purpose" if n in kept else "") + "\n"
        for i, n in enumerate(names))
    wf = tmp_path / ".github" / "workflows" / "ci.yml"
    wf.parent.mkdir(parents=True)
    wf.write_text("on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - name: login\n"
                  + _SUBSET_STEPS[layout] + "        run: |\n" + lines)
    lint("--fix", cwd=tmp_path)
    step = yaml.safe_load(wf.read_text())["jobs"]["b"]["steps"][0]
    fixed = sorted(set(names) - kept)
    other = [] if layout == "no env" else ["OTHER"]
    assert list(step["env"]) == other + fixed
    assert all(step["env"][n] == f"${{{{ secrets.{n} }}}}" for n in fixed)
    for n in names:
        assert (f"${{{{ secrets.{n} }}}}" in step["run"]) == (n in kept)
        assert (f'"${{{n}}}"' in step["run"] or f'"${n}"' in step["run"]) == (n not in kept)
    after = lint("--format", "json", "--show-suppressed", cwd=tmp_path).findings
    assert sorted(f["message"].split("`")[1] for f in after if f["rule"] == "DCR011") == sorted(kept)


def _joined(rule: str, at: int, head: str, rest: str, key: str) -> Result:
    p = Position(1, 1)
    edit = ResolvedEdit(p, p, Span(at, at), head + rest, len(head), ((key, len(head + rest)),))
    return Result(path="f", start=p, end=p, rule_id=rule, message="m", fingerprint=rule, span=Span(0, 0),
                  fix=ResolvedFix("d", (edit,)))


def test_joined_insertions_write_their_head_once_in_order() -> None:
    b, a = _joined("B", 2, "H:", "b;", "b"), _joined("A", 2, "H:", "a;", "a")
    again = _joined("A2", 2, "H:", "a;", "a")  # the same entry: merged
    other = _joined("X", 2, "H:", "x;", "a")  # another text for the same key: waits
    plain = _result("P", (2, 2, "p"))  # an insertion without entries at the place: waits
    fixed, left, edits = select_fixes([b, a, again, other, plain])
    assert [r.rule_id for r in fixed] == ["B", "A", "A2"]
    assert [r.rule_id for r in left] == ["X", "P"]
    assert apply_edits("0123", edits) == "01H:a;b;23"
    # CRLF files: head and rest converted apart, the head still written once
    _, _, edits = select_fixes([_joined("A", 2, "H\n", "a\n", "a"), _joined("B", 2, "H\n", "b\n", "b")], "\r\n")
    assert apply_edits("0123", edits) == "01H\r\na\r\nb\r\n23"


def test_dcr011_entries_no_fix_reads_still_come_with_the_first_fix(lint: Lint, tmp_path: Path) -> None:
    """An expression that keeps no fix (single quotes in pwsh) still gets its `env:` entry when
    all the step's fixes are applied, once, with the first fix (as when each fix carried the
    step's whole block); a later fix alone does not add it."""
    import yaml

    wf = tmp_path / ".github" / "workflows" / "ci.yml"
    wf.parent.mkdir(parents=True)
    run = ("      - shell: pwsh\n        run: |\n          echo \"${{ secrets.BETA }}\"\n"
           "          echo '${{ secrets.ALPHA }}'\n          echo \"${{ secrets.GAMMA }}\"\n")
    head = "on: push\njobs:\n  b:\n    runs-on: windows-latest\n    steps:\n"
    wf.write_text(head + run)
    findings = lint("--format", "json", "--select", "DCR011", cwd=tmp_path).findings
    assert [bool(f.get("fix")) for f in findings] == [True, False, True]
    lint("--fix", cwd=tmp_path)
    env = yaml.safe_load(wf.read_text())["jobs"]["b"]["steps"][0]["env"]
    assert list(env) == ["ALPHA", "BETA", "GAMMA"]
    # the first fix suppressed: the second adds its own entry only
    wf.write_text(head + run.replace('BETA }}"\n', 'BETA }}"  # dcrlint: ignore[DCR011] later\n'))
    lint("--fix", cwd=tmp_path)
    assert list(yaml.safe_load(wf.read_text())["jobs"]["b"]["steps"][0]["env"]) == ["GAMMA"]
