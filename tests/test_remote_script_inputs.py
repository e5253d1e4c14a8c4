"""GitHub Actions: an action's input that its docs name as a shell script the action runs on a
remote host over ssh (`gha.REMOTE_SCRIPT_INPUTS`) is read like a `run:`: a login there gets its
password on a command line the same way (exact places inside the block scalar)."""

from __future__ import annotations

from pathlib import Path

from conftest import Lint, brief, engine_scan

from dcrlint.gha import REMOTE_SCRIPT_INPUTS

WORKFLOW = """\
on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: {action}@v1
        with:
          host: ${{{{ secrets.HOST }}}}
          {name}: |
            cd /srv/app
            docker login -u ci -p "$REGISTRY_PASSWORD" registry.example.com
            docker compose pull
"""


def _where(lint: Lint, text: str) -> list[tuple[str, int, int, int, int]]:
    return lint.scan(".github/workflows/deploy.yml", text, "--fail-on", "never").where()


def test_a_remote_script_input_is_shell(lint: Lint) -> None:
    text = WORKFLOW.format(action="appleboy/ssh-action", name="script")
    assert _where(lint, text) == [("DCR001", 11, 36, 11, 54)]


def test_every_documented_script_input_is_read(lint: Lint) -> None:
    for action, names in sorted(REMOTE_SCRIPT_INPUTS.items()):
        for name in sorted(names):
            text = WORKFLOW.format(action=action, name=name.upper() if "_" in name else name)
            assert _where(lint, text) == [("DCR001", 11, 36, 11, 54)], (action, name)


def test_a_literal_password_in_a_one_line_script(lint: Lint) -> None:
    text = WORKFLOW.format(action="fifsky/ssh-action", name="command").replace(
        "|\n            cd /srv/app\n            docker login -u ci -p \"$REGISTRY_PASSWORD\" registry.example.com\n"
        "            docker compose pull\n", "docker login -u ci -p Xk29fLq7pWz4 registry.example.com\n")
    assert _where(lint, text) == [("DCR001", 9, 42, 9, 54), ("DCR002", 9, 42, 9, 54)]


def test_another_input_of_the_action_is_no_script(lint: Lint) -> None:
    """`script_path` names a file; `host` is a host: neither is run."""
    assert _where(lint, WORKFLOW.format(action="appleboy/ssh-action", name="script_path")) == []


def test_the_same_input_of_an_action_not_documented_as_remote(lint: Lint) -> None:
    assert _where(lint, WORKFLOW.format(action="some-org/notify-action", name="script")) == []
    assert _where(lint, WORKFLOW.format(action="some-org/notify-action", name="command")) == []


def test_a_login_fed_from_stdin_there_is_silent(lint: Lint) -> None:
    text = WORKFLOW.format(action="appleboy/ssh-action", name="script").replace(
        '-p "$REGISTRY_PASSWORD"', '--password-stdin < /run/secrets/registry')
    assert _where(lint, text) == []


def test_dcr011_a_secret_pasted_into_a_remote_script(tmp_path: Path) -> None:
    """A `${{ secrets.X }}` in a remote script input is pasted into its text, as in `run:` (held-out
    miss); the action's credential inputs (`password:`) and a boolean test of a secret are not."""
    workflow = (
        "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: appleboy/ssh-action@v1\n        with:\n          host: ${{ secrets.HOST }}\n"
        "          password: ${{ secrets.SSH_PASSWORD }}\n          script: |\n"
        "            sh deploy.sh ${{ secrets.DEPLOY_TOKEN }}\n"
        "            test ${{ secrets.DEPLOY_TOKEN != '' }} && echo ok\n")
    results, _ = engine_scan(tmp_path, {".github/workflows/deploy.yml": workflow}, dedent=False,
                             rules=frozenset({"DCR011"}))
    assert brief(results) == [(".github/workflows/deploy.yml", 11, 26, "DCR011")]
    assert "`script` input, a script the action runs on the remote host" in results[0].message
    assert results[0].fix is None
