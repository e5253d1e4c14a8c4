"""Kubernetes: resources of a manifest, image references and the cross-file index."""
