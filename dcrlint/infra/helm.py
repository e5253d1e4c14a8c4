"""Helm chart values (`values.yaml`, `values-*.yaml`): a literal secret there is the chart's
default, shipped to every installation that does not override it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..facts import Setting
from ..yamlsrc import scalar_text
from .literals import scalar_pairs, words

if TYPE_CHECKING:
    from ..scanned import ScannedFile
    from ..source import MappedText

ADVICE = ("every installation that does not override it gets this value (default to empty and read "
          "an existing Secret)")
# A values file with no Chart.yaml beside it is an install's override (`helm install -f`): its
# values are what is deployed, not a chart's defaults.
OVERRIDE_ADVICE = ("this values file is what the release is installed with (no Chart.yaml beside it); read the "
                   "secret from an existing Secret or pass it at install time")
# A chart's test values (chart-testing's `ci/*-values.yaml`, the chart one folder up): each is
# what a test install of the chart is given, not a release's override.
TEST_ADVICE = ("these are the chart's test values (its `ci/` folder: chart-testing installs the chart with "
               "them); give the test install a value made at test time or read an existing Secret")

# A block scalar that is a list of `name`/`value` entries: a container's env, which the chart's
# template renders with `tpl` or `fromYaml` (`extraEnv: |` then `- name: X`).
_ENV_LIST = re.compile(r"\s*- name:[ \t]")
# The last word of a key whose block scalar is a configuration file (`dex.config`, `config.yaml`).
_CONFIG_WORDS = frozenset(("config", "configuration", "yaml", "yml"))


def settings(file: ScannedFile) -> list[Setting]:
    out = []
    advice: str | None = None  # told on the first pair (most values files have none)
    for i, doc in enumerate(file.yaml_documents):
        for pair in scalar_pairs(doc):
            advice = advice or _advice(file.source.abspath)
            text = scalar_text(pair.value, file.source)
            out.append(Setting(pair.name, ".".join(pair.path), text, (str(i), *pair.path), "Helm values", advice))
            if pair.value.style == "|" and (_holds_config(pair.path) or _ENV_LIST.match(text.text)):
                out.extend(_embedded(text, (str(i), *pair.path), ".".join(pair.path), advice))
    return out


def _holds_config(path: tuple[str, ...]) -> bool:
    """A key named for a configuration file (`dex.config`, `config.yaml`), an entry of a map
    named for configuration scripts (a Jenkins chart's `JCasC.configScripts.<name>`), or a
    chart's values written as YAML in a string: an Argo CD source's `helm.values` (a chart that
    templates Applications takes them so), a k3s HelmChart's `valuesContent`."""
    parts = words(path[-1])
    if parts and parts[-1] in _CONFIG_WORDS:
        return True
    if path[-1] == "valuesContent" or (path[-1] == "values" and len(path) > 1 and path[-2] == "helm"):
        return True
    return len(path) > 1 and words(path[-2])[:1] == ["config"] and words(path[-2])[-1:] in (["scripts"], ["files"])


def _advice(abspath: str) -> str:
    """The chart's defaults' advice, a chart's test values' (in its `ci/` folder), or an install's
    override's (no Chart.yaml beside the file)."""
    import os

    from ..depends import watch

    if not abspath:
        return ADVICE
    folder = os.path.dirname(abspath)
    chart = os.path.join(folder, "Chart.yaml")
    watch(chart)  # (a cached result holds while this stays as it was)
    if os.path.isfile(chart):
        return ADVICE
    if os.path.basename(folder) == "ci":
        above = os.path.join(os.path.dirname(folder), "Chart.yaml")
        watch(above)
        if os.path.isfile(above):
            return TEST_ADVICE
    return OVERRIDE_ADVICE


def _embedded(text: MappedText, place: tuple[str, ...], shown: str, advice: str) -> list[Setting]:
    """The settings of a YAML configuration a value holds as a literal block (Argo CD's
    `dex.config: |`, an app's `config.yaml: |`, an env list), each mapped to its line in the
    file. A block that is no YAML mapping or list (a script, another format) gives none."""
    import yaml
    from yaml.nodes import MappingNode, SequenceNode

    from ..source import SourceFile, mapped_through
    from ..yamlsrc import YamlError, compose_text

    if not re.search(r"^[ \t]*[\w.\"'-]+[ \t]*:(?:[ \t]|$)", text.text, re.M):
        return []  # (no `key:` line: no mapping)
    try:
        docs = compose_text(text.text)
    except (yaml.YAMLError, YamlError, RecursionError, ValueError):
        return []
    source = SourceFile("config", text.text)
    out = []
    for i, doc in enumerate(docs):
        if not isinstance(doc, (MappingNode, SequenceNode)):
            continue
        for pair in scalar_pairs(doc):
            value = mapped_through(scalar_text(pair.value, source), text)
            out.append(Setting(pair.name, f"{shown}: {'.'.join(pair.path)}", value, (*place, str(i), *pair.path),
                               "Helm values", advice))
    return out

