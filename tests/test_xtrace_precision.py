"""DCR003 on shell tracing in a script that logs in: not where the script's own `set +x` turns
tracing off before anything that may hold a credential is traced; everywhere else, as before."""

from __future__ import annotations

import pytest
from conftest import Lint

LOGIN = "printf '%s' \"$REGISTRY_PASSWORD\" | docker login -u ci --password-stdin dcr.example.com\n"


def _traced(lint: Lint, path: str, text: str) -> list[tuple[int, int, int, int]]:
    run = lint.scan(path, text, "--fail-on", "never", "--select", "DCR003")
    return [(h.line, h.column, h.end_line, h.end_column) for h in run.hits("DCR003")]


@pytest.mark.parametrize("text", [
    f"#!/bin/sh\nset -ex\nmake build\ndocker build -t app .\nset +x\n{LOGIN}",
    f"#!/bin/bash\nset -o xtrace\n./configure --prefix=/opt/app\nset +o xtrace\n{LOGIN}",
    f"#!/bin/bash -x\nset +x\n{LOGIN}",
    f"#!/bin/sh\nset -x\nmake build\nset +x\n{LOGIN}set -x\nmake push\n",  # on again after the login,
    # over nothing that expands its credential (test_trust_pipelines: tracing on too late)
    f"#!/bin/sh\nset -x\nmake build   # no secret here\nset +ex\n{LOGIN}",
])
def test_tracing_turned_off_before_the_login_is_not_reported(lint: Lint, text: str) -> None:
    assert _traced(lint, "release.sh", text) == []


def test_in_a_ci_script_the_items_between_count(lint: Lint) -> None:
    text = ("b:\n  script:\n    - set -x\n    - make build\n    - set +x\n"
            "    - echo \"$CI_REGISTRY_PASSWORD\" | docker login -u ci --password-stdin $CI_REGISTRY\n")
    assert _traced(lint, ".gitlab-ci.yml", text) == []
    assert _traced(lint, ".gitlab-ci.yml", text.replace("make build", "make build TAG=$CI_COMMIT_SHA")) == [
        (3, 7, 3, 13)]


@pytest.mark.parametrize(("text", "where"), [
    # the brief's real leak: printf's trace shows the password
    (f"#!/bin/sh\nset -x\n{LOGIN}", (2, 1, 2, 7)),
    (f"#!/bin/sh\nset -x\n{LOGIN}set +x\n", (2, 1, 2, 7)),  # off only after the login
    (f"#!/bin/sh\nset -x\nexport TAG=\"$CI_COMMIT_SHA\"\nset +x\n{LOGIN}", (2, 1, 2, 7)),  # an expansion traced
    (f"#!/bin/sh\nset -x\necho `date`\nset +x\n{LOGIN}", (2, 1, 2, 7)),
    (f"#!/bin/sh\nset -x\n. ./env.sh\nset +x\n{LOGIN}", (2, 1, 2, 7)),  # a sourced file runs traced
    (f"#!/bin/sh\nset -x\ntrue && . ./env.sh\nset +x\n{LOGIN}", (2, 1, 2, 7)),
    (f"#!/bin/sh\nset -x\neval make\nset +x\n{LOGIN}", (2, 1, 2, 7)),
    (f"#!/bin/sh\nlogin() {{\n  {LOGIN}}}\nset -x\nlogin\nset +x\n", (5, 1, 5, 7)),  # a function's body
    (f"#!/bin/sh\nset -x\nif true; then set +x; fi\n{LOGIN}", (2, 1, 2, 7)),  # off in a compound: not proven
    (f"#!/bin/sh\nsetup() {{ set -x; }}\nsetup\nset +x\n{LOGIN}", (2, 11, 2, 17)),  # on in a function
    (f"#!/bin/sh\nexport PS4='+ $(cat ~/.docker/config.json) '\nset -x\nmake\nset +x\n{LOGIN}", (3, 1, 3, 7)),
    (f"#!/bin/sh\ntrap 'echo \"$REGISTRY_PASSWORD\"' DEBUG\nset -x\nmake\nset +x\n{LOGIN}", (3, 1, 3, 7)),
    (f"#!/bin/sh\nset -x\nbash -c 'set +x'\n{LOGIN}", (2, 1, 2, 7)),  # another shell's set +x
])
def test_tracing_that_may_print_a_credential_is_reported(lint: Lint, text: str,
                                                         where: tuple[int, int, int, int]) -> None:
    assert _traced(lint, "release.sh", text) == [where]


def test_a_literal_password_traced_is_reported_and_never_shown(lint: Lint) -> None:
    text = "#!/bin/sh\nset -x\ndocker login -u ci -p Zq8-vellum-41 dcr.example.com\nset +x\n"
    run = lint.scan("release.sh", text, "--fail-on", "never")
    assert "Zq8-vellum-41" not in run.out
    assert ("DCR003", 2, 1, 2, 7) in run.where()
