#!/usr/bin/env bash
# Generates or checks docs/ with tfplugindocs (the Go tool pinned in go.mod), offline.
#
#   scripts/docs.sh generate   write docs/ from the schema, templates/ and examples/
#   scripts/docs.sh check      generate, then fail if docs/ differs from what git has
#
# tfplugindocs needs the provider's schema. This script reads it once with the Terraform CLI
# from a local plugin directory (no registry), and hands it to tfplugindocs as a file, so that
# tfplugindocs never tries to download Terraform. Without terraform on PATH, OpenTofu built by
# scripts/tofu.sh reads the schema instead; the schema is the same either way.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mode="${1:-generate}"
case "$mode" in
generate | check) ;;
*) die "usage: scripts/docs.sh generate|check" ;;
esac

require_go
cd "$REPO_ROOT"

cli="$(terraform_cli)"
if [[ -z "$cli" ]]; then
	step "terraform is not on PATH: reading the schema with OpenTofu $OPENTOFU_VERSION"
	cli="$("$REPO_ROOT/scripts/tofu.sh")"
fi

work="$(make_temp_dir)"
trap 'rm -rf "$work"' EXIT
export TF_CLI_CONFIG_FILE="$work/empty.tfrc"
: >"$TF_CLI_CONFIG_FILE"

# provider_schema writes `providers schema -json` for this tree's provider into $1.
provider_schema() {
	local host=registry.terraform.io
	if is_opentofu "$cli"; then
		host=registry.opentofu.org
	fi
	local platform
	platform="$(go env GOOS)_$(go env GOARCH)"
	# The layout of a local plugin directory: HOST/NAMESPACE/TYPE/VERSION/OS_ARCH/binary.
	build_provider "$work/schema/plugins/$host/hashicorp/plaid/0.0.1/$platform"
	printf 'provider "plaid" {}\n' >"$work/schema/provider.tf"
	"$cli" -chdir="$work/schema" init -input=false -no-color -plugin-dir=plugins >/dev/null
	# tfplugindocs looks the schema up under Terraform's registry host.
	"$cli" -chdir="$work/schema" providers schema -json |
		sed "s#\"$host/hashicorp/plaid\"#\"registry.terraform.io/hashicorp/plaid\"#" >"$1"
}

step "Reading the provider schema with $(cli_version "$cli")"
provider_schema "$work/schema.json"

# run_quietly runs a command with its output in a log, shown only if the command fails.
run_quietly() {
	if ! "$@" >"$work/tool.log" 2>&1; then
		cat "$work/tool.log" >&2
		die "failed: $*"
	fi
}

step "tfplugindocs generate, then tfplugindocs validate"
run_quietly go tool tfplugindocs generate --provider-name plaid --rendered-provider-name Plaid \
	--providers-schema "$work/schema.json"
run_quietly go tool tfplugindocs validate --provider-name plaid --providers-schema "$work/schema.json"
info "docs/ written from the schema, templates/ and examples/"

if [[ "$mode" == check ]]; then
	step "Comparing docs/ with the committed version"
	untracked="$(git ls-files --others --exclude-standard -- docs/)"
	if ! git diff --compact-summary --exit-code -- docs/ || [[ -n "$untracked" ]]; then
		if [[ -n "$untracked" ]]; then
			mapfile -t files <<<"$untracked"
			printf 'untracked: %s\n' "${files[@]}"
		fi
		die "docs/ is stale: run 'make docs' and commit the result"
	fi
	info "docs/ is up to date"
fi
