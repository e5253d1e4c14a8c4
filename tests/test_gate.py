"""The gate never passes by mistake, and the command line behaves as users of ruff expect: internal
errors, missing paths, standard input, config and exclude discovery, the pre-commit hooks, --fix to
a fixed point, --diff that git applies, and the terminal niceties. A `.gitignore` of `*`
re-including nothing (a repository adding its files by force) is not applied to a walk of the
project, and a note says so."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml
from conftest import Lint, write

from dcrlint import cli
from dcrlint.cli import main

ROOT = Path(__file__).resolve().parent.parent
LOGIN = 'docker login -u ci -p "$REGISTRY_PASSWORD" reg.example.com\n'


def _cli(cwd: Path, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None,
         merge: bool = False) -> subprocess.CompletedProcess[bytes]:
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    full_env.pop("NO_COLOR", None)
    return subprocess.run([sys.executable, "-m", "dcrlint", *args], cwd=cwd, input=stdin,
                          capture_output=not merge, stdout=subprocess.PIPE if merge else None,
                          stderr=subprocess.STDOUT if merge else None, env=full_env, timeout=120)


# --- the gate ----------------------------------------------------------------------------------


def test_shell_parser_that_cannot_load_exits_2(lint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """tree-sitter 0.23 with tree-sitter-bash 0.25 (ABI 15) fails to load the grammar: every
    shell rule is off, so the run must not pass."""
    import tree_sitter

    from dcrlint.shell import bash

    def incompatible(*args: object) -> object:
        raise ValueError("Incompatible Language version 15. Must be between 13 and 14")

    monkeypatch.setattr(tree_sitter, "Language", incompatible)
    monkeypatch.setattr(bash, "_LOCAL", threading.local())
    write(tmp_path, "login.sh", "#!/bin/sh\n" + LOGIN)
    r = lint("login.sh")
    assert r.code == 2
    assert "the shell parser cannot load: tree-sitter" in r.err and "internal error" in r.err
    r = lint("--fail-on", "never", "--format", "sarif", "login.sh")
    assert r.code == 2  # whatever the threshold
    notes = r.json()["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notes and {n["level"] for n in notes} == {"error"}


def test_crashing_check_exits_2(lint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dcrlint import checks
    from dcrlint.records import replace

    def boom(file: object) -> list[object]:
        raise KeyError("x")

    broken = checks.FileCheck(rules=("DCR001",), run=boom)
    from dcrlint import engine

    builtin = checks.for_kind
    monkeypatch.setattr(checks, "for_kind", lambda kind: replace(builtin(kind), file=(broken, *builtin(kind).file)))
    engine._plan.cache_clear()  # the check table is read once per kind of file
    write(tmp_path, "ok.sh", "#!/bin/sh\necho hi\n")
    r = lint("ok.sh")
    monkeypatch.undo()
    engine._plan.cache_clear()
    assert r.code == 2 and "internal error (KeyError)" in r.err


def test_declared_floors_are_the_tested_floors() -> None:
    """pyproject's lower bounds are the versions ci/floors.txt pins (and .ci/run tests)."""
    import re
    import tomllib
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    floors = {}
    for dep in deps:
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)>=([\w.]+)(;.*)?", dep.replace(" ", ""))
        assert m, f"{dep}: every runtime dependency has a >= floor"
        floors[m.group(1).lower()] = m.group(2)
    pinned = {}
    for line in (ROOT / "ci" / "floors.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            pinned[name.strip().lower()] = version.split(";")[0].strip()
    assert pinned == floors
    # tree-sitter-bash 0.25 needs the ABI 15 loader of tree-sitter 0.25; bash 0.23 and 0.25.0
    # recover from syntax errors differently (tests/test_shell_parse.py fails with them).
    assert floors["tree-sitter"] == "0.25.0" and floors["tree-sitter-bash"] == "0.25.1"
    assert "ci/floors.txt" in (ROOT / ".ci" / "run").read_text()


def test_missing_path_is_an_error(lint, tmp_path: Path) -> None:
    write(tmp_path, "login.sh", "#!/bin/sh\n" + LOGIN)
    r = lint("login.sh", "no-such-dir")
    assert r.code == 2 and "no-such-dir: no such file or directory" in r.err
    assert r.out == ""


def test_stdin_with_stdin_filename(lint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # On disk the file is clean; the editor's unsaved buffer, on stdin, is not.
    write(tmp_path, "deploy/push.sh", "#!/bin/sh\necho clean\n")
    buffer = ("#!/bin/sh\n\n" + LOGIN).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(buffer)))
    r = lint("--stdin-filename", "deploy/push.sh", "-")
    assert r.code == 1
    assert r.out.startswith("deploy/push.sh:3:")
    assert "docker login -u ci -p" in r.out  # the line shown is the one read, not the disk's
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(buffer)))
    r = lint("--format", "json", "--stdin-filename", "deploy/push.sh", "-")
    assert r.table("rule", "path", "line") == [("DCR001", "deploy/push.sh", 3)]
    # The name decides the kind: the same text as a Makefile is not a shell script.
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x:\n\tdocker login -p $(P) r\n")))
    r = lint("--format", "json", "--stdin-filename", "Makefile", "-")
    assert r.table("rule", "path", "line") == [("DCR001", "Makefile", 2)]
    r = lint("--fix", "-")
    assert r.code == 2


def test_config_found_from_the_scanned_path_and_not_scanned(lint, tmp_path: Path) -> None:
    write(tmp_path, "proj/.dcrlint.yaml", "ignore: [DCR001]\nexclude: ['/gen/']\n")
    write(tmp_path, "proj/login.sh", "#!/bin/sh\n" + LOGIN)
    write(tmp_path, "proj/gen/login.sh", "#!/bin/sh\n" + LOGIN)
    write(tmp_path, "proj/sub/gen/x.yml", "password: hunter2-Not-A-Placeholder\n")
    r = lint("--format", "json", "proj")  # run from above the project
    data = r.json()
    assert not [f for f in data["findings"] if f["rule"] == "DCR001"]
    assert data["summary"]["files_scanned"] == 2  # login.sh and sub/gen/x.yml; not the config itself


def test_exclude_is_gitignore_style_and_relative_to_the_project_root(lint: Lint, tmp_path: Path) -> None:
    write(tmp_path, ".dcrlint.yaml", "exclude: ['/build/', '*.gen.sh', '!keep.gen.sh']\n")
    for rel in ("build/a.sh", "src/build/b.sh", "src/c.gen.sh", "src/keep.gen.sh", "src/d.sh"):
        write(tmp_path, rel, "#!/bin/sh\n" + LOGIN)
    for cwd, arg in ((tmp_path, "."), (tmp_path / "src", ".."), (tmp_path / "src", ".")):
        paths = {Path(cwd, p).resolve().relative_to(tmp_path.resolve()).as_posix()
                 for p in lint("--format", "json", arg, cwd=cwd, jobs=None).table("path")}
        expected = {"src/build/b.sh", "src/keep.gen.sh", "src/d.sh"}
        if arg == ".." or cwd == tmp_path:
            assert paths == expected, (cwd, arg)
        else:
            assert paths == expected - {"build/a.sh"}, (cwd, arg)


def test_folder_walk_without_git_honours_gitignore(lint, tmp_path: Path) -> None:
    write(tmp_path, ".gitignore", "dist/\n*.local.sh\n")
    write(tmp_path, "app/.gitignore", "tmp/\n!keep.local.sh\n")
    for rel in ("dist/a.sh", "b.local.sh", "app/tmp/c.sh", "app/keep.local.sh", "app/d.sh"):
        write(tmp_path, rel, "#!/bin/sh\n" + LOGIN)
    r = lint("--format", "json", ".")
    assert {f["path"] for f in r.json()["findings"]} == {"app/keep.local.sh", "app/d.sh"}
    r = lint("--format", "json", "app")  # .gitignore above the scanned folder applies too
    assert {f["path"] for f in r.json()["findings"]} == {"app/keep.local.sh", "app/d.sh"}


def test_a_file_name_that_is_not_utf8_meets_gitignore_and_exclude(lint, tmp_path: Path) -> None:
    """Its undecodable bytes are matched as U+FFFD (no traceback from the UTF-8 matcher)."""
    write(tmp_path, "app/.gitignore", "*.local.sh\n")
    write(tmp_path, "app/.dcrlint.yaml", "exclude: ['old-*']\n")
    for name in (b"a\xffb.sh", b"c\xff.local.sh", b"old-\xfe.sh"):
        (tmp_path / "app").joinpath(os.fsdecode(name)).write_text("#!/bin/sh\n" + LOGIN)
    r = lint("--format", "json", "app", "--exclude", "x\xff?.sh")
    assert r.code == 1, r.err
    assert [p.encode("utf-8", "surrogateescape") for p in r.table("path", rules=["DCR001"])] == [b"app/a\xffb.sh"]


def test_force_exclude_applies_config_exclude_to_named_files(lint, tmp_path: Path) -> None:
    write(tmp_path, ".dcrlint.yaml", "exclude: ['generated/']\n")
    write(tmp_path, "generated/login.sh", "#!/bin/sh\n" + LOGIN)
    assert lint("generated/login.sh").code == 1  # named: scanned (as ruff without --force-exclude)
    assert lint("--force-exclude", "generated/login.sh").code == 0
    assert lint("--force-exclude", "--no-force-exclude", "generated/login.sh").code == 1


def test_whole_repository_hook() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    repo = hooks["dcrlint-repo"]
    assert repo["pass_filenames"] is False and repo["entry"] == "dcrlint"
    assert repo["require_serial"] is True
    assert "dcrlint-repo" in (ROOT / "docs" / "pre-commit.md").read_text()


# --- --fix and --diff --------------------------------------------------------------------------


def test_fix_reaches_a_fixed_point_in_one_run(lint, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "ex")
    lint("--fix", "ex")
    r = lint("--diff", "ex")
    assert (r.code, r.out) == (0, "")
    assert "fixed" in lint("--fix", "ex").err  # nothing left to fix
    assert "fixed 0 findings" in lint("--fix", "ex").err


def test_makefile_fix_lets_the_shell_read_the_variable(lint, tmp_path: Path) -> None:
    write(tmp_path, "Makefile",
          "REGISTRY = r.example.com\nLOCAL_PW = x\n\npush:\n"
          "\tdocker login $(REGISTRY) -u ci -p $(DCR_PASSWORD)\n"
          '\tdocker login $(REGISTRY) -u ci -p "${TOKEN}"\n'
          "\tdocker login $(REGISTRY) -u ci -p $(LOCAL_PW)\n")
    lint("--fix", "Makefile")
    text = (tmp_path / "Makefile").read_text()
    assert '\tprintf %s "$$DCR_PASSWORD" | docker login $(REGISTRY) -u ci --password-stdin\n' in text
    assert '\tprintf %s "$$TOKEN" | docker login $(REGISTRY) -u ci --password-stdin\n' in text
    # A variable the Makefile sets and does not export is not in the shell's environment.
    assert "\tdocker login $(REGISTRY) -u ci -p $(LOCAL_PW)\n" in text


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_diff_hunks_apply_with_git_apply(lint, tmp_path: Path) -> None:
    secret = "s3cr3t-Hunter2-pw"
    write(tmp_path, "a.sh", "#!/bin/sh\n"
          f"curl https://ci:{secret}@x.example/\n"
          + LOGIN + "echo one\necho two\n")
    write(tmp_path, "b.sh", "#!/bin/sh\necho a\necho b\n" + LOGIN + "echo c\n")
    r = lint("--diff", ".")
    assert r.code == 1 and secret not in r.out + r.err
    assert "+++ b/b.sh" in r.out
    for hunk in (line for line in r.out.splitlines() if line.startswith("@@")):
        assert ",0 " not in hunk and " +0," not in hunk, hunk
    (tmp_path / "p.diff").write_text(r.out)
    check = subprocess.run(["git", "apply", "--check", "p.diff"], cwd=tmp_path, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


# --- terminal ----------------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [["explain", "DCR012"], ["rules"], ["--no-git", "examples"]])
def test_no_traceback_on_a_closed_pipe(argv: list[str]) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "dcrlint", *argv], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    # rules/explain: 0. A scan: 1 (findings) when its report fit in the pipe before the
    # reader left, 2 when the report was not delivered whole; never a pass.
    assert code in ((1, 2) if argv[0] == "--no-git" else (0,))


def test_help_documents_every_option_and_the_exit_codes() -> None:
    parser = cli._parser()
    for action in parser._actions:
        assert action.help, action.option_strings or action.dest
    from dcrlint.explain import parser as sub_parser

    for command in ("rules", "explain"):
        for action in sub_parser(command)._actions:
            assert action.help, (command, action.option_strings or action.dest)
    text = parser.format_help()
    assert "exit codes:" in text and "internal" in text
    for code in ("0  ", "1  ", "2  "):
        assert f"\n  {code}" in text


def test_quiet_and_statistics(lint, tmp_path: Path) -> None:
    write(tmp_path, "a.sh", "#!/bin/sh\n" + LOGIN + LOGIN)
    write(tmp_path, "b.yml", "x: [\n")  # a notification
    r = lint("-q", ".")
    assert r.code == 1 and "finding" not in r.out and r.out.count("DCR001") == 2
    r = lint("--statistics", ".")
    assert r.out.splitlines()[0] == "2  DCR001  [*] password-on-command-line [error]"
    assert r.out.splitlines()[-1].startswith("2 findings (2 errors) in 2 files")
    assert lint("--statistics", "--format", "json", ".").code == 2


def test_colour_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    tty = type("Tty", (), {"isatty": lambda self: True})()
    pipe = type("Pipe", (), {"isatty": lambda self: False})()
    for k in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(k, raising=False)
    assert cli._use_color("auto", tty) and not cli._use_color("auto", pipe)
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert cli._use_color("auto", pipe)
    monkeypatch.setenv("FORCE_COLOR", "0")
    assert not cli._use_color("auto", pipe)
    monkeypatch.delenv("FORCE_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert not cli._use_color("auto", tty)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert not cli._use_color("auto", tty)  # NO_COLOR wins
    assert cli._use_color("always", pipe)


def test_options_between_paths(lint, tmp_path: Path) -> None:
    write(tmp_path, "a.sh", "#!/bin/sh\n" + LOGIN)
    write(tmp_path, "b.sh", "#!/bin/sh\n" + LOGIN)
    r = lint("a.sh", "--format", "json", "b.sh")
    assert {p for _, p, _ in r.table("rule", "path", "line")} == {"a.sh", "b.sh"}


def test_progress_line_on_a_terminal_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    from dcrlint import progress

    for i in range(5):
        write(tmp_path, f"s{i}.sh", "#!/bin/sh\necho hi\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(progress, "SHOW_AFTER", 0.0)
    monkeypatch.setattr(progress, "_EVERY", 0.0)
    monkeypatch.delenv("TERM", raising=False)

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    err = Tty()
    monkeypatch.setattr(sys, "stderr", err)
    main(["--no-git", "-j", "1", "."])
    assert "\rdcrlint: scanned 5/5 files" in err.getvalue()
    assert err.getvalue().endswith("\r\033[K")  # erased before anything else is printed
    err = Tty()
    monkeypatch.setattr(sys, "stderr", err)
    main(["--no-git", "-j", "1", "-q", "."])
    assert "scanned" not in err.getvalue()
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # not a terminal
    main(["--no-git", "-j", "1", "."])
    assert "scanned" not in sys.stderr.getvalue()


def test_summary_line_is_last_after_warnings(tmp_path: Path) -> None:
    write(tmp_path, "a.sh", "#!/bin/sh\n" + LOGIN)
    write(tmp_path, "b.yml", "x: [\n")
    proc = _cli(tmp_path, "--no-git", ".", merge=True)
    lines = proc.stdout.decode().splitlines()
    assert any(line.startswith("dcrlint: warning: b.yml") for line in lines)
    assert lines[-1].startswith("1 finding (1 error) in 2 files"), lines


# --- SARIF and annotations ---------------------------------------------------------------------


def _uris(doc: dict) -> set[str]:  # type: ignore[type-arg]
    return {loc["physicalLocation"]["artifactLocation"]["uri"]
            for r in doc["runs"][0]["results"] for loc in r["locations"]}


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_sarif_uris_are_encoded_and_relative_to_the_repository_root(lint: Lint, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write(repo, "ci jobs/login #1.sh", "#!/bin/sh\n" + LOGIN)
    write(repo, "sub/dëploy.sh", "#!/bin/sh\n" + LOGIN)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    expected = {"ci%20jobs/login%20%231.sh", "sub/d%C3%ABploy.sh"}
    assert _uris(lint("--format", "sarif", ".", git=True, cwd=repo).json()) == expected
    assert _uris(lint("--format", "sarif", "..", git=True, cwd=repo / "sub").json()) == expected
    assert _uris(lint("--format", "sarif", ".", git=True, cwd=repo / "sub").json()) == {"sub/d%C3%ABploy.sh"}
    assert _uris(lint("--format", "sarif", "repo/sub", git=True, cwd=tmp_path).json()) == {"sub/d%C3%ABploy.sh"}
    # Without git: relative to the project root (the config's folder).
    write(repo, ".dcrlint.yaml", "fail-on: error\n")
    assert _uris(lint("--format", "sarif", ".", cwd=repo / "sub").json()) == {"sub/d%C3%ABploy.sh"}


def test_sarif_category_sets_automation_id(lint, tmp_path: Path) -> None:
    write(tmp_path, "a.sh", "#!/bin/sh\n" + LOGIN)
    assert lint("--format", "sarif", "a.sh").json()["runs"][0]["automationDetails"]["id"] == "dcrlint/"
    doc = lint("--format", "sarif", "--sarif-category", "dcrlint/prod", "a.sh").json()
    assert doc["runs"][0]["automationDetails"]["id"] == "dcrlint/prod/"
    lint("--sarif", "other.sarif", "--sarif-category", "strict", "a.sh")
    assert json.loads((tmp_path / "other.sarif").read_text())["runs"][0]["automationDetails"]["id"] == "strict/"


def test_sarif_rule_metadata_within_github_limits(lint, tmp_path: Path) -> None:
    from dcrlint.rulesmeta import builtin_rules

    write(tmp_path, "a.sh", "echo\n")
    rules = {r["id"]: r for r in lint("--format", "sarif", "a.sh").json()["runs"][0]["tool"]["driver"]["rules"]}
    meta = builtin_rules()
    assert set(rules) == set(meta)
    for rid, rule in rules.items():
        assert len(rule["fullDescription"]["text"]) <= 1024, rid
        assert len(rule["shortDescription"]["text"]) <= 1024, rid
        assert meta[rid].full_description in rule["help"]["markdown"] or \
            rule["fullDescription"]["text"] == meta[rid].full_description, rid  # nothing lost
        assert f"({meta[rid].help_uri})" in rule["help"]["markdown"], rid
        severity = rule["properties"].get("security-severity")
        if rid.startswith("DCR9"):
            assert severity is None, rid
        else:
            assert severity is not None and 0.0 < float(severity) <= 10.0, rid
    # A literal registry credential is critical in GitHub's labels: over 9.0, not 9.0 (high).
    assert float(rules["DCR002"]["properties"]["security-severity"]) > 9.0
    assert float(rules["DCR022"]["properties"]["security-severity"]) > 9.0


def test_annotations_map_notification_levels(lint, tmp_path: Path) -> None:
    write(tmp_path, ".gitlab-ci.yml", "include:\n  - remote: https://ci.example.com/t.yml\nb:\n  script: [make]\n")
    write(tmp_path, "broken.yml", "x: [\n")  # a warning
    write(tmp_path, "a.sh", "#!/bin/sh\n" + LOGIN)
    out = lint("--format", "github", ".").out
    assert "::warning file=broken.yml" in out
    assert "::error file=a.sh" in out
    assert "::notice file=.gitlab-ci.yml" in out  # a note (an include not fetched) is a notice
    assert "::warning file=.gitlab-ci.yml" not in out


# --- the GitHub Action and the GitLab template ---------------------------------------------------


def _doc_workflows() -> list[tuple[str, str]]:
    import re

    out = []
    for doc in ("README.md", "docs/github-action.md"):
        for block in re.findall(r"```yaml\n(.*?)```", (ROOT / doc).read_text(), re.S):
            if "\njobs:" in block:
                out.append((doc, block))
    return out


def test_action_does_not_change_the_rest_of_the_job() -> None:
    action = (ROOT / "action.yml").read_text()
    assert "GITHUB_PATH" not in action and "GITHUB_ENV" not in action
    steps = {s.get("id"): s for s in yaml.safe_load(action)["runs"]["steps"]}
    assert steps["lint"]["env"]["DCRLINT_BIN"] == "${{ steps.install.outputs.bin }}"
    assert '"${DCRLINT_BIN:+$DCRLINT_BIN/}dcrlint"' in steps["lint"]["run"]
    assert steps["lint"]["env"]["DCRLINT_SARIF_CATEGORY"] == "${{ inputs.sarif-category }}"


def test_example_workflows_grant_what_upload_needs_and_pin_everything() -> None:
    workflows = _doc_workflows()
    assert len(workflows) >= 3
    for doc, text in workflows:
        wf = yaml.safe_load(text)
        for job in wf["jobs"].values():
            perms = {**(wf.get("permissions") or {}), **(job.get("permissions") or {})}
            assert perms.get("security-events") == "write" and perms.get("actions") == "read", doc
            assert perms.get("contents") == "read", doc
            for step in job["steps"]:
                uses = step.get("uses", "")
                if uses:
                    assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", uses.split()[0]), (doc, uses)
                if uses.startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, doc


@pytest.mark.skipif(shutil.which("zizmor") is None and not (Path(sys.executable).parent / "zizmor").exists(),
                    reason="zizmor not installed (a test extra)")
def test_action_and_example_workflows_pass_zizmor(tmp_path: Path) -> None:
    zizmor = shutil.which("zizmor") or str(Path(sys.executable).parent / "zizmor")
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    for i, (_, text) in enumerate(_doc_workflows()):
        (folder / f"example{i}.yml").write_text(text)
    shutil.copy(ROOT / "action.yml", tmp_path / "action.yml")
    proc = subprocess.run([zizmor, "--offline", "--no-progress", str(tmp_path)], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "NO_COLOR": "1"})
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_gitlab_template_quotes_pins_and_has_git(tmp_path: Path) -> None:
    from dcrlint import __version__

    text = (ROOT / "ci" / "dcrlint.gitlab-ci.yml").read_text()
    job = yaml.safe_load(text)["dcrlint"]
    assert job["variables"]["DCRLINT_PACKAGE"] == f"dcrlint=={__version__}"
    assert not job["image"].endswith("-slim") and not job["image"].endswith("alpine")  # slim images lack git
    for doc in ("README.md", "docs/gitlab.md", "ci/dcrlint.gitlab-ci.yml"):
        body = (ROOT / doc).read_text()
        assert "dcrlint/main/ci/" not in body, doc
        assert f"dcrlint/v{__version__}/ci/dcrlint.gitlab-ci.yml" in body, doc
    # A path variable with a glob character is passed as written, not expanded.
    repo = tmp_path / "repo"
    write(repo, "a.sh", "#!/bin/sh\n" + LOGIN)
    write(repo, "b.sh", "#!/bin/sh\necho hi\n")
    shims = tmp_path / "shims"
    shims.mkdir()
    for name, target in (("dcrlint", f'"{sys.executable}" -m dcrlint'), ("python", f'"{sys.executable}"')):
        (shims / name).write_text(f"#!/bin/sh\nexec {target} \"$@\"\n")
        (shims / name).chmod(0o755)
    steps = [s for s in job["script"] if "pip install" not in s]
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("DCRLINT_")},
           **{k: str(v) for k, v in job["variables"].items()},
           "DCRLINT_PATHS": "b*.sh", "PATH": f"{shims}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}
    proc = subprocess.run(["bash", "-c", "set -eo pipefail\n" + "\n".join(steps)], cwd=repo, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 2, proc.stdout + proc.stderr  # `b*.sh` does not exist: not b.sh
    assert "b*.sh: no such file or directory" in proc.stderr


# --- DCR040's git history ------------------------------------------------------------------------


def _git_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com", GIT_CONFIG_NOSYSTEM="1", HOME=str(home),
               GIT_AUTHOR_DATE="2020-01-01T00:00:00Z", GIT_COMMITTER_DATE="2020-01-01T00:00:00Z")
    return env


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_shallow_clone_or_missing_git_is_said(lint: Lint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dcrlint import gitdates

    origin = tmp_path / "origin"
    env = _git_env(tmp_path)
    subprocess.run(["git", "init", "-q", str(origin)], check=True, env=env)
    write(origin, "login.sh", "#!/bin/sh\ndocker login -u ci -p Hunter2-Registry-Pw reg.example.com\n")
    for i in range(3):
        write(origin, f"n{i}.txt", str(i))
        subprocess.run(["git", "add", "-A"], cwd=origin, check=True, env=env)
        subprocess.run(["git", "commit", "-qm", f"c{i}"], cwd=origin, check=True, env=env)

    def run(repo: Path) -> tuple[set[str], str]:
        gitdates.history_problem.cache_clear()
        out = lint("--format", "json", "--now", "2026-06-01", "--fail-on", "never", ".", git=True, cwd=repo).json()
        notes = " ".join(n["message"] for n in out["notifications"])
        # DCR040's git date joins the presence finding at the same place ("committed on ...")
        dated = {"DCR040" for f in out["findings"] if f["rule"] == "DCR040" or "committed on" in f["message"]}
        return {f["rule"] for f in out["findings"]} | dated, notes

    rules, notes = run(origin)  # whole history: dated, no note
    assert "DCR040" in rules and "shallow" not in notes
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(shallow)], check=True, env=env)
    rules, notes = run(shallow)
    assert "DCR040" not in rules  # the shallow boundary's date would be wrong
    assert "DCR040: the repository is a shallow clone" in notes and "fetch-depth: 0" in notes
    real_run = subprocess.run

    def no_git(cmd, *a, **k):  # type: ignore[no-untyped-def]
        if cmd and cmd[0] == "git" and "--is-shallow-repository" in cmd:
            raise FileNotFoundError(2, "No such file or directory", "git")
        return real_run(cmd, *a, **k)

    monkeypatch.setattr(subprocess, "run", no_git)
    rules, notes = run(origin)
    assert "DCR040: git is not installed" in notes


# --- inline suppressions -------------------------------------------------------------------------

P_LOGIN = 'docker login -u ci -p "$P" reg.example.com'


SHOWN = ("--format", "json", "--show-suppressed")


def test_trailing_directive_covers_its_own_line_only(lint, tmp_path: Path) -> None:
    write(tmp_path, "a.sh", f"#!/bin/sh\n{P_LOGIN}  # dcrlint: ignore[DCR001] legacy runner\n{P_LOGIN}\n")
    assert sorted(lint(*SHOWN, "a.sh").table("rule", "line", suppressed=False)) == [("DCR001", 3)]
    write(tmp_path, "b.sh", f"#!/bin/sh\n# dcrlint: ignore[DCR001] legacy runner\n{P_LOGIN}\n{P_LOGIN}\n")
    assert sorted(lint(*SHOWN, "b.sh").table("rule", "line", suppressed=False)) == [("DCR001", 4)]  # alone on its line: the next line only


def test_directive_must_be_a_real_comment(lint, tmp_path: Path) -> None:
    write(tmp_path, "a.sh", f'#!/bin/sh\n{P_LOGIN} --label "x # dcrlint: ignore[DCR001] no"\n'
          f"echo '# dcrlint: ignore[DCR001] no'; {P_LOGIN}\n")
    assert sorted(lint(*SHOWN, "a.sh").table("rule", "line", suppressed=False)) == [("DCR001", 2), ("DCR001", 3)]
    write(tmp_path, ".github/workflows/ci.yml",
          "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
          f"      - run: '{P_LOGIN} # dcrlint: ignore[DCR001] in a YAML string'\n"
          "        env: {P: '${{ secrets.P }}'}\n"
          "      - run: |\n"
          "          # dcrlint: ignore[DCR001] a shell comment in the script\n"
          f"          {P_LOGIN}\n"
          "        env: {P: '${{ secrets.P }}'}\n"
          f"      - run: {P_LOGIN}  # dcrlint: ignore[DCR001] a YAML comment\n"
          "        env: {P: '${{ secrets.P }}'}\n")
    assert sorted(lint(*SHOWN, ".github/workflows/ci.yml").table("rule", "line", rules=("DCR001",), suppressed=False)) == [("DCR001", 6)]
    write(tmp_path, "Jenkinsfile",
          "node {\n"
          f"  sh '{P_LOGIN} # dcrlint: ignore[DCR001] inside a Groovy string'\n"
          f"  sh '{P_LOGIN}' // dcrlint: ignore[DCR001] a Groovy comment\n"
          "}\n")
    assert sorted(lint(*SHOWN, "Jenkinsfile").table("rule", "line", rules=("DCR001",), suppressed=False)) == [("DCR001", 2)]


def test_block_comment_before_code_covers_that_line_with_its_own_reason(lint, tmp_path: Path) -> None:
    write(tmp_path, "Jenkinsfile",
          "node {\n"
          f"  /* dcrlint: ignore[DCR001] old agent */ sh '{P_LOGIN}'\n"
          f"  sh '{P_LOGIN}'\n"
          "}\n")
    r = lint("--format", "json", "--show-suppressed", "Jenkinsfile")
    found = sorted((f["rule"], f["start"]["line"], f.get("suppressed", {}).get("justification"))
                   for f in r.json()["findings"] if f["rule"] == "DCR001")
    assert found == [("DCR001", 2, "old agent"), ("DCR001", 3, None)]


@pytest.mark.parametrize("expiry", ["exp:2020-01-31", "EXP:2020-01-31", "expires=2020-01-31", "exp: 2020-01-31"])
def test_expired_directive_never_suppresses(lint, tmp_path: Path, expiry: str) -> None:
    write(tmp_path, "a.sh", f"#!/bin/sh\n{P_LOGIN}  # dcrlint: ignore[DCR001, {expiry}] until the migration\n")
    r = lint("--format", "json", "--now", "2026-06-01", "a.sh")
    rules = sorted(f["rule"] for f in r.json()["findings"])
    assert rules == ["DCR001", "DCR902"], expiry


def test_missing_dependency_names_the_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """A dependency missing from the environment is an internal error (exit 2) that says which
    module to install, not a bare ModuleNotFoundError."""
    from dcrlint.cli import main
    from dcrlint.shell import bash

    (tmp_path / "deploy.sh").write_text("#!/bin/sh\ndocker login -u ci -p Zq7Rm2Vx9Lp4 r.example.com\n")
    monkeypatch.setattr(bash._LOCAL, "parser", None, raising=False)
    monkeypatch.setitem(sys.modules, "tree_sitter_bash", None)  # import raises ModuleNotFoundError
    code = main([str(tmp_path / "deploy.sh"), "--no-git", "--no-cache"])
    err = capsys.readouterr().err
    assert code == 2
    assert "module tree_sitter_bash is not installed" in err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_missing_dependency_outside_a_check_names_the_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str], jobs: str) -> None:
    """The redaction matcher is needed by the whole run, not one check: without it the run
    stops with a message naming the module (exit 2), never a traceback, in a worker too."""
    from dcrlint.cli import main

    for i in range(70):  # past the size of scan that skips the pool
        (tmp_path / f"deploy{i}.sh").write_text("#!/bin/sh\ndocker login -u ci -p Zq7Rm2Vx9Lp4 r.example.com\n")
    monkeypatch.setitem(sys.modules, "ahocorasick", None)  # import raises ModuleNotFoundError
    code = main([str(tmp_path), "--no-git", "--no-cache", "--jobs", jobs])
    err = capsys.readouterr().err
    assert code == 2
    assert "module ahocorasick is not installed" in err
    assert "Traceback" not in err and "Zq7Rm2Vx9Lp4" not in err


LOGIN_SH = "#!/bin/sh\ndocker login -u ci -p Hx3-lattice-27-Pqr dcr.example.com\n"


def test_a_gitignore_ignoring_everything_is_not_applied_to_the_projects_walk(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A `.gitignore` of `*` re-including nothing is how a repository that adds its files by
    force is kept (dotfiles): of a checkout of it, it says nothing, so a walk of the project
    (its folder, or one below it) does not apply it, and says so in a note. A whitelist (`*`
    then `!name`) and a folder below the project ignoring its own files (a tool's cache) apply."""
    write(tmp_path, ".gitignore", "*\n.netlify\n")
    for rel in ("containers/run.sh", ".local/bin/login", "build/gen.sh"):
        write(tmp_path, rel, LOGIN_SH)
    write(tmp_path, "build/.gitignore", "*\n")
    r = lint("--format", "json", "--select", "DCR002", ".")
    assert sorted(r.table("path")) == [".local/bin/login", "containers/run.sh"]
    assert [(n["path"], n["level"]) for n in r.json()["notifications"]] == [(".gitignore", "note")]
    assert "ignores every file" in r.err
    r = lint("--format", "json", "--select", "DCR002", "containers")
    assert r.table("path") == ["containers/run.sh"]
    write(tmp_path, ".gitignore", "*\n!/containers/\n!/containers/**\n")
    r = lint("--format", "json", "--select", "DCR002", ".")
    assert r.table("path") == ["containers/run.sh"] and r.json()["notifications"] == []
