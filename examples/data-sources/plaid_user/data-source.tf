# Look up a user that your application (or another Terraform configuration)
# created, by its Plaid user_id.
variable "user_id" {
  type    = string
  default = "usr_9nSp2KuZ2x4JDw"
}

data "plaid_user" "customer" {
  user_id = var.user_id
}

output "customer_client_user_id" {
  value = data.plaid_user.customer.client_user_id
}

# identity is null when Plaid holds no identity data for the user.
output "customer_primary_email" {
  value = one([
    for email in try(data.plaid_user.customer.identity.emails, []) : email.data if email.primary
  ])
}
