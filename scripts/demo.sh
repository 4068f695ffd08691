#!/usr/bin/env bash
# The provider doing its main job, end to end, with nothing but Go and terraform:
#
#   1. builds the provider and the Plaid emulator into a temporary folder;
#   2. starts the emulator on a free loopback port, keeping its state in a data file;
#   3. writes a CLI configuration with dev_overrides in the temporary folder (the user's
#      ~/.terraformrc is never read or touched) and points TF_CLI_CONFIG_FILE at it;
#   4. applies a copy of examples/personas/ (so no state lands in the repository), prints the
#      outputs, shows that a second plan is empty, destroys, and checks the emulator is empty;
#   5. stops the emulator and removes the temporary folder, on success or failure alike.
#
# Usage: scripts/demo.sh   ($TERRAFORM selects another CLI, e.g. TERRAFORM=$(scripts/tofu.sh))
#
# This is the shell twin of the Go package internal/harness, which the e2e tests, the emulator's
# tests and the bench share: build_provider and build_emulator (lib.sh) mirror harness.Build,
# the start-up loop below harness.StartEmulator and harness.ParseListenLine, cleanup's SIGTERM
# and wait harness.Emulator.Stop, and write_cli_config (lib.sh) harness.WriteCLIConfig. A change
# to how the emulator announces its address or to the dev_overrides belongs in both.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_go
cli="$(require_terraform)"

work="$(make_temp_dir)"
emulator_pid=""

# cleanup runs on every exit: the emulator must not outlive the demo.
cleanup() {
	if [[ -n "$emulator_pid" ]] && kill -0 "$emulator_pid" 2>/dev/null; then
		kill -TERM "$emulator_pid" 2>/dev/null || true
		wait "$emulator_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# tf runs the CLI on the personas copy, echoing the command first.
tf() {
	info "\$ $(basename "$cli") $*"
	"$cli" -chdir="$work/personas" "$@"
}

# emulator_user_count prints how many users the emulator holds, from its inspection endpoint.
emulator_user_count() {
	local users
	users="$(curl -fsS "$emulator_url/__emulator/users")" || die "cannot read $emulator_url/__emulator/users"
	# grep -c prints 0 and exits 1 when nothing matches; the count is what matters.
	grep -o '"user_id"' <<<"$users" | grep -c . || true
}

# Go prints nothing while it compiles: say how long the wait is, so that it does not look hung.
step "Building the provider and plaid-emulator into $work/bin (about a minute the first time, seconds after)"
build_started=$SECONDS
build_provider "$work/bin"
build_emulator "$work/bin"
info "built in $((SECONDS - build_started)) s"

step "Starting the Plaid emulator on a free loopback port"
# The demo's own credentials: the emulator accepts exactly these, and the provider reads them
# from the environment below, as it would read real sandbox keys.
client_id="demo-client"
secret="demo-secret-$RANDOM$RANDOM"
"$work/bin/plaid-emulator" --listen 127.0.0.1:0 --client-id "$client_id" --secret "$secret" \
	--data "$work/emulator-state.db" >"$work/emulator.out" 2>"$work/emulator.log" &
emulator_pid=$!

# The first stdout line is "plaid-emulator listening on http://HOST:PORT" (harness.ParseListenLine).
emulator_url=""
for _ in $(seq 1 100); do
	emulator_url="$(sed -n 's/^plaid-emulator listening on \(https\{0,1\}:\/\/[^ ]*\).*$/\1/p' "$work/emulator.out")"
	[[ -n "$emulator_url" ]] && break
	kill -0 "$emulator_pid" 2>/dev/null || { cat "$work/emulator.log" >&2; die "the emulator exited at start-up"; }
	sleep 0.1
done
[[ -n "$emulator_url" ]] || die "the emulator did not report its address within 10 seconds"
info "emulator at $emulator_url (pid $emulator_pid), data file $work/emulator-state.db"

step "Writing a dev_overrides CLI configuration (your ~/.terraformrc is not used)"
export TF_CLI_CONFIG_FILE="$work/dev.tfrc"
write_cli_config "$TF_CLI_CONFIG_FILE" "$work/bin"
info "TF_CLI_CONFIG_FILE=$TF_CLI_CONFIG_FILE"

# The provider takes its settings from the environment, as in a CI job.
export PLAID_BASE_URL="$emulator_url" PLAID_CLIENT_ID="$client_id" PLAID_SECRET="$secret"
unset PLAID_ENV
export TF_IN_AUTOMATION=1
info "PLAID_BASE_URL=$PLAID_BASE_URL PLAID_CLIENT_ID=$PLAID_CLIENT_ID PLAID_SECRET=(hidden)"

step "Copying examples/personas/ to $work/personas (state stays out of the repository)"
mkdir -p "$work/personas"
cp "$REPO_ROOT"/examples/personas/*.tf "$work/personas/"

step "terraform apply: creating the personas"
tf apply -auto-approve -input=false -no-color -compact-warnings

step "Outputs"
tf output -no-color
if command -v curl >/dev/null 2>&1; then
	info "the emulator now holds $(emulator_user_count) users"
fi

step "A second plan must be empty"
set +e
tf plan -detailed-exitcode -input=false -no-color -compact-warnings
plan_status=$?
set -e
case "$plan_status" in
0) info "no changes: the configuration and Plaid agree" ;;
2) die "the second plan wants changes: the provider is not converging" ;;
*) die "terraform plan failed (exit $plan_status)" ;;
esac

step "terraform destroy: removing the personas"
tf destroy -auto-approve -input=false -no-color -compact-warnings
if command -v curl >/dev/null 2>&1; then
	remaining="$(emulator_user_count)"
	[[ "$remaining" -eq 0 ]] || die "the emulator still holds $remaining users after destroy"
	info "the emulator holds no users"
fi

step "Stopping the emulator"
kill -TERM "$emulator_pid"
wait "$emulator_pid" || true
emulator_pid=""
info "stopped"

step "Demo finished: apply, empty re-plan and destroy all succeeded"
