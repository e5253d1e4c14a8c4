variable "dcr_password" {
  type      = string
  sensitive = true
}

provider "docker" {
  registry_auth {
    address  = "dcr.example.com"
    username = "shop-ci"
    password = var.dcr_password
  }
}
