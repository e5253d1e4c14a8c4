"""DCR012: a variable interpolated where a path goes holds a folder or a file, not a credential,
whatever its name says: joined as the first folder of a path (`'cp ' + pwd + '/outs/x'`), the file
`oc create -f`, `kubectl apply --filename=` or `rm` take. Joined where a password or a URL's path
goes, the same name is still reported."""

from __future__ import annotations

from typing import Any

from _helpers import found as _found


def test_a_joined_operand_that_roots_a_path_is_a_folder() -> None:
    """`'cp ' + pwd + '/outs/x'` (the `pwd` the step printed) is a folder, as `"${pwd}/outs"`
    already was; joined where a password or a URL's path goes, the same name is still reported."""
    text = """\
node {
    def pwd = sh(returnStdout: true, script: 'pwd').trim()
    sh 'cp ' + pwd + '/outs/app.bin out/'
    sh 'cp '+pwd+'/outs/' + name + ' out/'
    sh '''tar -C ''' + pwd + '''/dist -czf a.tgz .'''
    sh 'curl -u ci:' + «pwd» + ' https://files.example.com/'
    sh 'curl https://api.example.com/bot' + «pwd» + '/send'
    sh 'login --password ' + «pwd» + ' /srv'
}
"""
    found, spans = _found(text, "Jenkinsfile", "DCR012")
    assert found == spans


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
