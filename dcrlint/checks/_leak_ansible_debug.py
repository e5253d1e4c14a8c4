"""DCR003 in Ansible: a `debug` task printing a secret variable (`msg: "{{ registry_password }}"`,
`var: registry_token`) writes it to the play's output, the job log, as `echo "$TOKEN"` does.
`no_log: true` (`infra.ansible.debug_prints`) keeps it out."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..lazyre import lazy_compile
from ..scanned import ScannedFile
from ..secretnames import is_secret_name

# A variable, its attributes or quoted keys (`registry.password`, `creds['token']`), and filters
# that leave its value readable (`b64encode`, `default(...)`, `trim`): what the template prints is
# the secret. Any other filter, test or operator (`| length`, `is defined`, `| password_hash`)
# prints something else, and is not read.
_PATH = r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[[ \t]*['\"][\w.-]+['\"][ \t]*\])*"
_PASSING = (r"(?:\|[ \t]*(?:d|default|b64(?:en|de)code|string|trim|upper|lower|quote|to_json|to_nice_json|"
            r"urlencode)(?:\([^()]*\))?[ \t]*)*")
_PRINTED = lazy_compile(r"\{\{-?[ \t]*(" + _PATH + r")[ \t]*" + _PASSING + r"-?\}\}")
_VAR = lazy_compile(_PATH)
_FREE_VAR = lazy_compile(r"(?:^|[ \t])var=(" + _PATH + r")(?=[ \t]|$)")
# The name the value is kept under: the last attribute or key (`registry.password`: `password`).
_LAST = lazy_compile(r"([\w-]+)['\"]?[ \t]*\]?$")


def check_debug_tasks(file: ScannedFile) -> Iterator[Finding]:
    from ..infra.ansible import debug_prints

    pattern = file.settings.secret_names
    for key, field, mt in debug_prints(file):
        text = mt.text
        if field == "var":
            found = [m] if (m := _VAR.fullmatch(text)) is not None else []
        else:
            found = [*_PRINTED.finditer(text), *(_FREE_VAR.finditer(text) if "var=" in text else ())]
        for m in found:
            path = m.group(m.lastindex or 0)
            if is_secret_name(_LAST.search(path).group(1), pattern):  # type: ignore[union-attr]
                yield Finding("DCR003", f"`{key}` prints secret `{path}` to the play's output, the job log; "
                              "remove it, or set `no_log: true` on the task", file.path,
                              mt.span(*m.span(m.lastindex or 0)), ("task", key, field))
                break  # (one finding a message)


def may_debug(file: ScannedFile) -> bool:
    """The gate: the module's name is in the text."""
    return "debug" in file.source.text
