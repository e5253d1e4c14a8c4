"""One file as checks see it: its source, kind and facts, each computed once on first use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from .classify import FileKind
from .findings import Notification
from .source import MappedText, SourceFile
from .values import secret_reference

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
        from .yamlsrc import TEMPLATE_UNREADABLE, YamlError, compose

        try:
            return compose(self.source)
        except YamlError as e:
            # A template that is not YAML even masked is still read as text (known secret
            # formats, URLs); the scan reports all of them in one note (lint.fold_template_notes).
            level = "note" if e.message.startswith(TEMPLATE_UNREADABLE) else "warning"
            self.notify(e.message, e.line, level)
            return []

    @cached_property
    def shell_contexts(self) -> list[ShellContext]:
        from .contexts import shell_contexts

        return shell_contexts(self)

    @cached_property
    def shell_scripts(self) -> list[tuple[ShellContext, Script]]:
        """Each shell context parsed once, for every rule that reads commands. A context with
        nothing any rule reads (no login, kubectl, or printing of a secret-named value) is not
        parsed: most scripts of a monorepo are such, and parsing is the costly step."""
        from .shell import Script, parse_shell
        from .shell.model import PRINTING_COMMANDS

        printers = _words(PRINTING_COMMANDS)
        names = self.settings.secret_names
        out = []
        for ctx in self.shell_contexts:
            text = ctx.text.text
            if _READ_BY_RULES.search(text) or (printers.search(text) and secret_reference(text, names)):
                out.append((ctx, parse_shell(ctx.text, ctx.dialect)))
            else:
                out.append((ctx, Script((), (), ctx.dialect)))
        return out


# What shell rules look for: registry logins and logouts, kubectl (DCR001-DCR003, the Kubernetes index),
# and commands that print (DCR003), which matter only beside a secret reference or docker config.
_READ_BY_RULES = re.compile(r"log(in|out)|docker-registry|kubectl|\.docker/config\.json|dockercfg")


@lru_cache(maxsize=2)
def _words(words: frozenset[str]) -> re.Pattern[str]:
    return re.compile(r"(?i)\b(" + "|".join(sorted(map(re.escape, words))) + r")\b")
