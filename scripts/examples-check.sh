#!/usr/bin/env bash
# Checks every example under examples/: `terraform fmt -check`, then `terraform validate` of
# each folder that holds .tf files, against the provider built from this tree.
#
# Validation needs the provider's schema but no registry: a temporary CLI configuration with
# dev_overrides points Terraform at the freshly built binary, so `init` is skipped. Each folder
# is validated in a temporary copy, so nothing is written into examples/.
#
# Usage: scripts/examples-check.sh   ($TERRAFORM selects another CLI, e.g. OpenTofu)
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_go
cli="$(require_terraform)"
cd "$REPO_ROOT"

work="$(make_temp_dir)"
trap 'rm -rf "$work"' EXIT

step "terraform fmt -check -recursive examples/"
# An empty, real CLI configuration: the user's own must not change the result.
export TF_CLI_CONFIG_FILE="$work/empty.tfrc"
: >"$TF_CLI_CONFIG_FILE"
if ! "$cli" fmt -check -recursive -diff examples/; then
	die "examples are not formatted: run 'make fmt'"
fi
info "formatted"

step "Building the provider for validation"
build_provider "$work/bin"
export TF_CLI_CONFIG_FILE="$work/dev.tfrc"
write_cli_config "$TF_CLI_CONFIG_FILE" "$work/bin"

step "terraform validate, one example folder at a time"
failed=0
while IFS= read -r dir; do
	copy="$work/examples/$dir"
	mkdir -p "$copy"
	cp "$dir"/*.tf "$copy/"
	if output="$("$cli" -chdir="$copy" validate -no-color 2>&1)"; then
		info "ok      $dir"
	else
		info "FAILED  $dir"
		printf '%s\n' "$output" | sed 's/^/        /'
		failed=$((failed + 1))
	fi
done < <(find examples -name '*.tf' -exec dirname {} \; | sort -u)

[[ "$failed" -eq 0 ]] || die "$failed example folder(s) failed terraform validate"
info "all examples valid"
