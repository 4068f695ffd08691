# Bank connections (Sandbox Items) of the personas, in known states. They are
# Sandbox-only: with PLAID_ENV=production the plan fails before any change.

# Alice, ready for Plaid Check, banks at First Platypus Bank: checking with
# Auth and Transactions, and savings with Transactions.
resource "plaid_sandbox_item" "alice_checking" {
  user_id          = plaid_user.alice.user_id
  institution_id   = "ins_109508"
  initial_products = ["auth", "transactions"]
}

resource "plaid_sandbox_item" "alice_savings" {
  user_id          = plaid_user.alice.user_id
  institution_id   = "ins_109508"
  initial_products = ["transactions"]
}

# Carmen has an account at First Platypus Bank and one at Tartan Bank; the
# Tartan Bank one needs her to log in again (ITEM_LOGIN_REQUIRED), to test the
# app's update-mode flow.
resource "plaid_sandbox_item" "carmen_platypus" {
  user_id          = plaid_user.carmen.user_id
  institution_id   = "ins_109508"
  initial_products = ["auth", "identity"]
}

resource "plaid_sandbox_item" "carmen_tartan" {
  user_id          = plaid_user.carmen.user_id
  institution_id   = "ins_109511"
  initial_products = ["transactions"]
}

resource "plaid_sandbox_user_reset_login" "carmen_tartan" {
  user_id  = plaid_user.carmen.user_id
  item_ids = [plaid_sandbox_item.carmen_tartan.item_id]
}

# Oliver banks in the UK, at an Open Banking test institution.
resource "plaid_sandbox_item" "oliver_current" {
  user_id          = plaid_user.oliver.user_id
  institution_id   = "ins_116834"
  initial_products = ["transactions"]
}
