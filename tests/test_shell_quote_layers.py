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
