"""Which texts may run a Kubernetes client (kubectl, or OpenShift's oc, which k8s.index reads
alike): a test on the text as the shell reads words, so spelling a name with quotes or
escapes (`kube"ctl"`, `o\\c`) does not hide it."""

from __future__ import annotations

from ..lazyre import lazy_compile
from ..shell.spelling import words

# `\boc\b` with the literal first: re searches for a leading literal fast, where a leading
# `\b` has it try every position (the word boundary before is the lookbehind).
_OC = lazy_compile(r"oc\b(?<!\woc)")

# The last text asked about and the answer: a file's collection asks about its text up to
# four times in a row (checks/_pull_secret_index, k8s.index).
_last: list[tuple[str, bool]] = [("", False)]


def may_run_kubectl(text: str) -> bool:
    """A superset: True when the text may hold a kubectl or oc command."""
    last = _last[0]
    if last[0] is text:
        return last[1]
    low = words(text)
    found = low is None or names_kubectl(low)
    _last[0] = (text, found)
    return found


def names_kubectl(low: str) -> bool:
    """Whether words as `shell.spelling.words` reads them (lower case, quotes and escapes out;
    several texts may be joined by a character no word holds) may name kubectl or oc."""
    return "kubectl" in low or ("oc" in low and _OC.search(low) is not None)
