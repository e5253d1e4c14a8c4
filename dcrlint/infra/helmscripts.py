"""Files that install charts: the values files the `helm upgrade|install|template` commands of a
file that runs shell (a script, a Makefile, a CI configuration) give (`-f`, `--values`) are Helm
values whatever their names (read before the scan, as a kustomization's generator files are:
`prepare._named_kinds`). Loads no YAML reader."""

from __future__ import annotations

import os
import posixpath
import re
from typing import TYPE_CHECKING

from ..classify import FileKind, classify_path
from ..reading import Unreadable, read_bytes

if TYPE_CHECKING:
    from ..discover import Target


# The kinds, told by a path, of files that run shell: where a chart is installed from.
_RUNS_SHELL = frozenset({
    FileKind.SHELL, FileKind.MAKEFILE, FileKind.DOCKERFILE, FileKind.JENKINSFILE, FileKind.GITHUB_WORKFLOW,
    FileKind.GITHUB_ACTION, FileKind.GITLAB_CI, FileKind.AZURE_PIPELINES, FileKind.CIRCLECI,
    FileKind.BITBUCKET_PIPELINES, FileKind.DRONE, FileKind.BUILDKITE, FileKind.TRAVIS, FileKind.CODEBUILD,
    FileKind.CLOUD_BUILD})


def may_install_charts(rel: str) -> bool:
    """A file whose path says it runs shell, or one with no suffix (a script known by its shebang,
    a justfile): its helm commands are read."""
    kind = classify_path(rel)
    return kind in _RUNS_SHELL or (kind is None and "." not in rel[rel.rfind("/") + 1:])


# A helm command that installs or renders a release (also through the helm-secrets and helm-diff
# plugins), and the values files it is given (`-f X`, `--values X`, `--values=X`, `-f=X`), on one
# line (a `\`-newline joins lines first). Led by `helm`, the word boundary before it looked
# behind: `re` skips from one `helm` to the next (led by `\b`, it tried every character).
_HELM_RELEASE = re.compile(r"helm(?<!\whelm)(?:3)?\s+(?:(?:secrets|diff)\s+)?(?:upgrade|install|template)\b[^\n;&|]*")
_VALUES_OPTION = re.compile(r"""(?:^|\s)(?:-f|--values)(?:=|\s+)(["']?)([^\s"';&|]+)\1""")
_READ_LIMIT = 262144


def values_named_by(target: Target, reads: list[str] | None = None) -> dict[str, str]:
    """The YAML files the `helm upgrade|install|template` commands of a file that runs shell give
    as values files (`-f objstore.yaml`): Helm values, whatever their names say (held-out 18b
    HM2). A path is read from the file's folder and from the scan's root (where scripts and CI jobs
    run from); one written with a variable or a glob is none."""
    try:
        data = read_bytes(target.abspath, _READ_LIMIT)
    except Unreadable:
        return {}
    # (the bytes asked first: most files name no chart; an ASCII word is in the text decoded
    # with replacements exactly where it is in its bytes)
    if b"helm" not in data or (b"-f" not in data and b"--values" not in data):
        return {}
    text = data.decode("utf-8", "replace").replace("\\\n", " ")
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
