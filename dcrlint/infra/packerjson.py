"""Packer's legacy JSON templates (`*.json` with `builders`, before HCL2): the model of an HCL
template (`infra.terraform`) written as JSON, read with the JSON parser that keeps offsets
(`dockerauth.parse_json`), positions exact to the character (escapes decoded and mapped).

Read: `variables` defaults (settings, DCR023), each builder's own arguments (Packer's resource,
as an HCL `source` block's: `ssh_password`, settings), each provisioner's environment (settings)
and `inline` commands (a script), the docker builder (`"type": "docker"`) and
the `docker-push` post-processor, whose `login_password` logs in (a login, DCR002), wherever the
post-processor sits (`post-processors` items, or a chain: a list in that list), and every
string (VALUES). `{{user `x`}}` and `{{env `X`}}` are Packer's templates: no literal.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from ..dockerauth import string_value
from ..facts import RegistryCredential, Setting, ShellContext
from ..filevalues import FileValue
from ..source import MappedText, MappedTextBuilder
from .terraform import TerraformFacts, joined_lines

if TYPE_CHECKING:
    from ..dockerauth import JNode, JObject, JString
    from ..scanned import ScannedFile

_LOGIN_TYPES = ("docker", "docker-push")  # the builder pulls with it, the post-processor pushes
_ADVICE = "read it from a variable marked sensitive, or a secret store data source"
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def string_text(s: JString) -> MappedText:
    """The decoded string mapped to the file: each escape (`\\u0061`, `\\n`) stands for its
    whole spelling."""
    raw, at = s.raw, s.span.start
    if "\\" not in raw:
        return MappedText.verbatim(raw, at)
    b = MappedTextBuilder()
    i = 0
    while i < len(raw):
        if raw[i] != "\\" or i + 1 >= len(raw):
            b.add(raw[i], at + i)
            i += 1
            continue
        n = 6 if raw[i + 1] == "u" else 2
        b.add_decoded(_ESCAPES.get(raw[i + 1], "") or chr(int(raw[i + 2 : i + 6], 16)), at + i, at + i + n)
        i += n
    return b.build(at + len(raw))


class _Reader:
    def __init__(self) -> None:
        self.out = TerraformFacts()

    def read(self, root: JNode) -> TerraformFacts:
        from ..dockerauth import JArray, JObject, JString

        if not isinstance(root, JObject):
            return self.out
        variables = root.get("variables")
        if isinstance(variables, JObject):
            for key, value in variables.items:
                if isinstance(value, JString):
                    self.out.settings.append(Setting(key.value, key.value, string_text(value), ("variables", key.value),
                                                     f"Packer variable {key.value} default", _ADVICE))
        builders = root.get("builders")
        for i, builder in enumerate(builders.items if isinstance(builders, JArray) else ()):
            if isinstance(builder, JObject):
                self._login(builder, ("builders", str(i)), "builder")
                self._arguments(builder, ("builders", str(i)))
        steps = root.get("post-processors")
        for i, step in enumerate(steps.items if isinstance(steps, JArray) else ()):
            chain = step.items if isinstance(step, JArray) else (step,)  # a chain: one list item
            for j, one in enumerate(chain):
                if isinstance(one, JObject):
                    self._login(one, ("post-processors", str(i), str(j)), "post-processor")
        steps = root.get("provisioners")
        for i, step in enumerate(steps.items if isinstance(steps, JArray) else ()):
            if isinstance(step, JObject):
                self._provisioner(step, ("provisioners", str(i)))
        self._values(root)
        return self.out

    def _provisioner(self, step: JObject, place: tuple[str, ...]) -> None:
        """A provisioner's environment (`environment_vars: ["NAME=value"]`, `env: {NAME: value}`):
        settings, as an HCL template's (`infra.terraform._Reader._provisioner`); its `inline`
        commands, one line each, as the script its shell runs."""
        from ..dockerauth import JArray, JObject, JString
        from .terraform import PROVISIONER_DIALECTS

        kind = string_value(step.get("type")) or ""
        where = f"Packer provisioner {kind} environment".replace("  ", " ")
        listed = step.get("environment_vars")
        for item in listed.items if isinstance(listed, JArray) else ():
            text = string_text(item) if isinstance(item, JString) else None
            name, eq, _ = text.text.partition("=") if text is not None else ("", "", "")
            if text is not None and eq and name.strip():
                self.out.settings.append(Setting(name, name, text.slice(len(name) + 1, len(text.text)),
                                                 (*place, "environment_vars", name), where, _ADVICE))
        env = step.get("env")
        for key, value in env.items if isinstance(env, JObject) else ():
            if isinstance(value, JString):
                self.out.settings.append(Setting(key.value, key.value, string_text(value),
                                                 (*place, "env", key.value), where, _ADVICE))
        inline = step.get("inline")
        dialect = PROVISIONER_DIALECTS.get(kind)
        lines = [string_text(x) for x in inline.items if isinstance(x, JString)] if isinstance(inline, JArray) else []
        if dialect is not None and lines:
            self.out.boot_scripts.append(partial(_script, lines, (*place, "inline"), dialect))

    def _login(self, block: JObject, place: tuple[str, ...], what: str) -> None:
        from ..dockerauth import JString

        kind = string_value(block.get("type"))
        pw = block.get("login_password")
        if kind not in _LOGIN_TYPES or not isinstance(pw, JString):
            return
        name = string_value(block.get("name")) or kind
        self.out.credentials.append(RegistryCredential(
            string_value(block.get("login_server")), string_value(block.get("login_username")), string_text(pw),
            (*place, "login_password"), f"Packer {what} {name}", "login"))

    def _arguments(self, builder: JObject, place: tuple[str, ...]) -> None:
        """A builder's own string arguments, as settings (a docker builder's `login_password` is
        reported as the login it is, `_login`: one finding a place)."""
        from ..dockerauth import JString

        name = string_value(builder.get("name")) or string_value(builder.get("type")) or place[-1]
        for key, value in builder.items:
            if isinstance(value, JString):
                self.out.settings.append(Setting(key.value, key.value, string_text(value), (*place, key.value),
                                                 f"Packer builder {name}", _ADVICE))

    def _values(self, root: JNode) -> None:
        from ..dockerauth import keyed_strings

        for node, key in keyed_strings(root):
            self.out.values.append(FileValue(node.value, partial(string_text, node), key))


def _script(lines: list[MappedText], place: tuple[str, ...], dialect: str) -> list[ShellContext]:
    return [ShellContext(joined_lines(lines), dialect, place)]


def read(file: ScannedFile) -> TerraformFacts:
    """The template's model; a template that is not JSON gets a notification and nothing."""
    from ..dockerauth import file_json

    root = file_json(file, "Packer")
    return TerraformFacts() if root is None else _Reader().read(root)
