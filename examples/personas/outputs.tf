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
