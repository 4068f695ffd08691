#!/usr/bin/env bash
# Runs golangci-lint with .golangci.yml.
#
# The pinned version is installed from the Go module proxy into the user cache the first time
# (about a minute), so that every machine lints with the same rules and nothing lands in $GOPATH/bin.
#
# Usage: scripts/lint.sh [extra golangci-lint run flags]
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_go

bin_dir="$CACHE_DIR/golangci-lint-$GOLANGCI_LINT_VERSION"
lint="$bin_dir/golangci-lint"

if [[ ! -x "$lint" ]]; then
	step "Installing golangci-lint $GOLANGCI_LINT_VERSION into $bin_dir"
	# Install from outside the module so that go.mod is not consulted or changed.
	(cd / && GOBIN="$bin_dir" go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$GOLANGCI_LINT_VERSION")
fi

step "golangci-lint $GOLANGCI_LINT_VERSION"
cd "$REPO_ROOT"
"$lint" run "$@" ./...
info "lint clean"
