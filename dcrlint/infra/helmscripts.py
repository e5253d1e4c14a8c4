"""Shell scripts that install charts: the values files their `helm upgrade|install|template`
commands give (`-f`, `--values`) are Helm values whatever their names (read before the scan, as
a kustomization's generator files are: `prepare._named_kinds`). Loads no YAML reader."""

from __future__ import annotations

import os
import posixpath
import re
from typing import TYPE_CHECKING

from ..classify import FileKind

if TYPE_CHECKING:
    from ..discover import Target


# A helm command that installs or renders a release, and the values files it is given (`-f X`,
# `--values X`, `--values=X`, `-f=X`), on one line (a `\`-newline joins lines first).
_HELM_RELEASE = re.compile(r"\bhelm(?:3)?\s+(?:upgrade|install|template)\b[^\n;&|]*")
_VALUES_OPTION = re.compile(r"""(?:^|\s)(?:-f|--values)(?:=|\s+)(["']?)([^\s"';&|]+)\1""")
_READ_LIMIT = 262144


def values_named_by(target: Target, reads: list[str] | None = None) -> dict[str, str]:
    """The YAML files a shell script's `helm upgrade|install|template` commands give as values
    files (`-f objstore.yaml`): Helm values, whatever their names say (held-out 18b HM2). A path is
    read from the script's folder and from the scan's root (where scripts are run from); one
    written with a variable or a glob is none."""
    from ..reading import Unreadable, read_bytes

    try:
        text = read_bytes(target.abspath, _READ_LIMIT).decode("utf-8", "replace")
    except Unreadable:
        return {}
    if "helm" not in text or ("-f" not in text and "--values" not in text):
        return {}
    text = text.replace("\\\n", " ")
    folder = posixpath.dirname(target.rel)
    out: dict[str, str] = {}
    for command in _HELM_RELEASE.finditer(text):
        for m in _VALUES_OPTION.finditer(command.group(0)):
            path = m.group(2)
            if any(c in path for c in "$*?{}[]`") or os.path.isabs(path) or "://" in path \
                    or not path.lower().endswith((".yaml", ".yml")):
                continue
            for base in dict.fromkeys((folder, "")):
                rel = posixpath.normpath(posixpath.join(base, path))
                if not rel.startswith("../"):
                    out[rel] = FileKind.HELM_VALUES.value
    return out
