"""One file as checks see it: its source, kind and facts, each extracted once on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from .classify import FileKind
from .extractors import extract
from .facts import SHELL_CONTEXTS, SHELL_SCRIPTS, YAML_DOCUMENTS, CommandFilter, Fact, ShellContext
from .findings import Notification
from .source import SourceFile
from .values import Classifier

if TYPE_CHECKING:
    from collections.abc import Callable

    from .config import Settings
    from .shell.model import Script

T = TypeVar("T")

__all__ = ["ScannedFile", "ShellContext"]


class ScannedFile:
    """`commands` are the command filters of the checks that will run on the file: a shell
    context is parsed only when one of them holds on its text. None: every check's filter."""

    def __init__(self, source: SourceFile, kind: FileKind, settings: Settings,
                 commands: tuple[CommandFilter, ...] | None = None) -> None:
        self.source = source
        self.kind = kind
        self.settings = settings
        self.notifications: list[Notification] = []
        self.commands = commands
        self._facts: dict[Fact[Any], Any] = {}
        # What helpers several checks share computes once per file (by the helper's name): the
        # text with its escapes decoded, for the checks' whole-text tests (checks/_spellings).
        self.memo: dict[str, Any] = {}
        self.classifier = Classifier(settings.placeholders, settings.secret_names)

    @property
    def path(self) -> str:
        return self.source.path

    def notify(self, message: str, line: int | None = None, level: str = "warning") -> None:
        self.notifications.append(Notification(self.path, message, line, level))

    def get(self, fact: Fact[T]) -> T:
        """The fact for this file, extracted on first use by the extractor of its kind."""
        try:
            value: T = self._facts[fact]
        except KeyError:
            value = self._facts[fact] = extract(self, fact)
        return value

    def once(self, key: str, compute: Callable[[ScannedFile], T]) -> T:
        """`compute(self)`, worked out once per file under `key` (a test several checks ask)."""
        try:
            value: T = self.memo[key]
        except KeyError:
            value = self.memo[key] = compute(self)
        return value

    def extracted(self, fact: Fact[Any]) -> bool:
        """Whether the fact was extracted (its notifications given)."""
        return fact in self._facts

    @property
    def yaml_documents(self) -> list[Any]:
        """Composed YAML documents (PyYAML nodes with marks); [] when not YAML or broken."""
        return self.get(YAML_DOCUMENTS)

    @property
    def shell_contexts(self) -> list[ShellContext]:
        return self.get(SHELL_CONTEXTS)

    @property
    def shell_scripts(self) -> list[tuple[ShellContext, Script]]:
        """Each shell context parsed once, for every check that reads commands; a context none
        of them reads (see `commands`) is left unparsed (an empty script)."""
        return self.get(SHELL_SCRIPTS)
