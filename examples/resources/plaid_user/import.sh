# A plaid_user is imported by its Plaid user_id (usr_...), not by its
# client_user_id. The identity is read back from Plaid.
terraform import plaid_user.alice usr_9nSp2KuZ2x4JDw
