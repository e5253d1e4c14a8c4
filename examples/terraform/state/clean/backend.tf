# State lives in a remote backend, never in the repository (add `*.tfstate*` to .gitignore): it
# records every attribute of every resource, the keys and Secrets Terraform creates included.
terraform {
  backend "s3" {
    bucket         = "example-terraform-state"
    key            = "apps/terraform.tfstate"
    region         = "eu-west-1"
    encrypt        = true
    dynamodb_table = "terraform-locks"
  }
}
