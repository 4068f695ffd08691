# shellcheck shell=bash
# shellcheck disable=SC2034 # the variables below are used by the scripts that source this file
# Shared helpers for the scripts in this folder. Sourced, never run on its own:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The repository root, whatever the caller's working directory.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Tools we build or download are cached by version outside the repository, so that a clean
# clone stays clean and a second run is fast.
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-plaid"

# Pinned tool versions; the GNUmakefile passes the same values down.
OPENTOFU_VERSION="${OPENTOFU_VERSION:-v1.12.6}"
GOLANGCI_LINT_VERSION="${GOLANGCI_LINT_VERSION:-v2.15.0}"

# Terraform's version command would otherwise ask checkpoint.hashicorp.com for news.
export CHECKPOINT_DISABLE=1

# The provider's source address as configurations name it in required_providers.
PROVIDER_SOURCE="tfplaid/plaid"

# step prints a headline for each stage, so a reader can follow a long run.
step() { printf '\n==> %s\n' "$*"; }
# info prints a detail under the current step.
info() { printf '    %s\n' "$*"; }
# die prints a one-line reason on stderr and stops the script.
die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

# go_version_wanted prints the Go version that go.mod asks for.
go_version_wanted() {
	awk '$1 == "go" { print $2; exit }' "$REPO_ROOT/go.mod"
}

# require_go stops with a clear message when the Go toolchain is missing.
require_go() {
	command -v go >/dev/null 2>&1 ||
		die "Go is not installed or not on PATH. Install Go $(go_version_wanted) or later (https://go.dev/doc/install) and run this again."
}

# terraform_cli prints the Terraform CLI to use: $TERRAFORM if set, else terraform from PATH.
# It prints nothing when there is none.
terraform_cli() {
	if [[ -n "${TERRAFORM:-}" ]]; then
		command -v "$TERRAFORM" || true
	else
		command -v terraform || true
	fi
}

# The oldest Terraform (or OpenTofu) that runs the examples and the acceptance tests: write-only
# arguments (plaid_user's id_numbers value_wo) arrived in 1.11 in both.
MIN_CLI_VERSION=1.11.0

# require_terraform prints the Terraform CLI to use, or stops with a clear message.
require_terraform() {
	local cli
	cli="$(terraform_cli)"
	[[ -n "$cli" ]] || die "terraform is not installed or not on PATH. Install Terraform $MIN_CLI_VERSION or later \
(https://developer.hashicorp.com/terraform/install), or use OpenTofu instead: \
TERRAFORM=\$(scripts/tofu.sh) make <target>"
	require_cli_version "$cli"
	printf '%s\n' "$cli"
}

# require_cli_version stops with a clear message when the given CLI is older than
# MIN_CLI_VERSION, instead of letting Terraform fail on the first write-only argument.
require_cli_version() {
	local line version
	line="$(cli_version "$1")"
	version="${line##* v}"
	[[ -n "$version" ]] || die "cannot tell the version of $1"
	if [[ "$(printf '%s\n%s\n' "$MIN_CLI_VERSION" "$version" | sort -V | head -n 1)" != "$MIN_CLI_VERSION" ]]; then
		die "$line ($1) is too old: this needs $MIN_CLI_VERSION or later. Install a newer one, or use OpenTofu: \
TERRAFORM=\$(scripts/tofu.sh) make <target>"
	fi
}

# cli_version prints the version line of `CLI version`, e.g. "Terraform v1.11.4", skipping any
# warning printed before it. awk reads the whole output, so the CLI never dies of SIGPIPE
# under pipefail.
cli_version() {
	"$1" version 2>/dev/null | awk '/^(Terraform|OpenTofu) v/ && !found { print; found = 1 }'
}

# is_opentofu tells whether the given CLI is OpenTofu rather than Terraform.
is_opentofu() {
	[[ "$(cli_version "$1")" == OpenTofu* ]]
}

# build_provider builds the provider binary into the given directory, the way Terraform's
# dev_overrides expect to find it (terraform-provider-plaid in that directory).
build_provider() {
	go build -o "$1/terraform-provider-plaid" "$REPO_ROOT"
}

# build_emulator builds the plaid-emulator binary into the given directory.
build_emulator() {
	go build -o "$1/plaid-emulator" "$REPO_ROOT/cmd/plaid-emulator"
}

# write_cli_config writes a Terraform CLI configuration file ($1) whose dev_overrides point the
# provider at the binary in directory $2. Terraform then uses that binary without `init` and
# without a registry. Both namespaces are overridden: full configurations name tfplaid/plaid,
# and a short snippet without required_providers makes Terraform assume hashicorp/plaid.
write_cli_config() {
	cat >"$1" <<EOF
provider_installation {
  dev_overrides {
    "${PROVIDER_SOURCE}" = "$2"
    "hashicorp/plaid"   = "$2"
  }
  direct {}
}
EOF
}

# make_temp_dir creates a private temporary directory and prints its path.
make_temp_dir() {
	mktemp -d "${TMPDIR:-/tmp}/terraform-provider-plaid.XXXXXX"
}
