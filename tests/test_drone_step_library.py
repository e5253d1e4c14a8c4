"""A library of Drone (Woodpecker) steps: top-level mappings each with an `image` and `commands`,
kept to be merged into pipelines (`<<: *publish`; Drone has no include). Each is a step wherever
the file is kept: its `commands` are read as a step's script. Other YAML with an `image` beside a
`command` (Compose) or `commands` in a list (Buildkite) is not such a library."""

from __future__ import annotations

from typing import Any

import pytest

from dcrlint.classify import FileKind, classify

LIBRARY = """\
# steps to copy into a pipeline
.image-publish: &image-publish
  name: image-publish
  image: docker:27
  environment:
    HUB_USER: ci-bot
  commands:
    - &publish-commands |
      docker build -t hub.example.org/team/web .
      docker login -u "$HUB_USER" -p "$HUB_TOKEN" hub.example.org
      docker push hub.example.org/team/web
"""


def test_a_step_library_is_read_as_drone_steps(lint: Any) -> None:
    assert classify("ci/steps/publish.yml", LIBRARY) is FileKind.DRONE
    run = lint.scan("ci/steps/publish.yml", LIBRARY, "--fail-on", "never")
    line = LIBRARY.splitlines()[9]
    assert run.starts() == [("DCR001", 10, line.index('$HUB_TOKEN') + 1)]


@pytest.mark.parametrize("head", [
    # Compose: a service's `command`, one word
    "web:\n  image: nginx:1\n  command: nginx -g 'daemon off;'\n",
    # Buildkite: steps in a list
    "steps:\n  - label: build\n    image: node:20\n    commands:\n      - make\n",
    # commands without an image beside them (a CodeBuild phase)
    "build:\n  commands:\n    - make\n",
])
def test_other_yaml_is_no_step_library(head: str) -> None:
    assert classify("ci/steps/x.yml", head) is not FileKind.DRONE
