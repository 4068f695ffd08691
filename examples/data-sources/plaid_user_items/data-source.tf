resource "plaid_user" "alice" {
  client_user_id = "qa-alice-001"
}

# The Items (institution connections) that Plaid associates with a user.
data "plaid_user_items" "alice" {
  user_id = plaid_user.alice.user_id
}

output "alice_institutions" {
  value = [for item in data.plaid_user_items.alice.items : item.institution_name]
}

output "alice_items_needing_attention" {
  value = [for item in data.plaid_user_items.alice.items : item.item_id if item.error != null]
}
