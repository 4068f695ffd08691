resource "plaid_user" "alice" {
  client_user_id = "qa-alice-001"
}

# A checking account at First Platypus Bank, linked to Alice without going
# through Link, as Plaid's default Sandbox user (user_good / pass_good).
resource "plaid_sandbox_item" "alice_checking" {
  user_id          = plaid_user.alice.user_id
  institution_id   = "ins_109508"
  initial_products = ["auth", "transactions"]
  webhook          = "https://qa.example.com/plaid/webhook"
}

# Another Sandbox test user: its credentials choose the data or flow the Item
# gets. The password is sensitive; the access token is sensitive too.
resource "plaid_sandbox_item" "alice_savings" {
  user_id           = plaid_user.alice.user_id
  institution_id    = "ins_109511"
  initial_products  = ["transactions"]
  override_username = "user_transactions_dynamic"
  override_password = var.sandbox_password
}

variable "sandbox_password" {
  type      = string
  sensitive = true
  default   = "pass_good"
}

# The access token lets a test suite call Plaid's product endpoints for the Item.
output "alice_checking_access_token" {
  value     = plaid_sandbox_item.alice_checking.access_token
  sensitive = true
}

# An Item linked to no user, as an integration without Plaid's user APIs has
# them: read by its access token, removed with /item/remove.
resource "plaid_sandbox_item" "standalone" {
  institution_id   = "ins_109508"
  initial_products = ["auth"]
}
