resource "plaid_user" "bob" {
  client_user_id = "qa-bob-login-required"
}

resource "plaid_sandbox_item" "bob_checking" {
  user_id          = plaid_user.bob.user_id
  institution_id   = "ins_109508"
  initial_products = ["auth"]
}

# Bob changed his bank password: his checking Item needs Link's update mode.
# Re-applying the configuration puts the Item back into ITEM_LOGIN_REQUIRED
# if a test repaired it.
resource "plaid_sandbox_user_reset_login" "bob" {
  user_id  = plaid_user.bob.user_id
  item_ids = [plaid_sandbox_item.bob_checking.item_id]
}

# Reset every Item of a user, again at each new test run.
variable "test_run_id" {
  type    = string
  default = "1"
}

resource "plaid_sandbox_user_reset_login" "bob_all_items" {
  user_id  = plaid_user.bob.user_id
  triggers = { run = var.test_run_id }

  # Without item_ids, every Item the user has when the reset runs.
  depends_on = [plaid_sandbox_item.bob_checking]
}
