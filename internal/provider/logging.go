package provider

import (
	"context"
	"log/slog"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// gatewaySubsystem is the terraform-plugin-log subsystem of every line the Plaid gateway writes.
const gatewaySubsystem = "plaid"

// gatewayLogger is the logger the Plaid gateway writes to: its lines go to Terraform's log in
// the "plaid" subsystem, keeping the fields the framework put on the request's context (such
// as tf_req_id and tf_resource_type). The gateway stays free of Terraform this way.
func gatewayLogger() *slog.Logger { return slog.New(tflogHandler{}) }

// tflogHandler is a slog.Handler over tflog. Terraform decides which levels it keeps, so every
// level is enabled here.
type tflogHandler struct{ attrs []slog.Attr }

func (tflogHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h tflogHandler) Handle(ctx context.Context, r slog.Record) error {
	fields := make(map[string]any, r.NumAttrs()+len(h.attrs))
	for _, a := range h.attrs {
		fields[a.Key] = a.Value.Any()
	}
	r.Attrs(func(a slog.Attr) bool {
		fields[a.Key] = a.Value.Any()
		return true
	})
	ctx = tflog.NewSubsystem(ctx, gatewaySubsystem, tflog.WithRootFields())
	switch {
	case r.Level >= slog.LevelError:
		tflog.SubsystemError(ctx, gatewaySubsystem, r.Message, fields)
	case r.Level >= slog.LevelWarn:
		tflog.SubsystemWarn(ctx, gatewaySubsystem, r.Message, fields)
	case r.Level >= slog.LevelInfo:
		tflog.SubsystemInfo(ctx, gatewaySubsystem, r.Message, fields)
	default:
		tflog.SubsystemDebug(ctx, gatewaySubsystem, r.Message, fields)
	}
	return nil
}

func (h tflogHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return tflogHandler{attrs: append(append([]slog.Attr(nil), h.attrs...), attrs...)}
}

// WithGroup is not used by the gateway; groups are flattened.
func (h tflogHandler) WithGroup(string) slog.Handler { return h }
