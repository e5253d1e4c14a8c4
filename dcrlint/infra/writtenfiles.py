"""Files a provisioning tool writes from content given inline (cloud-init's `write_files`,
Ansible's `copy:` with `content:`, Butane's `storage.files`), read as the files they become: a
systemd or Quadlet unit's commands, and a shell script (by its name or its shebang) with the
units it writes in turn, which a machine runs at boot or when the unit starts; an env file's
settings (by its name), which the machine's services read."""

from __future__ import annotations

from ..classify import FileKind, classify_path, shell_shebang
from ..extractors.systemd import may_write_unit, unit_script, written_units
from ..facts import NO_SHELL, Setting, ShellContext
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


def settings(path: str, content: MappedText, place: tuple[str, ...], tool: str) -> list[Setting]:
    """The settings of the env file written at `path` (`.env`, `registry.env`) with `content`,
    as a committed env file's (mapped to the scanned file), told as written by `tool`."""
    if classify_path(path.rstrip().rsplit("/", 1)[-1]) is not FileKind.ENV_FILE:
        return []
    from .envfile import text_settings

    where = f"env file {path.strip()} written by {tool}"
    return [Setting(s.name, s.shown, mapped_through(s.value, content), (*place, *s.place), where, _ENV_ADVICE)
            for s in text_settings(content.text, where, _ENV_ADVICE)]


_ENV_ADVICE = ("write the value at provisioning time from a secret store (a vault lookup, the cloud's secret "
               "manager), not into the file that writes the env file")
