"""Session 16, CI readers: ssh's options given in a variable, settings naming a pod's image pull
secrets, and the files kubectl reads or a script removes, read as what they are."""

from __future__ import annotations

from typing import Any

import pytest

from dcrlint.headers import secret_setting


@pytest.mark.parametrize("text", [
    "ssh $SSH_OPTS ops@build-07 'docker login -u me -p hunter2 r'",
    "ssh ${JUMP} ops@$TARGET docker login -u me -p hunter2 r",
    "ssh -t $SSH_OPTS ssh://ops@build-07:2222 'docker login -u me -p hunter2 r'",
])
def test_a_bare_expansion_before_the_destination_is_ssh_options(lint: Any, text: str) -> None:
    """`ssh $OPTS user@host cmd`: an unquoted expansion splits into words (a jump host, a key
    file), and a `user@host` after it is where ssh goes, never the command it runs there."""
    run = lint.scan("deploy.sh", f"#!/bin/sh\n{text}\n", "--fail-on", "never", "--select", "DCR001")
    assert run.starts() == [("DCR001", 2, text.index("hunter2") + 1)]
    assert "hunter2" not in run.out


def test_a_groovy_option_string_before_the_destination_is_ssh_options(lint: Any) -> None:
    text = ("node {\n  withCredentials([usernamePassword(credentialsId: 'r', usernameVariable: 'RU',"
            " passwordVariable: 'RP')]) {\n"
            "    sh \"\"\"\n      ssh ${jumpArgs} ${remote.user}@${remote.host} \\\\\n"
            "        'docker login r.example.test -u ${RU} --password=${RP} && docker pull x'\n    \"\"\"\n  }\n}\n")
    run = lint.scan("Jenkinsfile", text, "--fail-on", "never", "--select", "DCR001,DCR012")
    column = text.splitlines()[4].index("${RP}") + 1
    assert run.starts() == [("DCR001", 5, column), ("DCR012", 5, column)]


@pytest.mark.parametrize("text", [
    "ssh \"$HOST_ALIAS\" 'docker login -u me -p hunter2 r'",  # quoted: one word, the host
    "ssh $HOST_ALIAS 'docker login -u me -p hunter2 r'",  # no destination after it: it is the host
])
def test_an_expansion_that_is_the_host_stays_the_host(lint: Any, text: str) -> None:
    run = lint.scan("deploy.sh", f"#!/bin/sh\n{text}\n", "--fail-on", "never", "--select", "DCR001")
    assert run.starts() == [("DCR001", 2, text.index("hunter2") + 1)]


def test_ssh_to_a_user_at_host_after_an_expansion_runs_no_command(lint: Any) -> None:
    run = lint.scan("deploy.sh", "#!/bin/sh\nssh $SSH_OPTS ops@build-07\n", "--fail-on", "never")
    assert run.findings == []


@pytest.mark.parametrize(("name", "value", "secret"), [
    # a pod's image pull secret named by a value shaped as a Kubernetes object's name
    ("IMAGE_PULL_SECRET", "registry-pull", False), ("imagePullSecret", "acr-auth", False),
    ("IMAGE_PULL_SECRETS", "regcred-ro app-pull", False), ("TLS_SECRET", "web-tls", False),
    # a random value under the name is a credential (a registry password kept under it)
    ("IMAGE_PULL_SECRET", "Hv8kQ3zWm5RtXp2L", True), ("IMAGE_PULL_SECRETS", "Zq8vLr2mWxTn4Yp", True),
    ("PULL_SECRET", "Hv8kQ3zWm5RtXp2L", True),
    # a secret that is itself the credential, whatever its value's shape
    ("JWT_SECRET", "jwt-signing", True),
])
def test_a_setting_naming_a_pull_secret_is_decided_by_its_value(name: str, value: str, secret: bool) -> None:
    assert secret_setting(name, value) is secret


def test_image_pull_secret_names_in_ci_variables_are_no_secrets(lint: Any) -> None:
    text = ("variables:\n  IMAGE_PULL_SECRETS: regcred-ro\n  DEPLOY_TOKEN: Fq3vZ9-Lm27xQp\n"
            "  IMAGE_PULL_SECRET: Hv8kQ3zWm5RtXp2L\n")
    run = lint.scan(".gitlab-ci.yml", text, "--fail-on", "never")
    assert run.starts() == [("DCR010", 3, 17), ("DCR010", 4, 22)]


def test_a_secret_worded_field_is_named_whole(lint: Any) -> None:
    text = ("def call(Map cfg) {\n"
            "  sh \"curl -H 'X-Api-Key: ${cfg.api_key}' https://ci.example.test/hook\"\n"
            "}\n")
    run = lint.scan("vars/deployApp.groovy", text, "--fail-on", "never", "--select", "DCR012")
    assert run.starts() == [("DCR012", 2, 27)]
    assert run.findings[0]["message"].startswith("credential `cfg.api_key` (named like a secret)")


def test_a_file_kubectl_reads_or_the_script_removes_is_a_path(lint: Any) -> None:
    """`oc create -f ${X}` and `rm ${X}` take a file: a secret-worded Groovy constant holding its
    name is interpolated as a path, not a credential."""
    text = ("class Store {\n  static final String SECRET_MANIFEST = '.svc-secret.yml'\n"
            "  def steps\n  void apply(String ns) {\n"
            "    steps.sh \"\"\"\n      oc -n ${ns} create -f ${SECRET_MANIFEST}\n"
            "      kubectl apply --filename=${SECRET_MANIFEST}\n      rm -f ${SECRET_MANIFEST}\n"
            "      [ -s ${SECRET_MANIFEST} ] || echo gone\n"
            "      curl -H \"Authorization: ${SECRET_MANIFEST}\" https://ci.example.test\n"
            "    \"\"\"\n  }\n}\n")
    run = lint.scan("src/org/example/Store.groovy", text, "--fail-on", "never", "--select", "DCR012")
    assert run.starts() == [("DCR012", 10, text.splitlines()[9].index("${") + 1)]


LIBRARY_STEP = ("def call(String credentialsId) {\n"
                "    withCredentials([usernamePassword(credentialsId: credentialsId,"
                " passwordVariable: 'REG_PW', usernameVariable: 'REG_USER')]) {\n"
                "        sh label: 'registry login', script: '''\n"
                "            echo \"''' + REG_PW + '''\" | docker login -u ''' + REG_USER + ''' --password-stdin\n"
                "        '''\n    }\n}\n")


def test_a_step_given_named_arguments_makes_a_groovy_file_a_pipeline(lint: Any) -> None:
    """`sh label: ..., script: ...` (Groovy's call without parentheses) is a step as `sh(...)` is."""
    run = lint.scan("vars/registryLogin.groovy", LIBRARY_STEP, "--fail-on", "never", "--select", "DCR012")
    assert run.starts() == [("DCR012", 4, 25)]


def test_a_library_class_whose_first_step_is_past_the_head_is_read(lint: Any) -> None:
    """A shared library's class may hold long code before its first `steps.sh(...)`."""
    filler = "".join(f"    // {'note ' * 12}{i}\n" for i in range(80))
    text = ("class Mirror {\n    def steps\n" + filler
            + "    int copy(String srcToken) {\n        return steps.sh(script: \"\"\"\n"
            "            skopeo copy --src-creds ci:${srcToken} docker://a docker://b\n"
            "        \"\"\", returnStatus: true) as int\n    }\n}\n")
    assert len(text.split("steps.sh")[0]) > 4096
    run = lint.scan("src/org/example/Mirror.groovy", text, "--fail-on", "never", "--select", "DCR012")
    line = text.splitlines().index("            skopeo copy --src-creds ci:${srcToken} docker://a docker://b") + 1
    assert run.starts() == [("DCR012", line, text.splitlines()[line - 1].index("${") + 1)]


@pytest.mark.parametrize(("value", "reported"), [
    ("--secret id=npm,env=NPM_TOKEN", False), ("--secret id=gh,src=/run/gh --secret=id=k,env=K", False),
    # arguments carrying the credential itself (guard R74)
    ("--token=Vb7nQz3xLp9W", True), ("--secret id=x,env=X --password Hq4zT9Lm", True),
])
def test_build_secret_options_name_secrets_a_literal_option_value_is_one(lint: Any, value: str,
                                                                         reported: bool) -> None:
    """docker build's `--secret id=NAME,env=VAR` names the secrets a build gets: no credential,
    whatever the setting holding it is called; the name alone (`*_ARGS`) decides nothing."""
    run = lint.scan(".gitlab-ci.yml", f"variables:\n  BUILD_SECRET_ARGS: \"{value}\"\n", "--fail-on", "never")
    assert bool(run.findings) is reported


def test_a_variable_given_the_working_folder_by_backquotes_holds_a_path(lint: Any) -> None:
    """`` X_PWD=`pwd` `` is `$(pwd)` in the old spelling: a folder, whatever `pwd` in its name says;
    a script generating another that writes `X_PWD='$X_PWD'` gives it nothing new."""
    text = ("#!/bin/sh\nbuild_pwd=`pwd -P` && test -n \"$build_pwd\" || exit 1\n"
            "cat >>status.sh <<EOF\nbuild_pwd='$build_pwd'\nEOF\n"
            "printf '%s\\n' \"error: in $build_pwd\" >&2\n"
            "db_pwd=`cat /run/db-pass`\nprintf '%s\\n' \"$db_pwd\"\nmake all\n")
    run = lint.scan("configure.sh", text, "--fail-on", "never", "--select", "DCR003")
    assert run.starts() == [("DCR003", 8, 1)]


@pytest.mark.parametrize(("value", "reported"), [
    ("probe1,probe2", True), ("secret1,secret2", False), ("<token-a>, <token-b>", False),
    ("admin,changeme", True),
])
def test_a_list_of_stand_ins_is_a_stand_in(lint: Any, value: str, reported: bool) -> None:
    text = f"services:\n  relay:\n    image: relay:1\n    environment:\n      RELAY_SECRETS: \"{value}\"\n"
    run = lint.scan("compose.yaml", text, "--fail-on", "never", "--select", "DCR023")
    assert bool(run.findings) is reported


@pytest.mark.parametrize("line", [
    "PW=<fill_me>\ndocker login -u bob -p $PW registry.example.test\n",
    "PW=<your_password>  # fill in\nkubectl create secret docker-registry pull --docker-password=$PW\n",
    "U=<user_here> PW=<pw_here>\ndocker login -u $U -p $PW registry.example.test\n",
    "deploy --user=<name> --token=<token> -v\ndocker login -u bob -p $PW registry.example.test\n",
])
def test_a_placeholder_to_fill_in_hides_no_command_after_it(lint: Any, line: str) -> None:
    """`PW=<fill_me>` is, to the grammar, redirections with no target (a syntax error): read as
    the placeholder word it is, the login on the next line is found."""
    run = lint.scan("push.sh", line, "--fail-on", "never", "--select", "DCR001,DCR002")
    login = line.splitlines()[1]
    assert run.starts() == [("DCR001", 2, login.index("$PW") + 1)]


def test_valid_redirections_stay_redirections(lint: Any) -> None:
    text = "#!/bin/sh\ncp <src> /tmp/x\necho \"$REG_TOKEN\" <in >out.txt\nmake all\n"
    run = lint.scan("copy.sh", text, "--fail-on", "never", "--select", "DCR003")
    assert run.findings == []


def test_a_name_ending_psw_is_a_password_in_groovy(lint: Any) -> None:
    """`X_PSW` is Jenkins' name for a `credentials()` binding's password: a shared library's
    function given one interpolates a password."""
    text = ("def call(String SHIP_USR, String SHIP_PSW, String image) {\n    sh \"\"\"\n"
            "    docker login --username=$SHIP_USR --password=$SHIP_PSW registry.example.net\n"
            "    docker push $image\n    \"\"\"\n}\n")
    run = lint.scan("vars/shipImage.groovy", text, "--fail-on", "never", "--select", "DCR001,DCR012")
    column = text.splitlines()[2].index("$SHIP_PSW") + 1
    assert run.starts() == [("DCR001", 3, column), ("DCR012", 3, column)]
