"""GitHub Actions: run: shell contexts, DCR010, DCR002 (login action inputs), DCR011 with its fix,
DCR013 and DCR014, asserting rule, line and column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import scanned, write

from dcrlint.classify import FileKind
from dcrlint.rulesmeta import builtin_rules

WF = ".github/workflows/ci.yml"


# --- shell contexts -------------------------------------------------------------------------


def test_run_contexts_map_to_file_positions_and_shells() -> None:
    text = (
        "on: push\n"
        "defaults:\n  run:\n    shell: pwsh\n"
        "jobs:\n"
        "  a:\n"
        "    runs-on: ubuntu-latest\n"
        "    defaults:\n      run:\n        shell: bash -e {0}\n"
        "    steps:\n"
        "      - run: |\n"
        "          echo one\n"
        "          docker login -u x\n"
        "      - run: \"echo \\\"q\\\"\"\n"
        "        shell: cmd\n"
        "  b:\n"
        "    runs-on: windows-latest\n"
        "    steps:\n"
        "      - run: echo hi\n"
        "      - run: print(1)\n"
        "        shell: python\n"
    )
    f = scanned(text, WF)
    ctxs = f.shell_contexts
    assert [c.dialect for c in ctxs] == ["sh", "cmd", "pwsh", "python"]
    first = ctxs[0]
    assert first.place == ("jobs", "a", "steps", "0", "run")
    at = first.text.text.index("docker")
    assert f.source.position(first.text.offset(at)) == (14, 11)
    assert ctxs[1].text.text == 'echo "q"'
    assert f.source.position(ctxs[1].text.offset(5)) == (15, 20)  # the escaped quote's backslash


def test_windows_default_shell_is_pwsh_without_defaults() -> None:
    text = "on: push\njobs:\n  b:\n    runs-on: [windows-2022]\n    steps:\n      - run: dir\n"
    assert [c.dialect for c in scanned(text, WF).shell_contexts] == ["pwsh"]


def test_composite_action_steps() -> None:
    text = (
        "name: x\nruns:\n  using: composite\n  steps:\n"
        "    - run: docker login -u u -p \"$P\" r.example.com\n      shell: bash\n"
    )
    ctxs = scanned(text, (WF, FileKind.GITHUB_ACTION)).shell_contexts
    assert len(ctxs) == 1 and ctxs[0].place == ("runs", "steps", "0", "run")


def test_login_in_block_scalar_found_at_exact_position(lint: Any, tmp_path: Path) -> None:
    text = (
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: |\n          set -e\n          docker login -u ci \\\n            -p \"$DCR_PASSWORD\" r.example.com\n"
    )
    assert lint.scan(WF, text, "--select", "DCR001").starts() == [("DCR001", 9, 17)]


# --- DCR010 / DCR002 ------------------------------------------------------------------------

LITERALS = """\
on: push
env:
  DCR_PASSWORD: v8Lr2NcQe5Ts
  DCR_TOKEN: ${{ secrets.DCR_TOKEN }}
  API_KEY: changeme
  RETRIES: 3
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      DB_PASS: "Qz7-wq9Lm2"
    container:
      image: dcr.example.com/app
      credentials:
        username: ci
        password: Hk4-Tt8Rn1
    services:
      cache:
        image: dcr.example.com/cache
        credentials:
          username: ci
          password: ${{ secrets.CACHE_PASSWORD }}
    steps:
      - uses: docker/login-action@v3
        with:
          registry: dcr.example.com
          username: ci
          password: Bn5-Yu2Wq8
      - uses: example/deploy@v1
        with:
          api-key: 'Mx3-Lp9Vc4'
          token: Rr6-Ee1Pp0
          secret-files: |
            ID=./secret.txt
        env:
          STEP_SECRET: Jj2-Kk3Ll4
          SECRET_NAMES: A_TOKEN,B_TOKEN
          TOKEN_TITLE: Deploy Token Usage
"""


def test_literal_secrets(lint: Any, tmp_path: Path) -> None:
    got = lint.scan(WF, LITERALS, "--select", "DCR010,DCR002").starts()
    assert got == [
        ("DCR002", 28, 21),
        ("DCR002", 32, 18),
        ("DCR010", 3, 17),
        ("DCR010", 11, 17),
        ("DCR010", 16, 19),
        ("DCR010", 31, 21),
        ("DCR010", 36, 24),
    ]


def test_literal_secret_is_never_printed_and_is_masked(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, WF, LITERALS)
    run = lint("--select", "DCR010,DCR002", ".")
    for secret in ("v8Lr2NcQe5Ts", "Qz7-wq9Lm2", "Hk4-Tt8Rn1", "Bn5-Yu2Wq8", "Mx3-Lp9Vc4"):
        assert secret not in run.out and secret not in run.err


def test_login_action_literal_is_dcr002_only(lint: Any, tmp_path: Path) -> None:
    text = (
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: docker/login-action@v3\n        with:\n          username: ci\n"
        "          password: Bn5-Yu2Wq8\n"
    )
    assert lint.scan(WF, text, "--select", "DCR010,DCR002,DCR051").starts() == [("DCR002", 9, 21)]


def test_anchored_value_reported_once_and_input_defaults(lint: Any, tmp_path: Path) -> None:
    text = (
        "on:\n  workflow_call:\n    inputs:\n      registry-token:\n        type: string\n"
        "        default: Gq3-Zx8Vb1\n"
        "jobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n      A_PASSWORD: &pw Tt4-Yy5Uu6\n"
        "    steps:\n      - run: make\n        env:\n          B_PASSWORD: *pw\n"
    )
    assert lint.scan(WF, text, "--select", "DCR010").starts() == [("DCR010", 6, 18), ("DCR010", 11, 23)]


def test_action_inputs_default(lint: Any, tmp_path: Path) -> None:
    text = "name: x\ninputs:\n  password:\n    default: Gq3-Zx8Vb1\nruns:\n  using: composite\n  steps: []\n"
    assert lint.scan("action.yml", text, "--select", "DCR010").starts() == [("DCR010", 4, 14)]


# --- DCR011 ---------------------------------------------------------------------------------


def test_guidance_example_is_dcr011_note_only(lint: Any, tmp_path: Path) -> None:
    text = (
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        '      - run: echo "${{ secrets.DCR_PASSWORD }}" | docker login dcr.example.com -u ci --password-stdin\n'
    )
    assert lint.scan(WF, text).starts() == [("DCR011", 6, 20)]


def _apply(text: str, fix: dict[str, Any]) -> str:
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)

    def off(p: dict[str, int]) -> int:
        return starts[p["line"] - 1] + p["column"] - 1

    edits = sorted(fix["edits"], key=lambda e: off(e["start"]), reverse=True)
    for e in edits:
        text = text[: off(e["start"])] + e["text"] + text[off(e["end"]) :]
    return text


@pytest.mark.parametrize(
    ("step", "fixed"),
    [
        (
            '      - run: echo "${{ secrets.DCR_PASSWORD }}" | docker login r -u ci --password-stdin\n',
            '      - run: echo "${DCR_PASSWORD}" | docker login r -u ci --password-stdin\n'
            "        env:\n          DCR_PASSWORD: ${{ secrets.DCR_PASSWORD }}\n",
        ),
        (
            "      - name: call\n        env:\n            OTHER: x\n        run: |\n"
            "          curl -H 'Authorization: ${{ secrets.API_TOKEN }}' https://x\n",
            "      - name: call\n        env:\n            OTHER: x\n            API_TOKEN: ${{ secrets.API_TOKEN }}\n"
            "        run: |\n          curl -H 'Authorization: '\"$API_TOKEN\"'' https://x\n",
        ),
        (
            "      - run: deploy --token ${{ secrets.T }} '${{ secrets.T }}'\n        env: {A: b}\n",
            "      - run: deploy --token \"$T\" '${{ secrets.T }}'\n        env: {A: b, T: '${{ secrets.T }}'}\n",
        ),
        (
            "      - shell: pwsh\n        run: \"Write-Host ${{ secrets.T }}\"\n",
            "      - shell: pwsh\n        run: \"Write-Host $env:T\"\n        env:\n          T: ${{ secrets.T }}\n",
        ),
    ],
)
def test_dcr011_fix(lint: Any, tmp_path: Path, step: str, fixed: str) -> None:
    head = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
    results = lint.scan(WF, head + step, "--select", "DCR011").results("DCR011")
    assert results and results[0].get("fix")
    out = _apply(head + step, results[0]["fix"])
    assert out == head + fixed
    import yaml

    yaml.safe_load(out)


def test_dcr011_fix_whole_single_quoted_expression(lint: Any, tmp_path: Path) -> None:
    head = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
    step = "      - run: |\n          login -p '${{ secrets.P }}'\n"
    results = lint.scan(WF, head + step, "--select", "DCR011").results("DCR011")
    out = _apply(head + step, results[0]["fix"])
    assert out == head + "      - run: |\n          login -p \"$P\"\n        env:\n          P: ${{ secrets.P }}\n"


def test_dcr011_fix_whole_single_quoted_expression_in_a_plain_scalar(lint: Any, tmp_path: Path) -> None:
    """A plain `run:` is plain whichever YAML loader reads it (libyaml says style "", PyYAML None)."""
    head = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
    step = "      - run: login -p '${{ secrets.P }}'\n"
    results = lint.scan(WF, head + step, "--select", "DCR011").results("DCR011")
    out = _apply(head + step, results[0]["fix"])
    assert out == head + "      - run: login -p \"$P\"\n        env:\n          P: ${{ secrets.P }}\n"


def test_dcr011_not_for_other_expressions(lint: Any, tmp_path: Path) -> None:
    text = (
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.sha }} $DCR_PASSWORD\n        env:\n"
        "          DCR_PASSWORD: ${{ secrets.DCR_PASSWORD }}\n"
    )
    assert lint.scan(WF, text, "--select", "DCR011").starts() == []


def test_dcr011_reads_the_secrets_context_in_any_case_and_only_that_context(lint: Any, tmp_path: Path) -> None:
    """GitHub expressions ignore case (`SECRETS.X` reads a secret); `inputs.secrets` or
    `env.SECRETS` are properties of other contexts. The fix names the secret as written."""
    text = (
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ SECRETS.TOKEN_A }} ${{ Secrets['TOKEN_B'] }}\n"
        "      - run: echo ${{ inputs.secrets }} ${{ env.SECRETS }} ${{ github.event.secrets }}\n"
    )
    run = lint.scan(WF, text, "--select", "DCR011")
    assert run.starts() == [("DCR011", 6, 19), ("DCR011", 6, 42)]
    assert [r["message"].split("`")[1] for r in run.results("DCR011")] == ["TOKEN_A", "TOKEN_B"]


# --- DCR013 ---------------------------------------------------------------------------------


def test_overbroad_secrets(lint: Any, tmp_path: Path) -> None:
    text = (
        "on: push\njobs:\n  call:\n    uses: org/repo/.github/workflows/r.yml@v1\n    secrets: inherit\n"
        "  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n        env:\n"
        "          ALL: ${{ toJSON(secrets) }}\n"
        "  c:\n    uses: org/repo/.github/workflows/r.yml@v1\n    secrets:\n      T: ${{ secrets.T }}\n"
    )
    assert lint.scan(WF, text, "--select", "DCR013").starts() == [("DCR013", 5, 5), ("DCR013", 11, 16)]


def test_to_json_of_secrets_only_where_github_evaluates_it(lint: Any) -> None:
    """`toJSON(secrets)` is evaluated in `${{ }}` and in an `if:` (an expression without one);
    words about it (an input's description, a step's name, a script's text) hand nothing over."""
    text = (
        "on:\n  workflow_call:\n    inputs:\n      EXTRA:\n"
        "        description: \"secrets as JSON, from `toJSON(secrets)` or a few of them\"\n        type: string\n"
        "jobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - name: say toJSON(secrets) is not used\n        run: echo 'no toJSON(secrets) here'\n"
        "      - if: toJSON(secrets) != '{}'\n        run: make\n"
    )
    assert lint.scan(WF, text, "--select", "DCR013").starts() == [("DCR013", 13, 13)]


# --- DCR014 ---------------------------------------------------------------------------------

SELF_HOSTED = (
    "on: push\njobs:\n  a:\n    runs-on: [self-hosted, linux]\n    steps:\n"
    "      - run: echo \"$P\" | docker login dcr.example.com -u ci --password-stdin\n"
    "      - run: docker push dcr.example.com/app\n"
)


def test_self_hosted_login_without_logout(lint: Any, tmp_path: Path) -> None:
    assert lint.scan(WF, SELF_HOSTED, "--select", "DCR014").starts() == [("DCR014", 6, 26)]


@pytest.mark.parametrize(
    "tail",
    [
        "      - if: always()\n        run: docker logout dcr.example.com\n",
        "      - if: ${{ always() }}\n        run: rm -f ~/.docker/config.json\n",
    ],
)
def test_self_hosted_login_with_always_logout(lint: Any, tmp_path: Path, tail: str) -> None:
    assert lint.scan(WF, SELF_HOSTED + tail, "--select", "DCR014").starts() == []


def test_logout_that_does_not_always_run_or_other_registry(lint: Any, tmp_path: Path) -> None:
    for tail in ("      - run: docker logout dcr.example.com\n",
                 "      - if: always()\n        run: docker logout other.example.com\n"):
        assert lint.scan(WF, SELF_HOSTED + tail, "--select", "DCR014").starts() == [("DCR014", 6, 26)]


def test_hosted_runner_login_is_fine_but_logout_false_is_not(lint: Any, tmp_path: Path) -> None:
    hosted = SELF_HOSTED.replace("[self-hosted, linux]", "ubuntu-latest")
    assert lint.scan(WF, hosted, "--select", "DCR014").starts() == []
    text = (
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: docker/login-action@v3\n        with:\n          registry: dcr.example.com\n"
        "          password: ${{ secrets.P }}\n          logout: false\n"
    )
    assert lint.scan(WF, text, "--select", "DCR014").starts() == [("DCR014", 6, 15)]


def test_runs_on_group_labels_object(lint: Any, tmp_path: Path) -> None:
    text = SELF_HOSTED.replace("[self-hosted, linux]", "\n      group: ci\n      labels: [self-hosted]")
    assert lint.scan(WF, text, "--select", "DCR014").starts() == [("DCR014", 8, 26)]


# --- metadata examples ----------------------------------------------------------------------

_CONTEXT_PATHS = {"github-actions": WF, "gitlab-ci": ".gitlab-ci.yml"}


@pytest.mark.parametrize("rule_id", ["DCR010", "DCR011", "DCR013", "DCR014"])
def test_rule_examples(lint: Any, tmp_path: Path, rule_id: str) -> None:
    rule = builtin_rules()[rule_id]
    examples = [e for e in rule.examples if e.context in _CONTEXT_PATHS]
    assert examples
    for i, ex in enumerate(examples):
        for which, text, expect in (("bad", ex.bad, True), ("good", ex.good, False)):
            root = tmp_path / f"{i}-{which}"
            write(root, _CONTEXT_PATHS[ex.context], text)
            data = lint("--format", "json", f"{i}-{which}").json()
            found = any(f["rule"] == rule_id for f in data["findings"])
            assert found is expect, (rule_id, ex.context, which)


def test_registry_with_credentials_never_reaches_a_message(lint, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from conftest import write

    write(tmp_path, ".github/workflows/push.yml",
          "on: push\njobs:\n  push:\n    runs-on: self-hosted\n    steps:\n"
          "      - run: echo \"$P\" | docker login https://ci:Xq7Lm2Rv9Tz4@reg.example.com -u ci --password-stdin\n")
    r = lint("--format", "json")
    rules = {f["rule"] for f in r.json()["findings"]}
    assert {"DCR014", "DCR050"} <= rules
    assert "Xq7Lm2Rv9Tz4" not in r.out + r.err
