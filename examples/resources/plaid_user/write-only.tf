# Terraform 1.11 or later: the full SSN is sent to Plaid but never stored in
# the plan or the state. Raise alice_ssn_version to send a new value.
variable "alice_ssn" {
  type      = string
  sensitive = true
}

variable "alice_ssn_version" {
  type    = number
  default = 1
}

resource "plaid_user" "alice_gse" {
  client_user_id = "qa-alice-gse-001"

  identity = {
    name = {
      given_name  = "Alice"
      family_name = "Nguyen"
    }
    id_numbers = [
      {
        type             = "us_ssn"
        value_wo         = var.alice_ssn
        value_wo_version = var.alice_ssn_version
      },
    ]
  }
}
