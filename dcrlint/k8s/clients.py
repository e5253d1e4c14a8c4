"""Which texts may run a Kubernetes client (kubectl, or OpenShift's oc, which k8s.index reads
alike): a test on the text as the shell reads words, so spelling a name with quotes or
escapes (`kube"ctl"`, `o\\c`) does not hide it."""

from __future__ import annotations

import re

from ..lazyre import lazy_compile
from ..shell.heredocs import HEREDOC, delimiter_line
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


# A manifest a script applies from a here-document: `kubectl apply -f - <<EOF`, `cat <<EOF |
# kubectl create -f -` (and `oc`, `replace`), the operator on the line that runs the client.
_APPLY = lazy_compile(r"\b(?:kubectl|oc)\b[^\n#]*?\b(?:apply|create|replace)\b[^\n#]*?"
                      r"(?:-f|--filename)(?:[ \t]+|=)-(?![\w-])")


def may_apply_heredoc(text: str) -> bool:
    """A superset of `applied_manifests` for a file's text as written, its shell anywhere in it (a
    CI step's script indented in a block scalar, its here-document's end not alone on its line):
    a line runs the client with `-f -` and opens a here-document, or a here-document is written
    to a file the client is later given (`_written_then_applied`)."""
    if "-f" not in text or "<<" not in text or ("kubectl" not in text and "oc " not in text):
        return False
    for m in _APPLY.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        if HEREDOC.search(text, line_start, len(text) if line_end < 0 else line_end):
            return True
    return bool(_written_then_applied(text))


# A here-document written to a file (`cat > app.yaml <<EOF`, `cat <<EOF > "$DIR/app.yaml"`, `tee
# app.yaml <<EOF`) on a line that runs nothing else: the file's path as written.
_WRITTEN_HEREDOC = lazy_compile(
    r"^[ \t]*(?:-[ \t]+)?(?:cat(?:[ \t]+<<[^\n]*?)?[ \t]+>|tee(?:[ \t]+-a)?[ \t]+)"
    r"[ \t]*([\"']?)([^\s\"'<>|;&]+)\1[^\n|;&]*$", re.M)


def _written_then_applied(text: str) -> list[tuple[int, int, re.Match[str]]]:
    """(line start, line end, here-document operator) of each here-document the text writes to a
    file that a later line gives a `kubectl`/`oc` apply, create or replace (`-f FILE`, the same
    path as written): the manifest it applies is the body."""
    applied = _applied_paths(text)
    out = []
    for m in _WRITTEN_HEREDOC.finditer(text) if applied else ():
        at = applied.get(m.group(2))
        doc = HEREDOC.search(text, m.start(), m.end()) if at is not None and at > m.end() else None
        if doc is not None:
            out.append((m.start(), m.end(), doc))
    return out


# A client's verb that reads files, and each `-f PATH` after it on its line (before a comment).
_APPLY_VERB = lazy_compile(r"\b(?:kubectl|oc)\b[^\n#]*?\b(?:apply|create|replace)\b")
_FILE_ARG = lazy_compile(r"(?:-f|--filename)(?:[ \t]+|=)([\"']?)([^\s\"'<>|;&)]+)\1(?=[\s;&|)]|\Z)")


def _applied_paths(text: str) -> dict[str, int]:
    """Each path given to a `kubectl`/`oc` apply, create or replace with `-f`, and where it is
    last given: one pass over the text (reviewer R118: a search per written file was quadratic)."""
    last: dict[str, int] = {}
    for m in _APPLY_VERB.finditer(text):
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        comment = text.find("#", m.end(), line_end)
        for f in _FILE_ARG.finditer(text, m.end(), line_end):
            if comment >= 0 and f.start() >= comment:
                break
            last[f.group(2)] = f.start()
    return last


def applied_manifests(text: str) -> list[tuple[int, int, str]]:
    """(start, end, operator) in the text of each here-document body a `kubectl`/`oc` apply,
    create or replace reads as `-f -` on the line that opens it (a comment line opens none); the
    operator as written (`<<EOF`, `<<-'EOF'`) says whether the shell expands the body and strips
    its leading tabs."""
    if "-f" not in text or "<<" not in text or ("kubectl" not in text and "oc " not in text):
        return []
    opened: list[tuple[int, re.Match[str]]] = []  # (the opening line's end, its here-document operator)
    for m in _APPLY.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        if text[line_start:m.start()].lstrip().startswith("#"):
            continue
        doc = HEREDOC.search(text, line_start, line_end)
        if doc is not None:
            opened.append((line_end, doc))
    opened += [(end, doc) for _, end, doc in _written_then_applied(text)]
    out: list[tuple[int, int, str]] = []
    for line_end, doc in sorted(opened, key=lambda o: o[0]):
        body = line_end + 1
        end = delimiter_line(text, body, doc.group(3), doc.group(1) == "-")
        if end is not None:
            out.append((body, end, doc.group()))
    return out
