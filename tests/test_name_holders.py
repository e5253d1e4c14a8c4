"""DCR003: a secret-worded variable whose value the script shows to be a name, a key or a
path prints no secret (`checks/_name_holders.py`); near misses stay reported.
A variable yq writes under a name key, one given to `$K get secret` (kubectl kept in a variable),
names echoed into a `while read` loop, a value jq reads from an identifier key (`.accessKeyId`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import brief, engine_scan, run_checks, scanned

from dcrlint.checks._name_holders import name_holders
from dcrlint.valueshapes import literal_name


def _printed(script: str) -> list[str]:
    # (a last line printing a value the script made is its result: not the case tested)
    file = scanned("#!/bin/bash\n" + script + "echo done\n", "deploy.sh")
    return sorted(f.message.split("`")[3] for f in run_checks(file, "DCR003") if "prints secret" in f.message)


NAMES = [
    # a Kubernetes Secret's name: from a literal default, used as the name of a kubectl command
    'kubectl get secrets -n ci\nPULL_SECRET="${PULL_SECRET:-ci-registry-pull}"\necho "creating $PULL_SECRET"\n',
    'REG_SECRET=$1\nkubectl -n ci create secret generic "$REG_SECRET" --from-file=.dockerconfigjson=f\n'
    'echo "made ${REG_SECRET}"\n',
    # a path: a file given to --from-file, a variable named for KUBECONFIG's files
    'cfg_secret=${KUBECONFIG}\necho "using ${cfg_secret}"\n',
    'kube_secret=$2\nkubectl create secret generic kc --from-file=config="${kube_secret}"\necho "$kube_secret"\n',
    # a file name, in one word (every value the script gives it is one)
    'secretsfile="demo-secrets.example.yaml"\nif [ -n "$O" ]; then secretsfile="x.override.yaml"; fi\n'
    'echo "Secrets: $secretsfile"\n',
    # a key of the Secret's data
    'KEY_SECRET="$2"\nV=$(kubectl get secret s -o jsonpath="{.data.$KEY_SECRET}")\necho "key $KEY_SECRET"\n',
    # the id of a secret in a secrets manager
    'SECRET_ARG="$2"\naws secretsmanager get-secret-value --secret-id "$SECRET_ARG"\necho "from $SECRET_ARG"\n',
    # a loop over names, an array of names filled from one
    'WANTED=(\n  "db-credentials"\n  "app-secrets"\n)\nfor secret in "${WANTED[@]}"; do\n'
    '  echo "  ok $secret"\ndone\n',
    'LOST=()\nfor secret_file in a.yaml b.yaml; do LOST+=("$secret_file"); done\n'
    'for secret in "${LOST[@]}"; do echo "missing $secret"; done\n',
    # the names of files, as `grep -l` prints them
    'PLAIN_SECRETS=$(find . -name "*.yaml" | \\\n  xargs grep -l "kind: Secret" || true)\necho "$PLAIN_SECRETS"\n',
    'TOKENS=$(kubectl get secrets -o name)\necho "$TOKENS"\n',
    # a file's name in a path: a loop over a list the script does not write (a make variable)
    'for SECRET in ${SECRET_LIST} ; do \\\n\tcp secrets/$SECRET.yaml out/secret.$SECRET.yaml; \\\n'
    '\techo "cp secrets/$SECRET.yaml out/secret.$SECRET.yaml"; \\\ndone\n',
    # a file the script tests or removes
    'if [ -f "${CLOUD_CREDENTIALS}" ]; then\n  rm -f "${CLOUD_CREDENTIALS}"\nelse\n'
    '  echo "::warning::no file at ${CLOUD_CREDENTIALS}"\nfi\n',
    '[[ ! -s $KEY_SECRET ]] && echo "empty: $KEY_SECRET"\n',
    # a file the script gives a mode or an owner: a path, whatever it is called
    'OUT_CREDENTIALS=creds_$(date +%F).yml\ntouch $OUT_CREDENTIALS\nchmod 600 $OUT_CREDENTIALS\n'
    'printf "wrote %s\\n" $OUT_CREDENTIALS\n',
    'chown -R app:app "${TOKEN_STORE}"\necho "store at ${TOKEN_STORE}"\n',
    # the name of a variable holding a secret (read through it: `${!P_ENV_TOKEN}`)
    'P_ENV_TOKEN="GITHUB_TOKEN"\nP_ENV_SENTRY=SENTRY_AUTH_TOKEN\n'
    'echo "> $P_ENV_TOKEN=... $P_ENV_SENTRY=..."\n',
    # ... also set from a command that prints names
    'SECRET=$(kubectl get secrets -o name)\ncp "backup/$SECRET.yaml" /tmp/\necho "copied $SECRET"\n',
]


@pytest.mark.parametrize("script", NAMES)
def test_a_variable_holding_a_name_prints_no_secret(script: str) -> None:
    assert _printed(script) == []


SECRETS = [
    # a variable named for the credential is no file's name in a path (`/bot$TOKEN/`, `/$PASSWORD.x`)
    ('curl -s "https://api.example.com/bot$BOT_TOKEN/send"\necho "$BOT_TOKEN"\n', ["BOT_TOKEN"]),
    ('cp /tmp/$DB_PASSWORD.txt out/\necho "$DB_PASSWORD"\n', ["DB_PASSWORD"]),
    ('for SECRET in $(vault kv get -field=v kv/ci) ; do echo "$SECRET"; done\n', ["SECRET"]),
    # from the environment, a command's output, an argument: what it may
    ('echo "$REGISTRY_TOKEN"\n', ["REGISTRY_TOKEN"]),
    ('TOKEN=$(vault read -field=t kv/ci)\necho "$TOKEN"\n', ["TOKEN"]),
    ('PASSWORD="$1"\necho "pw $PASSWORD"\n', ["PASSWORD"]),
    # a one-word literal may be a password; so may a value read
    ('PASSWORD=hunter2\necho "$PASSWORD"\n', ["PASSWORD"]),
    ('SECRET=app-secret\nread -rs SECRET\necho "$SECRET"\n', ["SECRET"]),
    # a loop over secrets; a variable given a name once and a secret once
    ('for token in "$GH_TOKEN" "$NPM_TOKEN"; do echo "$token"; done\n', ["token"]),
    ('SECRET=my-secret\nSECRET=$(pass show ci)\necho "$SECRET"\n', ["SECRET"]),
    # `grep` printing lines (not `-l`), `kubectl get secret -o yaml` (the data)
    ('PASSWORDS=$(grep -r "password:" .)\necho "$PASSWORDS"\n', ["PASSWORDS"]),
    ('SECRET_DATA=$(kubectl get secret s -o yaml)\necho "$SECRET_DATA"\n', ["SECRET_DATA"]),
    # a name holder beside a secret in the same word: the secret is reported
    ('NAME_SECRET=a-b\nkubectl get secret "$NAME_SECRET"\necho "$NAME_SECRET=$DB_PASSWORD"\n', ["DB_PASSWORD"]),
    # a file tested, then read into the variable: it holds the token after
    ('if [ -f "$API_TOKEN" ]; then API_TOKEN=$(cat "$API_TOKEN"); fi\necho "token: $API_TOKEN"\n', ["API_TOKEN"]),
    # a string test, a file removed that is another
    ('[ -n "$API_TOKEN" ] && echo "token: $API_TOKEN"\n', ["API_TOKEN"]),
    ('rm -rf /tmp/work; [ -z "$API_TOKEN" ] || echo "$API_TOKEN"\n', ["API_TOKEN"]),
    # another file's mode
    ('chmod 600 "$TOKEN_FILE"\necho "token: $API_TOKEN"\n', ["API_TOKEN"]),
    # upper-case words that name no secret, or a value not all an identifier's upper-case words
    ('X_PASSWORD=ABCDEF_GH\necho "$X_PASSWORD"\n', ["X_PASSWORD"]),
    ('API_TOKEN=GITHUB_TOKEN_x9\necho "$API_TOKEN"\n', ["API_TOKEN"]),
    ('API_TOKEN="GH_TOKEN-Kq8v"\necho "$API_TOKEN"\n', ["API_TOKEN"]),
    # a numeronym is no count (the guard of an earlier change)
    ('echo "$N8N_TOKEN"\n', ["N8N_TOKEN"]),
    # named for the credential itself: a literal's or a fallback's shape makes it no name, and
    # the environment's value is what the CI gives (the guard's R5)
    ('REGISTRY_PASSWORD="${REGISTRY_PASSWORD:-dev-password}"\necho "pw: $REGISTRY_PASSWORD"\n', ["REGISTRY_PASSWORD"]),
    ('API_TOKEN=${API_TOKEN:-local.dev.token}\necho "token $API_TOKEN"\n', ["API_TOKEN"]),
    ('if [ -z "$REGISTRY_PASSWORD" ]; then REGISTRY_PASSWORD=dev-secret; fi\necho "$REGISTRY_PASSWORD"\n',
     ["REGISTRY_PASSWORD"]),
    ('export REGISTRY_TOKEN="${REGISTRY_TOKEN-ci/registry-token}"\necho "tok $REGISTRY_TOKEN"\n', ["REGISTRY_TOKEN"]),
    ('DB_PASSWORD=correct-horse-battery-staple\necho "db: $DB_PASSWORD"\n', ["DB_PASSWORD"]),
    ('SECRET_KEY=django-insecure-kq9\necho "$SECRET_KEY"\n', ["SECRET_KEY"]),
    # a file's name in a path too, but set from a secrets store: what it holds is the secret (guard R12)
    ('CLIENT_SECRET=$(vault kv get -field=client_secret kv/app)\necho "client secret: $CLIENT_SECRET"\n'
     'curl -sf -o "/var/cache/app/$CLIENT_SECRET.json" https://auth.example.com/keys\n', ["CLIENT_SECRET"]),
    ('APP_SECRET=`aws secretsmanager get-secret-value --secret-id app --query SecretString`\n'
     'echo "$APP_SECRET"\ncp "out/$APP_SECRET.yaml" /tmp/\n', ["APP_SECRET"]),
]


@pytest.mark.parametrize(("script", "names"), SECRETS)
def test_near_misses_stay_reported(script: str, names: list[str]) -> None:
    assert _printed(script) == names


def test_holders_are_a_fixed_point() -> None:
    script = "A=(x-y)\nB=(\"${A[@]}\")\nfor s in \"${B[@]}\"; do :; done\nC=\"$s\"\n"
    assert {"A", "B", "s", "C"} <= name_holders(script)
    assert "C" not in name_holders(script + "C=$TOKEN\n")


@pytest.mark.parametrize(("value", "named"), [
    ("pull-secret", True), ("app.tls", True), ("secrets.yaml", True), ("/run/secrets/x", True),
    ("values/prod", True), ("./Out/A.txt", True), ("hunter2", False), ("kQ9x/Zt4Lm", False), ("S3cr3t-Pw", False), ("a_b", False), ("", False),
])
def test_literal_name(value: str, named: bool) -> None:
    assert literal_name(value) is named


def test_azure_pwd_command_is_no_pasted_secret(lint: Any) -> None:
    text = ("steps:\n- task: Bash@3\n  inputs:\n    targetType: inline\n    script: |\n"
            "      base=$(pwd)\n      docker run -v $(pwd):/src x\n      echo $(PWD) $(pwd_token)\n")
    run = lint.scan("azure-pipelines.yml", text, "--fail-on", "never")
    assert run.starts("DCR011") == [("DCR011", 8, 19)]  # (`PWD` is the shell's folder)


COUNTERS = [
    'PASS=0\nfor t in a b; do PASS=$((PASS + 1)); done\necho "${PASS} passed"\n',
    'TOTAL_PASS=0\nTOTAL_PASS=$((TOTAL_PASS + PASS_COUNT))\necho "| ${TOTAL_PASS} |"\n',
    'secret_number=0\nwhile read -r s; do ((secret_number++)); echo "[$secret_number] $s"; done < list\n',
    'let TOKEN_COUNTER=0\nlet TOKEN_COUNTER+=1\necho "$TOKEN_COUNTER"\n',
    'TOKENS_LEFT="$((3 * 2))"\necho "$TOKENS_LEFT"\n',
]
NOT_COUNTERS = [
    # a number alone, never counted: a PIN is a number
    ('API_TOKEN=123456\necho "$API_TOKEN"\n', ["API_TOKEN"]),
    # counted, but also set from elsewhere
    ('PASS=0\nPASS=$((PASS + 1))\nPASS=$(cat /run/pass)\necho "$PASS"\n', ["PASS"]),
    ('read -r PASS\n((PASS++))\necho "$PASS"\n', ["PASS"]),
    # compared, not set
    ('DB_PASSWORD=$(cat /run/db)\nif (( DB_PASSWORD == 0 )); then :; fi\necho "$DB_PASSWORD"\n', ["DB_PASSWORD"]),
]


@pytest.mark.parametrize("script", COUNTERS)
def test_a_counter_prints_no_secret(script: str) -> None:
    assert _printed(script) == []


@pytest.mark.parametrize(("script", "names"), NOT_COUNTERS)
def test_numbers_not_counted_stay_reported(script: str, names: list[str]) -> None:
    assert _printed(script) == names


VARIABLE_PATHS = [
    # a secrets manager's entry or a file, built from variables and names
    'DB_CONFIG_SECRET=${ACCOUNT}/${CLUSTER}/jdbc/${DB}/config\necho "Setting ${DB_CONFIG_SECRET} secret"\n',
    'PULL_SECRET="${GIT_ROOT}/bootstrap/pull-secret.yaml"\necho "Missing: ${PULL_SECRET}"\n',
    # a prompt of `read` names no variable it sets
    'BOOT_SECRET="${ROOT}/boot/secret.yaml"\nread -r -p "Create [${BOOT_SECRET}]? " answer\necho "$BOOT_SECRET"\n',
]
NOT_VARIABLE_PATHS = [
    ('DB_PASSWORD="${ROOT}/a/b"\necho "$DB_PASSWORD"\n', ["DB_PASSWORD"]),  # named for the credential
    ('APP_SECRET=$A/$B/$C\necho "$APP_SECRET"\n', ["APP_SECRET"]),  # variables only
    ('APP_SECRET="$(cat /run/s)/a/b"\necho "$APP_SECRET"\n', ["APP_SECRET"]),
    ('APP_SECRET=x/y/z\nread -r APP_SECRET\necho "$APP_SECRET"\n', ["APP_SECRET"]),
]


@pytest.mark.parametrize("script", VARIABLE_PATHS)
def test_a_path_made_with_variables_prints_no_secret(script: str) -> None:
    assert _printed(script) == []


@pytest.mark.parametrize(("script", "names"), NOT_VARIABLE_PATHS)
def test_paths_near_misses_stay_reported(script: str, names: list[str]) -> None:
    assert _printed(script) == names


# --- kubectl's options anywhere (they do not end the Secret's names) ---------------------------

@pytest.mark.parametrize("command", [
    'kubectl get secret -n ns "$PULL_SECRET"',
    "kubectl get secret --namespace=ns $PULL_SECRET -o yaml",
    "kubectl get secret --namespace ns ${PULL_SECRET}",
    'kubectl -n ns get secret "$PULL_SECRET" -o jsonpath="{.data.x}"',
    "kubectl get secret -o jsonpath='{.data.x}' \"$PULL_SECRET\"",
    'kubectl get -n ns secrets "$PULL_SECRET"',
    'kubectl --context "$CTX" describe secret -nns --ignore-not-found "$PULL_SECRET"',
    'oc delete secret -A -w --wait "$PULL_SECRET"',
    "kubectl get secret other $PULL_SECRET",
    'kubectl get secret/"$PULL_SECRET" -n ns',
    'kubectl create secret generic -n ns "$PULL_SECRET" --from-file=a=b',
    'kubectl create secret docker-registry --namespace=ns "$PULL_SECRET" \\\n  --docker-server=r',
    'kubectl create secret -n ns generic "$PULL_SECRET"',
    'V=$(kubectl get secret -n "$NS" "$PULL_SECRET" -o jsonpath="{.data.a}")',
])
def test_kubectl_options_anywhere(command: str) -> None:
    assert "PULL_SECRET" in name_holders(command + "\n")
    assert _printed(f'PULL_SECRET="$1"\n{command}\necho "read $PULL_SECRET"\n') == []


@pytest.mark.parametrize(("command", "held"), [
    ('kubectl get secret -n "$NS_SECRET" app', set()),  # an option's value
    ('kubectl get secret --token "$API_SECRET" app', set()),
    ('kubectl get secret --unknown-option "$API_SECRET"', set()),  # may take the word: not read
    ('kubectl get secret -Z "$API_SECRET"', set()),
    ('kubectl create secret generic app --from-literal=k="$API_SECRET"', set()),
    ('kubectl exec pod -- cat secret "$API_SECRET"', set()),
    ('kubectl get pods "$API_SECRET"', set()),
    ('kubectl -n secret get pod "$API_SECRET"', set()),  # `secret` is -n's value
    ('kubectl get secret app; echo "$API_SECRET"', set()),
])
def test_kubectl_near_misses(command: str, held: set[str]) -> None:
    assert name_holders(command + "\n") & {"NS_SECRET", "API_SECRET"} == held


# --- the shape of words joined by - or . : a name only where the script handles named secrets ---

KUBE = "kubectl get secrets -n ci\n"


@pytest.mark.parametrize(("script", "names"), [
    # no secret handled as an object: the shape of a passphrase
    ('SECRET=correct-horse-battery-staple\necho "$SECRET"\n', ["SECRET"]),
    ('CLIENT_SECRET=tidy-otter-71\necho "client secret: $CLIENT_SECRET"\n', ["CLIENT_SECRET"]),
    ('JWT_SECRET="${JWT_SECRET:-local.dev.jwt}"\necho "$JWT_SECRET"\n', ["JWT_SECRET"]),
    ('PULL_SECRET="${PULL_SECRET:-ci-registry-pull}"\necho "creating $PULL_SECRET"\n', ["PULL_SECRET"]),
    # handled, but given as a secret's value
    (KUBE + 'APP_SECRET=tidy-otter-71\nkubectl create secret generic app --from-literal=s=$APP_SECRET\n'
     'echo "$APP_SECRET"\n', ["APP_SECRET"]),
    # named for the credential: never by shape (R5)
    (KUBE + 'SECRET_TOKEN=tidy-otter-71\necho "$SECRET_TOKEN"\n', ["SECRET_TOKEN"]),
])
def test_a_joined_words_literal_is_no_name_by_its_shape_alone(script: str, names: list[str]) -> None:
    assert _printed(script) == names


@pytest.mark.parametrize("script", [
    KUBE + 'PULL_SECRET="${PULL_SECRET:-ci-registry-pull}"\necho "creating $PULL_SECRET"\n',
    'aws secretsmanager list-secrets\nAPP_SECRET=prod/app-db\necho "reading $APP_SECRET"\n',
    KUBE + 'TLS_SECRET=app.tls\necho "tls from $TLS_SECRET"\n',
    # paths and file names: names by their shape anywhere
    'SECRET_SRC=config/secrets.yaml\necho "from $SECRET_SRC"\n',
    'SECRET=./secret.env\necho "from $SECRET"\n',
])
def test_a_literal_name_where_names_are_handled(script: str) -> None:
    assert _printed(script) == []


def test_a_measure_of_a_secret_is_a_number() -> None:
    """`KEY_BYTES=$(printf %s "$KEY" | wc -c)` and `${#KEY}` hold a length, not the key; a value
    that also prints the secret, or a digest (which identifies it), is not a measure here."""
    from dcrlint.checks._name_holders import name_holders

    script = (
        'TOKEN_KEY_BYTES=$(printf %s "$TOKEN_KEY" | wc -c)\n'
        "KEY_LEN=${#TOKEN_KEY}\n"
        "SECRET_LEN=$(echo -n \"$SECRET\" | wc -c | tr -d ' ')\n"
        "PW_CHARS=$(wc -m < /run/secrets/pw)\n"
        'TOKEN_SUM=$(printf %s "$TOKEN" | sha256sum)\n'
        "TOKEN_BOTH=$(cat token | wc -c; cat token)\n"
        "TOKEN_ODD=$(wc -c;cat token)\n"
        'API_KEY="$(printf %s "$K" | wc -c)$K"\n'
    )
    held = name_holders(script)
    assert {"TOKEN_KEY_BYTES", "KEY_LEN", "SECRET_LEN", "PW_CHARS"} <= held
    assert not {"TOKEN_SUM", "TOKEN_BOTH", "TOKEN_ODD", "API_KEY"} & held


def test_a_measured_key_echoed_is_not_a_leak(lint) -> None:  # type: ignore[no-untyped-def]
    run = lint.scan("gen.sh", (
        "#!/bin/bash\n"
        'TOKEN_KEY="$(openssl rand -base64 32)"\n'
        'TOKEN_KEY_BYTES=$(printf %s "$TOKEN_KEY" | wc -c)\n'
        'echo "key is ${TOKEN_KEY_BYTES} bytes"\n'
        'echo "key: ${TOKEN_KEY}"\n'
    ))
    assert run.starts("DCR003") == [("DCR003", 5, 1)]


_OLD_NAMED_OBJECTS = (r"\b(?:kubectl|oc)\b[^\n;&|]*[\s/](?:sealed)?secrets?\b|\bkubeseal\b"
                      r"|\bsecretsmanager\b|\bgcloud\b[^\n;&|]*\bsecrets\b|\bkeyvault[ \t]+secret\b"
                      r"|\bvault[ \t]+kv\b")


def test_names_objects_reads_as_the_one_pattern_did() -> None:
    """_names_objects reads a command line once per tool (linear), as the single regular expression
    it replaced read it (quadratic on a line of thousands of kubectl words): random scripts of the
    pieces that matter agree."""
    import random
    import re

    from dcrlint.checks._name_holders import _names_objects

    old = re.compile(_OLD_NAMED_OBJECTS, re.I)
    pieces = ["kubectl", "oc", "gcloud", "Kubectl", " ", "/", "\n", ";", "&", "|", "secret", "secrets",
              "sealedsecret", "Secrets", "x", "get", "-", "kubeseal", "vault kv", "keyvault secret", "s", "\\\n"]
    rng = random.Random(7)
    for _ in range(20000):
        script = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        assert _names_objects(script) == (old.search(script) is not None), repr(script)



# --- a command kept in an array, a path expression's `name` field, a folder, a manifest's name ---

HELD_BY_USE = [
    # kubectl or oc kept in an array with its options, run as "${OC[@]}": the Secret's name
    'OC=(oc --insecure-skip-tls-verify="$SKIP")\n"${OC[@]}" get secret "$ADMIN_SECRET" -o yaml > /tmp/s\n'
    'echo "read $ADMIN_SECRET"\n',
    'local -a K=(kubectl -n "$NS")\n${K[@]} delete secret $ADMIN_SECRET\necho "deleted $ADMIN_SECRET"\n',
    # a path expression selecting a `name` field: the name of the Secret a resource refers to
    "ADMIN_SECRET=$(oc get cluster c -o=jsonpath='{.status.adminPassword.name}')\necho \"found $ADMIN_SECRET\"\n",
    'ADMIN_SECRET=$(kubectl get sa ci -o jsonpath="{.secrets[0].name}")\necho "found $ADMIN_SECRET"\n',
    # a field whose last word is its name; stages passing the names on (split, sorted, de-duplicated)
    "USED_SECRETS=$(kubectl get pods -o jsonpath='{.items[*].spec.volumes[*].secret.secretName}')\n"
    'echo "$USED_SECRETS"\n',
    "USED_SECRETS=$(kubectl get pods -o jsonpath='{.items[*].spec.imagePullSecrets[*].name}' | xargs -n1 | sort -u)\n"
    'echo "$USED_SECRETS"\n',
    # a folder of a path (the build's secrets mounted by name)
    'for f in /mnt/extra/*; do\n  echo "adding /run/secrets/${BUILD_SECRET}/${f##*/}"\ndone\n',
    # the name of an object in a manifest the script writes
    'cat <<EOF > claim.yaml\nspec:\n  writeConnectionSecretToRef:\n    name: $CONN_SECRET\nEOF\n'
    'echo "SecretRef: $CONN_SECRET"\n',
    'cat <<EOF | kubectl apply -f -\nspec:\n  tls:\n  - secretName: "${TLS_SECRET}"\nEOF\necho "tls: $TLS_SECRET"\n',
]


@pytest.mark.parametrize("script", HELD_BY_USE)
def test_a_variable_used_as_a_name_prints_no_secret(script: str) -> None:
    assert _printed(script) == []


@pytest.mark.parametrize(("script", "names"), [
    # a path expression selecting data, not a name
    ("DB_SECRET=$(oc get secret s -o jsonpath='{.data.password}')\necho \"$DB_SECRET\"\n", ["DB_SECRET"]),
    ("DB_SECRET=$(kubectl get secret s -o jsonpath='{.data.username}')\necho \"$DB_SECRET\"\n", ["DB_SECRET"]),
    # a stage after the names that makes other data of them (decoded, read by a program)
    ("DB_SECRET=$(kubectl get secret s -o jsonpath='{.data.tokenName}' | base64 -d)\necho \"$DB_SECRET\"\n",
     ["DB_SECRET"]),
    # the array's command on another resource; an array holding another program
    ('OC=(oc -n ci)\n"${OC[@]}" get pods "$APP_SECRET"\necho "$APP_SECRET"\n', ["APP_SECRET"]),
    ('V=(vault kv)\n"${V[@]}" get secret "$APP_SECRET"\necho "$APP_SECRET"\n', ["APP_SECRET"]),
    # a folder in a URL (a webhook's key), a folder named for the credential itself
    ('curl -s "https://hooks.example.com/services/$HOOK_SECRET/x"\necho "$HOOK_SECRET"\n', ["HOOK_SECRET"]),
    ('cp /tmp/$DB_PASSWORD/x out/\necho "$DB_PASSWORD"\n', ["DB_PASSWORD"]),
    # a manifest's other keys; a name key but the value read from a store
    ('cat <<EOF > s.yaml\nstringData:\n  password: $APP_SECRET\nEOF\necho "$APP_SECRET"\n', ["APP_SECRET"]),
    ('cat <<EOF > s.yaml\nauth:\n  username: $APP_SECRET\nEOF\necho "$APP_SECRET"\n', ["APP_SECRET"]),
    ('APP_SECRET=$(vault kv get -field=v kv/ci)\ncat <<EOF > s.yaml\nname: $APP_SECRET\nEOF\n'
     'echo "$APP_SECRET"\n', ["APP_SECRET"]),
])
def test_uses_not_of_a_name_stay_reported(script: str, names: list[str]) -> None:
    assert _printed(script) == names


def test_a_tekton_step_printing_a_secret_name(lint: Any) -> None:
    text = (
        "apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: t\nspec:\n  steps:\n"
        "  - name: s\n    image: cli\n    env:\n    - name: CONN_SECRET\n"
        "      value: $(context.taskRun.name)-conn\n    script: |\n      #!/bin/bash\n"
        "      cat <<EOF > claim.yaml\n      spec:\n        secretRef:\n          name: $CONN_SECRET\n      EOF\n"
        '      echo "SecretRef: $CONN_SECRET"\n'
        "      DB_SECRET=$(oc get secret db -o jsonpath='{.data.password}')\n"
        '      echo "db: $DB_SECRET"\n'
    )
    run = lint.scan("task.yaml", text, "--fail-on", "never")
    assert run.starts("DCR003") == [("DCR003", 21, 7)]


@pytest.mark.parametrize(("script", "reported"), [
    # guard R49: a part of a URL's path is no file's name, the URL built on a variable or run by curl
    ('curl -fsS -X POST "${API_URL}/hooks/${HOOK_SECRET}/run"\necho "hook ${HOOK_SECRET}"\n', True),
    ('curl -fsS "$HEALTHCHECK_HOST/ping/$PING_SECRET/start"\necho "$PING_SECRET"\n', True),
    ('U="$BASE_URL/v1/$API_SECRET/x"\necho "$API_SECRET"\n', True),
    # the folder of a path stays a name
    ('cp "/run/secrets/$CLIENT_SECRET/" out/\necho "$CLIENT_SECRET"\n', False),
])
def test_a_url_path_part_is_no_folder(script: str, reported: bool) -> None:
    found = run_checks(scanned("#!/bin/bash\n" + script), "DCR003")
    assert bool(found) is reported


YQ_NAME = """\
#!/bin/bash
if [ -n "$ROUTER" ]; then
  export ROUTER_TLS_SECRET="platform-router-tls"
  echo "ROUTER_TLS_SECRET=$ROUTER_TLS_SECRET" | tee -a "$GITHUB_ENV"
fi
export ADMIN_SECRET="platform-admin-login"
echo "ADMIN_SECRET=$ADMIN_SECRET"
export PULL_SECRET="platform-pull"
echo "PULL_SECRET=$PULL_SECRET"
yq eval '
  .ingress.grpc.tls.secretName = strenv(ROUTER_TLS_SECRET) |
  .auth.existingSecret."secret-file" |= env(PULL_SECRET) |
  .auth.adminPassword = strenv(ADMIN_SECRET)
' values.yml > out.yml
"""


def test_a_variable_yq_writes_under_a_name_key_holds_a_name(tmp_path: Path) -> None:
    """A variable yq writes into a key named for a name, a file or a path (`.tls.secretName =
    strenv(X)`, `|= env(X)`) holds the name of a Secret, as one given to `kubectl get secret`
    does: printing it shows no credential. One written into a password key is what it says."""
    results, notes = engine_scan(tmp_path, {"deploy.sh": YQ_NAME}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("deploy.sh", 7, 1, "DCR003")]
    assert notes == []


ECHOED_NAMES = """\
#!/usr/bin/env bash
SECRETS=$(kubectl get externalsecrets -A -o json | jq -r '.items[] | "\\(.metadata.namespace)/\\(.metadata.name)"')
echo "$SECRETS" | while read -r secret; do
  echo "  - $secret"
done
PASSWORDS=$(kubectl get secret app -o jsonpath='{.data.password}' | base64 -d)
echo "$PASSWORDS" | while read -r pw; do
  echo "  - $pw"
done
printf '%s\\n' "$SECRETS" | while read -r token; do
  echo "resync $token"
done
"""


def test_a_loop_reading_echoed_names_reads_names(tmp_path: Path) -> None:
    """jq building a string from names (`"\\(.metadata.namespace)/\\(.metadata.name)"`) prints
    names; `echo "$NAMES" | while read -r x` (or `printf '%s\\n'`) reads what the variable holds.
    A loop over echoed passwords still prints them."""
    results, notes = engine_scan(tmp_path, {"resync.sh": ECHOED_NAMES}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("resync.sh", 8, 3, "DCR003")]
    assert notes == []


KUBECTL_IN_A_VARIABLE = """\
#!/usr/bin/env bash
K="kubectl -n ${NAMESPACE}"
AUTH_SECRET=proxy-auth
CERT_SECRET="$(python3 -c "import yaml; print(yaml.safe_load(open('v.yaml'))['cert']['name'])")"
echo "==> htpasswd Secret ${AUTH_SECRET}"
PASSWD="$($K get secret "$AUTH_SECRET" -o jsonpath='{.data.passwd}' | base64 -d)"
if ${K} get secret "$CERT_SECRET" >/dev/null 2>&1; then
  echo "==> ${CERT_SECRET} present"
fi
echo "existing: $PASSWD"
KC=kubectrl
$KC get secret "$DB_SECRET"
echo "db: $DB_SECRET"
"""


def test_a_secret_name_given_to_kubectl_run_from_a_variable_is_a_name(tmp_path: Path) -> None:
    """A script that keeps kubectl with its options in a variable (`K="kubectl -n ${NS}"`) runs
    `$K get secret "$X"`: X names a Secret there, as with kubectl written out. What it reads
    from the Secret's data stays a secret, and a variable holding another program is no kubectl."""
    results, notes = engine_scan(tmp_path, {"upgrade.sh": KUBECTL_IN_A_VARIABLE}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("upgrade.sh", 10, 1, "DCR003"), ("upgrade.sh", 13, 1, "DCR003")]
    assert notes == []


JQ_IDS = """\
#!/bin/bash
ACCESS_KEY="$(echo "$KEY_RESPONSE" | jq -r '.accessKeyId')"
SECRET_KEY="$(echo "$KEY_RESPONSE" | jq -r '.secretAccessKey')"
TOKEN_ID=$(jq -r .id <<<"$R")
API_TOKEN=$(jq -r '.idToken' <<<"$R")
OTHER_TOKEN=$(jq -r '.id_token' <<<"$R")
echo "ok: created key ${ACCESS_KEY}" >&2
echo "secret ${SECRET_KEY}" >&2
echo "id ${TOKEN_ID}"
echo "tok ${API_TOKEN}"
echo "tok ${OTHER_TOKEN}"
"""


def test_a_value_read_from_an_identifier_key_is_an_id(tmp_path: Path) -> None:
    """A variable whose value jq reads from a key naming an identifier (`.accessKeyId`, `.id`)
    holds which key a response is about (an access key's public half), not its secret. Keys
    that hold the secret (`.secretAccessKey`, `.idToken`, `.id_token`) stay reported."""
    results, notes = engine_scan(tmp_path, {"ci/roundtrip.sh": JQ_IDS}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("ci/roundtrip.sh", 8, 1, "DCR003"), ("ci/roundtrip.sh", 10, 1, "DCR003"),
                              ("ci/roundtrip.sh", 11, 1, "DCR003")]
    assert notes == []
