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
from dcrlint.yamlsrc import (
    MAX_ALIASED,
    MAX_ALIASED_STEPS,
    Allowance,
    YamlError,
    check_expansion,
    compose,
    iter_nodes,
    walk,
)

NOTE = (f"YAML aliases add more than {MAX_ALIASED} nodes to the file, or {MAX_ALIASED_STEPS} "
        "weighed by their depth (an alias bomb?)")
SECRET = ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n"
          "  password: Zt8mQ2vL9xKp\n")
HOSTILE = [*(s for s in SHAPES if s != "text"), "nest"]  # `text` repeats characters, not nodes
NEST = 400  # the depth of the `nest` shape's lists


def raw_doc(text: str) -> yaml.Node:
    """Composed without dcrlint's checks."""
    node = yaml.compose(text, Loader=yaml.CSafeLoader)
    assert node is not None
    return node


def expansion(root: yaml.Node) -> tuple[int, int, int, int]:
    """Counted by brute force, a walk entering each use of a node (never a node inside
    itself, as `walk` does): the distinct nodes, the nodes once every alias is followed, and
    their steps (each node counted once per level down, plus one) as written and followed."""
    depth_written: dict[int, int] = {}
    visits = steps = 0
    stack = [(root, frozenset[int](), 0)]
    while stack:
        node, above, depth = stack.pop()  # in the order of the text: the first child first
        depth_written.setdefault(id(node), depth)
        visits += 1
        steps += depth + 1
        inner = above | {id(node)}
        stack.extend((c, inner, depth + 1) for c in reversed(yamlsrc._children(node)) if id(c) not in inner)
    return len(depth_written), visits, sum(d + 1 for d in depth_written.values()), steps


def unbounded() -> Allowance:
    allowance = Allowance()
    allowance.nodes = allowance.steps = 10**12
    return allowance


def hostile(kind: str, name: str, times: float) -> tuple[str, str]:
    """(path, text) of the shape whose aliases add `times` the allowance (nodes, or steps
    for `nest`) and written nodes enough to pass the test comparing the expansion with
    them (20 times). Measured on 100 uses and 200."""
    width = NEST if name == "nest" else 1000
    one, two = (check_expansion(raw_doc(shape(kind, name, n, 0, width)[1]), limit=10**12,
                                allowance=unbounded()) for n in (100, 200))
    nodes, steps = (two.nodes - one.nodes) / 100, (two.steps - one.steps) / 100  # a use adds
    if times > 1:
        uses = int(times * (MAX_ALIASED_STEPS / steps if name == "nest" else MAX_ALIASED / nodes)) + 1
    else:
        uses = int(times * min(MAX_ALIASED / nodes, MAX_ALIASED_STEPS / steps))
    return shape(kind, name, uses, int(uses * nodes / 15), width)


@pytest.mark.parametrize("name", [*SHAPES, "nest"])
@pytest.mark.parametrize("kind", KINDS)
def test_shapes_expand_as_measured(kind: str, name: str) -> None:
    """The generator's shapes are what they claim: a brute-force count of a small one agrees
    with check_expansion, and a hostile one passes the older ratio test (so only the file's
    allowance can refuse it)."""
    _, text = shape(kind, name, 6, pad=50, width=30)
    root = raw_doc(text)
    distinct, expanded, written_steps, steps = expansion(root)
    assert check_expansion(root) == (expanded - distinct, steps - written_steps)
    assert expanded > distinct
    if name in HOSTILE:
        _, text = hostile(kind, name, 2)
        root = raw_doc(text)
        distinct = sum(1 for _ in iter_nodes(root))
        added = check_expansion(root, allowance=unbounded())
        assert added.nodes > MAX_ALIASED or added.steps > MAX_ALIASED_STEPS
        assert distinct + added.nodes < 20 * distinct  # the ratio test holds off


@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize("kind", KINDS)
def test_expansion_past_the_allowance_is_one_note_and_the_scan_goes_on(lint, tmp_path: Path, kind: str, name: str) -> None:  # type: ignore[no-untyped-def]
    rel, text = hostile(kind, name, 2)
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
    allowance, and builds paths of at most as many steps; mappings with merge keys resolve
    to no more pairs than that either."""
    rel, text = hostile(kind, name, 0.9)
    docs = compose(SourceFile(rel, text, rel))
    assert len(docs) == 1
    _, _, written_steps, _ = expansion(docs[0]) if name == "nest" else (0, 0, 0, 0)
    added = check_expansion(docs[0])
    assert added.nodes > MAX_ALIASED // 2 or added.steps > MAX_ALIASED_STEPS // 2
    written = sum(1 for _ in iter_nodes(docs[0]))
    walked = [len(path) + 1 for path, _ in walk(docs[0])]
    assert len(walked) <= written + added.nodes
    if name == "nest":
        assert sum(walked) <= written_steps + MAX_ALIASED_STEPS
    merged = sum(len(yamlsrc.mapping_items(n)) for _, n in walk(docs[0]) if isinstance(n, yaml.MappingNode))
    assert merged <= written + added.nodes


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
    # The root, 3 keys and `a` written (3 nodes); `a` twice more by alias: 2 lists one level
    # down, 4 items two levels down.
    assert check_expansion(raw_doc(small)) == (6, 2 * 2 + 4 * 3)
    # Written high, used far down: each node counted at each place, the written one once.
    far = "a: &a [1, 2]\nb: " + "[" * 50 + "*a" + "]" * 50 + "\n"
    assert check_expansion(raw_doc(far)) == (3, 52 + 2 * 53)
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


def test_helm_helpers_defines_share_the_files_allowance(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Each `define` body of a helpers file is composed on its own: their aliases still
    spend the one file's allowance (three bodies of 40,000 nodes added each)."""
    body = "x: &x [" + ", ".join(["v"] * 1000) + "]\ny: [" + ", ".join(["*x"] * 40) + "]\n"
    write(tmp_path, "chart/Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n")
    write(tmp_path, "chart/templates/_helpers.tpl",
          "".join(f'{{{{- define "d{i}" -}}}}\n{body}{{{{- end -}}}}\n' for i in range(3)))
    r = lint("--format", "json", ".")
    notes = [(n["message"], n["line"]) for n in r.json()["notifications"]]
    assert notes == [("Go template: not YAML even with its template actions masked ("
                      + NOTE + "; document not read)", 10)]
    write(tmp_path, "chart/templates/_helpers.tpl",
          "".join(f'{{{{- define "d{i}" -}}}}\n{body}{{{{- end -}}}}\n' for i in range(2)))
    assert lint("--format", "json", ".").json()["notifications"] == []
