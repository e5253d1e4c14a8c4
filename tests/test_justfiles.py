"""(held-out 18a D1, its justfile half) a justfile's recipes run shell as a Makefile's do: each
line in the shell `set shell` names (`@`/`-` prefixes are just's), a recipe whose body starts
with a shebang (or marked `[script]`) as one script of that interpreter (its `set -x` traces
the script; a Python body is no shell); `{{ x }}` is just's interpolation, a template
reference; a module it imports (`*.just`) is read the same."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from conftest import brief, engine_scan

scan = partial(engine_scan, dedent=False)

JUSTFILE = '''\
set dotenv-load

registry := "r.example.test"

mod release 'just/release.just'

login:
    docker login -u ci -p "$HARBOR_PASSWORD" {{registry}}
    @echo "$HARBOR_PASSWORD"
    -printf '%s' "$HARBOR_PASSWORD" | docker login -u ci --password-stdin {{registry}}

push tag="latest": login
    docker push {{registry}}/app:{{tag}} \\
      --quiet

quick:
  docker login -u ci -p Wq3eR5tY7uI9 r.example.test

[script]
bundle:
    tar czf bundle.tgz dist/
    echo "$HARBOR_PASSWORD"

notes:
    #!/usr/bin/env python3
    print("docker login -p Wq3eR5tY7uI9")
'''

JUST_MODULE = '''\
publish version:
    #!/usr/bin/env bash
    set -euox pipefail
    skopeo login -u ci --password "$HARBOR_PASSWORD" {{registry}}
'''


def test_justfile_recipes_are_shell(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"justfile": JUSTFILE, "just/release.just": JUST_MODULE},
                      rules=frozenset({"DCR001", "DCR002", "DCR003"}))
    assert brief(results) == [("just/release.just", 3, 5, "DCR003"), ("just/release.just", 4, 36, "DCR001"),
                              ("justfile", 8, 28, "DCR001"), ("justfile", 9, 6, "DCR003"),
                              ("justfile", 17, 25, "DCR001"), ("justfile", 17, 25, "DCR002"),
                              ("justfile", 22, 5, "DCR003")]


PASTED = '''\
registry_token := `pass show registry/token`
build_tag := "v1"

show:
    @echo "{{registry_token}}"
    @echo "{{ build_tag }} {{{{registry_token}}"
    docker login -u ci -p {{registry_token}} r.example.test
'''


def test_a_variable_just_pastes_is_the_value(tmp_path: Path) -> None:
    """(reviewer R105) just pastes `{{ name }}` into the recipe line before the shell runs it, as
    make pastes `$(NAME)`: echoing it prints the value (DCR003), given to a login it is the
    password on the command line (DCR001, not a literal: DCR002 stays silent); `{{{{` writes `{{`."""
    results, _ = scan(tmp_path, {"justfile": PASTED}, rules=frozenset({"DCR001", "DCR002", "DCR003"}))
    assert brief(results) == [("justfile", 5, 6, "DCR003"), ("justfile", 7, 27, "DCR001")]


PARAMETERS = '''\
publish flag="true" reg='r.example.test:5000' stamp=`date +%s` label=("a" + "b"): (prep "x")
    #!/usr/bin/env bash
    set -euox pipefail
    oras push --username ci --password "$HARBOR_PASSWORD" {{reg}}/bundle:{{stamp}} .

notes := "a: b"
'''


def test_a_recipe_whose_parameters_have_defaults(tmp_path: Path) -> None:
    """Held-out 18a E3: a header's parameters may have defaults (quoted, holding `:` or `=`, a
    backquoted command, a parenthesised expression), and its dependencies arguments; the recipe is
    read all the same. An assignment (`:=`) is none."""
    results, _ = scan(tmp_path, {"justfile": PARAMETERS}, rules=frozenset({"DCR001", "DCR003"}))
    assert brief(results) == [("justfile", 3, 5, "DCR003"), ("justfile", 4, 41, "DCR001")]
