output "user_ids" {
  description = "Plaid user_id of each persona, for test suites to look users up by name."
  value = merge(
    local.persona_user_ids,
    { for key, user in plaid_user.cohort : "cohort-${key}" => user.user_id },
  )
}

output "item_counts" {
  description = "How many Items each persona has."
  value       = { for name, items in data.plaid_user_items.persona : name => length(items.items) }
}

output "items_needing_login" {
  description = "Item IDs in ITEM_LOGIN_REQUIRED, by persona: the ones a test sends through Link's update mode."
  value = {
    for name, items in data.plaid_user_items.persona : name => [
      for item in items.items : item.item_id if try(item.error.error_code, "") == "ITEM_LOGIN_REQUIRED"
    ]
  }
}
