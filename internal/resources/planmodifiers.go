package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// unknownWhenIdentityChanges plans updated_at: unknown when the update will send a new identity
// to Plaid (which moves updated_at), the prior value otherwise. Plain UseStateForUnknown would
// promise the old time for a real update; no modifier would make every plan that touches any
// attribute (timeouts, say) show "known after apply" for nothing.
type unknownWhenIdentityChanges struct{}

func (unknownWhenIdentityChanges) Description(context.Context) string {
	return "The value stays the same unless the identity changes."
}

func (m unknownWhenIdentityChanges) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (unknownWhenIdentityChanges) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || !req.PlanValue.IsUnknown() {
		return // a create, or a value already settled
	}
	if req.StateValue.IsNull() {
		// Plaid never reports it for a legacy user (one with a user_token); for other users it
		// may come with the update.
		var userToken types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("user_token"), &userToken)...)
		if !userToken.IsNull() {
			resp.PlanValue = req.StateValue
		}
		return
	}
	changed, diags := identityChanged(ctx, req.Plan, req.State)
	resp.Diagnostics.Append(diags...)
	if !changed && !diags.HasError() {
		resp.PlanValue = req.StateValue
	}
}

// identityChanged compares the planned identity with the prior state's. Values not yet known at
// plan time count as a change.
func identityChanged(ctx context.Context, plan tfsdk.Plan, state tfsdk.State) (bool, diag.Diagnostics) {
	return attributeChanged(ctx, plan, state, path.Root("identity"))
}

// attributeChanged compares an object attribute of the plan with the prior state's.
func attributeChanged(ctx context.Context, plan tfsdk.Plan, state tfsdk.State, attribute path.Path) (bool, diag.Diagnostics) {
	var planned, prior types.Object
	diags := plan.GetAttribute(ctx, attribute, &planned)
	diags.Append(state.GetAttribute(ctx, attribute, &prior)...)
	return !planned.Equal(prior), diags
}

// nullTokenForNewAPIUsers plans user_token on a create: null for a user declared with
// `identity`, which only Plaid's new user APIs take (they return no user_token), and unknown
// (Plaid decides) otherwise, so that the plan does not promise a token it will not have.
type nullTokenForNewAPIUsers struct{}

func (nullTokenForNewAPIUsers) Description(context.Context) string {
	return "Null for users declared with identity; known after apply for legacy users."
}

func (m nullTokenForNewAPIUsers) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (nullTokenForNewAPIUsers) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.State.Raw.IsNull() || !req.PlanValue.IsUnknown() {
		return // not a create
	}
	var declared types.Object
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("identity"), &declared)...)
	if !declared.IsNull() && !declared.IsUnknown() {
		resp.PlanValue = types.StringNull()
	}
}
