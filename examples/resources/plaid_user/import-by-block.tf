# Terraform 1.5 and later: adopt an existing Plaid user into this
# configuration with an import block, then `terraform plan` shows any
# difference between the configuration and what Plaid has.
import {
  to = plaid_user.alice
  id = "usr_9nSp2KuZ2x4JDw"
}
