# With an integration created before December 10, 2025 (legacy user_token
# flow): the identity Plaid Check needs, and the user_token Plaid returns.
resource "plaid_user" "legacy_alice" {
  client_user_id = "qa-legacy-alice-001"

  consumer_report_user_identity = {
    first_name    = "Alice"
    last_name     = "Nguyen"
    date_of_birth = "1990-04-12"
    emails        = ["alice.nguyen@example.com"]
    phone_numbers = ["+14155550123"]
    primary_address = {
      street      = "2140 Folsom St, Apt 3"
      city        = "San Francisco"
      region      = "CA"
      postal_code = "94110"
      country     = "US"
    }
    ssn_last_4 = "6789"
  }
}

resource "plaid_sandbox_item" "legacy_alice_checking" {
  user_token       = plaid_user.legacy_alice.user_token
  institution_id   = "ins_109508"
  initial_products = ["auth", "transactions"]
}
