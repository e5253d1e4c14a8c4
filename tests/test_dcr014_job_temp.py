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
