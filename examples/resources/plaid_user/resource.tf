# A user with no identity yet: only your own ID for them.
resource "plaid_user" "new_customer" {
  client_user_id = "qa-new-customer-001"
}

# A user ready for a Plaid Check Consumer Report: name, date of birth and one
# primary email, phone number and US address.
resource "plaid_user" "alice" {
  client_user_id = "qa-alice-001"

  identity = {
    name = {
      given_name  = "Alice"
      family_name = "Nguyen"
    }
    date_of_birth = "1990-04-12"

    emails = [
      { data = "alice.nguyen@example.com", primary = true },
    ]
    phone_numbers = [
      { data = "+14155550123", primary = true },
    ]
    addresses = [
      {
        street_1    = "2140 Folsom St"
        street_2    = "Apt 3"
        city        = "San Francisco"
        region      = "CA"
        postal_code = "94110"
        country     = "US"
        primary     = true
      },
    ]
    id_numbers = [
      { type = "us_ssn_last_4", value = "6789" },
    ]
  }

  timeouts {
    create = "2m"
  }
}
