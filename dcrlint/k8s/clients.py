"""Which texts may run a Kubernetes client (kubectl, or OpenShift's oc, which k8s.index reads
alike): a test on the text as the shell reads words, so spelling a name with quotes or
escapes (`kube"ctl"`, `o\\c`) does not hide it."""

from __future__ import annotations

from ..lazyre import lazy_compile
from ..shell.spelling import words

_OC = lazy_compile(r"\boc\b")


def may_run_kubectl(text: str) -> bool:
    """A superset: True when the text may hold a kubectl or oc command."""
    low = words(text)
    return low is None or "kubectl" in low or ("oc" in low and _OC.search(low) is not None)
