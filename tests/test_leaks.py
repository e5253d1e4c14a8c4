"""Leak test: distinct secrets planted in the context of every rule, every output searched.

Each secret below is written once (or more) into a file of its own kind; the tree is scanned
in every format, with suppressed results shown, with `--sarif`, `-o`, `--diff`, `--fix`,
`--write-baseline`, `--baseline`, `--no-ignores`, narrowed selections and user policies, and
every byte written (stdout, stderr, files) is searched for every secret in every encoding.
`test_leak_test_can_fail` runs the same matrix with the Redactor switched off and requires it
to find leaks: the test cannot pass by looking in the wrong place.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from dcrlint.cli import main

# One distinct secret per place. Digits and mixed case so no detector calls them placeholders.
S = {
    "login_arg": "Lg1nArgPw7Qz",
    "login_stdin": "Std1nEchoPw8Wx",
    "login_action": "Act10nInputPw9Kv",
    "gha_env": "GhaEnvPw4Tn7Yb",
    "gitlab_var": "GlVarTok3n5Rm",
    "jenkins_env": "JnkEnvPw6Hs2Lq",
    "jenkins_supp": "JnkSuppPw3Xc8Vb",
    "k8s_env_flow": "K8sFl0wPw2Nd",
    "k8s_dockercfg": "K8sDcfgPw5Zr",
    "k8s_opaque": "K8sOpaq3Pw9Mt",
    "k8s_configmap": "K8sCmapPw7Jw",
    "docker_auth": "DkrAuthPw4Gy",
    "docker_key": "DkrKeyPw6Fp",
    "url_pw": "UrlPassw0rd8Ce",
    "url_at": "Ur1@tSign7Pw",
    "ghp": "ghp_Lk4q8Zt3v9LkP2mW7xR4nB6yH1cF5gJ0sDaQw",
    "aws": "AKIALKQ4T7Q2LMNV3ZB7",
    "repeated": "Rep3atPw5Kd",
    "ignored": "Ign0redPw4Lm",
    "partial": "Part1alLit6Ws",
    "single_quoted": "Zt8$mQ4wLpx9",
    "crlf": "CrLfPassw0rd3",
    "include_remote": "glpat-Inc1udeRem0te7",
    "include_bare": "InclBarePw5Qs",
    "include_local": "InclL0calPw4Bz",
    "suppressed": "SupprPw8Kc2Nx",
    "makefile": "MkF1lePw3Hd",
    "dockerfile": "DkrF1lePw5Bt",
    "quoted_json": 'Js0n"Qu\\te7Pw',
    "policy_value": "P0licyValPw6Rt",
    "unsafe_fix_context": "UnsFixCtx4Pw9",
}


def _jwt(claims: dict[str, object], signature: str) -> str:
    def enc(d: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(d).encode()).decode().rstrip("=")
    return f"{enc({'alg': 'HS256', 'typ': 'JWT'})}.{enc(claims)}.{signature}"


JWT_SIG = "Sfl9KxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
JWT = _jwt({"sub": "ci", "iat": 1600000000, "exp": 1600003600}, JWT_SIG)
S["jwt"] = JWT
S["jwt_sig"] = JWT_SIG
DOCKERCFG = json.dumps({"auths": {"registry.example.com": {
    "auth": base64.b64encode(f"ci:{S['k8s_dockercfg']}".encode()).decode()}}})


def _files() -> dict[str, str | bytes]:
    s = S
    return {
        "scripts/deploy.sh": (
            "#!/bin/sh\nset -e\n"
            f"docker login -u ci -p {s['login_arg']} registry.example.com\n"
            f"echo {s['login_stdin']} | docker login -u ci --password-stdin registry.example.com\n"
            f"git clone https://ci:{s['url_pw']}@git.example.com/org/repo.git\n"
            f"git clone https://ci:{s['url_at']}@git.example.com/org/repo.git\n"
            f'curl -H "Authorization: token {s["ghp"]}" https://api.github.com/user\n'
            f"export AWS_ACCESS_KEY_ID={s['aws']}\n"
            f"docker login -u ci -p {s['repeated']} registry.example.com\n"
            f'echo "debug: $REGISTRY_PASSWORD {s["repeated"]}"\n'
            f'docker login -u ci -p "{s["partial"]}${{SUFFIX}}" registry.example.com\n'
            f"docker login -u ci -p '{s['single_quoted']}' registry.example.com\n"
            f'export REGISTRY_TOKEN="{JWT}"\n'
            f"docker login -u ci -p {s['suppressed']} registry.example.com  # dcrlint: ignore[DCR001,DCR002] legacy\n"
        ),
        "scripts/crlf.sh": (
            "#!/bin/sh\r\nset -e\r\necho start\r\n"
            f"docker login -u ci -p {s['crlf']} registry.example.com\r\n"
        ).encode(),
        "scripts/ignored.sh": f"docker login -u ci -p {s['ignored']} registry.example.com\n",
        "scripts/evil\x1b[2Jname\u202e.sh": f"docker login -u ci -p {s['login_arg']} registry.example.com\n",
        ".github/workflows/ci.yml": (
            "on: push\njobs:\n  build:\n    runs-on: [self-hosted]\n"
            f"    env:\n      REGISTRY_PASSWORD: {s['gha_env']}\n"
            "    steps:\n      - uses: docker/login-action@v3\n        with:\n"
            f"          registry: registry.example.com\n          username: ci\n          password: {s['login_action']}\n"
            '      - run: echo "${{ secrets.TOKEN }}" && docker login -u ci -p "$REGISTRY_PASSWORD" registry.example.com\n'
            "    secrets: inherit\n"
        ),
        ".gitlab-ci.yml": (
            "include:\n"
            f"  - remote: 'https://oauth2:{s['include_remote']}@gitlab.example.com/g/p/-/raw/main/x.yml'\n"
            f"  - 'https://user:{s['include_bare']}@gitlab.example.com/x.yml'\n"
            f"  - local: 'https://lu:{s['include_local']}@gitlab.example.com/y.yml'\n"
            f"variables:\n  API_TOKEN: {s['gitlab_var']}\n"
            "build:\n  script:\n    - docker login -u ci -p \"$CI_REGISTRY_PASSWORD\" $CI_REGISTRY\n"
        ),
        "Jenkinsfile": (
            "pipeline {\n  agent any\n  environment {\n"
            f"    DB_PASSWORD = '{s['jenkins_env']}'\n    DCR = credentials('dcr')\n  }}\n"
            "  stages { stage('x') { steps {\n"
            '    sh "echo $DCR_PSW | docker login registry.example.com -u $DCR_USR --password-stdin"\n'
            f"    /* dcrlint: ignore[DCR001,DCR002] legacy */ sh 'docker login -u ci -p {s['jenkins_supp']} registry.example.com'\n"
            "  } } }\n}\n"
        ),
        "k8s/pod.yaml": (
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"
            "spec: {containers: [{name: a, image: registry.example.com/team/app:1, "
            f"env: [{{name: DB_PASSWORD, value: {s['k8s_env_flow']}}}]}}]}}\n"
            "---\napiVersion: v1\nkind: Pod\nmetadata: {name: q}\n"
            "spec: {imagePullSecrets: [{name: missing}], containers: [{name: a, image: registry.example.com/team/app:1, "
            f"env: [{{name: DB_PASSWORD, value: {s['k8s_env_flow']}}}]}}]}}\n"
        ),
        "k8s/mirror.yaml": (  # DCR020's fix names Secret pull, not for this registry: unsafe
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: mirror}\nspec:\n  template:\n    spec:\n"
            "      containers:\n        - name: a\n"
            f"          env: [{{name: DB_PASSWORD, value: {s['unsafe_fix_context']}}}]\n"
            "          image: other.example.com/team/app:1\n"
        ),
        "k8s/secrets.yaml": (
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: pull\ntype: kubernetes.io/dockerconfigjson\n"
            f"data:\n  .dockerconfigjson: {base64.b64encode(DOCKERCFG.encode()).decode()}\n"
            "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n"
            "  annotations:\n    dcrlint.io/rotated-at: \"2020-01-15\"\n    dcrlint.io/expires-at: \"2021-03-01T00:00:00Z\"\n"
            f"type: Opaque\nstringData:\n  password: {s['k8s_opaque']}\n"
            "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n"
            f"data:\n  DB_PASSWORD: {s['k8s_configmap']}\n  POLICY_SECRET: {s['policy_value']}\n"
        ),
        ".docker/config.json": json.dumps({"auths": {
            f"https://ci:{s['docker_key']}@registry.example.com/v1/": {
                "auth": base64.b64encode(f"ci:{s['docker_auth']}".encode()).decode()},
            "other.example.com": {"username": "ci", "password": s["quoted_json"]},
        }}),
        "Makefile": f"push:\n\tdocker login -u ci -p {s['makefile']} registry.example.com\n",
        "Dockerfile": f"FROM alpine\nRUN docker login -u ci -p {s['dockerfile']} registry.example.com\n",
        ".dcrlint.yaml": "ignores:\n  DCR001: [scripts/ignored.sh]\n  DCR002: [scripts/ignored.sh]\n",
        "policies/p.yaml": (
            "id: ACME001\nname: any-value\nlevel: warning\nsecurity-severity: 5.0\nshort-description: x\n"
            "target: [kubernetes]\nselect: ['data.*', 'containers.image']\n"
            'message: "value {value} key {key} from {repository}"\n'
        ),
    }


def _plant(root: Path) -> None:
    for rel, content in _files().items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)


def encodings(secret: str) -> dict[str, str]:
    """The secret as an output could carry it, computed here independently of dcrlint."""
    raw = secret.encode()
    out = {
        "raw": secret,
        "json": json.dumps(secret)[1:-1],
        "url": quote(secret, safe=""),
        "url+": quote_plus(secret, safe=""),
        "b64": base64.b64encode(raw).decode().rstrip("="),
        "b64url": base64.urlsafe_b64encode(raw).decode().rstrip("="),
        "b64(ci:)": base64.b64encode(b"ci:" + raw).decode()[4:-4],  # aligned core of user:password
    }
    return {k: v for k, v in out.items() if len(v) >= 6}


# (name, arguments): every way dcrlint writes something.
RUNS: list[tuple[str, tuple[str, ...]]] = [
    *[(f"format-{fmt}", ("--format", fmt, "--show-suppressed")) for fmt in ("text", "json", "sarif", "github", "gitlab")],
    ("text-color", ("--color", "always")),
    ("no-ignores", ("--no-ignores", "--format", "json")),
    ("rules-dir", ("--rules-dir", "policies", "--format", "json")),
    ("rules-dir-text", ("--rules-dir", "policies",)),
    ("select-DCR020", ("--select", "DCR020,DCR021,DCR003")),
    ("sarif-and-o", ("--sarif", "out/r.sarif", "-o", "out/r.txt", "--show-suppressed", "--report-unused-ignores")),
    ("write-baseline", ("--write-baseline", "out/baseline.json")),
    ("baseline", ("--baseline", "out/baseline.json", "--format", "sarif", "--show-suppressed")),
    ("diff", ("--diff",)),
    ("diff-unsafe", ("--diff", "--unsafe-fixes")),
    ("fix", ("--fix", "--format", "json", "--show-suppressed")),
]


def _run_matrix(root: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[tuple[str, str, str]]:
    """(run, channel, text) for every run of the matrix; --fix runs on a copy last."""
    for name, args in RUNS:
        work = root
        if name == "fix":
            work = root.parent / "fixcopy"
            shutil.copytree(root, work)
        cwd = os.getcwd()
        os.chdir(work)
        try:
            main(["--no-git", "--jobs", "1", *args])
        finally:
            os.chdir(cwd)
        captured = capsys.readouterr()
        yield name, "stdout", captured.out
        yield name, "stderr", captured.err
        out = work / "out"
        for f in sorted(out.glob("*")) if out.exists() else []:
            yield name, f"file {f.name}", f.read_text()


def _leaks(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[list[tuple[str, str, str, str]], dict[str, str]]:
    found: list[tuple[str, str, str, str]] = []
    outputs: dict[str, str] = {}
    for run, channel, text in _run_matrix(root, capsys):
        outputs[f"{run} {channel}"] = text
        for key, secret in S.items():
            for enc, form in encodings(secret).items():
                if form in text:
                    found.append((run, channel, key, enc))
    return found, outputs


def test_no_secret_in_any_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "repo"
    _plant(root)
    found, outputs = _leaks(root, capsys)
    assert found == []
    # the matrix ran for real: every rule family reported, notes and the diff were written
    everything = "\n".join(outputs.values())
    for rule in ("DCR001", "DCR002", "DCR003", "DCR010", "DCR011", "DCR012", "DCR013", "DCR020",
                 "DCR021", "DCR022", "DCR023", "DCR030", "DCR040", "DCR041", "DCR050", "DCR051", "ACME001"):
        assert rule in outputs["format-json stdout"] + outputs["rules-dir stdout"], rule
    assert "not fetched" in outputs["format-text stderr"]
    assert "--password-stdin" in outputs["diff stdout"]
    assert "1 hidden unsafe fix" in outputs["diff stderr"]
    assert "@@ unsafe fix: DCR020" in outputs["diff-unsafe stdout"]
    assert "fixed" in outputs["fix stderr"]
    assert '"dcrlint-baseline": 2' in outputs["write-baseline file baseline.json"]
    assert "legacy" in outputs["format-json stdout"]  # suppression reasons are shown, masked
    assert "\x1b[2J" not in everything.replace("\x1b[2m", "")


def test_leak_test_can_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                            monkeypatch: pytest.MonkeyPatch) -> None:
    """With the Redactor switched off the same matrix finds leaks in every channel kind."""
    from dcrlint import redact

    monkeypatch.setattr(redact.Redactor, "scrub", lambda self, text, *a, **k: text)
    root = tmp_path / "repo"
    _plant(root)
    found, _ = _leaks(root, capsys)
    leaked = {key for _, _, key, _ in found}
    assert {"include_remote", "docker_key", "partial"} <= leaked
    assert {run for run, _, _, _ in found} >= {"format-text", "format-json", "format-sarif", "format-github"}
