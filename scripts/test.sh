#!/usr/bin/env bash
# Runs the Go tests.
#
#   scripts/test.sh all    unit and acceptance tests (TF_ACC=1), what `make test` and CI run
#   scripts/test.sh acc    acceptance tests only (TestAcc*)
#   scripts/test.sh unit   unit tests only, no Terraform CLI needed
#   scripts/test.sh plaid  acceptance tests against the Plaid API of PLAID_BASE_URL (Plaid
#                          Sandbox when unset) with PLAID_CLIENT_ID and PLAID_SECRET, not the
#                          emulator: make testacc-plaid. Tests that need the emulator's inside are
#                          left out by design and counted; users a failed test left are removed.
#
# Acceptance tests drive a real Terraform CLI against the in-process Plaid emulator: $TERRAFORM
# if set, else terraform from PATH, else OpenTofu built by scripts/tofu.sh. They are never skipped
# quietly: after the run this script fails when no TestAcc test passed or any was skipped.
#
# Environment: GO_TEST_FLAGS adds flags to go test (e.g. "-run TestAccUser -count=1").
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mode="${1:-all}"
case "$mode" in
all | acc | unit | plaid) ;;
*) die "usage: scripts/test.sh all|acc|unit|plaid" ;;
esac

if [[ "$mode" == plaid ]]; then
	[[ -n "${PLAID_CLIENT_ID:-}" && -n "${PLAID_SECRET:-}" ]] ||
		die "make testacc-plaid runs against Plaid itself: set PLAID_CLIENT_ID and PLAID_SECRET (Sandbox keys), and PLAID_BASE_URL for another API than https://sandbox.plaid.com"
	export PLAID_BASE_URL="${PLAID_BASE_URL:-https://sandbox.plaid.com}"
	if [[ "${PLAID_ENV:-}" == production || "$PLAID_BASE_URL" == *production.plaid.com* ]]; then
		die "make testacc-plaid refuses Plaid's production environment: its tests create and remove users; use Sandbox keys"
	fi
	unset PLAID_ENV
	export PLAID_ACC_REMOTE=1
	# Every client_user_id of the run starts with this, so runs never meet each other's users.
	PLAID_ACC_RUN_PREFIX="tfacc-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')-"
	export PLAID_ACC_RUN_PREFIX
fi

require_go
cd "$REPO_ROOT"

work="$(make_temp_dir)"
trap 'rm -rf "$work"' EXIT
log="$work/go-test.log"

# Flags shared by every mode. -count=1: acceptance results depend on the CLI, which the test
# cache does not see. The long timeout covers the fault-injection tests that apply 100 users.
# GO_TEST_FLAGS is split into words on purpose.
# shellcheck disable=SC2206
flags=(-count=1 -timeout=45m ${GO_TEST_FLAGS:-})

if [[ "$mode" == unit ]]; then
	step "Unit tests: go test ./..."
	unset TF_ACC
	go test "${flags[@]}" ./...
	exit 0
fi

# Pick the CLI. OpenTofu is the fallback on a machine without terraform, never a silent skip.
cli="$(terraform_cli)"
if [[ -z "$cli" ]]; then
	step "terraform is not on PATH: falling back to OpenTofu $OPENTOFU_VERSION"
	cli="$("$REPO_ROOT/scripts/tofu.sh")"
fi
require_cli_version "$cli"

export TF_ACC=1
export TF_ACC_TERRAFORM_PATH="$cli"
if is_opentofu "$cli"; then
	# OpenTofu resolves short provider sources against its own registry host.
	export TF_ACC_PROVIDER_HOST=registry.opentofu.org
fi
# A real, empty CLI configuration: a user's ~/.terraformrc (dev_overrides, plugin caches) must
# not leak into the tests, and OpenTofu prints a warning for a missing file that breaks
# terraform-exec's version parsing.
export TF_CLI_CONFIG_FILE="$work/empty.tfrc"
: >"$TF_CLI_CONFIG_FILE"

what="Unit and acceptance tests"
run=()
packages=(./...)
case "$mode" in
acc)
	what="Acceptance tests"
	run=(-run '^TestAcc')
	;;
plaid)
	what="Acceptance tests against $PLAID_BASE_URL (client_user_ids prefixed $PLAID_ACC_RUN_PREFIX)"
	run=(-run '^TestAcc')
	# The provider package's tests are about its own settings and the emulator's error families.
	packages=(./internal/resources/ ./internal/datasources/)
	;;
esac

step "$what with $(cli_version "$cli") ($cli)"
info "go test -v ${flags[*]} ${run[*]} ${packages[*]}   (TF_ACC=1)"
set +e
go test -v "${flags[@]}" "${run[@]}" "${packages[@]}" 2>&1 | tee "$log"
status="${PIPESTATUS[0]}"
set -e

# Count results from go test -v's own lines ("--- PASS: TestX (0.1s)"), subtests included.
count() { grep -cE "^[[:space:]]*--- $1: $2" "$log" || true; }
acc_pass="$(count PASS TestAcc)"
acc_skip="$(count SKIP TestAcc)"
acc_fail="$(count FAIL TestAcc)"

if [[ "$mode" == plaid ]]; then
	# Left out by design: tests that need the emulator's inside; their skip message says so.
	left_out="$(grep -cF "left out by design against a remote Plaid" "$log" || true)"
	removed="$(grep -cF "cleanup: removed user" "$log" || true)"
	step "Summary"
	info "acceptance tests against $PLAID_BASE_URL: $acc_pass passed, $acc_fail failed, $left_out left out by design"
	info "cleanup: $removed user(s) that failed tests left behind were removed"
	grep -F "cleanup: removed user" "$log" | sed 's/^[[:space:]]*/    /' || true
	echo "tests: $acc_pass passed, $acc_fail failed, $left_out skipped"
	[[ "$status" -eq 0 ]] || die "go test failed (exit $status): see the FAIL lines above"
	[[ "$acc_pass" -gt 0 ]] || die "no acceptance test passed against $PLAID_BASE_URL: they did not run, which is a failure"
	[[ "$acc_skip" -eq "$left_out" ]] || die "$((acc_skip - left_out)) test(s) skipped for another reason than by design"
	info "all tests passed"
	exit 0
fi

step "Summary"
info "acceptance tests: $acc_pass passed, $acc_fail failed, $acc_skip skipped"
# Every test and subtest, in the plain form CI reads as a closing line.
echo "tests: $(count PASS '') passed, $(count FAIL '') failed, $(count SKIP '') skipped"
if [[ "$status" -ne 0 ]]; then
	die "go test failed (exit $status): see the FAIL lines above (a failing test, or a package that does not build or pass go vet)"
fi
if [[ "$acc_pass" -eq 0 ]]; then
	die "no acceptance test (TestAcc*) passed: they did not run, which is a failure here"
fi
if [[ "$acc_skip" -gt 0 ]]; then
	grep -E "^[[:space:]]*--- SKIP: TestAcc" "$log" >&2
	die "$acc_skip acceptance test(s) skipped; acceptance tests must run, not skip"
fi
info "all tests passed"
