package main

import (
	"os"
	"strings"
	"testing"
)

func TestLogsRequested(t *testing.T) {
	cases := []struct {
		environ []string
		want    bool
	}{
		{nil, false},
		{[]string{"HOME=/root", "TF_CLI_CONFIG_FILE=/tmp/x.tfrc"}, false},
		{[]string{"TF_LOG_CORE=TRACE", "TF_LOG_PATH=/tmp/tf.log"}, false},
		{[]string{"TF_LOG="}, false},
		{[]string{"TF_LOG=TRACE"}, true},
		{[]string{"TF_LOG_PROVIDER=DEBUG"}, true},
		{[]string{"TF_LOG_SDK_FRAMEWORK=TRACE"}, true},
		{[]string{"TF_LOG_SDK=off"}, true}, // already decided by the user
	}
	for _, tc := range cases {
		if got := logsRequested(tc.environ); got != tc.want {
			t.Errorf("logsRequested(%q) = %v, want %v", tc.environ, got, tc.want)
		}
	}
}

func TestProviderLogLevelVariable(t *testing.T) {
	if want := "TF_LOG_PROVIDER_PLAID"; providerLogLevelVariable != want {
		t.Errorf("providerLogLevelVariable = %q, want %q", providerLogLevelVariable, want)
	}
}

func TestSilenceUnrequestedLogs(t *testing.T) {
	// Spelled out rather than taken from silencedLogVariables, so that dropping one fails. The
	// SDK's subsystems must be off by name: terraform-plugin-log takes a subsystem without a
	// level for one that logs everything, whatever TF_LOG_SDK says.
	silenced := []string{"TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO", "TF_LOG_PROVIDER_PLAID"}
	for _, tc := range []struct {
		name, tfLog, want string
	}{
		{"no logs asked for", "", "off"},
		{"logs asked for", "DEBUG", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, kv := range os.Environ() {
				if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "TF_LOG") {
					t.Setenv(name, "")
				}
			}
			for _, name := range silenced {
				t.Setenv(name, "")
			}
			t.Setenv("TF_LOG", tc.tfLog)

			if silenced := silenceUnrequestedLogs(); silenced != (tc.want == "off") {
				t.Errorf("silenceUnrequestedLogs() = %v, want %v", silenced, tc.want == "off")
			}
			for _, name := range silenced {
				if got := os.Getenv(name); got != tc.want {
					t.Errorf("%s = %q, want %q", name, got, tc.want)
				}
			}
		})
	}
}
