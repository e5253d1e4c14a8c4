"""The module graph: no import cycles, and the reports depend on the findings model only (not
on the engine, the checks, the extractors or the parsers), so an output format can be added
or changed without the rest."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import RUN_AS_PROGRAM

import dcrlint

ROOT = Path(dcrlint.__file__).parent


def _name(path: Path) -> str:
    parts = ["dcrlint", *path.relative_to(ROOT).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in ROOT.rglob("*.py")}


def _imports(module: str, lazy: bool) -> set[str]:
    """The dcrlint modules a module imports: at its top level (`lazy`: in functions too);
    never what it imports for type checking only."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    out: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, base] if base else up)
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    out.add(full if full in MODULES else base)
            elif isinstance(node, ast.Import):
                out.update(a.name for a in node.names)
            for field in ("body", "orelse", "finalbody", "handlers"):
                inner = getattr(node, field, None)
                if isinstance(inner, list) and (lazy or not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                                             ast.ClassDef))):
                    visit([n for n in inner if isinstance(n, ast.stmt)] if field != "handlers"
                          else [s for h in inner for s in h.body])

    visit(ast.parse(path.read_text("utf-8")).body)
    return {m for m in out if m in MODULES and m != module}


def test_no_import_cycles() -> None:
    graph = {m: _imports(m, lazy=False) for m in MODULES}
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def walk(m: str) -> None:
        state[m] = 1
        path.append(m)
        for n in sorted(graph[m]):
            assert state.get(n) != 1, f"import cycle: {' -> '.join([*path[path.index(n):], n])}"
            if n not in state:
                walk(n)
        path.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            walk(m)


def test_reports_depend_on_the_findings_model_only() -> None:
    seen: set[str] = set()
    todo = [m for m in MODULES if m.startswith("dcrlint.reports")]
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            todo.extend(_imports(m, lazy=True))
    forbidden = ("dcrlint.engine", "dcrlint.lint", "dcrlint.checks", "dcrlint.extractors", "dcrlint.scanned",
                 "dcrlint.shell", "dcrlint.k8s", "dcrlint.yamlsrc", "dcrlint.policies", "dcrlint.facts")
    assert sorted(m for m in seen if m.startswith(forbidden)) == []


def test_readers_make_no_findings() -> None:
    """The extractors, the Kubernetes readers (model, index, evidence) and the image parser make
    facts, never findings: every rule's decisions are in its module under checks/."""
    readers = [m for m in MODULES if m.startswith(("dcrlint.extractors", "dcrlint.k8s")) or m == "dcrlint.images"]
    assert "dcrlint.k8s.index" in readers
    assert sorted(m for m in readers if "dcrlint.findings" in _imports(m, lazy=True)) == []


# --------------------------------------------------------------------------- lean start
# What a run imports, checked in a fresh interpreter: a scan loads the parsers and check
# modules of the kinds of file it meets, nothing else (start-up time, pre-commit).

_LOADED = RUN_AS_PROGRAM + """sys.__stdout__.write("\\n".join(sorted(sys.modules)))
"""

MANIFEST = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: registry.example.com/team/web:1.0
"""
SCRIPT = """#!/bin/sh
printf '%s' "$REGISTRY_PASSWORD" | docker login registry.example.com -u ci --password-stdin
docker push registry.example.com/team/web:1.0
"""


def _loaded(tmp_path: Path, name: str, text: str, *args: str) -> set[str]:
    import subprocess
    import sys

    (tmp_path / name).write_text(text)
    out = subprocess.run([sys.executable, "-c", _LOADED, *args, "--no-git", "--no-cache", "-q", "-o",
                          str(tmp_path / "report.txt"), name], cwd=tmp_path, capture_output=True, text=True,
                         check=True)
    return set(out.stdout.split())


def _checks(loaded: set[str]) -> set[str]:
    return {m.rsplit(".", 1)[1][:6] for m in loaded if m.startswith("dcrlint.checks.dcr")}


def test_a_manifest_scan_loads_no_shell_parser_nor_ci_checks(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path, "deploy.yaml", MANIFEST)
    assert "dcrlint.k8s.model" in loaded  # what it does need
    assert sorted(loaded & {"tree_sitter", "tree_sitter_bash", "dcrlint.shell.bash", "dcrlint.gha",
                            "dcrlint.extractors.github", "dcrlint.jenkins", "dcrlint.cisystems"}) == []
    # (DCR030 runs on manifests: a container env value may be a docker config)
    assert sorted(_checks(loaded) & {"dcr010", "dcr011", "dcr012", "dcr013", "dcr014"}) == []


def test_a_shell_script_scan_loads_no_yaml_nor_manifest_checks(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path, "deploy.sh", SCRIPT)
    assert "dcrlint.shell.bash" in loaded
    assert sorted(m for m in loaded if m == "yaml" or m.startswith(("yaml.", "ruamel"))) == []
    # importlib.resources: what tree_sitter_bash's package body imports (its grammar is loaded without it)
    assert sorted(loaded & {"dcrlint.yamlsrc", "dcrlint.k8s.model", "dcrlint.k8s.kustomize", "dcrlint.gha",
                            "dcrlint.cache", "importlib.resources"}) == []
    # (DCR023 reads a script's `kubectl create secret generic --from-literal`, DCR022 and DCR023 the
    # manifests it applies from here-documents: their modules load, without YAML nor the manifest
    # model for a script that applies none, asserted above)
    assert sorted(_checks(loaded) & {"dcr010", "dcr011", "dcr012", "dcr013", "dcr014"}) == []
    # DCR030 reads its assignments' words, but parses no JSON where none may hold a docker config
    assert sorted(loaded & {"dcrlint.dockerauth"}) == []
    # Record classes make their methods without dataclasses (and so inspect, ast, dis): records.py
    assert sorted(loaded & {"dataclasses", "inspect", "ast", "dis", "tokenize"}) == []
    # A plain command line is read without argparse (argv.py); SHA-256 without OpenSSL (sha.py)
    assert sorted(loaded & {"argparse", "gettext", "locale", "shutil", "hashlib", "string"}) == []


def test_a_pre_commit_run_with_its_cache_loads_no_openssl_nor_dataclasses(tmp_path: Path) -> None:
    """The hook's run: one manifest named in a git repository, the cache on (its default),
    filling and then reading it: SHA-256 and SHAKE from the built-in modules (sha.py), records
    without dataclasses."""
    import subprocess
    import sys

    from conftest import git

    (tmp_path / "deploy.yaml").write_text(MANIFEST)
    (tmp_path / "sa.yaml").write_text("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\n"
                                      "imagePullSecrets:\n  - name: dcr-pull\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "c")
    for _ in range(2):  # filling the cache, then reading it
        out = subprocess.run([sys.executable, "-c", _LOADED, "-q", "--cache-dir", str(tmp_path / ".c"),
                              "deploy.yaml"], cwd=tmp_path, capture_output=True, text=True, check=True)
        loaded = set(out.stdout.split())
        assert "dcrlint.cache" in loaded
        assert sorted(loaded & {"hashlib", "_hashlib", "dataclasses", "inspect"}) == []


def test_version_loads_no_scan(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path, "deploy.sh", SCRIPT, "--version")
    assert sorted(m for m in loaded if m.startswith(("dcrlint.engine", "dcrlint.checks", "dcrlint.extractors",
                                                     "yaml"))) == []


def test_lazy_patterns_compile_on_first_use_and_match_as_compiled() -> None:
    import re

    from dcrlint.lazyre import lazy_compile

    lazy = lazy_compile(r"(?P<k>[a-z]+)=(\d+)", re.I)
    assert "search" not in vars(lazy)  # not compiled yet
    eager = re.compile(r"(?P<k>[a-z]+)=(\d+)", re.I)
    text = "A=1 b=22 c=x"
    assert lazy.search(text).span() == eager.search(text).span()  # type: ignore[union-attr]
    assert [m.group("k") for m in lazy.finditer(text)] == ["A", "b"]
    assert lazy.sub("_", text) == eager.sub("_", text) and lazy.findall(text) == eager.findall(text)
    assert lazy.fullmatch("x=1") and not lazy.match("=1")
    assert (lazy.pattern, lazy.flags, lazy.groups, lazy.groupindex) == \
        (eager.pattern, eager.flags, eager.groups, eager.groupindex)
    assert "search" in vars(lazy)  # now the pattern's own method


_PYYAML_READER = """
import dcrlint.lazyre, yaml
pattern = yaml.reader.Reader.NON_PRINTABLE
deferred = "search" not in vars(pattern)
try:
    yaml.safe_load("a: 1\\x01")  # the pure-Python Reader: the pattern compiles, as PyYAML's
    rejected = False
except yaml.reader.ReaderError:
    rejected = True
print(deferred, rejected, yaml.safe_load("a: b") == {"a": "b"})
"""


def test_pyyamls_reader_pattern_compiles_on_first_use_and_is_pyyamls() -> None:
    """PyYAML's printable-character class, which dcrlint never uses (libyaml composes), is
    not compiled at `import yaml`; the pure-Python loader compiles it when it checks a text.
    The stand-in is PyYAML's pattern as reader.py writes it (else it would not be deferred)."""
    import subprocess
    import sys

    import yaml.reader

    from dcrlint.lazyre import PYYAML_NON_PRINTABLE

    tree = ast.parse(Path(yaml.reader.__file__).read_text("utf-8"))
    written = [ast.literal_eval(node.value.args[0]) for node in ast.walk(tree)
               if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
               and any(isinstance(t, ast.Name) and t.id == "NON_PRINTABLE" for t in node.targets)]
    assert written == [PYYAML_NON_PRINTABLE]
    out = subprocess.run([sys.executable, "-c", _PYYAML_READER], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "True"]


def test_the_stand_in_for_pyyamls_reader_pattern_matches_the_same_characters() -> None:
    """What the stand-in compiles (the characters outside PyYAML's printable class, written as
    ranges: quick to compile) matches where PyYAML's pattern does, at every code point."""
    import re
    import sys

    from dcrlint.lazyre import NON_PRINTABLE_CHARS, PYYAML_NON_PRINTABLE

    # (re.UNICODE, the default for text: another key of re's cache than the stand-in's)
    pyyamls = re.compile(PYYAML_NON_PRINTABLE, re.UNICODE)
    assert isinstance(pyyamls, re.Pattern)
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert [m.start() for m in re.compile(NON_PRINTABLE_CHARS).finditer(every)] == \
        [m.start() for m in pyyamls.finditer(every)]


def test_the_bash_grammar_loaded_without_its_package_body_is_the_package_grammar() -> None:
    import subprocess
    import sys

    code = """
import sys
from tree_sitter import Language
from dcrlint.shell.bash import _bash_language
ours = Language(_bash_language())
assert "tree_sitter_bash" not in sys.modules and "tree_sitter_bash._binding" in sys.modules
import tree_sitter_bash
theirs = Language(tree_sitter_bash.language())
print(ours.name, ours.abi_version == theirs.abi_version, ours.node_kind_count == theirs.node_kind_count)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["bash", "True", "True"]


WORKFLOW = """name: push
on: push
jobs:
  push:
    runs-on: ubuntu-latest
    steps:
      - run: echo "$REGISTRY_TOKEN" | docker login ghcr.io -u bot --password-stdin
"""


def test_a_workflow_scan_loads_no_other_kinds_readers(tmp_path: Path) -> None:
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    loaded = _loaded(tmp_path, ".github/workflows/push.yml", WORKFLOW)
    assert {"dcrlint.gha", "dcrlint.shell.bash"} <= loaded  # what it does need
    assert sorted(loaded & {"dcrlint.k8s.model", "dcrlint.k8s.kustomize", "dcrlint.jenkins", "dcrlint.groovy",
                            "dcrlint.cisystems", "dcrlint.gitlabci", "dcrlint.extractors.dockerfile",
                            "dcrlint.extractors.makefile", "dcrlint.infra.terraform", "tree_sitter_hcl"}) == []
    # DCR030 reads env values; DCR023 a `run:` script's `kubectl create secret generic --from-literal`,
    # DCR022 and DCR023 the manifests it applies from here-documents (their modules load without
    # YAML's nodes nor the manifest model for a workflow that applies none, asserted above)
    assert sorted(_checks(loaded) & {"dcr012"}) == []
    assert sorted(loaded & {"dataclasses", "inspect"}) == []


def test_a_workflow_holding_a_token_loads_no_json_jwt_nor_openssl(tmp_path: Path) -> None:
    """benchmarks/bench.py's "file holding a token": the token is found, masked in the report and
    its finding fingerprinted without json (the JSON-escaped forms of a plain secret are itself),
    hashlib, the JWT reader (no `eyJ` in the file), dataclasses or argparse."""
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    token = "ghp_" + "Zq8xW3vN5tR7yU1iO9pA2sD4fG6hJ0kLmXcB"  # shaped like a GitHub token, not one
    loaded = _loaded(tmp_path, ".github/workflows/push.yml", WORKFLOW.replace("$REGISTRY_TOKEN", token))
    report = (tmp_path / "report.txt").read_text()
    assert "DCR002" in report and token not in report and "*" * len(token) in report
    assert sorted(loaded & {"json", "_json", "hashlib", "_hashlib", "dcrlint.jwt", "dataclasses", "inspect",
                            "argparse", "dcrlint.cache"}) == []


def test_the_program_imports_with_the_collector_off(tmp_path: Path) -> None:
    """program.run (the console script, `python -m dcrlint`) imports the command line with the
    cycle collector off; main() freezes what the imports made and turns it back on: no
    collection walks the imported modules' objects, the scan runs with the collector on."""
    import subprocess
    import sys

    (tmp_path / "deploy.sh").write_text(SCRIPT)
    code = """
import gc, sys
during_import = []  # collections once the command line's import began, before main() froze it
gc.callbacks.append(lambda phase, info: phase == "start" and "dcrlint.cli" in sys.modules
                    and gc.get_freeze_count() == 0 and during_import.append(info))
from dcrlint.program import run
sys.argv = ["dcrlint", "--no-git", "--no-cache", "-q", "deploy.sh"]
try:
    run()
except SystemExit:
    pass
print("ENABLED", gc.isenabled(), "DURING-IMPORT", len(during_import))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.split()[-4:] == ["ENABLED", "True", "DURING-IMPORT", "0"], out.stdout + out.stderr


_AS_MAIN = """
import atexit, os, runpy, sys
real_exit = os._exit
os._exit = lambda code: (sys.__stderr__.write(f"FAST {code}"), real_exit(code))
how = sys.argv[1]
if how == "atexit":
    atexit.register(lambda: sys.__stderr__.write("ATEXIT"))
sys.argv = ["dcrlint", "--no-git", "--no-cache", "leak.sh"]
try:  # alter_sys: as `python -m dcrlint` runs it; without: as other code (a test) runs the module
    runpy.run_module("dcrlint", run_name="__main__", alter_sys=how != "run_module")
except SystemExit:
    print("AFTER")
    raise
"""


@pytest.mark.parametrize("how", ["program", "atexit", "run_module"])
def test_the_program_ends_without_the_interpreters_teardown(tmp_path: Path, how: str) -> None:
    """`python -m dcrlint` ends with os._exit once its output is flushed, with its exit code;
    not when a function waits at exit, nor when other code runs the module and goes on."""
    import subprocess
    import sys

    (tmp_path / "leak.sh").write_text("docker login -u ci -p Zq8xW3vN5tR7yU1i r.example.com\n")
    out = subprocess.run([sys.executable, "-c", _AS_MAIN, how], cwd=tmp_path, capture_output=True, text=True)
    assert "DCR001" in out.stdout and "in 1 file.\n" in out.stdout, out
    assert out.returncode == 1
    assert out.stderr == {"program": "FAST 1", "atexit": "ATEXIT", "run_module": ""}[how]
    assert out.stdout.endswith("AFTER\n") == (how != "program")


def test_the_program_leaves_its_objects_to_the_process_end(tmp_path: Path) -> None:
    """`python -m dcrlint` exempts what is left from the collector before shutdown (which would
    walk every object again); main() called with argv, as a library or a test does, does not."""
    import subprocess
    import sys

    (tmp_path / "deploy.sh").write_text(SCRIPT)
    code = """
import atexit, gc, runpy, sys
atexit.register(lambda: sys.__stderr__.write(f"frozen={gc.get_freeze_count() > 0}"))
from dcrlint.cli import main
main(["--no-git", "--no-cache", "-q", "deploy.sh"])
assert gc.get_freeze_count() == 0
sys.argv = ["dcrlint", "--no-git", "--no-cache", "-q", "deploy.sh"]
runpy.run_module("dcrlint", run_name="__main__")
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0 and out.stderr.endswith("frozen=True"), out.stderr
