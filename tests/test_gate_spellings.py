"""Findings that depend on YAML structure or on another file, each written so that a plain
substring search of a file misses what decides it: a Secret or ServiceAccount in a `List`, behind
a merge key or an escaped key; evidence of a private registry, or the definition of a pull
secret's name, in another file spelled with escapes, quote splits or a line continuation;
GitLab `!reference` and merge keys; GitHub `runs-on` labels around which `str.strip` removes a
no-break space or a NEL. Each case is scanned alone (its own folder) and pins what dcrlint
reports today, so a whole-text gate or an early exit before the model that loses one fails
here. Cases from the differential guard's generated inputs (`gates`); test_spellings.py holds the
one-file spellings."""

from __future__ import annotations

import pytest
from conftest import Lint

# The engine asks the gates of every kind here (a run: engine.GATED_KINDS; conftest `gating`).
pytestmark = pytest.mark.usefixtures("gating")

# case -> (files, findings: (rule, path, line, column))
CASES: dict[str, tuple[dict[str, str], list[tuple[str, str, int, int]]]] = {
    # DCR020/DCR021: the other file that makes a registry private, resolves a ServiceAccount's or a
    # pull secret's name, spelled with escapes, quote splits, line continuations, Lists, other case
    "pull/ev_login_upper_host": (
        {
            "dep.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: r.example.com/a:1\n",
            "push.sh": 'docker login -u ci -p "$P" R.EXAMPLE.COM\n',
        },
        [("DCR001", "push.sh", 1, 24), ("DCR020", "dep.yaml", 9, 18)],
    ),
    "pull/ev_login_quote_split": (  # a login spelled so that `login` is not in the raw text is evidence too
        {"dep.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: r.example.com/a:1\n", "push.sh": 'docker lo"gin" -u ci --password-stdin r.example.com\n'},
        [("DCR020", "dep.yaml", 9, 18)],
    ),
    "pull/ev_login_ansi_c": (  # a login spelled so that `login` is not in the raw text is evidence too
        {"dep.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: r.example.com/a:1\n", "push.sh": "docker $'\\x6cogin' -u ci --password-stdin r.example.com\n"},
        [("DCR020", "dep.yaml", 9, 18)],
    ),
    "pull/ev_login_yaml_escape": (  # a login spelled so that `login` is not in the raw text is evidence too
        {"dep.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: r.example.com/a:1\n", ".gitlab-ci.yml": 'push:\n  script:\n    - "docker \\x6cogin -u ci --password-stdin r.example.com"\n'},
        [("DCR020", "dep.yaml", 9, 18)],
    ),
    "pull/ev_secret_list": (
        {
            "dep.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: r.example.com/a:1\n",
            "s.yaml": "apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: Secret, metadata: {name: other, namespace: web}, type: kubernetes.io/dockerconfigjson, data: {.dockerconfigjson: eyJhdXRocyI6IHsici5leGFtcGxlLmNvbSI6IHsiYXV0aCI6ICJZMms2VjIwMUxYRjFZWEowZWkwNE1TMWFkQT09In19fQ==}}\n",
        },
        [("DCR020", "dep.yaml", 9, 18), ("DCR022", "s.yaml", 4, 122)],
    ),
    "pull/ev_secret_esc": (
        {
            "dep.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: r.example.com/a:1\n",
            "s.yaml": 'apiVersion: v1\nkind: Secret\nmetadata: {name: other, namespace: web}\ntype: "kubernetes.io/dockerconfig\\x6ason"\ndata: {.dockerconfigjson: eyJhdXRocyI6IHsici5leGFtcGxlLmNvbSI6IHsiYXV0aCI6ICJZMms2VjIwMUxYRjFZWEowZWkwNE1TMWFkQT09In19fQ==}\n',
        },
        [("DCR020", "dep.yaml", 9, 18), ("DCR022", "s.yaml", 5, 8)],
    ),
    "pull/ev_other_pulls": (
        {
            "dep.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: r.example.com/a:1\n",
            "dep2.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w2, namespace: web}\nspec:\n  template:\n    spec:\n      imagePullSecrets: [{name: rc}]\n      containers:\n        - name: w2\n          image: r.example.com/b:1\n",
        },
        [("DCR020", "dep.yaml", 9, 18)],
    ),
    "pull/ev_kubectl_create": (
        {
            "dep.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: r.example.com/a:1\n",
            "mk.sh": 'kubectl create secret docker-registry rc --docker-server=r.example.com --docker-username=ci --docker-password="$P"\n',
        },
        [("DCR001", "mk.sh", 1, 112), ("DCR020", "dep.yaml", 9, 18)],
    ),
    "pull/ev_kubectl_split": (
        {
            "dep.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: r.example.com/a:1\n",
            "mk.sh": "kubectl create secret docker-reg'istry' rc --docker-server=r.example.com --docker-username=ci --docker-password=\"$P\"\n",
        },
        [("DCR001", "mk.sh", 1, 114), ("DCR020", "dep.yaml", 9, 18)],
    ),
    "pull/ev_kubectl_makefile": (
        {
            "dep.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: r.example.com/a:1\n",
            "Makefile": "s:\n\tkubectl create secret docker-registry rc \\\n\t  --docker-server=r.example.com --docker-username=ci --docker-password=$$P\n",
        },
        [("DCR001", "Makefile", 3, 73), ("DCR020", "dep.yaml", 9, 18)],
    ),
    "pull/ev_image_upper": (
        {
            "dep.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: R.EXAMPLE.COM/a:1\n",
            "push.sh": 'docker login -u ci -p "$P" r.example.com\n',
        },
        [("DCR001", "push.sh", 1, 24), ("DCR020", "dep.yaml", 9, 18)],
    ),
    "pull/ev_image_esc": (
        {
            "dep.yaml": 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: "r.ex\\x61mple.com/a:1"\n',
            "push.sh": 'docker login -u ci -p "$P" r.example.com\n',
        },
        [("DCR001", "push.sh", 1, 24), ("DCR020", "dep.yaml", 9, 19)],
    ),
    "pull/ev_cfg": (
        {
            "dep.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: r.example.com/a:1\n",
            "config.json": '{"auths": {"r.example.com": {"auth": "Y2k6V201LXF1YXJ0ei04MS1adA=="}}}\n',
        },
        [("DCR020", "dep.yaml", 9, 18), ("DCR030", "config.json", 1, 31)],
    ),
    "pull/sa_list": (
        {
            "dep.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      serviceAccountName: b\n      containers:\n        - name: web\n          image: r.example.com/a:1\n",
            "sa.yaml": "apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: ServiceAccount, metadata: {name: b, namespace: web}, imagePullSecrets: [{name: rc}]}\n",
            "push.sh": 'docker login -u ci -p "$P" r.example.com\n',
        },
        [("DCR001", "push.sh", 1, 24)],
    ),
    "pull/sa_esc": (
        {
            "dep.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      serviceAccountName: b\n      containers:\n        - name: web\n          image: r.example.com/a:1\n",
            "sa.yaml": 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: b, namespace: web}\n"imagePull\\u0053ecrets": [{name: rc}]\n',
            "push.sh": 'docker login -u ci -p "$P" r.example.com\n',
        },
        [("DCR001", "push.sh", 1, 24)],
    ),
    "pull/sa_esc_name": (
        {
            "dep.yaml": 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      "serviceAccountN\\x61me": b\n      containers:\n        - name: web\n          image: r.example.com/a:1\n',
            "sa.yaml": "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: b, namespace: web}\nimagePullSecrets: [{name: rc}]\n",
            "push.sh": 'docker login -u ci -p "$P" r.example.com\n',
        },
        [("DCR001", "push.sh", 1, 24)],
    ),
    "pull/sa_default_patch": (
        {
            "dep.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: r.example.com/a:1\n",
            "patch.sh": 'kubectl patch serviceaccount default -n web -p \'{"imagePullSecrets": [{"name": "rc"}]}\'\n',
            "push.sh": 'docker login -u ci -p "$P" r.example.com\n',
        },
        [("DCR001", "push.sh", 1, 24)],
    ),
    "pull/sa_default_patch_esc": (
        {
            "dep.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: r.example.com/a:1\n",
            "patch.sh": 'kubectl patch sa default -n web -p \'{"imagePull\\u0053ecrets": [{"name": "rc"}]}\'\n',
            "push.sh": 'docker login -u ci -p "$P" r.example.com\n',
        },
        [("DCR001", "push.sh", 1, 24)],
    ),
    "pull/sa_default_patch_split": (
        {
            "dep.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: r.example.com/a:1\n",
            "patch.sh": 'ku"bectl" pa\'tch\' serviceaccount default -n web -p \'{"imagePullSecrets": [{"name": "rc"}]}\'\n',
            "push.sh": 'docker login -u ci -p "$P" r.example.com\n',
        },
        [("DCR001", "push.sh", 1, 24)],
    ),
    "pull/sa_multidoc": (
        {
            "dep.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      serviceAccountName: b\n      containers:\n        - name: web\n          image: r.example.com/a:1\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: b, namespace: web}\nimagePullSecrets: [{name: rc}]\n",
            "push.sh": 'docker login -u ci -p "$P" r.example.com\n',
        },
        [("DCR001", "push.sh", 1, 24)],
    ),
    "pull/res_kubectl_split": (
        {
            "dep.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      imagePullSecrets: [{name: rc}]\n      containers:\n        - name: web\n          image: alpine\n",
            "s.yaml": "apiVersion: v1\nkind: Secret\nmetadata: {name: unrelated, namespace: web}\ntype: kubernetes.io/dockerconfigjson\ndata: {.dockerconfigjson: eyJhdXRocyI6IHsici5leGFtcGxlLmNvbSI6IHsiYXV0aCI6ICJZMms2VjIwMUxYRjFZWEowZWkwNE1TMWFkQT09In19fQ==}\n",
            "mk.sh": "kubectl create secret $'docker-registry' rc -n web --docker-server=r.example.com --docker-username=ci --docker-password=\"$P\"\n",
        },
        [("DCR001", "mk.sh", 1, 122), ("DCR022", "s.yaml", 5, 8)],
    ),
    "pull/res_kubectl_bsnl": (
        {
            "dep.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      imagePullSecrets: [{name: rc}]\n      containers:\n        - name: web\n          image: alpine\n",
            "s.yaml": "apiVersion: v1\nkind: Secret\nmetadata: {name: unrelated, namespace: web}\ntype: kubernetes.io/dockerconfigjson\ndata: {.dockerconfigjson: eyJhdXRocyI6IHsici5leGFtcGxlLmNvbSI6IHsiYXV0aCI6ICJZMms2VjIwMUxYRjFZWEowZWkwNE1TMWFkQT09In19fQ==}\n",
            "mk.sh": 'kubectl create secret docker-registry \\\n  rc -n web --docker-server=r.example.com --docker-username=ci --docker-password="$P"\n',
        },
        [("DCR001", "mk.sh", 2, 83), ("DCR022", "s.yaml", 5, 8)],
    ),
    "pull/res_kubectl_gl_esc": (
        {
            "dep.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      imagePullSecrets: [{name: rc}]\n      containers:\n        - name: web\n          image: alpine\n",
            "s.yaml": "apiVersion: v1\nkind: Secret\nmetadata: {name: unrelated, namespace: web}\ntype: kubernetes.io/dockerconfigjson\ndata: {.dockerconfigjson: eyJhdXRocyI6IHsici5leGFtcGxlLmNvbSI6IHsiYXV0aCI6ICJZMms2VjIwMUxYRjFZWEowZWkwNE1TMWFkQT09In19fQ==}\n",
            ".gitlab-ci.yml": 'b:\n  script: ["kubectl create secret docker-re\\x67istry rc -n web --docker-server=r.example.com --docker-username=ci --docker-password=$P"]\n',
        },
        [("DCR001", ".gitlab-ci.yml", 2, 133), ("DCR022", "s.yaml", 5, 8)],
    ),
    "pull/res_secret_esc_name": (
        {
            "dep.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      imagePullSecrets: [{name: rc}]\n      containers:\n        - name: web\n          image: alpine\n",
            "s.yaml": 'apiVersion: v1\nkind: Secret\nmetadata: {"n\\x61me": rc, namespace: web}\ntype: kubernetes.io/dockerconfigjson\ndata: {.dockerconfigjson: eyJhdXRocyI6IHsici5leGFtcGxlLmNvbSI6IHsiYXV0aCI6ICJZMms2VjIwMUxYRjFZWEowZWkwNE1TMWFkQT09In19fQ==}\n',
        },
        [("DCR022", "s.yaml", 5, 8)],
    ),
    "pull/res_secret_list": (
        {
            "dep.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      imagePullSecrets: [{name: rc}, {name: gone}]\n      containers:\n        - name: web\n          image: alpine\n",
            "s.yaml": "apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: Secret, metadata: {name: rc, namespace: web}, type: kubernetes.io/dockerconfigjson, data: {.dockerconfigjson: eyJhdXRocyI6IHsici5leGFtcGxlLmNvbSI6IHsiYXV0aCI6ICJZMms2VjIwMUxYRjFZWEowZWkwNE1TMWFkQT09In19fQ==}}\n",
        },
        [("DCR021", "dep.yaml", 7, 45), ("DCR022", "s.yaml", 4, 119)],
    ),
    "pull/res_pull_name_esc": (
        {
            "dep.yaml": 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      imagePullSecrets: [{name: "r\\x63"}, {name: "g\\x6fne"}]\n      containers:\n        - name: web\n          image: alpine\n',
            "s.yaml": "apiVersion: v1\nkind: Secret\nmetadata: {name: rc, namespace: web}\ntype: kubernetes.io/dockerconfigjson\ndata: {.dockerconfigjson: eyJhdXRocyI6IHsici5leGFtcGxlLmNvbSI6IHsiYXV0aCI6ICJZMms2VjIwMUxYRjFZWEowZWkwNE1TMWFkQT09In19fQ==}\n",
        },
        [("DCR021", "dep.yaml", 7, 51), ("DCR022", "s.yaml", 5, 8)],
    ),
    "pull/res_kustomize_ns": (
        {
            "k/dep.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: wrong}\nspec:\n  template:\n    spec:\n      imagePullSecrets: [{name: rc}]\n      containers:\n        - name: web\n          image: alpine\n",
            "k/kustomization.yaml": '"n\\x61mespace": web\nresources: [dep.yaml]\n',
            "s.yaml": "apiVersion: v1\nkind: Secret\nmetadata: {name: rc, namespace: web}\ntype: kubernetes.io/dockerconfigjson\ndata: {.dockerconfigjson: eyJhdXRocyI6IHsici5leGFtcGxlLmNvbSI6IHsiYXV0aCI6ICJZMms2VjIwMUxYRjFZWEowZWkwNE1TMWFkQT09In19fQ==}\n",
        },
        # the kustomization (its key escaped) gives the Deployment its namespace, the Secret's: a
        # kustomization not read would leave DCR021's "defined in namespace web, not wrong"
        [("DCR022", "s.yaml", 5, 8)],
    ),
    "pull/res_generator": (
        {
            "dep.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  template:\n    spec:\n      imagePullSecrets: [{name: rc}]\n      containers:\n        - name: web\n          image: alpine\n",
            "kustomization.yaml": 'namespace: web\nresources: [dep.yaml]\nsecretGenerator:\n  - name: rc\n    type: "kubernetes.io/dockerconfig\\x6ason"\n    files: [.dockerconfigjson=cfg.json]\n',
            "cfg.json": '{"auths": {"r.example.com": {"auth": "Y2k6V201LXF1YXJ0ei04MS1adA=="}}}\n',
            "s.yaml": "apiVersion: v1\nkind: Secret\nmetadata: {name: unrelated, namespace: web}\ntype: kubernetes.io/dockerconfigjson\ndata: {.dockerconfigjson: eyJhdXRocyI6IHsici5leGFtcGxlLmNvbSI6IHsiYXV0aCI6ICJZMms2VjIwMUxYRjFZWEowZWkwNE1TMWFkQT09In19fQ==}\n",
        },
        # rc is the generator's registry Secret (its type escaped): resolved, no DCR021
        [("DCR022", "s.yaml", 5, 8), ("DCR030", "cfg.json", 1, 31)],
    ),
    # DCR022/DCR023/DCR040/DCR041: escaped keys, merge keys, aliases, Lists, multi-document files, tabs
    "k8s/sec_key_esc": (
        {
            "manifest.yaml": 'apiVersion: v1\nkind: Secret\nmetadata: {name: rc, namespace: web}\ntype: kubernetes.io/dockerconfigjson\ndata:\n  "\\x2edockerconfigjson": eyJhdXRocyI6IHsici5leGFtcGxlLmNvbSI6IHsiYXV0aCI6ICJZMms2VjIwMUxYRjFZWEowZWkwNE1TMWFkQT09In19fQ==\n'
        },
        [("DCR022", "manifest.yaml", 6, 4)],  # (the key inside its quotes, as the value)
    ),
    "k8s/sec_data_esc": (
        {
            "manifest.yaml": 'apiVersion: v1\nkind: Secret\nmetadata: {name: rc, namespace: web}\ntype: kubernetes.io/dockerconfigjson\n"d\\x61ta":\n  .dockerconfigjson: eyJhdXRocyI6IHsici5leGFtcGxlLmNvbSI6IHsiYXV0aCI6ICJZMms2VjIwMUxYRjFZWEowZWkwNE1TMWFkQT09In19fQ==\n'
        },
        [("DCR022", "manifest.yaml", 6, 3)],
    ),
    "k8s/sec_merge": (
        {
            "manifest.yaml": "x: &t {type: kubernetes.io/dockerconfigjson}\n---\napiVersion: v1\nkind: Secret\nmetadata: &m {name: rc, namespace: web}\n<<: {type: kubernetes.io/dockerconfigjson}\ndata: &d\n  .dockerconfigjson: eyJhdXRocyI6IHsici5leGFtcGxlLmNvbSI6IHsiYXV0aCI6ICJZMms2VjIwMUxYRjFZWEowZWkwNE1TMWFkQT09In19fQ==\n"
        },
        [("DCR022", "manifest.yaml", 8, 3)],
    ),
    "k8s/sec_list": (
        {
            "manifest.yaml": "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Secret\n    metadata: {name: rc, namespace: web}\n    type: kubernetes.io/dockerconfigjson\n    data: {.dockerconfigjson: eyJhdXRocyI6IHsici5leGFtcGxlLmNvbSI6IHsiYXV0aCI6ICJZMms2VjIwMUxYRjFZWEowZWkwNE1TMWFkQT09In19fQ==}\n"
        },
        [("DCR022", "manifest.yaml", 8, 12)],
    ),
    "k8s/sec_secretlist": (
        {
            "manifest.yaml": "apiVersion: v1\nkind: SecretList\nitems:\n  - apiVersion: v1\n    kind: Secret\n    metadata: {name: rc, namespace: web}\n    type: kubernetes.io/dockerconfigjson\n    data: {.dockerconfigjson: eyJhdXRocyI6IHsici5leGFtcGxlLmNvbSI6IHsiYXV0aCI6ICJZMms2VjIwMUxYRjFZWEowZWkwNE1TMWFkQT09In19fQ==}\n"
        },
        [("DCR022", "manifest.yaml", 8, 12)],
    ),
    "k8s/sec_multidoc": (
        {
            "manifest.yaml": "%YAML 1.1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n...\n--- # next\n--- !!map\napiVersion: v1\nkind: Secret\nmetadata: {name: rc, namespace: web}\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: eyJhdXRocyI6IHsici5leGFtcGxlLmNvbSI6IHsiYXV0aCI6ICJZMms2VjIwMUxYRjFZWEowZWkwNE1TMWFkQT09In19fQ==\n"
        },
        [("DCR022", "manifest.yaml", 14, 3)],
    ),
    "k8s/sec_tabs": (
        {
            "manifest.yaml": "apiVersion:\tv1\nkind:\tSecret\nmetadata: {name:\trc, namespace: web}\ntype:\tkubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson:\teyJhdXRocyI6IHsici5leGFtcGxlLmNvbSI6IHsiYXV0aCI6ICJZMms2VjIwMUxYRjFZWEowZWkwNE1TMWFkQT09In19fQ==\n"
        },
        [("DCR022", "manifest.yaml", 6, 3)],
    ),
    "k8s/sec_dockercfg": (
        {
            "manifest.yaml": "apiVersion: v1\nkind: Secret\nmetadata: {name: rc, namespace: web}\ntype: kubernetes.io/dockercfg\ndata:\n  .dockercfg: eyJyLmV4YW1wbGUuY29tIjogeyJhdXRoIjogIlkyazZWMjAxTFhGMVlYSjBlaTA0TVMxYWRBPT0ifX0=\n"
        },
        [("DCR022", "manifest.yaml", 6, 3)],
    ),
    "k8s/sec_opaque_key": (
        {
            "manifest.yaml": "apiVersion: v1\nkind: Secret\nmetadata: {name: rc, namespace: web}\ntype: Opaque\ndata:\n  .dockerconfigjson: eyJhdXRocyI6IHsici5leGFtcGxlLmNvbSI6IHsiYXV0aCI6ICJZMms2VjIwMUxYRjFZWEowZWkwNE1TMWFkQT09In19fQ==\n"
        },
        [("DCR022", "manifest.yaml", 6, 3)],
    ),
    "k8s/sec_string_yaml_esc": (
        {
            "manifest.yaml": 'apiVersion: v1\nkind: Secret\nmetadata: {name: rc, namespace: web}\ntype: kubernetes.io/dockerconfigjson\nstringData:\n  .dockerconfigjson: "{\\"\\x61uths\\": {\\"r.example.com\\": {\\"auth\\": \\"Y2k6V201LXF1YXJ0ei04MS1adA==\\"}}}"\n'
        },
        [("DCR022", "manifest.yaml", 6, 3)],
    ),
    "k8s/env_lit_merge": (
        {
            "manifest.yaml": "x: &e {name: DB_PASSWORD, value: Zq8-lemon-44-Rw}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: web}\nspec:\n  containers:\n    - name: a\n      image: alpine\n      env:\n        - {<<: {name: DB_PASSWORD, value: Zq8-lemon-44-Rw}}\n"
        },
        [("DCR023", "manifest.yaml", 11, 43)],
    ),
    "k8s/env_lit_alias": (
        {
            "manifest.yaml": "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: web}\nspec:\n  containers:\n    - name: a\n      image: alpine\n      env: &envs\n        - {name: DB_PASSWORD, value: Zq8-lemon-44-Rw}\n    - name: b\n      image: alpine\n      env: *envs\n"
        },
        [("DCR023", "manifest.yaml", 9, 38), ("DCR023", "manifest.yaml", 9, 38)],
    ),
    "k8s/env_cronjob": (
        {
            "manifest.yaml": "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c, namespace: web}\nspec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - {name: a, image: alpine, env: [{name: API_TOKEN, value: Zq8-lemon-44-Rw}]}\n"
        },
        [("DCR023", "manifest.yaml", 11, 71)],
    ),
    "k8s/cm_key_esc": (
        {
            "manifest.yaml": 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: web}\ndata:\n  "db_p\\x61ssword": Zq8-lemon-44-Rw\n'
        },
        [("DCR023", "manifest.yaml", 5, 21)],
    ),
    "k8s/opaque_stringdata_esc": (
        {
            "manifest.yaml": 'apiVersion: v1\nkind: Secret\nmetadata: {name: o, namespace: web}\ntype: Opaque\n"stringD\\x61ta":\n  password: Zq8-lemon-44-Rw\n'
        },
        [("DCR023", "manifest.yaml", 6, 13)],
    ),
    "k8s/ann_merge": (
        {
            "manifest.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: o\n  namespace: web\n  annotations:\n    <<: {dcrlint.io/rotated-at: '2023-01-01'}\ntype: Opaque\ndata:\n  token: WnE4LWxlbW9uLTQ0LVJ3\n"
        },
        [("DCR023", "manifest.yaml", 10, 10), ("DCR040", "manifest.yaml", 7, 33)],
    ),
    "k8s/ann_flow": (
        {
            "manifest.yaml": "apiVersion: v1\nkind: Secret\nmetadata: {name: o, namespace: web, annotations: {dcrlint.io/expires-at: '2024-01-01'}}\ntype: Opaque\ndata:\n  token: WnE4LWxlbW9uLTQ0LVJ3\n"
        },
        [("DCR023", "manifest.yaml", 6, 10), ("DCR041", "manifest.yaml", 3, 74)],
    ),
    "k8s/ann_value_esc": (
        {
            "manifest.yaml": 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: o\n  namespace: web\n  annotations:\n    dcrlint.io/expires-at: "2024\\x2d01-01"\ntype: Opaque\ndata:\n  token: WnE4LWxlbW9uLTQ0LVJ3\n'
        },
        [("DCR023", "manifest.yaml", 10, 10), ("DCR041", "manifest.yaml", 7, 28)],
    ),
    # GitLab: !reference, merge keys, aliases, extends with an escaped login
    "gl2/reference": (
        {
            ".gitlab-ci.yml": ".setup:\n  script:\n    - docker login -u ci -p Zq8-lemon-44-Rw r.example.com\nbuild:\n  script:\n    - !reference [.setup, script]\n    - make\n"
        },
        # one result per place, though two jobs (the template and build) run it
        [("DCR001", ".gitlab-ci.yml", 3, 29), ("DCR002", ".gitlab-ci.yml", 3, 29)],
    ),
    "gl2/reference_nested": (
        {
            ".gitlab-ci.yml": ".setup:\n  login:\n    - docker login -u ci -p Zq8-lemon-44-Rw r.example.com\nbuild:\n  script:\n    - !reference [.setup, login]\n"
        },
        [("DCR001", ".gitlab-ci.yml", 3, 29), ("DCR002", ".gitlab-ci.yml", 3, 29)],
    ),
    "gl2/merge_list": (
        {
            ".gitlab-ci.yml": '.a: &a {before_script: ["docker login -u ci -p Zq8-lemon-44-Rw r.example.com"]}\n.b: &b {tags: [x]}\nbuild:\n  <<: [*b, *a]\n  script: [make]\n'
        },
        [("DCR001", ".gitlab-ci.yml", 1, 48), ("DCR002", ".gitlab-ci.yml", 1, 48)],
    ),
    "gl2/vars_merge": (
        {".gitlab-ci.yml": ".v: &v\n  REG_PASSWORD: Zq8-lemon-44-Rw\nvariables:\n  <<: *v\nbuild:\n  script: [make]\n"},
        [("DCR010", ".gitlab-ci.yml", 2, 17)],
    ),
    "gl2/vars_alias": (
        {".gitlab-ci.yml": ".v: &v {REG_PASSWORD: Zq8-lemon-44-Rw}\nbuild:\n  variables: *v\n  script: [make]\n"},
        [("DCR010", ".gitlab-ci.yml", 1, 23)],
    ),
    "gl2/vars_reference": (
        {
            ".gitlab-ci.yml": ".v:\n  variables:\n    REG_PASSWORD: Zq8-lemon-44-Rw\nbuild:\n  variables: !reference [.v, variables]\n  script: [make]\n"
        },
        [("DCR010", ".gitlab-ci.yml", 3, 19)],
    ),
    "gl2/extends_esc": (
        {
            ".gitlab-ci.yml": '.tmpl:\n  before_script:\n    - "docker \\x6cogin -u ci -p Zq8-lemon-44-Rw r.example.com"\nbuild:\n  extends: [.tmpl]\n  script: [make]\n'
        },
        [("DCR001", ".gitlab-ci.yml", 3, 33), ("DCR002", ".gitlab-ci.yml", 3, 33)],
    ),
    # GitHub: self-hosted labels with NBSP / NEL / tab / an alias; env and with: by alias, merge key, complex key
    "gh2/selfhosted_nbsp": (
        {
            ".github/workflows/w.yml": 'on: push\njobs:\n  a:\n    runs-on: "self-hosted\\_"\n    steps:\n      - run: "printf %s \\"$P\\" | docker login -u ci --password-stdin r.example.com"\n'
        },
        [("DCR014", ".github/workflows/w.yml", 6, 34)],
    ),
    "gh2/selfhosted_nel": (
        {
            ".github/workflows/w.yml": 'on: push\njobs:\n  a:\n    runs-on: "self-hosted\\N"\n    steps:\n      - run: "printf %s \\"$P\\" | docker login -u ci --password-stdin r.example.com"\n'
        },
        [("DCR014", ".github/workflows/w.yml", 6, 34)],
    ),
    "gh2/selfhosted_alias": (
        {
            ".github/workflows/w.yml": 'x-r: &r [self-hosted]\non: push\njobs:\n  a:\n    runs-on: *r\n    steps:\n      - run: "printf %s \\"$P\\" | docker login -u ci --password-stdin r.example.com"\n'
        },
        [("DCR014", ".github/workflows/w.yml", 7, 34)],
    ),
    "gh2/selfhosted_tab": (
        {
            ".github/workflows/w.yml": 'on: push\njobs:\n  a:\n    runs-on: ["\\tself-hosted", linux]\n    steps:\n      - run: "printf %s \\"$P\\" | docker login -u ci --password-stdin r.example.com"\n'
        },
        [("DCR014", ".github/workflows/w.yml", 6, 34)],
    ),
    "gh2/env_alias": (
        {
            ".github/workflows/w.yml": "x-e: &e {REG_PASSWORD: Zq8-lemon-44-Rw}\non: push\njobs:\n  a:\n    runs-on: x\n    env: *e\n    steps: [{run: make}]\n"
        },
        [("DCR010", ".github/workflows/w.yml", 1, 24)],
    ),
    "gh2/env_merge": (
        {
            ".github/workflows/w.yml": "x-e: &e {REG_PASSWORD: Zq8-lemon-44-Rw}\non: push\njobs:\n  a:\n    runs-on: x\n    env:\n      <<: *e\n      A: b\n    steps: [{run: make}]\n"
        },
        [("DCR010", ".github/workflows/w.yml", 1, 24)],
    ),
    "gh2/env_step_merge": (
        {
            ".github/workflows/w.yml": "x-e: &e {REG_TOKEN: Zq8-lemon-44-Rw}\non: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: make\n        env: {<<: *e}\n"
        },
        [("DCR010", ".github/workflows/w.yml", 1, 21)],
    ),
    "gh2/with_merge": (
        {
            ".github/workflows/w.yml": "x-w: &w {username: ci, password: Zq8-lemon-44-Rw}\non: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: docker/login-action@v3\n        with: {<<: *w, registry: r.example.com}\n"
        },
        [("DCR002", ".github/workflows/w.yml", 1, 34)],
    ),
    "gh2/env_complex": (
        {
            ".github/workflows/w.yml": "on: push\njobs:\n  a:\n    runs-on: x\n    env:\n      ? REG_PASSWORD\n      : Zq8-lemon-44-Rw\n    steps: [{run: make}]\n"
        },
        [("DCR010", ".github/workflows/w.yml", 7, 9)],
    ),
    "gh2/logout_esc_key": (
        {
            ".github/workflows/w.yml": "on: push\njobs:\n  a:\n    runs-on: self-hosted\n    steps:\n      - uses: docker/login-action@v3\n        with: {username: ci, password: '${{ secrets.P }}', \"l\\x6fgout\": false}\n"
        },
        [("DCR014", ".github/workflows/w.yml", 6, 15)],
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_structure_and_cross_file_spellings(lint: Lint, name: str) -> None:
    files, found = CASES[name]
    for rel, text in files.items():
        lint.write(rel, text)
    run = lint("--format", "json", "--fail-on", "never", "--now", "2026-06-01", ".")
    assert sorted(run.table("rule", "path", "line", "column")) == found
