"""A container's command line run without a shell: a pod's container (`command`/`args`), a
Cloud Build step (`entrypoint`/`args`), a Drone step (`entrypoint`/`command`). The words are
given to a program as they are: when that program is a registry login tool, they are read as
one shell command line, each word quoted as needed and mapped to where it is written.

Which program runs: the entry point when one is written; else the first argument when it
names a login tool (an image with no entry point of its own runs its arguments); else the
program the image is named for (`docker:27`, a builder `.../docker`, `.../crane` run their
tool with the arguments as its own)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from yaml.nodes import Node, ScalarNode, SequenceNode

from .images import parse_image
from .logintools import PROGRAMS
from .records import lazy_dataclass
from .source import MappedText, MappedTextBuilder
from .yamlsrc import scalar_text

if TYPE_CHECKING:
    from .source import SourceFile

_SAFE_WORD = re.compile(r"[\w@%+=:,./-]+")
_REFERENCE_WORD = re.compile(r"\$?(\$(?:[A-Za-z_]\w*|\{[A-Za-z_]\w*\}))")


def words(node: Node | None) -> list[ScalarNode]:
    """The words of a list (a scalar is one word: Cloud Build's `entrypoint: docker`)."""
    if isinstance(node, ScalarNode):
        return [node] if node.value else []
    if isinstance(node, SequenceNode):
        return [n for n in node.value if isinstance(n, ScalarNode)]
    return []


def program_name(word: str) -> str:
    return word.rsplit("/", 1)[-1]


@lazy_dataclass(frozen=True)
class Argv:
    """A login tool's command line: the words as written, after the program an image runs
    (`program`, written nowhere but in the image's name at `program_at`) when it runs one."""

    words: tuple[ScalarNode, ...]
    program: str = ""
    program_at: ScalarNode | None = None

    def text(self, source: SourceFile) -> MappedText:
        b = MappedTextBuilder()
        end, started = 0, False
        if self.program and self.program_at is not None:
            end = scalar_text(self.program_at, source).offset(0)
            b.add_decoded(self.program, end)
            started = True
        for node in self.words:
            mt = scalar_text(node, source)
            start = mt.offset(0)
            if started:
                b.add_decoded(" ", end)
            started = True
            if (m := _REFERENCE_WORD.fullmatch(mt.text)) is not None:
                # A variable's reference no shell expands (the program gets the text `$NAME`):
                # written as the reference it is meant to be, no secret (a layer's `$$` left out).
                if m.start(1):  # `$$`: one `$`, standing for both
                    b.add_decoded("$", mt.offset(0), mt.offset(1) + 1)
                    b.copy(mt, 2, len(mt.text))
                else:
                    b.copy(mt, 0, len(mt.text))
                end = mt.end
                continue
            safe = bool(_SAFE_WORD.fullmatch(mt.text))
            if not safe:
                b.add_decoded("'", start)
            for i, ch in enumerate(mt.text):
                if ch == "'" and not safe:
                    b.add_decoded("'\\''", mt.offset(i))
                else:
                    b.copy(mt, i, i + 1)
            if not safe:
                b.add_decoded("'", mt.end)
            end = mt.end
        return b.build(end)


def image_program(image: str) -> str | None:
    """The login tool an image is named for (its last path component: `docker`, `crane`)."""
    ref = parse_image(image)
    name = ref.path.rsplit("/", 1)[-1] if ref is not None else ""
    return name if name in PROGRAMS else None


def login_argv(image: Node | None, entry: Node | None, args: Node | None) -> Argv | None:
    """The command line of a container that runs a registry login tool without a shell; None
    when it runs another program (a shell's `-c` script is read as a script elsewhere)."""
    entry_words, arg_words = words(entry), words(args)
    if entry_words:
        if program_name(entry_words[0].value) in PROGRAMS:
            return Argv((*entry_words, *arg_words))
        return None
    if not arg_words:
        return None
    if program_name(arg_words[0].value) in PROGRAMS:
        return Argv(tuple(arg_words))
    if not isinstance(image, ScalarNode) or (program := image_program(image.value)) is None:
        return None
    return Argv(tuple(arg_words), program, image)
