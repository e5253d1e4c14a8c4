"""GitLab CI: DCR010 literal secrets in `variables:` (global and job, after includes, `extends`,
anchors and `!reference`), DCR014 logins left on shell-executor runners."""

from __future__ import annotations

import re
from collections.abc import Iterator

from yaml.nodes import ScalarNode, SequenceNode

from ..classify import FileKind
from ..findings import Finding
from ..scanned import ScannedFile
from ..source import Span
from ..yamlsrc import scalar_text
from . import FileCheck
from .github import literal_spans, secret_name

_GITLAB = frozenset({FileKind.GITLAB_CI})
_STR_TAG = "tag:yaml.org,2002:str"


def check_variables(file: ScannedFile) -> Iterator[Finding]:
    """DCR010: a secret-named variable with a literal value, reported where the literal is written."""
    from ..gitlabci import gitlab_config  # imported on first use: most scans have no GitLab file

    cfg = gitlab_config(file)
    if cfg is None:
        return
    seen: set[int] = set()
    holders: list[tuple[str, object]] = [("", cfg.top)]
    holders += [(name, cfg.job(name)) for name in cfg.job_names]
    for job, holder in holders:
        if not isinstance(holder, dict):
            continue
        for name, node in cfg.variables(holder.get("variables")):
            if id(node) in seen or not cfg.is_local(node) or not secret_name(file, name):
                continue
            seen.add(id(node))
            where = f"job `{job}`" if job else "the global `variables:`"
            for span, written in literal_spans(file, node):
                yield Finding("DCR010",
                              f"variable `{name}` in {where} is assigned a literal secret; "
                              "use a masked and protected CI/CD variable instead",
                              file.path, span, (job, "variables", name) if job else ("variables", name),
                              secret=written)


def _tags(holder: object) -> list[str]:
    tags = holder.get("tags") if isinstance(holder, dict) else None
    if isinstance(tags, SequenceNode):
        return [t.value for t in tags.value if isinstance(t, ScalarNode)]
    return []


_LOGOUT = re.compile(r"\blogout\b|\brm\b[^\n]*\.docker")


def check_persisted_logins(file: ScannedFile) -> Iterator[Finding]:
    """DCR014: a login in a job that runs on a shell executor (tags from the configuration)
    whose `after_script` does not log out."""
    from ..shell.logins import find_logins

    shell_tags = {t.lower() for t in file.settings.shell_executor_tags}
    from ..gitlabci import gitlab_config

    cfg = gitlab_config(file)
    if cfg is None or not shell_tags:
        return
    by_start = {ctx.text.offset(0): script for ctx, script in file.shell_scripts if ctx.text.text}
    default = cfg.top.get("default")
    for name in cfg.job_names:
        job = cfg.job(name)
        if name.startswith(".") or not isinstance(job, dict):
            continue
        tags = _tags(job) or _tags(default)
        if not shell_tags.intersection(t.lower() for t in tags):
            continue
        after = job.get("after_script")
        if after is None and isinstance(default, dict):
            after = default.get("after_script")
        if _LOGOUT.search("\n".join(n.value for n in cfg.script_items(after))):
            continue
        for key in ("before_script", "script"):
            value = job.get(key)
            if value is None and key == "before_script" and isinstance(default, dict):
                value = default.get(key)
            items = [n for n in cfg.script_items(value) if cfg.is_local(n)]
            script = by_start.get(scalar_text(items[0], file.source).offset(0)) if items else None
            if script is None:
                continue
            for login in find_logins(script):
                words = login.command.words
                if words[0].text.rsplit("/", 1)[-1] == "kubectl":
                    continue  # creates a cluster Secret, stores nothing on the runner
                last = next((k for k, w in enumerate(words[:5]) if w.text == "login"), 0)
                yield Finding("DCR014",
                              f"`{login.tool}` login in job `{name}` on a shell-executor runner is not "
                              "logged out; add the logout to `after_script`",
                              file.path, Span(words[0].span.start, words[last].span.end), (name, key))


CHECKS = (
    FileCheck(rules=("DCR010",), run=check_variables, kinds=_GITLAB),
    FileCheck(rules=("DCR014",), run=check_persisted_logins, kinds=_GITLAB),
)
