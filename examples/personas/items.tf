# The Items (institution connections) that Plaid associates with each
# persona, read once sandbox_items.tf has linked them and put Carmen's Tartan
# Bank Item into ITEM_LOGIN_REQUIRED. A persona that has never linked a bank
# has none.
locals {
  persona_user_ids = {
    alice  = plaid_user.alice.user_id
    bob    = plaid_user.bob.user_id
    carmen = plaid_user.carmen.user_id
    priya  = plaid_user.priya.user_id
    oliver = plaid_user.oliver.user_id
    eve    = plaid_user.eve.user_id
  }
}

data "plaid_user_items" "persona" {
  for_each = local.persona_user_ids

  user_id = each.value

  depends_on = [
    plaid_sandbox_item.alice_checking,
    plaid_sandbox_item.alice_savings,
    plaid_sandbox_item.carmen_platypus,
    plaid_sandbox_item.carmen_tartan,
    plaid_sandbox_item.oliver_current,
    plaid_sandbox_user_reset_login.carmen_tartan,
  ]
}
