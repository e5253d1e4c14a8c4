"""Where each kind of file keeps its shell: one extractor per file kind."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

from ..classify import FileKind

if TYPE_CHECKING:
    from ..scanned import ScannedFile, ShellContext

# Modules are imported on first use: a scan of one shell script never loads the YAML side.
_EXTRACTORS: dict[FileKind, str] = {
    FileKind.SHELL: "shellfile",
    FileKind.DOCKERFILE: "dockerfile",
    FileKind.MAKEFILE: "makefile",
    FileKind.GITHUB_WORKFLOW: "github",
    FileKind.GITHUB_ACTION: "github",
    FileKind.GITLAB_CI: "gitlab",
    FileKind.JENKINSFILE: "jenkins",
    FileKind.KUBERNETES: "kubernetes",
    **dict.fromkeys((FileKind.AZURE_PIPELINES, FileKind.CIRCLECI, FileKind.BITBUCKET_PIPELINES, FileKind.DRONE,
                     FileKind.BUILDKITE, FileKind.TRAVIS, FileKind.CODEBUILD), "cisystem"),
}


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    """Every piece of shell the file runs, with exact positions."""
    name = _EXTRACTORS.get(file.kind)
    if name is None:
        return []
    module = import_module(f"{__name__}.{name}")
    extract: Callable[[ScannedFile], list[ShellContext]] = module.shell_contexts
    return extract(file)
