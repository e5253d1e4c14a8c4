"""DCR014 on GitHub: a login kept under the job's temporary folder is gone with the job (the
runner empties it before and after every job), the fix the rule's own help gives (reviewer R69)."""

from __future__ import annotations

from typing import Any

LOGIN = "printf '%s' \"$PW\" | {cmd} reg.example.org -u ci --password-stdin"


def _workflow(jobs: str) -> str:
    return f"on: push\njobs:\n{jobs}"


def _job(name: str, run: str, env: str = "", step_env: str = "") -> str:
    out = f"  {name}:\n    runs-on: [self-hosted, linux]\n"
    if env:
        out += f"    env:\n      {env}\n"
    out += "    steps:\n      - run: |\n" + "".join(f"          {line}\n" for line in run.splitlines())
    out += "        env:\n          PW: ${{ secrets.REG_PW }}\n"
    if step_env:
        out += f"          {step_env}\n"
    return out


def test_logins_into_the_job_temporary_folder_are_silent(lint: Any) -> None:
    jobs = "".join([
        _job("job-env", LOGIN.format(cmd="docker login"), env="DOCKER_CONFIG: ${{ runner.temp }}/docker"),
        _job("step-env", LOGIN.format(cmd="docker login"), step_env="DOCKER_CONFIG: ${{ runner.temp }}/d"),
        _job("exported", 'export DOCKER_CONFIG="$RUNNER_TEMP/docker"\n' + LOGIN.format(cmd="docker login")),
        _job("option", LOGIN.format(cmd='docker --config "$RUNNER_TEMP/dc" login')),
        _job("authfile", LOGIN.format(cmd="podman login --authfile ${RUNNER_TEMP}/auth.json")),
    ])
    run = lint.scan(".github/workflows/push.yml", _workflow(jobs), "--fail-on", "never", "--select", "DCR014")
    assert run.findings == []


def test_logins_kept_elsewhere_are_reported(lint: Any) -> None:
    jobs = "".join([
        _job("tmp", LOGIN.format(cmd="docker login"), env="DOCKER_CONFIG: /tmp/docker"),
        _job("home", LOGIN.format(cmd="docker --config /home/ci/.docker login")),
        # the job's folder named, then another one for the login
        _job("moved", 'export DOCKER_CONFIG="$RUNNER_TEMP/d"\nexport DOCKER_CONFIG=/srv/docker\n'
             + LOGIN.format(cmd="docker login")),
        # podman's auth file is not docker's config: DOCKER_CONFIG says nothing of it
        _job("other-tool", LOGIN.format(cmd="podman login"), env="DOCKER_CONFIG: ${{ runner.temp }}/d"),
    ])
    run = lint.scan(".github/workflows/push.yml", _workflow(jobs), "--fail-on", "never", "--select", "DCR014")
    assert [f["rule"] for f in run.findings] == ["DCR014"] * 4


def test_login_action_told_not_to_log_out_into_the_job_temporary_folder(lint: Any) -> None:
    step = ("      - uses: docker/login-action@v3\n        with:\n          registry: reg.example.org\n"
            "          username: ci\n          password: ${{ secrets.REG_PW }}\n          logout: false\n")
    text = ("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n      DOCKER_CONFIG: ${{ runner.temp }}/d\n"
            f"    steps:\n{step}  b:\n    runs-on: ubuntu-latest\n    steps:\n{step}")
    run = lint.scan(".github/workflows/push.yml", text, "--fail-on", "never", "--select", "DCR014")
    assert run.starts() == [("DCR014", 17, 15)]  # job b only


def test_logins_into_a_temporary_folder_the_script_removes_are_silent(lint: Any) -> None:
    login = LOGIN.format(cmd="docker login")
    jobs = "".join([
        _job("trapped", "export DOCKER_CONFIG=$(mktemp -d)\ntrap 'rm -rf \"$DOCKER_CONFIG\"' EXIT\n" + login),
        _job("removed", 'export DOCKER_CONFIG="$(mktemp -d -t dc.XXXX)"\n' + login
             + '\ndocker push reg.example.org/app\nrm -rf "${DOCKER_CONFIG}"'),
        _job("through", 'tmp=`mktemp -d`\nexport DOCKER_CONFIG="$tmp"\n' + login + "\nrm -r -f $tmp"),
        _job("handler", 'cleanup() { rm -rf "$DOCKER_CONFIG"; }\nDOCKER_CONFIG=$(mktemp -d); export DOCKER_CONFIG\n'
             "trap cleanup INT EXIT\n" + login),
        _job("authfile", "export REGISTRY_AUTH_FILE=$(mktemp)\n" + LOGIN.format(cmd="podman login")
             + '\nrm -f "$REGISTRY_AUTH_FILE"'),
    ])
    run = lint.scan(".github/workflows/push.yml", _workflow(jobs), "--fail-on", "never", "--select", "DCR014")
    assert run.findings == []


def test_logins_into_a_folder_left_behind_or_the_home_again_are_reported(lint: Any) -> None:
    login = LOGIN.format(cmd="docker login")
    jobs = "".join([
        # a temporary folder nobody removes stays on the runner
        _job("kept", "export DOCKER_CONFIG=$(mktemp -d)\n" + login),
        # removed before the login, not after it
        _job("early", 'export DOCKER_CONFIG=$(mktemp -d)\nrm -rf "$DOCKER_CONFIG"\n' + login),
        # a fixed folder removed: no temporary folder of the script's (the path may be shared)
        _job("fixed", 'export DOCKER_CONFIG=/srv/ci/docker\n' + login + '\nrm -rf "$DOCKER_CONFIG"'),
        # a trap that removes another folder
        _job("other", "export DOCKER_CONFIG=$(mktemp -d)\ntrap 'rm -rf \"$WORK\"' EXIT\n" + login),
        # unset: docker's own default, the runner's home, again
        _job("unset", "unset DOCKER_CONFIG\n" + login, env="DOCKER_CONFIG: ${{ runner.temp }}/docker"),
        _job("unset-later", 'export DOCKER_CONFIG="$RUNNER_TEMP/d"\nunset -v DOCKER_CONFIG\n' + login),
    ])
    run = lint.scan(".github/workflows/push.yml", _workflow(jobs), "--fail-on", "never", "--select", "DCR014")
    assert [f["rule"] for f in run.findings] == ["DCR014"] * 6
    text = _workflow(jobs)
    lines = [n for n, line in enumerate(text.splitlines(), 1) if "docker login" in line]
    assert [s[1] for s in run.starts()] == lines


def test_unset_of_another_variable_keeps_the_job_folder(lint: Any) -> None:
    jobs = _job("a", "unset DOCKER_CONFIG_EXTRA HTTP_PROXY\n" + LOGIN.format(cmd="docker login"),
                env="DOCKER_CONFIG: ${{ runner.temp }}/docker")
    run = lint.scan(".github/workflows/push.yml", _workflow(jobs), "--fail-on", "never", "--select", "DCR014")
    assert run.findings == []


def test_gitlab_shell_runner_login_into_a_removed_temporary_folder(lint: Any) -> None:
    lint.write(".dcrlint.yaml", "shell-executor-tags: [shell]\n")
    text = ("kept:\n  tags: [shell]\n  script:\n    - export DOCKER_CONFIG=$(mktemp -d)\n"
            "    - echo \"$PW\" | docker login reg.example.org -u ci --password-stdin\n"
            "gone:\n  tags: [shell]\n  script:\n    - export DOCKER_CONFIG=$(mktemp -d)\n"
            "    - trap 'rm -rf \"$DOCKER_CONFIG\"' EXIT\n"
            "    - echo \"$PW\" | docker login reg.example.org -u ci --password-stdin\n")
    run = lint.scan(".gitlab-ci.yml", text, "--fail-on", "never", "--select", "DCR014")
    assert run.starts() == [("DCR014", 5, 20)]


def test_self_hosted_agent_login_into_a_removed_temporary_folder(lint: Any) -> None:
    text = ("jobs:\n  - job: kept\n    pool: build-agents\n    steps:\n      - script: |\n"
            "          export DOCKER_CONFIG=$(mktemp -d)\n"
            "          echo \"$P\" | docker login -u ci --password-stdin r.example.com\n"
            "  - job: gone\n    pool: build-agents\n    steps:\n      - script: |\n"
            "          export DOCKER_CONFIG=$(mktemp -d)\n"
            "          echo \"$P\" | docker login -u ci --password-stdin r.example.com\n"
            "          docker push r.example.com/app\n"
            "          rm -rf \"$DOCKER_CONFIG\"\n")
    run = lint.scan("azure-pipelines.yml", text, "--fail-on", "never", "--select", "DCR014")
    assert run.starts() == [("DCR014", 7, 23)]


def test_the_removal_of_the_store_in_its_spellings(lint: Any) -> None:
    """R91: shellcheck's safe `${VAR:?}` (and `${VAR%/}`) names the store; removing its credentials
    file removes the login too; removing a folder inside the store leaves config.json."""
    login = LOGIN.format(cmd="docker login")
    jobs = "".join([
        _job("safe", "export DOCKER_CONFIG=$(mktemp -d)\ntrap 'rm -rf \"${DOCKER_CONFIG:?}\"' EXIT\n" + login),
        _job("trimmed", "export DOCKER_CONFIG=$(mktemp -d)\n" + login + "\nrm -rf ${DOCKER_CONFIG%/}"),
        _job("file", "export DOCKER_CONFIG=$(mktemp -d)\n" + login + '\nrm -f "$DOCKER_CONFIG/config.json"'),
        _job("inside", "export DOCKER_CONFIG=$(mktemp -d)\n" + login + '\nrm -rf "$DOCKER_CONFIG/buildx"'),
    ])
    run = lint.scan(".github/workflows/push.yml", _workflow(jobs), "--fail-on", "never", "--select", "DCR014")
    text = _workflow(jobs)
    lines = [n for n, line in enumerate(text.splitlines(), 1) if "docker login" in line]
    assert [s[1] for s in run.starts()] == lines[3:]
