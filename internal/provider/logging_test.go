package provider

import (
	"bytes"
	"context"
	"log/slog"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

func TestGatewayLoggerWritesToThePlaidSubsystem(t *testing.T) {
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	logger := gatewayLogger().With(slog.String("component", "gateway"))
	logger.LogAttrs(ctx, slog.LevelWarn, "Plaid answered with a retryable error", slog.Int("status", 503), slog.String("path", "/user/get"))
	logger.LogAttrs(ctx, slog.LevelDebug, "Plaid request", slog.Int("attempt", 2))

	entries, err := tflogtest.MultilineJSONDecode(&logs)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Fatalf("%d entries, want 2: %v", len(entries), entries)
	}
	want := []map[string]any{
		{"@level": "warn", "@message": "Plaid answered with a retryable error", "status": float64(503), "path": "/user/get"},
		{"@level": "debug", "@message": "Plaid request", "attempt": float64(2)},
	}
	for i, entry := range entries {
		if entry["@module"] != "provider."+gatewaySubsystem || entry["component"] != "gateway" {
			t.Errorf("entry %d: module %v, component %v", i, entry["@module"], entry["component"])
		}
		for key, value := range want[i] {
			if entry[key] != value {
				t.Errorf("entry %d: %s = %v, want %v", i, key, entry[key], value)
			}
		}
	}
}
