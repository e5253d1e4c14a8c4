"""The notifications of an inert file (the extractors' `NOTES`, see `__init__`): a proof from
the text that the model gives none, else the facts that give them, extracted as the checks
would extract them.

A `NOTES` returns False, having added nothing, when a fact raises: the checks that read it
report that each in its own name ("DCR001: structure nested too deeply; partly scanned"), so
only running them tells the notifications; the engine then models the file with every check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..facts import Fact
    from ..scanned import ScannedFile

# A YAML tree has at most one node per character, so no walk of a file this short passes
# `yamlsrc.DEFAULT_BUDGET` (the visits after which a walk raises) without an alias.
_WALKS_WITHIN_BUDGET = 1_000_000


def modelled(file: ScannedFile, *facts: Fact[Any]) -> bool:
    """The facts extracted in this order (each keeps its notifications, as when a check reads
    it); False when one raises, its own notifications taken back (each check reading it gives
    them again), those of the facts before it kept (they are extracted, and said, once)."""
    for fact in facts:
        mark = len(file.notifications)
        try:
            file.get(fact)
        except Exception:  # RecursionError, a YamlError over a budget, a crash: as _run_check
            del file.notifications[mark:]
            return False
    return True


def quiet_yaml(file: ScannedFile) -> bool:
    """Whether the YAML of the file gives no notification, composed and walked: it composes
    cleanly (libyaml parses it; no template, anchor or alias) and no walk of it can pass its
    budget. A merge key needs an alias: the file's mappings are its keys as written."""
    from ..yamlsrc import composes_cleanly

    return len(file.source.text) <= _WALKS_WITHIN_BUDGET and composes_cleanly(file.source)


def walks_within_budget(file: ScannedFile) -> bool:
    """Whether no walk of the file's documents can pass its budget: no alias names an anchor
    of the text (so each is a tree: a node a character at most) and the text is short enough."""
    from ..yamlsrc import may_alias

    text = file.source.text
    return len(text) <= _WALKS_WITHIN_BUDGET and not may_alias(text)


def yaml_notes(file: ScannedFile) -> bool:
    """`NOTES` of a YAML kind whose extractors give no notification of their own (their model
    is the documents' nodes, walked): none for a file that composes cleanly; the compose's for
    one that does not (a syntax error, a template); one whose aliases may take a walk over
    its budget is modelled, with its checks (each reports that in its name)."""
    if quiet_yaml(file):
        return True
    from ..facts import YAML_DOCUMENTS

    return walks_within_budget(file) and modelled(file, YAML_DOCUMENTS)


def no_notes(file: ScannedFile) -> bool:
    """`NOTES` of a kind whose extractors never notify (a shell parse keeps its problems in
    the script: `Script.errors`)."""
    return True
