"""Shell scripts: the whole file is one shell context."""

from __future__ import annotations

from typing import Any

from ..classify import script_dialect
from ..facts import IMAGE_REFS, SHELL_CONTEXTS, VALUES, Fact, ShellContext
from ..filevalues import line_values
from ..lazyre import lazy_compile
from ..scanned import ScannedFile
from ..source import MappedText, MappedTextBuilder
from .applied import image_refs
from .systemd import may_write_unit, written_units


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    text = file.source.text
    if file.path.lower().endswith(_HCL_TEMPLATES) and ("$$" in text or "%%" in text):
        script = _hcl_unescaped(text)
    else:
        script = MappedText.verbatim(text, 0)
    dialect = script_dialect(file.path)
    contexts = [ShellContext(script, dialect, ("script",))]
    if dialect == "sh" and may_write_unit(text):
        contexts.extend(written_units(script, ("script",)))  # (`cat > app.service <<EOF`: its commands)
    return contexts


# A script Terraform or Packer renders (`templatefile`): `$${` and `%%{` are its escapes for the
# shell's own `${` and `%{`, and `$$(` is written, as other template engines take it, for `$(`.
# The script is read as rendered (each character mapped to the file): `PW=$$(cmd)` read as it is
# is no shell, and its parse error took the next line's command with it.
_HCL_TEMPLATES = (".tftpl", ".pkrtpl", ".tpl")
_HCL_ESCAPE = lazy_compile(r"\$\$(?=[{(])|%%(?=\{)")


def _hcl_unescaped(text: str) -> MappedText:
    out = MappedTextBuilder()
    at = 0
    for m in _HCL_ESCAPE.finditer(text):
        out.add(text[at : m.start()], at)
        out.add_decoded(text[m.start()], m.start(), m.end())  # (the escape, both characters)
        at = m.end()
    out.add(text[at:], at)
    return out.build(len(text))


# (the manifests it applies from here-documents: `applied`, as any file's shell; its image
# references are theirs)
FACTS: dict[Fact[Any], Any] = {SHELL_CONTEXTS: shell_contexts, VALUES: line_values, IMAGE_REFS: image_refs}
# A shell parse keeps its problems in the script (Script.errors): nothing to notify
# (`inert.no_notes`). Not exported as NOTES yet (a kind needs NOTES to have its gates asked): DCR003's
# gate misses `con"fig".json` (tests/test_spellings.py).
