"""Shell in GitLab CI: `before_script`, `script` and `after_script` of `default:` and of every
job (hidden ones too), after anchors, `extends` and `!reference`; one context per key, its
lines joined as the runner runs them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from yaml.nodes import ScalarNode, SequenceNode

from ..facts import GITLAB_CONFIG, SHELL_CONTEXTS, Fact, ShellContext
from ..gitlabci import SCRIPT_KEYS, build_gitlab_config, gitlab_config, joined_script
from . import yaml

if TYPE_CHECKING:
    from ..gitlabci import Tree
    from ..scanned import ScannedFile


def _windows(job: Tree | None) -> bool:
    tags = job.get("tags") if isinstance(job, dict) else None
    if isinstance(tags, SequenceNode):
        return any(isinstance(t, ScalarNode) and "windows" in t.value.lower() for t in tags.value)
    return False


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    cfg = gitlab_config(file)
    if cfg is None:
        return []
    out: list[ShellContext] = []
    seen: set[tuple[int, ...]] = set()
    default = cfg.top.get("default")
    holders: list[tuple[str, Tree | None]] = [("default", default if isinstance(default, dict) else None),
                                               ("", cfg.top)]
    holders += [(name, cfg.job(name)) for name in cfg.job_names]
    default_windows = _windows(default)
    for name, holder in holders:
        if not isinstance(holder, dict):
            continue
        keys = ("before_script", "after_script") if name in ("", "default") else SCRIPT_KEYS
        dialect = "pwsh" if (_windows(holder) or default_windows) else "sh"
        for key in keys:
            items = [n for n in cfg.script_items(holder.get(key)) if cfg.is_local(n)]
            ident = tuple(id(n) for n in items)
            if not items or ident in seen:
                continue
            seen.add(ident)
            place = (name, key) if name else (key,)
            out.append(ShellContext(joined_script(items, file.source), dialect, place))
    return out


FACTS: dict[Fact[Any], Any] = {**yaml.FACTS, SHELL_CONTEXTS: shell_contexts, GITLAB_CONFIG: build_gitlab_config}
