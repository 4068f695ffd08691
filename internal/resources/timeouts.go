package resources

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// positiveTimeouts refuses, at plan time, a timeouts block with a duration that is not
// positive: the timeouts package checks the format only, and reads the value when the operation
// runs, so "0s" or "-1m" would plan fine and fail at apply. Every resource with a timeouts block
// lists it in ConfigValidators.
type positiveTimeouts struct{}

var _ resource.ConfigValidator = positiveTimeouts{}

func (positiveTimeouts) Description(context.Context) string {
	return "every duration of the timeouts block must be positive"
}

func (v positiveTimeouts) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (positiveTimeouts) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var block timeouts.Value
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("timeouts"), &block)...)
	if resp.Diagnostics.HasError() || block.IsNull() || block.IsUnknown() {
		return
	}
	for name, value := range block.Attributes() {
		s, ok := value.(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			continue
		}
		if d, err := time.ParseDuration(s.ValueString()); err == nil && d <= 0 {
			where := path.Root("timeouts").AtName(name)
			resp.Diagnostics.AddAttributeError(where, "Invalid timeout",
				fmt.Sprintf("Attribute %s must be a positive duration, such as \"30s\" or \"5m\".", where))
		}
	}
}
