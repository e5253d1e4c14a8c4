"""A shared library's class runs pipeline steps through the script object it is given
(`ctx.sh`, `steps.withCredentials`, `this.script.bat`): a step called on an object is that step,
and a variable bound by it is read through the object too (`${ctx.password}`).
A step given named arguments without parentheses (`sh label: ..., script: ...`) is a step, and a
class whose first step is past the head the classifier reads is still read."""

from __future__ import annotations

from typing import Any

PW = "Hq4zT9Lm77Xq2wPz"

DOCKER = """package org.example.ci

class Docker implements Serializable {
  static def push(ctx, image) {
    ctx.withCredentials([
      ctx.usernamePassword(credentialsId: 'hub', usernameVariable: 'hubUser', passwordVariable: 'hubPass')
    ]) {
      ctx.sh("docker login --username ${ctx.hubUser} --password ${ctx.hubPass}")
      ctx.sh('docker login --username "$hubUser" --password "$hubPass"')
      ctx.sh("docker push ${ctx.imageName} ${image}")
    }
  }
}
"""


def test_steps_called_on_the_script_object(lint: Any) -> None:
    run = lint.scan("src/org/example/ci/Docker.groovy", DOCKER, "--fail-on", "never")
    assert run.where() == [
        ("DCR001", 8, 65, 8, 79),  # interpolated by Groovy through the object
        ("DCR001", 9, 62, 9, 70),  # left to the shell: on the command line all the same
        ("DCR012", 8, 65, 8, 79),  # bound to a credential, read as `ctx.hubPass`
    ]  # not the user name, not an image name read through the object


def test_the_fix_reads_the_bound_name(lint: Any) -> None:
    lint.write("src/org/example/ci/Docker.groovy", DOCKER)
    run = lint("--diff", "--select", "DCR012", ".")
    assert "+      ctx.sh('docker login --username ${hubUser} --password ${hubPass}')" in run.out


STEPS = f"""package org.example.ci

class Release implements Serializable {{
  def steps
  Release(steps) {{ this.steps = steps }}
  def login() {{
    steps.sh "docker login -u ci -p {PW} r.example.com"
    this.steps.sh(script: 'docker login -u ci -p "$REGISTRY_PASSWORD" r.example.com', returnStatus: true)
    steps.bat "docker login -u ci -p %REGISTRY_PASSWORD% r.example.com"
    steps.echo "docker login -u ci -p {PW} r.example.com"
  }}
}}
"""


def test_shell_steps_of_a_steps_field(lint: Any) -> None:
    run = lint.scan("src/org/example/ci/Release.groovy", STEPS, "--fail-on", "never", "--select", "DCR001,DCR002")
    assert run.where() == [
        ("DCR001", 7, 37, 7, 53),
        ("DCR001", 8, 51, 8, 69),
        ("DCR001", 9, 38, 9, 57),  # cmd.exe's %NAME%: bat runs cmd
        ("DCR002", 7, 37, 7, 53),
    ]  # not the text `echo` prints


PATHS = """node {
  sh "docker run -v ${pwd}/cache:/root/cache -v ${ctx.pwd}/.azure:/root/.azure alpine"
  sh "tar -C ${secretDir}/ -xf x.tgz"
  sh "curl https://api.example.com/bot${botToken}/send"
  sh "curl -u ci:${registryPassword}/x https://r.example.com"
  sh "docker login -u ci -p ${registryPassword} r.example.com"
}
"""


def test_a_word_rooted_at_an_interpolation_is_a_path(lint: Any) -> None:
    """A variable only named like a secret that starts a word going on with `/` is a folder."""
    run = lint.scan("Jenkinsfile", PATHS, "--fail-on", "never", "--select", "DCR012")
    assert run.where() == [
        ("DCR012", 4, 39, 4, 50),  # in a URL's path, after a `/`
        ("DCR012", 5, 18, 5, 37),  # after `:` in a word
        ("DCR012", 6, 29, 6, 48),
    ]


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
