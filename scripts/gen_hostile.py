"""Write a set of hostile input files: alias bombs, deep nesting, broken documents, control
characters, pathological strings, for each file kind dcrlint reads.

    python scripts/gen_hostile.py OUTDIR

Every file is small (the point is the shape, not the size); tests/test_hostile.py scans
them all with a timeout and asserts no traceback and no hang.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path


def _laughs(levels: int = 9, width: int = 9, indent: str = "") -> str:
    """A billion-laughs anchor chain: each level refers to the previous one `width` times."""
    lines = [f'{indent}a0: &a0 "lol"']
    for i in range(1, levels + 1):
        refs = ",".join([f"*a{i - 1}"] * width)
        lines.append(f"{indent}a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def _gitlab_script_bomb() -> str:
    refs = ", ".join(["*l8"] * 9)
    chain = "\n".join(
        [".l0: &l0 [\"docker login -u u -p $P r.example.com\"]"]
        + [f".l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 9)]
    )
    return f"{chain}\nbuild:\n  script: [{refs}]\n"


def _deep_flow(depth: int) -> str:
    return "x: " + "[" * depth + "1" + "]" * depth + "\n"


def _deep_block(depth: int) -> str:
    return "".join(f"{'  ' * i}k{i}:\n" for i in range(depth)) + f"{'  ' * depth}v: 1\n"


def _merge_fan(n: int) -> str:
    """Each map merges every earlier one: merge keys resolved naively cost 2^n."""
    out = ["m0: &m0\n  k0: v\n"]
    for i in range(1, n):
        refs = ", ".join(f"*m{j}" for j in range(i))
        out.append(f"m{i}: &m{i}\n  <<: [{refs}]\n  k{i}: v\n")
    return "".join(out)


def _groovy_nest(depth: int) -> str:
    inner = "sh 'docker login -u u -p $P r.example.com'"
    for i in range(depth):
        inner = f"stage('s{i}') {{ steps {{ {inner} }} }}"
    return f"pipeline {{ agent any\n stages {{ {inner} }} }}\n"


FILES: dict[str, Callable[[], str]] = {
    # YAML, in the kinds classify.py recognises by path.
    ".gitlab-ci.yml": _gitlab_script_bomb,
    "k8s/laughs.yaml": lambda: "apiVersion: v1\nkind: ConfigMap\ndata:\n" + _laughs(indent="  "),
    ".github/workflows/laughs.yml": lambda: "on: push\n" + _laughs() + "jobs:\n  b:\n    steps: *a9\n",
    "k8s/recursive-anchor.yaml": lambda: "a: &x\n  b: *x\n",
    "k8s/deep-flow.yaml": lambda: _deep_flow(5000),
    "k8s/deep-block.yaml": lambda: _deep_block(400),
    "k8s/control-char.yaml": lambda: (
        "apiVersion: v1\nkind: Secret\nstringData:\n  password: Zt8mQ2vL9xKp\n---\n"
        "bad: \x07bell\n---\napiVersion: v1\nkind: Secret\nstringData:\n  token: Hq4nW7eR2tYu\n"
    ),
    "k8s/unclosed.yaml": lambda: "a: [1, 2\nb: {c: 'd\n" * 50,
    "k8s/many-docs.yaml": lambda: "---\n" * 20000,
    "k8s/tab-indent.yaml": lambda: "a:\n\tb: c\n",
    "k8s/merge-loop.yaml": lambda: "a: &a\n  <<: *a\n  k: v\n",
    "k8s/merge-fan.yaml": lambda: _merge_fan(60),
    "k8s/long-line.yaml": lambda: "a: " + "x" * 200_000 + "\n",
    "k8s/many-colons.yaml": lambda: "a: " + ":" * 50_000 + "\n",
    "k8s/helm-like.yaml": lambda: "{{ if .Values.x }}\na: {{ .Values.y }}\n{{ end }}\n",
    "k8s/surrogate.yaml": lambda: 'a: "\\ud800"\n',
    "k8s/custom-tag.yaml": lambda: "a: !!python/object:os.system echo\nb: !custom x\n",
    # docker configs
    ".docker/config.json": lambda: '{"auths": ' * 3000 + "1" + "}" * 3000,
    "broken/config.json": lambda: '{"auths": {"r.example.com": {"auth": "!!!notbase64"}}, "x": [',
    "nulls/config.json": lambda: '{"auths": {"r.example.com": {"auth": null, "identitytoken": 5}}}',
    "b64/config.json": lambda: '{"auths": {"r.example.com": {"auth": "' + "QQ==" * 5000 + '"}}}',
    # Jenkins / Groovy
    "Jenkinsfile": lambda: _groovy_nest(400),
    "jenkins/unterminated/Jenkinsfile": lambda: "pipeline { stages { stage('a') { steps { sh \"\"\"docker login ${",
    "jenkins/gstrings/Jenkinsfile": lambda: "node { sh \"" + "${'a'}" * 5000 + "\" }\n",
    "jenkins/slashy/Jenkinsfile": lambda: "node { def x = /" + "\\/" * 20000 + "/ }\n",
    "jenkins/braces/Jenkinsfile": lambda: "node " + "{" * 20000 + "\n",
    # shell
    "deep-subshell.sh": lambda: "#!/bin/sh\n" + "$(" * 3000 + "docker login -p x r" + ")" * 3000 + "\n",
    "heredoc.sh": lambda: "#!/bin/sh\ncat <<EOF\n" + "docker login -p $P r\n" * 2000 + "\n",
    "quotes.sh": lambda: "#!/bin/sh\necho " + "'\"" * 20000 + "\n",
    "backslashes.sh": lambda: "#!/bin/sh\ndocker login -p " + "\\" * 50001 + "\n",
    "evals.sh": lambda: "#!/bin/sh\n" + "eval " * 5000 + "docker login -p x r\n",
    "pwsh.ps1": lambda: "docker login -p " + "`" * 30000 + "\n" + "@'\n" * 2000,
    # Dockerfile and Makefile
    "Dockerfile": lambda: "FROM x\nRUN " + "\\\n" * 20000 + "docker login -p x r\n",
    "heredoc/Dockerfile": lambda: "FROM x\nRUN <<EOF\n" + "docker login -p $P r\n" * 1000,
    "Makefile": lambda: "a:\n\t" + "$(" * 5000 + "\n" + "define X\n" * 2000,
    "recursive/Makefile": lambda: "A = $(B)\nB = $(A)\nlogin:\n\tdocker login -p $(A) r\n",
}


def write(out: Path) -> list[Path]:
    """Write every hostile file under `out`; return their paths."""
    paths = []
    for rel, make in FILES.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(make().encode("utf-8", "surrogatepass"))
        paths.append(path)
    return paths


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for p in write(Path(sys.argv[1])):
        print(p)
