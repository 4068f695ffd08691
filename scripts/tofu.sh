#!/usr/bin/env bash
# Builds OpenTofu from its Go module and prints the path of the binary on stdout.
#
# OpenTofu is a Go program, so the Go module proxy is enough to build it: no release download.
# The binary is cached by version outside the repository, e.g.
#   ~/.cache/terraform-provider-plaid/tofu-v1.12.6/tofu
# and later runs only print its path. The build takes about 3 minutes on 2 cores.
#
# Usage: scripts/tofu.sh            (version from $OPENTOFU_VERSION, default in lib.sh)
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_go

dest_dir="$CACHE_DIR/tofu-$OPENTOFU_VERSION"
dest="$dest_dir/tofu"

# A cached binary that reports the wanted version is reused.
if [[ -x "$dest" && "$(cli_version "$dest")" == "OpenTofu $OPENTOFU_VERSION" ]]; then
	printf '%s\n' "$dest"
	exit 0
fi

# Progress goes to stderr: stdout carries only the path, for $(scripts/tofu.sh).
{
	step "Building OpenTofu $OPENTOFU_VERSION from the Go module proxy (a few minutes, once)"
	work="$(make_temp_dir)"
	trap 'chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"' EXIT

	# Download outside any module, so that this repository's go.mod and go.sum stay untouched.
	module_dir="$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "github.com/opentofu/opentofu@$OPENTOFU_VERSION" |
		sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
	[[ -d "$module_dir" ]] || die "could not download github.com/opentofu/opentofu@$OPENTOFU_VERSION"

	# The module cache is read-only; build from a writable copy.
	cp -R "$module_dir" "$work/src"
	chmod -R u+w "$work/src"
	mkdir -p "$dest_dir"
	# version.dev=no is what OpenTofu's release builds set: the binary reports the plain version
	# rather than a "-dev" one.
	(cd "$work/src" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -trimpath \
		-ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" -o "$dest.partial" ./cmd/tofu)
	mv "$dest.partial" "$dest"
	info "built $(cli_version "$dest") at $dest"
} >&2

printf '%s\n' "$dest"
