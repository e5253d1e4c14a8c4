"""YAML whose aliases expand it many times over, in the places each YAML kind's model walks.

Each shape writes a few anchors and uses them many times: `wide` (one long list used many
times), `deep` (lists of lists, each level using the one below four times), `merge` (a
mapping merged into many mappings with `<<: *t`), `seq` (a sequence of aliases of one
mapping: steps, jobs, containers), `text` (one long scalar used in many places), `nest`
(lists nested hundreds deep, used a few dozen times: few nodes, each far down its path).
`uses` sets how far each expands; `pad` adds written nodes (not aliased) so that the
expansion stays under any test comparing it with the nodes written alone (P5: 60,000
distinct nodes expanded to 1.08 M). `shape(kind, name, ...)` gives (relative path, text) for the kinds of `KINDS`.
"""

from __future__ import annotations

from collections.abc import Callable

KINDS = ("github", "gitlab", "azure", "kubernetes", "helm")
SHAPES = ("wide", "deep", "merge", "seq", "text")  # and "nest", which takes its depth as `width`
LOGIN = "docker login -u ci -p $REGISTRY_PASSWORD registry.example.com"


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def _pad(n: int) -> str:
    return f"x-pad: {_flow(['p'] * n)}\n" if n else ""


# Where a kind's model reads a list of commands, a mapping of variables and a list of its
# units (steps, jobs, containers): `{a}` is the anchor part, `{u}` the alias uses.
def _github(cmds: str, env: str, units: str) -> tuple[str, str]:
    return ".github/workflows/ci.yml", (
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n"
        f"    env: {env}\n    steps: {units}\n")


def _gitlab(cmds: str, env: str, units: str) -> tuple[str, str]:
    return ".gitlab-ci.yml", f"variables: {env}\nbuild:\n  script: {cmds}\nunits: {units}\n"


def _azure(cmds: str, env: str, units: str) -> tuple[str, str]:
    return "azure-pipelines.yml", f"trigger: [main]\nvariables: {env}\nsteps: {units}\n"


def _kubernetes(cmds: str, env: str, units: str) -> tuple[str, str]:
    return "k8s/deploy.yaml", (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n"
        f"    spec:\n      containers: {units}\n")


def _helm(cmds: str, env: str, units: str) -> tuple[str, str]:
    return "chart/values.yaml", f"env: {env}\ncommands: {cmds}\nsidecars: {units}\n"


_PLACES: dict[str, Callable[[str, str, str], tuple[str, str]]] = {
    "github": _github, "gitlab": _gitlab, "azure": _azure, "kubernetes": _kubernetes, "helm": _helm}
# A unit of each kind: a step, a job (GitLab's units are jobs at the top: see `_gitlab_units`),
# a container; `{cmd}` is a command or list of commands, `{env}` a mapping of variables.
_UNIT = {
    "github": "{{name: s, run: {cmd}, env: {env}}}",
    "gitlab": "{{script: {cmd}, variables: {env}}}",
    "azure": "{{script: {cmd}, env: {env}}}",
    "kubernetes": "{{name: c, image: alpine, command: {cmd}, env: {env}}}",
    "helm": "{{name: c, image: alpine, command: {cmd}, env: {env}}}",
}


def _env(kind: str, n: int) -> str:
    if kind == "kubernetes":
        return _flow([f"{{name: V{i}, value: v{i}}}" for i in range(n)])
    return "{" + ", ".join(f"V{i}: v{i}" for i in range(n)) + "}"


def shape(kind: str, name: str, uses: int, pad: int = 0, width: int = 1000) -> tuple[str, str]:
    """(path, text) of shape `name` for `kind`: about `uses` x `width` nodes once expanded."""
    unit = _UNIT[kind]
    place = _PLACES[kind]
    cmd = _flow([f"echo {i}" for i in range(width)])
    if name == "wide":  # one list of `width` commands, used `uses` times
        anchored = unit.format(cmd="&c " + cmd, env="{}")
        units = _flow([anchored] + [unit.format(cmd="*c", env="{}")] * uses)
        path, text = place(_flow([LOGIN]), "{}", units)
    elif name == "deep":  # two levels of lists, each using the one below 4 times; the top used
        lists = ["&l0 " + cmd, "&l1 " + _flow(["*l0"] * 4), "&l2 " + _flow(["*l1"] * 4)]
        top = max(1, (uses - 20) // 16)  # the levels add 4 + 16 widths, each use of the top 16
        units = _flow([unit.format(cmd=f"[{lst}]", env="{}") for lst in lists]
                      + [unit.format(cmd="*l2", env="{}")] * top)
        path, text = place(_flow([LOGIN]), "{}", units)
    elif name == "nest":  # lists nested `width` deep, used `uses` times: few nodes, long paths
        nested = "&n " + "[" * width + "x" + "]" * width
        units = _flow([unit.format(cmd=nested, env="{}")] + [unit.format(cmd="*n", env="{}")] * uses)
        path, text = place(_flow([LOGIN]), "{}", units)
    elif name == "merge":  # a mapping of `width` variables merged into `uses` mappings
        env = _env("gitlab", width // 2)  # a key and a value each
        if kind == "kubernetes":  # merge keys in the containers themselves
            anchored = "{name: c, image: alpine, x-vars: &t " + _env("gitlab", width // 2) + "}"
            units = _flow([anchored] + ["{<<: *t, name: c, image: alpine}"] * uses)
            path, text = place(_flow([LOGIN]), "{}", units)
        else:
            anchored = unit.format(cmd=_flow([LOGIN]), env="&t " + env)
            units = _flow([anchored] + [unit.format(cmd=_flow([LOGIN]), env="{<<: *t, X: y}")] * uses)
            path, text = place(_flow([LOGIN]), "{}", units)
    elif name == "seq":  # one unit (with `width` variables), then `uses` aliases of it
        anchored = "&u " + unit.format(cmd=_flow([LOGIN]), env=_env(kind, width // (5 if kind == "kubernetes" else 2)))
        path, text = place(_flow([LOGIN]), "{}", _flow([anchored] + ["*u"] * uses))
    elif name == "text":  # one command `width` x 100 characters long, run in `uses` places
        script = '"' + "; ".join([LOGIN] + [f"echo {i:094d}" for i in range(width)]) + '"'
        anchored = unit.format(cmd="&s " + script, env="{}")
        units = _flow([anchored] + [unit.format(cmd="*s", env="{}")] * uses)
        path, text = place(_flow([LOGIN]), "{}", units)
    else:
        raise ValueError(name)
    if kind == "gitlab":
        text = _gitlab_units(text)
    return path, text + _pad(pad)


def _gitlab_units(text: str) -> str:
    """GitLab's units are jobs: the `units` list becomes the value of a hidden key that the
    jobs alias (`.units: &units [...]`, `jobs: {j: {script: *units}}`) would not model; so
    each unit of the list becomes a job of its own instead, keeping anchors before aliases."""
    head, _, units = text.partition("units: ")
    items = _split_flow(units.strip())
    return head + "".join(f"j{i}: {item}\n" for i, item in enumerate(items))


def _split_flow(flow: str) -> list[str]:
    """The top-level items of a flow sequence written by this module (no quotes hold `,[]{}`
    but the `text` shape's one scalar, which holds no bracket)."""
    assert flow.startswith("[") and flow.endswith("]")
    items, depth, start, quoted = [], 0, 1, False
    for i, c in enumerate(flow[1:-1], 1):
        if c == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
        elif c == "," and depth == 0:
            items.append(flow[start:i].strip())
            start = i + 1
    items.append(flow[start:-1].strip())
    return items
