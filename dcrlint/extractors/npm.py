"""`package.json`: the `scripts` npm, yarn, pnpm and bun run, each a command line given to the
shell (`sh -c` on POSIX systems; `npm run release` runs `prerelease`, `release`, `postrelease`),
with exact positions inside the JSON strings (escapes decoded: `\\"` is a quote), and every
string of the file for the rules that apply anywhere."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..facts import SHELL_CONTEXTS, VALUES, Fact, ShellContext

if TYPE_CHECKING:
    from ..dockerauth import JNode
    from ..filevalues import FileValue
    from ..scanned import ScannedFile


def _root(file: ScannedFile) -> JNode | None:
    from ..dockerauth import file_json

    return file.once("package.json", lambda f: file_json(f, "npm scripts"))


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    from ..dockerauth import JObject, JString
    from ..infra.packerjson import string_text

    root = _root(file)
    scripts = root.get("scripts") if isinstance(root, JObject) else None
    if not isinstance(scripts, JObject):
        return []
    return [ShellContext(string_text(value), "sh", ("scripts", key.value))
            for key, value in scripts.items if isinstance(value, JString) and value.value.strip()]


def values(file: ScannedFile) -> list[FileValue]:
    from ..filevalues import json_strings

    root = _root(file)
    return [] if root is None else list(json_strings(root))


def notes(file: ScannedFile) -> bool:
    """The parse is the model: its notification when the file is not JSON."""
    _root(file)
    return True


FACTS: dict[Fact[Any], Any] = {SHELL_CONTEXTS: shell_contexts, VALUES: values}
NOTES = notes
