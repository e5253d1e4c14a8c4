#!/usr/bin/env bash
set -euo pipefail

REGISTRY=dcr.example.com
# DCR001: the password is an argument, visible in `ps` and in the job log
docker login "$REGISTRY" -u ci -p "$DCR_PASSWORD"
echo "using token $DCR_TOKEN"   # DCR003
helm repo add shop https://ci:Pz6wR3kT9mX2vB8q@charts.example.com/shop   # DCR050
export AWS_ACCESS_KEY_ID=AKIAZ3MHQ4XKJ7PLN2TB   # DCR051 (a made-up key of the real shape)
podman login -u ci -p "$DCR_PASSWORD" "$REGISTRY"  # dcrlint: ignore[DCR001] legacy runner, removed in #42
docker push "$REGISTRY/team/app:latest"
