"""The commands `bash -c`, `sh -c`, `ssh HOST '...'`, `eval "..."` and `bash <<EOF` run write
where the command running them writes: `ssh h 'echo $P' > /dev/null` or `bash -c "echo $P" |
docker login --password-stdin` shows nothing in the log (DCR003 silent); `ssh h "echo $P"`
alone, `>&2` inside, or a pipe into `tee` (which shows what it reads) still does."""

from __future__ import annotations

from typing import Any

import pytest

P = "$REGISTRY_PASSWORD"


@pytest.mark.parametrize("line", [
    f"ssh deploy@host 'echo {P}' > /dev/null",
    f"ssh -p 2222 deploy@host -- echo \"{P}\" >> remote.log",
    f"bash -c \"echo {P}\" | docker login -u bot --password-stdin registry.example.org",
    f"sh -c 'printf %s \"{P}\"' | docker login -u bot --password-stdin registry.example.org",
    f"sudo bash -c 'echo {P}; echo done' | base64 > creds.b64",
    f"eval \"echo \\{P}\" > out.txt",
    f"eval 'echo {P}' | kubectl create secret generic reg --from-file=password=/dev/stdin",
    f"bash -c 'echo {P}' |& cat > all.log",
    f"TOKEN=$(ssh deploy@host 'echo {P}')",
    f"ssh deploy@host \"bash -c 'echo {P}'\" > /dev/null",
    f"bash <<EOF | docker login -u bot --password-stdin registry.example.org\necho \\{P}\nEOF",
    f"bash <<'EOF' > /dev/null\necho {P}\nEOF",
])
def test_what_the_outer_command_sends_away_is_not_shown(lint: Any, line: str) -> None:
    run = lint.scan("deploy.sh", f"#!/bin/bash\n{line}\n", "--fail-on", "never", "--select", "DCR003")
    assert run.starts() == []


@pytest.mark.parametrize(("line", "column"), [
    (f"ssh deploy@host \"echo {P}\"", 18),
    (f"ssh deploy@host 'echo {P}'", 18),
    (f"bash -c \"echo {P}\"", 10),
    (f"eval \"echo \\{P}\"", 7),
    (f"sh -c 'echo {P} >&2' > /dev/null", 8),
    (f"bash -c \"echo {P}\" | tee out.txt", 10),
    (f"ssh deploy@host 'echo {P}' 2> /dev/null", 18),
    (f"ssh deploy@host 'echo {P}' | sudo tee -a out.txt", 18),
    (f"bash -c 'echo {P}' && echo done > f", 10),
])
def test_what_the_outer_command_shows_is_still_reported(lint: Any, line: str, column: int) -> None:
    run = lint.scan("deploy.sh", f"#!/bin/bash\n{line}\n", "--fail-on", "never", "--select", "DCR003")
    assert run.starts() == [("DCR003", 2, column)]


def test_a_heredoc_run_by_bash_shows_what_it_prints(lint: Any) -> None:
    run = lint.scan("deploy.sh", f"#!/bin/bash\nbash <<'EOF'\necho {P}\nEOF\n", "--fail-on", "never",
                    "--select", "DCR003")
    assert run.starts() == [("DCR003", 3, 1)]


def test_in_a_ci_script(lint: Any) -> None:
    text = ("on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n"
            f"          ssh deploy@host 'echo {P}' > /dev/null\n"
            f"          ssh deploy@host 'echo {P}'\n")
    run = lint.scan(".github/workflows/ci.yml", text, "--fail-on", "never", "--select", "DCR003")
    assert run.starts() == [("DCR003", 8, 28)]
