"""Where infrastructure code keeps credentials: Helm values, Docker Compose, env files,
Kustomize, Terraform, Ansible, build tools' registry auth. Each module reads one format."""
