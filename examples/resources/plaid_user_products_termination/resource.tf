resource "plaid_user" "carol" {
  client_user_id = "qa-carol-closed-account"
}

# Carol closed her account with us: stop billing for her products. The user
# and her Items stay until plaid_user.carol is destroyed. Destroying this
# resource only forgets the termination: it cannot be undone.
resource "plaid_user_products_termination" "carol" {
  user_id     = plaid_user.carol.user_id
  reason_code = "CONSUMER_ACCOUNT_CLOSED"
  reason_note = "Account closed in the QA run"
}
