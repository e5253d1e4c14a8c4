"""Files a provisioning tool writes from content given inline (cloud-init's `write_files`,
Ansible's `copy:` with `content:`), read as the files they become: a systemd or Quadlet unit's
commands, and a shell script (by its name or its shebang) with the units it writes in turn. A
machine runs them at boot or when the unit starts, as it would the same files committed."""

from __future__ import annotations

from ..classify import shell_shebang
from ..extractors.systemd import may_write_unit, unit_script, written_units
from ..facts import NO_SHELL, ShellContext
from ..lazyre import lazy_compile
from ..source import MappedText, mapped_through

# A unit by its name (a template's `.j2` after it), or by the section its text opens with.
_UNIT_NAME = (".service", ".container", ".image")
_UNIT_START = lazy_compile(r"\s*\[(?:Unit|Service|Container|Image)\]")
_SCRIPT_NAME = (".sh", ".bash")


def _name(path: str) -> str:
    name = path.rstrip().rsplit("/", 1)[-1].lower()
    return name[:-3] if name.endswith(".j2") else name


def shell_contexts(path: str, content: MappedText, place: tuple[str, ...]) -> list[ShellContext]:
    """The commands of the file written at `path` with `content` (mapped to the scanned file)."""
    name, text = _name(path), content.text
    if name.endswith(_UNIT_NAME) or _UNIT_START.match(text):
        unit = unit_script(text, 0, len(text))
        return [ShellContext(mapped_through(unit, content), "sh", (*place, NO_SHELL))] if unit is not None else []
    if not (name.endswith(_SCRIPT_NAME) or shell_shebang(text)):
        return []
    out = [ShellContext(content, "sh", place)]
    return out + written_units(content, place) if may_write_unit(text) else out
