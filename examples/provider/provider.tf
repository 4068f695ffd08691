terraform {
  required_providers {
    plaid = {
      source = "tfplaid/plaid"
    }
  }
}

# Sandbox is the default environment. Credentials come from the
# PLAID_CLIENT_ID and PLAID_SECRET environment variables, so that no secret
# is written into the configuration.
provider "plaid" {}

# Every setting, spelled out. Point base_url at a Plaid emulator
# (plaid-emulator --listen 127.0.0.1:8080) to test without Plaid at all.
provider "plaid" {
  alias = "emulator"

  client_id       = "ci-client"
  secret          = var.plaid_emulator_secret
  environment     = "sandbox"
  base_url        = "http://127.0.0.1:8080"
  max_retries     = 4
  request_timeout = "30s"
}

variable "plaid_emulator_secret" {
  type      = string
  sensitive = true
}
