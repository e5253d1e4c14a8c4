"""DCR013 overbroad-secrets: `secrets: inherit` and `toJSON(secrets)` in GitHub Actions."""

from __future__ import annotations

import re
from collections.abc import Iterator

from yaml.nodes import ScalarNode

from .. import gha
from ..facts import GITHUB_WORKFLOWS, YAML_DOCUMENTS
from ..findings import Finding
from ..ghexpr import expressions
from ..lazyre import lazy_compile
from ..scanned import ScannedFile
from ..source import Span
from ..yamlsrc import scalar_text, walk
from . import FileCheck
from ._spellings import may_read

_TOJSON_SECRETS = lazy_compile(r"\btojson\s*\(\s*secrets\s*\)", re.I)


def may_pass_every_secret(file: ScannedFile) -> bool:
    """The gate of `check_overbroad`: both halves read `secrets` (the key `secrets: inherit`,
    `toJSON(secrets)`), and `inherit` or `tojson`; in any case, escapes decoded (a superset).
    Most workflows hold neither and are not walked."""
    return may_read(file, "inherit", "tojson") and may_read(file, "secrets")


def check_overbroad(file: ScannedFile) -> Iterator[Finding]:
    """DCR013: `secrets: inherit` and `toJSON(secrets)` (where `may_pass_every_secret`)."""
    source = file.source
    if may_read(file, "inherit"):  # no walk of the jobs for the other half
        for wf in gha.workflows(file):
            for job in wf.jobs:
                inherit = job.inherited_secrets(source)
                if inherit is not None:
                    yield Finding("DCR013",
                                  f"job `{job.id}` passes every secret to the reusable workflow "
                                  "(`secrets: inherit`); pass only the secrets it needs",
                                  file.path, inherit, (*job.place, "secrets"))
    if not may_read(file, "tojson"):
        return  # no walk of the documents for the first half
    seen: set[Span] = set()
    for doc in file.yaml_documents:
        for path, node in walk(doc):
            if not isinstance(node, ScalarNode) or not _TOJSON_SECRETS.search(node.value):
                continue
            mt = scalar_text(node, source)
            condition = bool(path) and path[-1] == "if"  # (an `if:` is an expression without `${{ }}`)
            for m in _TOJSON_SECRETS.finditer(mt.text):
                start, end = m.start(), m.end()
                held = condition
                for e in expressions(mt.text):  # the whole `${{ ... }}` holding it
                    if e.start() <= start and end <= e.end():
                        start, end, held = e.start(), e.end(), True
                if not held:
                    continue  # words about it (an input's description, a step's name): nothing is evaluated
                span = mt.span(start, end)
                if span in seen:
                    continue
                seen.add(span)
                yield Finding("DCR013",
                              "`toJSON(secrets)` hands every secret of the repository to one place; "
                              "reference only the secrets needed",
                              file.path, span, tuple(str(p) for p in path))


CHECKS = (FileCheck(rules=("DCR013",), run=check_overbroad, facts=(GITHUB_WORKFLOWS, YAML_DOCUMENTS),
                    gate=may_pass_every_secret),)
