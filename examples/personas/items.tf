# The Items (institution connections) that Plaid associates with each
# persona. A persona that has never linked a bank has none.
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
}
