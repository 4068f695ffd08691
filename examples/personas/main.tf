# QA personas: a realistic set of Plaid users for a sandbox or staging
# environment, declared once and shared by every test run.
#
# Run it against the Plaid emulator with `make demo`, or against the Plaid
# Sandbox with PLAID_CLIENT_ID and PLAID_SECRET set:
#
#   terraform apply
#
# All names, addresses and numbers are fictional: emails use example.com and
# US phone numbers use the 555-01xx block reserved for fiction.

terraform {
  required_version = ">= 1.5"

  required_providers {
    plaid = {
      source = "tfplaid/plaid"
    }
  }
}

# Settings come from PLAID_CLIENT_ID, PLAID_SECRET and, for the emulator,
# PLAID_BASE_URL. Sandbox is the default environment.
provider "plaid" {}
