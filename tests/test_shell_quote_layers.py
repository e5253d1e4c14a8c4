"""A quoted `$` reference is a variable only where a layer before the shell expands it (guard
D11): make and a Jenkins GString do (99f02ec), a shell script, a Dockerfile RUN, a GitHub or
GitLab script do not, so `-p '$ADMIN2024'` there gives docker that text: a literal password
(DCR002). An outer shell that hands the text on expands it first (`ssh h "... '$P'"`,
`bash -c "..."`, `eval "..."`, an unquoted heredoc): a variable again."""

from __future__ import annotations

from typing import Any

import pytest

LOGIN = "docker login -u bot -p '$ADMIN2024' registry.example.org"


@pytest.mark.parametrize(("path", "text", "line", "column"), [
    ("push.sh", f"#!/bin/sh\n{LOGIN}\n", 2, 25),
    ("Dockerfile", f"FROM alpine\nRUN {LOGIN}\n", 2, 29),
    (".github/workflows/ci.yml",
     f"on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          {LOGIN}\n", 7, 35),
    (".gitlab-ci.yml", f"b:\n  script:\n    - {LOGIN}\n", 3, 31),
    # `\$` in a GitHub or GitLab script: neither expands `$` in a script (guard R3), the shell's escape
    (".github/workflows/ci.yml", "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n"
     "          docker login -u bot -p \\$ADMIN2024 registry.example.org\n", 7, 35),
    (".gitlab-ci.yml", "b:\n  script:\n    - docker login -u bot -p \\$ADMIN2024 registry.example.org\n", 3, 31),
    # the spellings a shell reads as the same login and the same quotes
    ("push.sh", "#!/bin/bash\ndocker lo\"gin\" -u bot -p '$ADMIN2024' registry.example.org\n", 2, 27),
    ("push.sh", "#!/bin/bash\ndocker login -u bot \\\n  -p '$ADMIN2024' registry.example.org\n", 3, 7),
    ("push.sh", "#!/bin/bash\ndocker login -u bot -p $'$ADMIN2024' registry.example.org\n", 2, 26),
    ("push.sh", "#!/bin/bash\ndocker login -u bot -p \\$ADMIN2024 registry.example.org\n", 2, 25),
    # an outer shell that leaves the `$` alone: single quotes, `\$` in double quotes, `<<'EOF'`
    ("push.sh", "#!/bin/bash\nbash -c 'docker login -u bot -p \"\\$ADMIN2024\" r.example.org'\n", 2, 35),
    ("push.sh", "#!/bin/bash\neval \"docker login -u bot -p '\\$ADMIN2024' r.example.org\"\n", 2, 32),
    ("push.sh", f"#!/bin/bash\nbash <<'EOF'\n{LOGIN}\nEOF\n", 3, 25),
])
def test_a_quoted_reference_nothing_expands_is_the_password(lint: Any, path: str, text: str, line: int,
                                                             column: int) -> None:
    run = lint.scan(path, text, "--fail-on", "never", "--select", "DCR002")
    assert run.starts() == [("DCR002", line, column)]
    assert "ADMIN2024" not in run.out


@pytest.mark.parametrize("feed", [
    "echo '$ADMIN2024' |",
    "printf '%s' '$ADMIN2024' |",
    "printf '$ADMIN2024' |",
    "sh -c \"echo '\\$ADMIN2024' | docker login -u bot --password-stdin r.example.org\" #",
])
def test_a_quoted_reference_piped_in_is_the_password(lint: Any, feed: str) -> None:
    run = lint.scan("push.sh", f"#!/bin/bash\n{feed} docker login -u bot --password-stdin r.example.org\n",
                    "--fail-on", "never", "--select", "DCR002")
    assert [r for r, *_ in run.starts()] == ["DCR002"]


@pytest.mark.parametrize("line", [
    # the outer shell expands `$REG_PASS` before the inner one sees its quotes
    "ssh deploy@host \"docker login -u bot -p '$REG_PASS' registry.example.org\"",
    "bash -c \"docker login -u bot -p '$REG_PASS' registry.example.org\"",
    "eval \"docker login -u bot -p '$REG_PASS' registry.example.org\"",
    "sh -c \"echo '$REG_PASS' | docker login -u bot --password-stdin registry.example.org\"",
    "bash <<EOF\ndocker login -u bot -p '$REG_PASS' registry.example.org\nEOF",
    # the shell's own expansion and GitHub's
    "docker login -u bot -p \"$REG_PASS\" registry.example.org",
    "echo \"$REG_PASS\" | docker login -u bot --password-stdin registry.example.org",
])
def test_an_expanded_reference_is_no_literal(lint: Any, line: str) -> None:
    run = lint.scan("push.sh", f"#!/bin/bash\n{line}\n", "--fail-on", "never", "--select", "DCR002")
    assert run.starts() == []


def test_layers_before_the_shell_keep_their_reading(lint: Any) -> None:
    """make and Groovy expand `'$(PASS)'` / `'${PASS}'` (test_trust_pipelines); a GitHub
    expression in quotes is GitHub's."""
    lint.write("Makefile", "push:\n\tdocker login -u bot -p '$(REG_PASS)' r.example.org\n")
    lint.write("Jenkinsfile", "node {\n  sh \"docker login -u bot -p '${RP}' r.example.org\"\n}\n")
    lint.write(".github/workflows/ci.yml", "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
               "      - run: docker login -u bot -p '${{ secrets.P }}' r.example.org\n")
    run = lint("--format", "json", "--fail-on", "never", "--select", "DCR001,DCR002", ".")
    assert sorted(r for r, *_ in run.starts()) == ["DCR001", "DCR001", "DCR001"]


# --- Guard R3: decided at each `$`, as the layer before the shell reads it there -----------------
# Groovy: a GString's `$name` / `${expr}` (and a `+` operand) is Groovy's; `\$` in any string
# (its DollarEscape, single-quoted strings too) and a single-quoted string's `$` reach the
# shell as `$`, whose quotes decide. make: `$$` is the shell's `$`, any other `$` make's.
# Kubernetes and Azure expand only `$(NAME)`; Drone, Buildkite `$NAME` / `${NAME}` unless escaped.
JENKINS_LITERAL = [
    "  sh \"docker login -u bot -p '\\$ADMIN2024' r.example.org\"\n",
    "  sh '''docker login -u bot -p '$ADMIN2024' r.example.org'''\n",
    "  sh \"docker login -u bot -p \\\\\\$ADMIN2024 r.example.org\"\n",
    "  sh 'docker login -u bot -p \\'$ADMIN2024\\' r.example.org'\n",
    "  sh \"\"\"docker login -u bot -p '\\$ADMIN2024' r.example.org\"\"\"\n",
    "  sh 'echo \\'$ADMIN2024\\' | docker login -u bot --password-stdin r.example.org'\n",
]
JENKINS_VARIABLE = [
    "  sh \"docker login -u bot -p \\$REG_PASS r.example.org\"\n",
    "  sh 'docker login -u bot -p \\$REG_PASS r.example.org'\n",
    "  sh \"docker login -u bot -p '${REG_PASS}' r.example.org\"\n",
    "  sh \"docker login -u bot -p '$REG_PASS' r.example.org\"\n",
    "  sh \"\"\"docker login -u bot -p '$REG_PASS' r.example.org\"\"\"\n",
    "  sh \"docker login -u bot -p '\" + env.REG_PASS + \"' r.example.org\"\n",
    "  sh \"echo '${REG_PASS}' | docker login -u bot --password-stdin r.example.org\"\n",
]


def test_a_jenkinsfile_decides_at_each_dollar(lint: Any) -> None:
    text = "node {\n" + "".join(JENKINS_LITERAL) + "".join(JENKINS_VARIABLE) + "}\n"
    run = lint.scan("Jenkinsfile", text, "--fail-on", "never", "--select", "DCR002")
    assert run.starts() == [("DCR002", 2, 31), ("DCR002", 3, 33), ("DCR002", 4, 32), ("DCR002", 5, 32),
                            ("DCR002", 6, 33), ("DCR002", 7, 14)]
    assert "ADMIN2024" not in run.out


def test_a_makefile_decides_at_each_dollar(lint: Any) -> None:
    text = ("push:\n"
            "\tdocker login -u bot -p \\$$ADMIN2024 r.example.org\n"
            "\tdocker login -u bot -p '$$ADMIN2024' r.example.org\n"
            "\techo '$${ADMIN2024}' | docker login -u bot --password-stdin r.example.org\n"
            # near misses: make's references, and the shell's own expansion
            "\tdocker login -u bot -p '$(REG_PASS)' r.example.org\n"
            "\tdocker login -u bot -p '${REG_PASS}' r.example.org\n"
            "\tdocker login -u bot -p $$REG_PASS r.example.org\n"
            "\tdocker login -u bot -p \"$$REG_PASS\" r.example.org\n"
            "\techo '$(REG_PASS)' | docker login -u bot --password-stdin r.example.org\n")
    run = lint.scan("Makefile", text, "--fail-on", "never", "--select", "DCR002")
    assert run.starts() == [("DCR002", 2, 26), ("DCR002", 3, 26), ("DCR002", 4, 8)]


@pytest.mark.parametrize(("path", "head", "indent", "literal", "variable"), [
    ("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n"
     "      image: docker:cli\n      command: [\"sh\", \"-c\"]\n      args:\n        - |\n", 10, "'${ADMIN2024}'",
     "'$(REG_PASS)'"),
    ("azure-pipelines.yml", "trigger: none\npool:\n  vmImage: ubuntu-latest\nsteps:\n  - script: |\n", 6,
     "'$ADMIN2024'", "'$(REG_PASS)'"),
    (".drone.yml", "kind: pipeline\ntype: docker\nname: default\nsteps:\n  - name: push\n    image: docker:cli\n"
     "    commands:\n      - |\n", 8, "'$${ADMIN2024}'", "'${REG_PASS}'"),
    (".buildkite/pipeline.yml", "steps:\n  - label: push\n    command: |\n", 6, "'\\$ADMIN2024'", "'$REG_PASS'"),
    # Cloud Build substitutes `$_NAME`, `${_NAME}` (guard R18); `$$` is the shell's `$`
    ("cloudbuild.yaml", "steps:\n  - name: gcr.io/cloud-builders/docker\n    entrypoint: bash\n    args:\n"
     "      - -c\n      - |\n", 8, "'$$Adm1n2024c'", "'$_REG_PASS'"),
])
def test_a_template_layer_decides_at_each_dollar(lint: Any, path: str, head: str, indent: int, literal: str,
                                                  variable: str) -> None:
    lines = [f"{' ' * indent}docker login -u bot -p {pw} r.example.org\n" for pw in (literal, variable)]
    run = lint.scan(path, head + "".join(lines), "--fail-on", "never", "--select", "DCR002")
    assert run.starts() == [("DCR002", head.count("\n") + 1, indent + 25)]  # the password, after its quote
