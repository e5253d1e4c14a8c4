"""Aliases that expand a file many times over, under the test against an alias bomb that
compares the expansion with the nodes written (P5): refused at compose with one notification,
the rest of the scan going on; what compose accepts, every walk visits within a bound in
nodes (counted here, never timed)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from alias_shapes import KINDS, SHAPES, shape
from conftest import engine_scan, write

from dcrlint import yamlsrc
from dcrlint.source import SourceFile
from dcrlint.yamlsrc import MAX_ALIASED, YamlError, check_expansion, compose, iter_nodes, walk

NOTE = f"YAML aliases add more than {MAX_ALIASED} nodes to the file (an alias bomb?)"
SECRET = ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n"
          "  password: Zt8mQ2vL9xKp\n")
HOSTILE = [s for s in SHAPES if s != "text"]  # `text` repeats characters, not nodes


def raw_doc(text: str) -> yaml.Node:
    """Composed without dcrlint's checks."""
    node = yaml.compose(text, Loader=yaml.CSafeLoader)
    assert node is not None
    return node


def expansion(root: yaml.Node) -> tuple[int, int]:
    """(distinct nodes, nodes once every alias is followed), counted by brute force: a walk
    that enters each use of a node, never a node inside itself (as `walk` does)."""
    distinct, visits = set(), 0
    stack = [(root, frozenset[int]())]
    while stack:
        node, above = stack.pop()
        distinct.add(id(node))
        visits += 1
        inner = above | {id(node)}
        stack.extend((c, inner) for c in yamlsrc._children(node) if id(c) not in inner)
    return len(distinct), visits


def uses_for(aliased: int) -> tuple[int, int]:
    """(uses, pad) giving the shape about `aliased` nodes added by aliases, and written nodes
    enough to pass the test that compares the expansion with them (20 times)."""
    uses = max(2, aliased // 1000)
    return uses, aliased // 15


@pytest.mark.parametrize("name", SHAPES)
@pytest.mark.parametrize("kind", KINDS)
def test_shapes_expand_as_measured(kind: str, name: str) -> None:
    """The generator's shapes are what they claim: a brute-force count of a small one agrees
    with check_expansion, and a large one passes the older ratio test (so only the file's
    allowance can refuse it)."""
    _, text = shape(kind, name, 6, pad=50, width=30)
    root = raw_doc(text)
    distinct, expanded = expansion(root)
    assert check_expansion(root) == expanded - distinct > 0
    if name in HOSTILE:
        uses, pad = uses_for(2 * MAX_ALIASED)
        _, text = shape(kind, name, uses, pad)
        root = raw_doc(text)
        distinct = sum(1 for _ in iter_nodes(root))
        expanded = distinct + check_expansion(root, allowance=10 * MAX_ALIASED)
        assert expanded - distinct > MAX_ALIASED
        assert expanded < 20 * distinct  # the ratio test holds off


@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize("kind", KINDS)
def test_expansion_past_the_allowance_is_one_note_and_the_scan_goes_on(lint, tmp_path: Path, kind: str, name: str) -> None:  # type: ignore[no-untyped-def]
    uses, pad = uses_for(2 * MAX_ALIASED)
    rel, text = shape(kind, name, uses, pad)
    write(tmp_path, rel, text)
    write(tmp_path, "k8s/secret.yaml", SECRET)
    if kind == "helm":
        write(tmp_path, "chart/Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n")
    r = lint("--format", "json", ".")
    assert "Traceback" not in r.err
    notes = [(n["path"], n["message"], n["line"]) for n in r.json()["notifications"]]
    assert notes == [(rel, NOTE + "; document not read", 1)]
    assert [(f["path"], f["rule"]) for f in r.json()["findings"]] == [("k8s/secret.yaml", "DCR023")]


@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize("kind", KINDS)
def test_what_compose_accepts_every_walk_visits_within_the_allowance(kind: str, name: str) -> None:
    """Just under the allowance the file is read, and a walk that enters every alias (the CI
    systems', policies', the pull-secret patches') visits at most the nodes written and the
    allowance; mappings with merge keys resolve to no more pairs than that either."""
    uses, pad = uses_for(MAX_ALIASED * 9 // 10)
    rel, text = shape(kind, name, uses, pad)
    docs = compose(SourceFile(rel, text, rel))
    assert len(docs) == 1
    aliased = check_expansion(docs[0])
    assert MAX_ALIASED // 2 < aliased <= MAX_ALIASED
    written = sum(1 for _ in iter_nodes(docs[0]))
    walked = sum(1 for _ in walk(docs[0]))
    assert walked <= written + aliased
    merged = sum(len(yamlsrc.mapping_items(n)) for _, n in walk(docs[0]) if isinstance(n, yaml.MappingNode))
    assert merged <= written + aliased


def test_documents_share_the_files_allowance(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Each document under the allowance, the file over it: the documents that would pass
    what is left of it are not read, in one note; the others are."""
    third = MAX_ALIASED * 4 // 10
    bomb = ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: m}\ndata:\n  a: &a ["
            + ", ".join(["x"] * 1000) + "]\n  b: [" + ", ".join(["*a"] * (third // 1000)) + "]\n")
    text = "---\n".join([bomb, bomb, SECRET, bomb, bomb])
    write(tmp_path, "k8s/all.yaml", text)
    r = lint("--format", "json", ".")
    lines = [i + 1 for i, line in enumerate(text.splitlines()) if line == "---"]
    notes = [(n["message"], n["line"]) for n in r.json()["notifications"]]
    assert notes == [(NOTE + "; 2 documents not read", lines[2] + 1)]  # the fourth and fifth
    assert [(f["rule"], f["start"]["line"]) for f in r.json()["findings"]] == [("DCR023", lines[1] + 6)]


def test_compose_of_one_text_refuses_as_the_file_would() -> None:
    small = "a: &a [1, 2]\nb: *a\nc: *a\n"
    assert check_expansion(raw_doc(small)) == 6  # root 1, keys 3, `a` 3 written and 6 by alias
    wide = "a: &a [" + ", ".join(["x"] * 20_000) + "]\nb: [" + ", ".join(["*a"] * 6) + "]\n"
    with pytest.raises(YamlError, match="alias bomb"):
        compose(SourceFile("w.yaml", wide, "w.yaml"))
    with pytest.raises(YamlError, match="alias bomb"):
        yamlsrc.compose_text(wide)
    assert len(yamlsrc.compose_text(small + "---\n" + small)) == 2


def merge_doubling(levels: int) -> str:
    """Each mapping merges the one before twice: PyYAML's constructor copies the merged pairs
    into the mapping, so the last one holds 2**levels pairs before its keys are deduplicated."""
    lines = ["m0: &m0 {k: v}"]
    lines += [f"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}], k{i}: v}}" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def test_safe_load_refuses_what_merge_keys_would_double() -> None:
    with pytest.raises(YamlError, match="alias bomb"):
        yamlsrc.safe_load(merge_doubling(40))
    small = merge_doubling(3) + "imagePullSecrets: [{name: p}]\n"
    assert yamlsrc.safe_load(small) == yaml.safe_load(small)
    assert yamlsrc.safe_load("") is None


def test_kubectl_patch_that_merges_past_the_allowance_is_not_read(tmp_path: Path) -> None:
    from dcrlint.k8s.index import _patch_pull_secrets

    assert _patch_pull_secrets(merge_doubling(40) + "imagePullSecrets: [{name: p}]\n") is None
    assert _patch_pull_secrets(merge_doubling(3) + "imagePullSecrets: [{name: p}]\n") == ["p"]


def test_kustomize_inline_patch_past_the_allowance_is_a_note(tmp_path: Path) -> None:
    patch = ("      x-list: &a [" + ", ".join(["x"] * 6000) + "]\n"
             "      x-uses: [" + ", ".join(["*a"] * 20) + "]\n")
    kustomization = ("resources: [deploy.yaml]\npatches:\n  - patch: |-\n      kind: Deployment\n"
                     "      metadata: {name: web}\n" + patch
                     + "      spec: {template: {spec: {imagePullSecrets: [{name: p}]}}}\n")
    _, notes = engine_scan(tmp_path, {"kustomization.yaml": kustomization, "k8s/secret.yaml": SECRET},
                           rules=frozenset({"DCR021"}))
    assert [(n.path, n.message, n.line) for n in notes] == [
        ("kustomization.yaml", "inline patch: " + NOTE + "; document not read", 3)]


def test_config_that_merges_past_the_allowance_is_a_configuration_error(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, ".dcrlint.yaml", merge_doubling(40))
    write(tmp_path, ".gitlab-ci.yml", "build:\n  script: [make]\n")
    r = lint(".")
    assert r.code == 2 and "Traceback" not in r.err
    assert ".dcrlint.yaml: YAML aliases expand the document to more than" in r.err
