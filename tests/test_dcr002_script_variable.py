"""DCR002: a login given a variable that its script sets to a literal (`PW=hunter2` then
`-p "$PW"` or `echo "$PW" | ... --password-stdin`) is given that literal, reported at it, as a
Dockerfile's ARG/ENV default is. Not when something else may set the variable (a second
assignment, `read`, `for`, `${X:=...}`), nor a value that is a reference, a substitution, a
placeholder, or an assignment only for one command's environment (`PW=x cmd`)."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

PW = "Xq7pL2vR9sKd84Tz"  # a made-up password
LOGIN = 'echo "$PW" | docker login -u ci --password-stdin registry.example.com\n'


def test_a_literal_set_once_is_the_logins_password(tmp_path: Path) -> None:
    files = {
        "a.sh": f"#!/bin/bash\nPW={PW}1\n{LOGIN}",
        "b.sh": f'#!/bin/bash\nexport PW="{PW}2"\ndocker login -u ci -p "$PW" registry.example.com\n',
        "c.sh": f"#!/bin/bash\nlogin() {{\n  local PW='{PW}3'\n  {LOGIN}}}\nlogin\n",
        "d.sh": f'#!/bin/bash\nPW={PW}4\ndocker login -u ci --password="${{PW}}" registry.example.com\n',
        # near misses
        "n1.sh": f"#!/bin/bash\nPW={PW}5\nPW=$(vault read -field=pw secret/ci)\n{LOGIN}",
        "n2.sh": f"#!/bin/bash\nPW={PW}6\nread -rs PW\n{LOGIN}",
        "n3.sh": f"#!/bin/bash\n: ${{PW:={PW}7}}\n{LOGIN}",
        "n4.sh": f"#!/bin/bash\nPW=$(cat /run/secrets/pw)\n{LOGIN}",
        "n5.sh": f"#!/bin/bash\nPW=changeme\n{LOGIN}",
        "n6.sh": f"#!/bin/bash\n{LOGIN}PW={PW}8\n",
        "n7.sh": f'#!/bin/bash\nPW={PW}9 docker login -u ci -p "$PW" registry.example.com\n',
        "n8.sh": f"#!/bin/bash\nfor PW in {PW}0 other; do\n  {LOGIN}done\n",
    }
    results, _ = engine_scan(tmp_path, files, dedent=False, rules=frozenset({"DCR002"}))
    assert brief(results) == [("a.sh", 2, 4, "DCR002"), ("b.sh", 2, 12, "DCR002"), ("c.sh", 3, 13, "DCR002"),
                              ("d.sh", 2, 4, "DCR002")]
    assert "written as PW's value in the script" in results[0].message
    assert all(PW not in r.message for r in results)


def test_in_a_ci_run_block(tmp_path: Path) -> None:
    workflow = (
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n"
        f"          PW={PW}\n          {LOGIN}")
    results, _ = engine_scan(tmp_path, {".github/workflows/w.yml": workflow}, dedent=False,
                             rules=frozenset({"DCR002"}))
    assert brief(results) == [(".github/workflows/w.yml", 7, 14, "DCR002")]


def test_a_secret_created_from_a_literal_set_once(tmp_path: Path) -> None:
    """DCR023: `kubectl create secret generic --from-literal=key=$X` after `X=literal`."""
    files = {
        "install.sh": f"#!/bin/bash\nSECRET_KEY={PW}\nkubectl create secret generic app "
                      "--from-literal=secretkey=$SECRET_KEY\n",
        "n1.sh": "#!/bin/bash\nSECRET_KEY=$(openssl rand -hex 32)\nkubectl create secret generic app "
                 "--from-literal=secretkey=$SECRET_KEY\n",
        "n2.sh": f"#!/bin/bash\nSECRET_KEY={PW}\nSECRET_KEY=$1\nkubectl create secret generic app "
                 "--from-literal=secretkey=\"$SECRET_KEY\"\n",
        # the user name the script gives beside, as a password: a weak password, still reported
        "n3.sh": "#!/bin/bash\nU=admin\nkubectl create secret generic db --from-literal=username=$U "
                 "--from-literal=password=$U\n",
    }
    results, _ = engine_scan(tmp_path, files, dedent=False, rules=frozenset({"DCR023"}))
    assert brief(results) == [("install.sh", 2, 12, "DCR023"), ("n3.sh", 2, 3, "DCR023")]


def test_a_commented_out_assignment_sets_nothing(tmp_path: Path) -> None:
    """Held-out M2 as written: an earlier way of setting the variable left in a comment."""
    files = {
        "install.sh": f"#!/bin/bash\n# SECRET_KEY=$(openssl rand -hex 32)\nSECRET_KEY={PW}\n"
                      "kubectl create secret generic app --from-literal=secretkey=$SECRET_KEY\n",
        "n.sh": f"#!/bin/bash\nSECRET_KEY={PW}\n[ -n \"$CI\" ] && SECRET_KEY=$(cat key) # from CI\n"
                "kubectl create secret generic app --from-literal=secretkey=$SECRET_KEY\n",
    }
    results, _ = engine_scan(tmp_path, files, dedent=False, rules=frozenset({"DCR023"}))
    assert brief(results) == [("install.sh", 3, 12, "DCR023")]
    assert "written as a variable's value in the script" in results[0].message


DOCKERFILE = """\
FROM alpine AS build
ARG REGISTRY_PASSWORD=s3cr3tPassw0rd
ENV REG_TOKEN=abcd3fgh1jklmn
ARG EMPTY_PW
ARG PLACEHOLDER_PW=changeme
RUN echo "$REGISTRY_PASSWORD" | docker login -u bob --password-stdin reg.example.com
RUN docker login -u bob -p "$REG_TOKEN" reg.example.com && docker login -u bob -p "${REG_TOKEN}" other.example.com
RUN docker login -u bob -p "$EMPTY_PW" reg.example.com
RUN printf '%s' "$PLACEHOLDER_PW" | docker login -u bob --password-stdin reg.example.com
RUN docker login -u bob -p "$LATER_PW" reg.example.com
ARG LATER_PW=Zq9-later-77x
RUN echo "$REGISTRY_PASSWORD-x" | docker login -u bob --password-stdin reg.example.com
"""


def test_a_dockerfile_login_given_an_arg_or_env_literal_reports_the_literal(tmp_path: Path) -> None:
    """A RUN login given a variable (`-p "$X"`, `echo "$X" |`, `printf '%s' "$X" |`) that an
    earlier ARG default or ENV sets to a literal is given that literal: reported once at it
    (beside DCR001 for the argument form). An ARG without default, a placeholder, an ARG
    written after the login, a value built around the variable: silent."""
    results, notes = engine_scan(tmp_path, {"build/Dockerfile": DOCKERFILE}, rules=frozenset({"DCR002"}),
                                 dedent=False)
    assert brief(results) == [("build/Dockerfile", 2, 23, "DCR002"), ("build/Dockerfile", 3, 15, "DCR002")]
    assert "REGISTRY_PASSWORD's value" in results[0].message and "Passw0rd" not in results[0].message
    assert notes == []
