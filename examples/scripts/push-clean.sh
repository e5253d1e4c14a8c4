#!/usr/bin/env bash
set -euo pipefail

REGISTRY=dcr.example.com
printf '%s' "$DCR_PASSWORD" | docker login "$REGISTRY" -u ci --password-stdin
printf '%s' "$HELM_PASSWORD" | helm registry login "$REGISTRY" -u ci --password-stdin
docker push "$REGISTRY/team/app:latest"
