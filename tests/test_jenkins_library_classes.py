"""A shared library's class runs pipeline steps through the script object it is given
(`ctx.sh`, `steps.withCredentials`, `this.script.bat`): a step called on an object is that step,
and a variable bound by it is read through the object too (`${ctx.password}`)."""

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
