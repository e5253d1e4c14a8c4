"""`yamlsrc._template_line` enters only the collections whose lines hold a template open: it
finds a `{{` read as two nested flow mappings wherever the walk of every collection (as written
before) finds one, on random documents of flow mappings, template actions, GitHub expressions,
anchors, aliases, merge keys and block scalars. (Its caller asks whether there is one.)"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from dcrlint import yamlsrc
from dcrlint.source import SourceFile


def _every_collection(source: SourceFile, docs: list[Node]) -> int | None:
    """The walk as written before: every collection node, each once."""
    text = source.text
    seen: set[int] = set()
    stack: list[Node] = list(docs)
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            if node.flow_style:
                at = yamlsrc._skip_properties(text, yamlsrc.mark_offset(source, node.start_mark), len(text))
                if text.startswith("{{", at):
                    return source.position(at)[0]
            stack.extend(x for pair in node.value for x in pair if not isinstance(x, ScalarNode))
        elif isinstance(node, SequenceNode):
            stack.extend(x for x in node.value if not isinstance(x, ScalarNode))
    return None


LINES = ["a: {{ .x }}", "b: ${{ x }}", "c: {{x: 1}}", "- {{ y }}", "- ${{y: 1}}", "d: &an {{z: 1}}", "e: *an",
         "f: [1, {{ w }}]", "g:", "  h: {{i: 1}}", "  h2: ${{ i }}", "  - k", "run: echo ${{ a }} {{b}}",
         "x: '{{ q }}'", "y: |", "  {{ z }}", "w: {k: v, m: {{n: 1}}}", "<<: *an", "u: &m {a: 1}", "v: *m",
         "t: !!map {{s: 1}}", "r: &q", "  {{p: 1}}", "---", "s: $", "q: x${{y}}", "p: [${{a}}, {{b: c}}]"]


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(st.lists(st.sampled_from(LINES), min_size=1, max_size=10), st.sampled_from(["\n", "\r\n"]))
def test_template_line_as_the_walk_of_every_collection(lines: list[str], eol: str) -> None:
    text = eol.join(lines) + eol
    source = SourceFile("x.yaml", text)
    try:
        docs = yamlsrc._compose_text(source, text)
    except yamlsrc.YamlError:
        return
    found = yamlsrc._template_line(source, docs)
    assert (found is None) == (_every_collection(source, docs) is None), text


def test_a_template_in_a_flow_mapping_is_found_under_a_github_expression() -> None:
    text = "jobs:\n  a:\n    steps:\n      - run: echo ${{ github.sha }}\n      - with: {{ x: 1 }}\n"
    source = SourceFile("ci.yml", text)
    assert yamlsrc._template_line(source, yamlsrc._compose_text(source, text)) == 5
