#!/usr/bin/env bash
# The same logins without a password on any command line.
set -euo pipefail

export KUBECONFIG="$RUNNER_TEMP/kubeconfig"   # written from the CI secret store
oc registry login --registry=registry.example.com
kubectl create secret generic pull --type=kubernetes.io/dockerconfigjson \
  --from-file=.dockerconfigjson="$RUNNER_TEMP/docker-config.json"
printf '%s' "$REGISTRY_PASSWORD" | docker login registry.example.com -u ci --password-stdin
mvn -B compile jib:build   # Jib reads the docker config written by the login above
az login --service-principal -u "$AZURE_CLIENT_ID" --tenant "$AZURE_TENANT_ID" --federated-token "$(cat "$AZURE_FEDERATED_TOKEN_FILE")"
az acr login -n dcrexample
aws ecr get-login-password --region eu-west-1 \
  | docker login --username AWS --password-stdin 123456789012.dkr.ecr.eu-west-1.amazonaws.com
