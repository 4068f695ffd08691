# Alice can be sent through Plaid Check: every identity field a Consumer
# Report needs, each list with exactly one primary entry and a US address.
resource "plaid_user" "alice" {
  client_user_id = "qa-alice-consumer-report"

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
}

# Bob signed up with an email address and nothing else.
resource "plaid_user" "bob" {
  client_user_id = "qa-bob-email-only"

  identity = {
    name = {
      given_name  = "Bob"
      family_name = "Okafor"
    }
    emails = [
      { data = "bob.okafor@example.com", primary = true },
    ]
  }
}

# Carmen has moved and changed jobs: several emails, phones and addresses,
# one of each primary, to test how an app picks among them.
resource "plaid_user" "carmen" {
  client_user_id = "qa-carmen-multi-contact"

  identity = {
    name = {
      given_name  = "Carmen"
      family_name = "Delgado"
    }
    date_of_birth = "1978-11-30"

    emails = [
      { data = "carmen.delgado@example.com", primary = true },
      { data = "c.delgado@work.example.org" },
    ]
    phone_numbers = [
      { data = "+12125550199", primary = true },
      { data = "+19175550111" },
    ]
    addresses = [
      {
        street_1    = "455 W 34th St"
        street_2    = "Fl 12"
        city        = "New York"
        region      = "NY"
        postal_code = "10001"
        country     = "US"
        primary     = true
      },
      {
        street_1    = "88 Harbor Rd"
        city        = "Jersey City"
        region      = "NJ"
        postal_code = "07302"
        country     = "US"
      },
    ]
  }
}

# Priya lives in Canada: a non-US user, so not eligible for Plaid Check.
resource "plaid_user" "priya" {
  client_user_id = "qa-priya-canada"

  identity = {
    name = {
      given_name  = "Priya"
      family_name = "Raman"
    }
    date_of_birth = "1995-02-08"

    emails = [
      { data = "priya.raman@example.ca", primary = true },
    ]
    phone_numbers = [
      { data = "+14165550198", primary = true },
    ]
    addresses = [
      {
        street_1    = "100 Queen St W"
        city        = "Toronto"
        region      = "ON"
        postal_code = "M5H 2N2"
        country     = "CA"
        primary     = true
      },
    ]
  }
}

# Oliver lives in the United Kingdom; his London number is in the 020 7946 0xxx
# block Ofcom reserves for drama.
resource "plaid_user" "oliver" {
  client_user_id = "qa-oliver-uk"

  identity = {
    name = {
      given_name  = "Oliver"
      family_name = "Bennett"
    }
    date_of_birth = "1983-07-21"

    emails = [
      { data = "oliver.bennett@example.co.uk", primary = true },
    ]
    phone_numbers = [
      { data = "+442079460958", primary = true },
    ]
    addresses = [
      {
        street_1    = "14 Elm Row"
        city        = "London"
        postal_code = "N1 7AB"
        country     = "GB"
        primary     = true
      },
    ]
  }
}

# Eve has just created an account: a user with no identity at all.
resource "plaid_user" "eve" {
  client_user_id = "qa-eve-new-signup"
}

# A cohort of look-alike users for regression runs that need many accounts.
# Add a key to add a user; removing one destroys only that user.
resource "plaid_user" "cohort" {
  for_each = {
    "01" = "Rivera"
    "02" = "Lindqvist"
    "03" = "Haddad"
  }

  client_user_id = "qa-cohort-${each.key}"

  identity = {
    name = {
      given_name  = "Cohort"
      family_name = each.value
    }
    emails = [
      { data = "cohort-${each.key}@example.com", primary = true },
    ]
  }
}
