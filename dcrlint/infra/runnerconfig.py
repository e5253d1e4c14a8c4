"""A GitLab Runner's `config.toml` (`/etc/gitlab-runner/config.toml`, committed in infrastructure
repositories, roles and chart values): every string with its key path, for the secret detectors
(the runner `token`, the cache's `AccessKey`/`SecretKey`, `url`) and DCR030 (`environment =
["DOCKER_AUTH_CONFIG={...}"]`, which the runner hands to the jobs it pulls images for)."""

from __future__ import annotations

import re
from functools import partial
from typing import TYPE_CHECKING

from ..filevalues import FileValue
from ..lazyre import lazy_compile
from .tomltext import Path, TomlError, file_strings, toml_strings

if TYPE_CHECKING:
    from ..scanned import ScannedFile
    from ..source import MappedText

# A runner configuration in a value (the gitlab-runner chart's `runners.config`, a ConfigMap's
# `config.toml`): its runners' array of tables, or the `[runners.*]` tables of a template the
# chart puts under its own `[[runners]]`.
_RUNNERS = lazy_compile(r"""^[ \t]*\[\[?[ \t]*(?:runners|"runners"|'runners')[ \t]*[].]""", re.M)


def values(file: ScannedFile, what: str = "GitLab Runner config") -> list[FileValue]:
    """The config's strings (VALUES); a notification when it is not TOML (`what` names it)."""
    return [_value(path, text) for path, text in file_strings(file, what)]


def embedded(value: str, text: MappedText) -> list[FileValue]:
    """The strings of a runner configuration written as a value, `text` (the value mapped to the
    file); none when it is not one, or not TOML (a chart's template actions outside strings)."""
    if "runners" not in value or _RUNNERS.search(value) is None:
        return []
    try:
        strings = toml_strings(text)
    except TomlError:
        return []  # (a value is not a config file: not notified)
    return [_value(path, mapped) for path, mapped in strings]


def _value(path: Path, text: MappedText) -> FileValue:
    """A string named by its key; an array's item by the array's key, at its index."""
    if path[-1].isdigit():
        key = next((k for k in reversed(path) if not k.isdigit()), None)
        return FileValue(text.text, partial(_same, text), key, path)
    return FileValue(text.text, partial(_same, text), path[-1], path[:-1])


def _same(text: MappedText) -> MappedText:
    return text
