"""Tests for YAML composition, safe traversal, merge keys and exact scalar offsets. An anchor
defined again names what follows it (YAML 1.2, as Flux and kubectl read it)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from _helpers import scan_as_written as scan
from conftest import K8S_RULES, brief
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from dcrlint import yamlsrc
from dcrlint.source import SourceFile, Span
from dcrlint.yamlsrc import (
    YamlError,
    compose,
    get,
    is_null,
    iter_nodes,
    mapping_items,
    node_span,
    scalar_text,
    scalar_text_exact,
    scalar_value,
    walk,
)

LOADERS = [yaml.SafeLoader, *([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])]
BREAKS = "\r\n\x85\u2028\u2029"


def src(text: str) -> SourceFile:
    return SourceFile("t.yml", text)


def doc(text: str) -> Node:
    docs = compose(src(text))
    assert len(docs) == 1
    return docs[0]


def scalars(root: Node) -> Iterator[ScalarNode]:
    for node in iter_nodes(root):
        if isinstance(node, ScalarNode):
            yield node


def at(node: Node | None, *path: str | int) -> ScalarNode:
    for step in path:
        if isinstance(step, int):
            assert isinstance(node, SequenceNode)
            node = node.value[step]
        else:
            node = get(node, step)
    assert isinstance(node, ScalarNode)
    return node


def pos(text: str, key: str, i: int) -> tuple[int, int]:
    """1-based (line, column) of character i of the scalar under top-level `key`."""
    source = src(text)
    mapped = scalar_text(at(doc(text), key), source)
    return source.position(mapped.offset(i))


def check_map(node: ScalarNode, source: SourceFile) -> None:
    """The exact map decodes node.value; verbatim characters point at themselves."""
    mapped = scalar_text_exact(node, source)
    assert mapped is not None, (node.value, source.text)
    assert mapped.text == node.value
    text = source.text
    span = node_span(node, source)
    offsets = [mapped.offset(i) for i in range(len(mapped.text))]
    assert offsets == sorted(set(offsets)), "offsets strictly increase"
    for i, ch in enumerate(mapped.text):
        o = offsets[i]
        assert span.start <= o < max(span.end, span.start + 1)
        got = text[o]
        if got == ch:
            continue
        if node.style == '"' and got == "\\":
            continue  # an escape
        if ch == " " and got in BREAKS:
            continue  # a folded line break
        assert ch == "\n" and got in "\r\x85", (i, ch, got)  # a normalized line break
    if mapped.text:
        assert span.start < mapped.end <= span.end


# --------------------------------------------------------------------------- compose


def test_compose_all_documents_drops_empty() -> None:
    docs = compose(src("---\n---\na: 1\n---\n# only a comment\n---\n- x\n"))
    assert [type(d) for d in docs] == [MappingNode, SequenceNode]
    assert compose(src("")) == []


def test_compose_unknown_tags() -> None:
    text = "job:\n  script:\n    - !reference [.setup, script]\nres: !Ref  Bucket\nsub: !Sub\n  - x\n"
    root = doc(text)
    ref = get(get(root, "job"), "script")
    assert isinstance(ref, SequenceNode)
    assert ref.value[0].tag == "!reference"
    assert [n.value for n in ref.value[0].value] == [".setup", "script"]
    assert at(root, "res").tag == "!Ref"
    assert pos(text, "res", 0) == (4, 12)


def test_compose_does_not_construct() -> None:
    root = doc("a: !!python/object/apply:os.system ['echo pwned']\n")
    assert get(root, "a") is not None


def test_error_message_has_line_and_no_source_text() -> None:
    text = "a: 1\nb: [hunter2-secret-value\nc: 2\n"
    with pytest.raises(YamlError) as info:
        compose(src(text))
    err = info.value
    assert err.line is not None and 2 <= err.line <= 4
    assert "\n" not in err.message
    assert "hunter2" not in err.message and "hunter2" not in str(err)
    assert err.__cause__ is None and err.__suppress_context__


def test_error_mapping_values() -> None:
    with pytest.raises(YamlError) as info:
        compose(src("a: b: password123\n"))
    assert info.value.line == 1
    assert "password123" not in info.value.message
    assert "mapping values are not allowed" in info.value.message


@pytest.mark.parametrize(
    "text",
    [
        "{{- if .Values.enabled }}\napiVersion: v1\nkind: Secret\n{{- end }}\n",
        'metadata:\n  name: {{ include "x.fullname" . }}\n  labels:\n    {{- include "x.labels" . | nindent 4 }}\n',
        "image: {{ .Values.image }}\n",
    ],
)
def test_helm_template_is_read_masked(text: str) -> None:
    docs = compose(src(text))
    assert docs and yamlsrc.template_masks(src(text)) is None  # a new SourceFile: not cached
    s = src(text)
    compose(s)
    assert yamlsrc.template_masks(s) is not None


def test_template_that_stays_broken() -> None:
    with pytest.raises(YamlError) as info:
        compose(src("a: {{ .Values.x }}\n b: [\n"))
    assert info.value.message.startswith(yamlsrc.TEMPLATE_UNREADABLE)
    assert info.value.line is not None


def test_braces_in_scalars_are_not_helm() -> None:
    text = 'run: echo ${{ secrets.TOKEN }}\nmsg: "{{ var }}"\nblock: |\n  {{ x }}\nflow: {a: {b: 1}}\n'
    root = doc(text)
    assert scalar_value(get(root, "msg")) == "{{ var }}"


def test_broken_workflow_is_not_helm() -> None:
    with pytest.raises(YamlError) as info:
        compose(src("steps:\n  - run: echo ${{ secrets.X }}\n   bad: [\n"))
    assert "Helm" not in info.value.message


def test_nesting_too_deep_pure_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsrc, "_LOADER", yaml.SafeLoader)
    with pytest.raises(YamlError) as info:
        compose(src("[" * 5000 + "]" * 5000))
    assert info.value.message == "nesting too deep"


def test_nesting_too_deep_default_loader() -> None:
    with pytest.raises(YamlError) as info:
        compose(src("a: " + "[" * 100_000 + "]" * 100_000 + "\n"))
    assert info.value.message == "nesting too deep"
    assert info.value.line == 1


def test_reader_and_unicode_errors() -> None:
    with pytest.raises(YamlError) as info:
        compose(src("a: 1\nb: x\x00y\n"))
    assert info.value.line == 2
    assert "#x0000" in info.value.message
    with pytest.raises(YamlError):
        compose(src("a: \ud800\n"))


# --------------------------------------------------------------------------- traversal

LAUGHS = "\n".join(
    ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"{c}: &{c} [{', '.join(['*' + p] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
)


def raw_doc(text: str) -> Node:
    """Composed without dcrlint's checks (compose refuses an alias bomb)."""
    node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert node is not None
    return node


def test_compose_refuses_an_alias_bomb_linear_time() -> None:
    start = time.perf_counter()
    with pytest.raises(YamlError, match="alias bomb"):
        compose(src(LAUGHS))
    assert time.perf_counter() - start < 2.0
    # Aliases used a few times each are fine, and so is a recursive anchor.
    fine = "d: &d {a: 1, b: [1, 2]}\n" + "".join(f"u{i}: *d\n" for i in range(2000)) + "r: &r [1, *r]\n"
    assert len(compose(src(fine))) == 1


def test_alias_bomb_nested_deeper_than_recursion_goes() -> None:
    """The expansion check recurses; deeper than Python recurses it walks a stack of its own,
    with the same verdict (a bomb under 400 levels, and the same document without one)."""
    import sys

    deep = "x: " + "[" * 400 + "*b" + "]" * 400 + "\n"
    bomb, fine = LAUGHS + "\n" + deep, "b: &b [1]\n" + deep
    low = sys.getrecursionlimit()
    for limit in (low, 300):
        sys.setrecursionlimit(limit)
        try:
            with pytest.raises(YamlError, match="alias bomb"):
                yamlsrc.check_expansion(raw_doc(bomb))
            yamlsrc.check_expansion(raw_doc(fine))
        finally:
            sys.setrecursionlimit(low)


def test_one_broken_document_does_not_drop_the_others() -> None:
    text = "a: 1\n---\nb: \x07\n---\n- c\n---\nd: [\n---\ne: |\n  x\n"
    problems: list[YamlError] = []
    docs = compose(src(text), problems)
    assert [d.start_mark.line for d in docs] == [0, 4, 8]  # marks in file lines
    assert [p.line for p in problems] == [3, 8]
    assert scalar_value(docs[2].value[0][1]) == "x\n"
    with pytest.raises(YamlError):  # without a list to collect them, the first error is raised
        compose(src(text))


def test_billion_laughs_iter_nodes_is_cheap() -> None:
    start = time.perf_counter()
    root = raw_doc(LAUGHS)
    nodes = list(iter_nodes(root))
    assert time.perf_counter() - start < 2.0
    # 1 root, 9 keys, 9 lists, 1 scalar "lol" node per element of `a` (9)
    assert len(nodes) == 1 + 9 + 9 + 9


def test_billion_laughs_walk_hits_budget() -> None:
    root = raw_doc(LAUGHS)
    with pytest.raises(YamlError, match="too many aliases"):
        for _ in walk(root):
            pass
    with pytest.raises(YamlError, match="too many aliases"):
        list(iter_nodes(root, budget=10))


def test_walk_paths_enter_aliases_but_not_cycles() -> None:
    root = doc("base: &b {x: 1}\nuse: *b\nloop: &l [1, *l]\n")
    paths = [p for p, _ in walk(root)]
    assert ("base", "x") in paths and ("use", "x") in paths
    assert ("loop", 0) in paths and ("loop", 1) not in paths
    values = {id(n) for n in iter_nodes(root)} - {id(k) for n in iter_nodes(root) for k, _ in mapping_items(n)}
    assert values == {id(n) for _, n in walk(root)}


# --------------------------------------------------------------------------- mappings


def keys(node: Node) -> dict[str, str | None]:
    return {k.value: scalar_value(v) for k, v in mapping_items(node)}


def test_merge_keys_like_safe_load() -> None:
    text = (
        "a: &a {x: a1, y: a2}\n"
        "b: &b {x: b1, z: b3, w: b4}\n"
        "one: {<<: *a, y: own}\n"
        "many: {<<: [*a, *b], w: own}\n"
        "nested: &n {<<: *b, q: n}\n"
        "deep: {<<: *n}\n"
        "dup: {k: first, k: second}\n"
    )
    root = doc(text)
    loaded = yaml.safe_load(text)
    for name in ("one", "many", "nested", "deep"):
        node = get(root, name)
        assert node is not None
        assert keys(node) == loaded[name]
        assert list(keys(node)) == list(loaded[name])
    assert keys(get(root, "dup")) == {"k": "second"}  # type: ignore[arg-type]
    assert scalar_value(get(get(root, "many"), "x")) == "a1"
    assert scalar_value(get(get(root, "many"), "z")) == "b3"
    assert scalar_value(get(get(root, "one"), "y")) == "own"


def test_merge_key_node_points_to_explicit_key() -> None:
    text = "base: &b\n  image: a\nuse:\n  <<: *b\n  image: b\n"
    root = doc(text)
    pairs = mapping_items(get(root, "use"))  # type: ignore[arg-type]
    assert len(pairs) == 1
    assert pairs[0][0].start_mark.line == 4


def test_merge_key_cycle_and_invalid() -> None:
    root = doc("r: &r {a: 1, <<: *r}\nbad: {<<: scalar, b: 2}\n")
    assert keys(get(root, "r")) == {"a": "1"}  # type: ignore[arg-type]
    assert keys(get(root, "bad")) == {"<<": "scalar", "b": "2"}  # type: ignore[arg-type]


def test_get_and_null() -> None:
    root = doc("on: push\n'1': one\nempty:\ntilde: ~\ns: ''\nlist: [1]\n")
    assert scalar_value(get(root, "on")) == "push"  # YAML 1.1 reads `on` as a boolean key
    assert scalar_value(get(root, "1")) == "one"
    assert get(root, "missing") is None
    assert get(get(root, "list"), "x") is None
    assert scalar_value(get(root, "list")) is None
    assert is_null(get(root, "empty")) and is_null(get(root, "tilde")) and is_null(None)
    assert not is_null(get(root, "s")) and not is_null(get(root, "list"))
    assert mapping_items(get(root, "list")) == []  # type: ignore[arg-type]


def test_get_reads_every_lookup_as_a_scan_would() -> None:
    """Lookups after the first (the keys indexed): a later duplicate wins, a complex key is
    not a key text, a merge key anywhere in the mapping gives the merged reading."""
    root = doc("a: 1\n? [k]\n: 2\nb: 3\na: 4\n")
    for _ in range(2):
        assert [scalar_value(get(root, k)) for k in ("a", "b", "k", "[k]")] == ["4", "3", None, None]
    merged = doc("base: &b {x: 1, y: 2}\nm: {y: 3, <<: *b}\n")
    m = get(merged, "m")
    for _ in range(2):
        assert [scalar_value(get(m, k)) for k in ("x", "y", "<<")] == ["1", "3", None]


# --------------------------------------------------------------------------- scalar_text positions

WORKFLOW = """\
name: ci
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo start
          docker login -p "$PASS" registry.example.com
"""


def test_run_block_position() -> None:
    source = src(WORKFLOW)
    run = at(doc(WORKFLOW), "jobs", "build", "steps", 0, "run")
    mapped = scalar_text(run, source)
    assert mapped.text == run.value
    i = mapped.text.index("-p")
    assert source.position(mapped.offset(i)) == (9, 24)
    assert source.position(mapped.offset(0)) == (8, 11)
    assert mapped.span(i, i + 2) == Span(mapped.offset(i), mapped.offset(i) + 2)


@pytest.mark.parametrize("loader", LOADERS)
def test_positions_every_style(loader: type[yaml.SafeLoader], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsrc, "_LOADER", loader)
    text = (
        "plain: alpha beta\n"  # 1
        "  gamma\n"  # 2
        "\n"  # 3
        "  delta\n"  # 4
        "single: 'it''s\n"  # 5
        "  x'\n"  # 6
        'double: "a\\tb\\x41\\u00e9\\U0001F600 \\\n'  # 7
        '   c \\"q\\""\n'  # 8
        "lit: &anchor !tag |2-\n"  # 9
        "    two\n"  # 10
        "  zero\n"  # 11
        "fold: >+\n"  # 12
        "  one\n"  # 13
        "  two\n"  # 14
        "    more\n"  # 15
        "  three\n"  # 16
        "\n"  # 17
        "end: 1\n"  # 18
    )
    root = doc(text)
    assert at(root, "plain").value == "alpha beta gamma\ndelta"
    assert pos(text, "plain", 11) == (2, 3)  # g
    assert pos(text, "plain", 10) == (1, 18)  # folded space -> the line break
    assert pos(text, "plain", 16) == (3, 1)  # "\n" from the blank line
    assert pos(text, "plain", 17) == (4, 3)  # d
    assert at(root, "single").value == "it's x"
    assert pos(text, "single", 2) == (5, 12)  # '' -> first quote
    assert pos(text, "single", 3) == (5, 14)  # s
    assert pos(text, "single", 5) == (6, 3)  # x
    double = at(root, "double").value
    assert double == 'a\tbAé😀 c "q"'
    assert pos(text, "double", 1) == (7, 11)  # \t
    assert pos(text, "double", 3) == (7, 14)  # \x41
    assert pos(text, "double", 4) == (7, 18)  # \u00e9
    assert pos(text, "double", 5) == (7, 24)  # \U0001F600
    assert pos(text, "double", 6) == (7, 34)  # space before the escaped break
    assert pos(text, "double", 7) == (8, 4)  # c
    assert pos(text, "double", 9) == (8, 6)  # \"
    assert at(root, "lit").value == "  two\nzero"
    assert pos(text, "lit", 0) == (10, 3)
    assert pos(text, "lit", 2) == (10, 5)
    assert pos(text, "lit", 6) == (11, 3)
    assert at(root, "fold").value == "one two\n  more\nthree\n\n"
    assert pos(text, "fold", 3) == (13, 6)  # folded
    assert pos(text, "fold", 4) == (14, 3)
    assert pos(text, "fold", 8) == (15, 3)  # more-indented line kept with its spaces
    assert pos(text, "fold", 7) == (14, 6)  # break before a more-indented line is kept
    assert pos(text, "fold", 15) == (16, 3)
    for node in scalars(root):
        check_map(node, src(text))


@pytest.mark.parametrize("loader", LOADERS)
def test_crlf_and_exotic_breaks(loader: type[yaml.SafeLoader], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsrc, "_LOADER", loader)
    text = "x: |\r\n  a\r\n  b\r\ny: 'p\r\n q'\r\nz: >\r\n  f\r\n  g\r\n"
    root = doc(text)
    assert [at(root, k).value for k in "xyz"] == ["a\nb\n", "p q", "f g\n"]
    for node in scalars(root):
        check_map(node, src(text))
    assert pos(text, "x", 2) == (3, 3)
    assert pos(text, "y", 1) == (4, 6)  # folded CRLF -> its "\r"
    assert pos(text, "y", 2) == (5, 2)
    old_mac = "a: 1\rb: two\r  words\rc: |\r  x\r"
    root = doc(old_mac)
    assert at(root, "b").value == "two words"
    for node in scalars(root):
        check_map(node, src(old_mac))
    mapped = scalar_text(at(root, "c"), src(old_mac))
    assert old_mac[mapped.offset(0)] == "x"
    nel = "a: 1\x85b: 'x\u2028  y'\x85"
    root = doc(nel)
    assert at(root, "b").value == "x\u2028y"
    check_map(at(root, "b"), src(nel))


def test_bom_tabs_and_unicode() -> None:
    text = '\ufeffk: caf\u00e9 \U0001f600\tz\nt: |\n  a\tb\n  \tc\nq: "\u00e9\\t\u00e9"\n'
    root = doc(text)
    for node in scalars(root):
        check_map(node, src(text))
    assert pos(text, "k", 6) == (1, 11)  # the tab; SourceFile columns count the BOM
    assert pos(text, "t", 4) == (4, 3)


@pytest.mark.parametrize(
    "text",
    [
        "k: |\n\nz: 1\n",
        "k: |+\n\n  \n\nz: 1\n",
        "k: |-\n  a\n\n\n",
        "k: >\n\n\n  a\n\n  b\n   c\n\n  d\n",
        "k: >2\n   lead\n  x\n",
        "k: |1\n  a\n b\n",
        "- |2\n   a\n  b\n- >-\n  s\n  t\n",
        "k: |\n  # not a comment\n  x\n# a comment\nz: 1\n",
        "k: | # header comment\n  x\n",
        "k: |\n  a\n    \n  b\n",
        "k: >\n  a\n      \n  b\n",
        "k: |\n  a\n  b",
        "k: |+\n  a\n\n",
        "|\n top\n",
        "k: ''\nj: \"\"\nl: |\nm: >-\n",
        "k: !!str\nj: &a\nl: &b !t\n  v\n",
        "[a, 'b', \"c\", {d: e f\n  g}]\n",
        "? complex key\n: value\n",
        'k: "x\\\n\n  y"\n',
        "k: 'a\n\n\n  b'\n",
        'k: "\\N\\_\\L\\P\\0\\a\\b\\v\\f\\r\\e\\ \\/"\n',
    ],
)
def test_edge_cases_exact(text: str) -> None:
    for root in compose(src(text)):
        for node in scalars(root):
            check_map(node, src(text))


def test_fallback_is_approximate_not_a_crash() -> None:
    source = src("k: value\n")
    node = at(doc("k: value\n"), "k")
    forged = ScalarNode(node.tag, "valXue", node.start_mark, node.end_mark, node.style)
    assert scalar_text_exact(forged, source) is None
    mapped = scalar_text(forged, source)
    assert mapped.text == "valXue"
    assert [mapped.offset(i) for i in range(3)] == [3, 4, 5]
    assert all(0 <= mapped.offset(i) < len(source.text) for i in range(len(mapped.text)))
    odd = ScalarNode(node.tag, "\U0001f600" * 50, node.start_mark, node.end_mark, node.style)
    mapped = scalar_text(odd, source)
    assert all(0 <= mapped.offset(i) < len(source.text) for i in range(50))


def test_scalar_text_is_linear() -> None:
    big = "k: |\n" + "".join(f"  line {i} with some words\n" for i in range(50_000))
    root = doc(big)
    start = time.perf_counter()
    mapped = scalar_text(at(root, "k"), src(big))
    assert time.perf_counter() - start < 2.0
    assert mapped.text == at(root, "k").value


# --------------------------------------------------------------------------- property test

ALPHABET = st.one_of(
    st.sampled_from(list(" '\"\\#:-?,[]{}&*!|>%@`\t\n\r\x85\u2028\u2029\xa0\ufeff\u00e9\U0001f600~=")),
    st.characters(codec="utf-8", exclude_categories=["Cs"]),
    st.sampled_from(["a", "b", "z", "0", "1"]),
)


@st.composite
def dumped(draw: st.DrawFn) -> tuple[str, str]:
    value = draw(st.text(ALPHABET, max_size=80))
    if draw(st.booleans()):
        value = draw(st.sampled_from([" ", "  ", "\n", "\n\n", ""])) + value
    if draw(st.booleans()):
        value += draw(st.sampled_from([" ", "\n", "\n\n", "\n \n", " \t"]))
    style = draw(st.sampled_from([None, "", "'", '"', "|", ">"]))
    data: object = {"key": value}
    for _ in range(draw(st.integers(0, 3))):
        data = draw(st.sampled_from([{"outer": data}, [data], [1, data], {"a": 1, "z": data}]))
    text = yaml.dump(
        data,
        default_style=style,
        default_flow_style=draw(st.sampled_from([False, True, None])),
        allow_unicode=draw(st.booleans()),
        width=draw(st.sampled_from([4, 10, 20, 80])),
        indent=draw(st.integers(2, 6)),
        line_break=draw(st.sampled_from(["\n", "\r\n"])),
    )
    return text, value


def find_value(root: Node) -> ScalarNode:
    for node in iter_nodes(root):
        if isinstance(node, MappingNode):
            for k, v in node.value:
                if isinstance(k, ScalarNode) and k.value == "key" and isinstance(v, ScalarNode):
                    return v
    raise AssertionError("no key")


@pytest.mark.parametrize("loader", LOADERS)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=dumped())
def test_property_every_style(loader: type[yaml.SafeLoader], case: tuple[str, str]) -> None:
    text, _ = case  # the emitter does not always round-trip (NEL, escaped breaks): use node.value
    root = next(iter(yaml.compose_all(text, Loader=loader)))
    node = find_value(root)
    source = src(text)
    check_map(node, source)
    for other in scalars(root):
        check_map(other, source)


WORD = st.text(st.sampled_from(list("ab#:'\"\\-{}é\t")), min_size=1, max_size=6).filter(lambda w: w[0] not in "\t")


@st.composite
def handmade(draw: st.DrawFn) -> str:
    """Hand-built multi-line scalars the emitter never writes: odd indentation, blank lines with spaces, tabs."""
    base = draw(st.integers(0, 4))
    seq = draw(st.booleans())
    prefix = " " * base + ("- " if seq else "") + "key: "
    parent = base + (2 if seq else 0)
    kind = draw(st.sampled_from(["|", ">", "plain", "'", '"']))
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.integers(0, 3)) == 0:
            lines.append(" " * draw(st.integers(0, 8)))  # a blank line, maybe with spaces
        else:
            extra = " " * draw(st.integers(0, 3)) if kind in "|>" else " \t"[: draw(st.integers(0, 2))]
            words = draw(st.lists(WORD, min_size=1, max_size=4))
            gap = draw(st.sampled_from([" ", "  ", "\t", " \t "]))
            lines.append(extra + gap.join(words) + draw(st.sampled_from(["", " ", "\t"])))
    indent = parent + draw(st.integers(1, 4))
    if kind in "|>":
        header = kind + draw(st.sampled_from(["", "-", "+"]))
        if draw(st.booleans()):
            header += str(indent - parent)
        body = "".join("\n" + (" " * indent + ln if ln.strip() else ln) for ln in lines)
        text = prefix + header + draw(st.sampled_from(["", "  # c"])) + body + "\n"
    else:
        q = "" if kind == "plain" else kind
        first = draw(WORD) if kind == "plain" else ""
        body = "".join("\n" + " " * indent + ln.replace(kind, kind * 2 if kind == "'" else "\\" + kind) for ln in lines)
        text = prefix + q + first + body + q + "\n"
    text += " " * base + ("- " if seq else "") + "end: 1\n"
    return text.replace("\n", "\r\n") if draw(st.booleans()) else text


@pytest.mark.parametrize("loader", LOADERS)
@settings(max_examples=400, deadline=None)
@given(text=handmade())
def test_property_handmade(loader: type[yaml.SafeLoader], text: str) -> None:
    try:
        docs = list(yaml.compose_all(text, Loader=loader))
    except yaml.YAMLError:
        assume(False)
        return
    source = src(text)
    for root in docs:
        for node in scalars(root):
            check_map(node, source)


IMPLICIT_FORMS = """\
nulls: [~, null, Null, NULL, "", '', nil, None]
empty:
bools: [yes, No, ON, off, true, False, y, n, Y, "true", 'yes']
ints: [0, -0, +12, 0x1F, 0o17, 017, 0b101, 1_000, 190:20:30, 12a, 0x]
floats: [1.5, -.5, .inf, -.INF, .NaN, 6.8523015e+5, 1_000.5, 190:20:30.15, 1.e, .]
stamps: [2001-12-14, 2001-12-14t21:59:43.10-05:00, 2001-12-14 21:59:43.10 -5, 2001-1-1]
texts: [=, <<, ~x, "~", plain text, 'quoted', !!str 12, !custom 12, !!int "12"]
<<: {merged: 1}
block: |
  yes
folded: >-
  12
? [complex, key]
: ? nested
=: value
"""


@pytest.mark.parametrize("loader", LOADERS)
def test_tags_resolve_as_pyyaml(loader: type[yaml.SafeLoader]) -> None:
    """dcrlint's loader resolves every implicit form to the tag PyYAML's safe loaders give."""

    def tags(root: Node) -> list[tuple[str, object]]:
        return [(n.tag, n.value if isinstance(n, ScalarNode) else type(n).__name__)
                for n in iter_nodes(root)]

    ours = [tags(d) for d in yaml.compose_all(IMPLICIT_FORMS, Loader=yamlsrc._LOADER)]
    theirs = [tags(d) for d in yaml.compose_all(IMPLICIT_FORMS, Loader=loader)]
    assert ours == theirs
    assert {t for doc in ours for t, _ in doc} >= {
        "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge",
        "tag:yaml.org,2002:value", "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq",
        "tag:yaml.org,2002:map", "!custom"}


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n", "- &x [1]\n- *x\n", "[&x 1, *x]\n", "{a: &x 1, b: *x}\n", "\ufeff&x [1, *x]\n",
    "? &x k\n: *x\n", "--- &x\n- 1\n- *x\n", "{\"a\":&x 1, b: *x}\n", "a: !t &x 1\nb: *x\n",
    "a:\n  - &x\n    b: 1\n  - *x\n", "a:\u2028 &x 1\nb: *x\n", "---\r&x [1, *x]\r",
    "a: &a-1_B 1\nb: *a-1_B\n", "{a: &x 1, *x : 2}\n", "[&x 1, *x,*x]\n", "- &x 1\n- {*x: y}\n",
    "a: &x 1 # *y &y\nb: [*x]\n", "a: &x\n  b: &y 1\nc: *y\n",
])
def test_alias_expansion_measured_wherever_an_anchor_can_be(text: str) -> None:
    """The expansion check is skipped only in text without an alias naming an anchor: a
    document holding an alias (a node reached twice) always has such a pair the search finds."""
    (root,) = yaml.compose_all(text, Loader=yaml.SafeLoader)
    used = [id(c) for n in iter_nodes(root) for c in yamlsrc._children(n)]
    assert id(root) in used or len(set(used)) < len(used)  # an alias: a node used twice
    assert yamlsrc._may_alias(text, 0, len(text))


@pytest.mark.parametrize("text", [
    "run: rm -f *.txt && echo done\n", "d: '**bold** & more'\n", "c: ls *x && &y\n",
    "a: &x 1\nb: [*y]\n",  # no alias names the anchor: libyaml refuses the text (not composed)
])
def test_stars_and_ampersands_that_pair_no_alias_with_an_anchor_are_text(text: str) -> None:
    assert not yamlsrc._may_alias(text, 0, len(text))


_LEAVES = st.one_of(st.integers(0, 9), st.text(alphabet="ab *&-:", max_size=4))


@settings(max_examples=300, deadline=None)
@given(st.lists(_LEAVES, min_size=1, max_size=3), st.lists(_LEAVES, max_size=3), st.booleans(),
       st.sampled_from([None, True, False]), st.text(alphabet="aZ09-_", min_size=1, max_size=6))
def test_every_composed_alias_pairs_with_an_anchor_the_search_finds(
        items: list[object], others: list[object], as_map: bool, flow: bool | None, name: str) -> None:
    """A node used twice, written by PyYAML (block, flow or mixed style) under any anchor name
    libyaml reads, is found by the searches: its `*name` names its `&name`."""
    shared: object = {f"k{i}": v for i, v in enumerate(items)} if as_map else list(items)
    text = yaml.safe_dump({"a": shared, "b": [*others, shared]}, default_flow_style=flow)
    text = text.replace("&id001", "&" + name).replace("*id001", "*" + name)
    (root,) = yaml.compose_all(text, Loader=yamlsrc._LOADER)
    used = [id(c) for n in iter_nodes(root) for c in yamlsrc._children(n)]
    assert len(set(used)) < len(used)  # the alias composed
    assert yamlsrc._may_alias(text, 0, len(text))


def test_lazy_scalar_text_is_scalar_text_once_used() -> None:
    """A lazy map reads as its text at once and is built on first use of the map, then is
    a plain MappedText: equal, hashed and pickled as the eager one (a fold, an escape)."""
    import pickle

    from dcrlint.source import MappedText

    text = 'a: "x\\x6cy\n  z"\nb: |\n  docker login\n    -u me\nc: plain\n'
    source = SourceFile("f.yml", text)
    for _, node in compose(source)[0].value:
        eager = yamlsrc.scalar_text(node, source)
        lazy = yamlsrc.lazy_scalar_text(node, source)
        assert lazy.text == node.value and "_build" in lazy.__dict__  # not built by reading the text
        assert lazy.span(0, len(lazy.text)) == eager.span(0, len(eager.text))
        assert type(lazy) is MappedText and lazy == eager and "_build" not in lazy.__dict__
        for other in (yamlsrc.lazy_scalar_text(node, source), yamlsrc.lazy_scalar_text(node, source)):
            assert pickle.loads(pickle.dumps(other)) == eager and type(other) is MappedText
        third = yamlsrc.lazy_scalar_text(node, source)
        assert eager == third and hash(third) == hash(eager)  # compared from the eager side
    broken = yamlsrc.lazy_text("abc", lambda: MappedText.verbatim("abd", 0))
    with pytest.raises(AssertionError):
        broken.offset(0)


def test_plain_scalar_tags_as_pyyaml_resolves_them_also_when_remembered() -> None:
    """Tags of plain scalars, first resolved then remembered (short ones), are PyYAML's own."""
    words = ["yes", "No", "ON", "off", "~", "null", "nullx", "onion", "1_000", "0x1F", "0o17", "-1.5e3",
             ".inf", ".NaN", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "<<", "=", "name", "true",
             "12345678901234567890123456789", "1" * 30 + ".5", "+12", "0b101", "190:20:30", "x"]
    text = "".join(f"k{i}: {w}\n" for i, w in enumerate(words))
    for _ in range(2):
        ours = [(k.tag, v.tag) for k, v in compose(src(text))[0].value]
        theirs = [(k.tag, v.tag) for k, v in raw_doc(text).value]
        assert ours == theirs


REDEFINED_ANCHOR = """\
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: app
spec:
  values:
    probes: &probe
      path: /healthz
    liveness: *probe
    auth: &probe
      adminPassword: Zq8xK2mW9pL4vBn3
    readiness: *probe
"""


def test_an_anchor_defined_again_names_what_follows(tmp_path: Path) -> None:
    # YAML 1.2 (and Flux's, kubectl's readers): the alias names the nearest anchor before it
    results, notes = scan(tmp_path, {"hr.yaml": REDEFINED_ANCHOR}, rules=K8S_RULES)
    assert (brief(results), notes) == ([("hr.yaml", 11, 22, "DCR023")], [])
    results, notes = scan(tmp_path, {"bad.yaml": REDEFINED_ANCHOR.replace("readiness: *probe", "readiness: *nothing")},
                          rules=K8S_RULES)
    assert [n.message for n in notes if "bad.yaml" in n.path] == ["found undefined alias"]  # still told
