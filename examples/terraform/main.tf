provider "docker" {
  registry_auth {
    address  = "dcr.example.com"
    username = "shop-ci"
    password = "Nh8-juniper-19-Rd"   # DCR002
  }
}

resource "helm_release" "shop" {
  name  = "shop"
  chart = "../helm/shop"
  set_sensitive {
    name  = "auth.adminPassword"
    value = "Pw4-lagoon-97-Sx"         # DCR023
  }
}
