#!/usr/bin/env bash
# Logins of tools other than `docker login`, each with its own fix in the message.
set -euo pipefail

oc login --token="$OPENSHIFT_TOKEN" https://api.cluster.example.com:6443              # DCR001
oc registry login --registry=registry.example.com --auth-basic="ci:$REGISTRY_PASSWORD"  # DCR001
kubectl create secret docker-registry pull --docker-server=registry.example.com \
  --docker-username=ci --docker-password="$REGISTRY_PASSWORD"                          # DCR001
mvn -B compile jib:build -Djib.to.auth.username=ci -Djib.to.auth.password="$REGISTRY_PASSWORD"  # DCR001
az acr login -n dcrexample -u ci -p "$ACR_PASSWORD"                                    # DCR001
eval "$(aws ecr get-login --no-include-email --region eu-west-1)"                      # DCR001
