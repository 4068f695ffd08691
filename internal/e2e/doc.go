// Package e2e tests the shipped binaries together: terraform-provider-plaid and plaid-emulator
// are built from this tree, the emulator runs as its own process, and the real Terraform CLI
// drives the provider through a dev_overrides CLI configuration written to a temporary folder
// (TF_CLI_CONFIG_FILE; ~/.terraformrc is never read or changed; no `terraform init`).
//
// The tests are acceptance tests: they run with TF_ACC=1, like terraform-plugin-testing's, and
// fail, rather than skip, when TF_ACC is set and no Terraform CLI is found
// (TF_ACC_TERRAFORM_PATH, else terraform on PATH). They hold only _test.go files besides this one.
package e2e
