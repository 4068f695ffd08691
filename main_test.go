package main

import "testing"

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
