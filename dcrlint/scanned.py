"""One file as checks see it: its source, kind and facts, each computed once on first use."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .classify import FileKind
from .findings import Notification
from .source import MappedText, SourceFile

if TYPE_CHECKING:
    from .config import Settings
    from .shell.model import Script


@dataclass(frozen=True)
class ShellContext:
    """A piece of shell found in a file: a `run:` block, a `sh '...'` step, a RUN line."""

    text: MappedText
    dialect: str  # "sh" (POSIX/bash), "pwsh", "cmd"
    place: tuple[str, ...]  # structural place, e.g. ("jobs", "build", "steps", "2", "run")


class ScannedFile:
    def __init__(self, source: SourceFile, kind: FileKind, settings: Settings) -> None:
        self.source = source
        self.kind = kind
        self.settings = settings
        self.notifications: list[Notification] = []

    @property
    def path(self) -> str:
        return self.source.path

    def notify(self, message: str, line: int | None = None, level: str = "warning") -> None:
        self.notifications.append(Notification(self.path, message, line, level))

    @cached_property
    def yaml_documents(self) -> list[Any]:
        """Composed YAML documents (PyYAML nodes with marks); [] when not YAML or broken."""
        if not self.kind.is_yaml:
            return []
        from .yamlsrc import YamlError, compose

        try:
            return compose(self.source)
        except YamlError as e:
            self.notify(e.message, e.line)
            return []

    @cached_property
    def shell_contexts(self) -> list[ShellContext]:
        from .contexts import shell_contexts

        return shell_contexts(self)

    @cached_property
    def shell_scripts(self) -> list[tuple[ShellContext, Script]]:
        """Each shell context parsed once, for every rule that reads commands."""
        from .shell import parse_shell

        return [(ctx, parse_shell(ctx.text, ctx.dialect)) for ctx in self.shell_contexts]
