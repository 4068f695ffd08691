package resources

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
	"github.com/tfplaid/terraform-provider-plaid/internal/providerdata"
)

// This file holds what the Sandbox-only resources (plaid_sandbox_item,
// plaid_sandbox_user_reset_login) share: the refusal to run against production.

// sandboxOnlyNote ends the description of every Sandbox-only resource.
const sandboxOnlyNote = "This resource only works in the Plaid Sandbox (or the Plaid emulator): with " +
	"`environment = \"production\"` the provider refuses it at plan time, before any call to Plaid."

// sandboxResource is embedded by the Sandbox-only resources: it holds the provider's client
// and refuses to plan or create them against production.
type sandboxResource struct {
	client   *plaidclient.Client
	typeName string // plaid_sandbox_item, ...
}

// ConfigValidators checks the timeouts block at plan time.
func (r *sandboxResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{positiveTimeouts{}}
}

func (r *sandboxResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = providerdata.Client(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan fails the plan of a create or a replacement in production, before any call to
// Plaid. Destroying one is always planned.
func (r *sandboxResource) ModifyPlan(_ context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.Plan.Raw.IsNull() {
		r.refuseOutsideSandbox(&resp.Diagnostics)
	}
}

// refuseOutsideSandbox adds an error when the provider targets Plaid's production environment.
// A client not configured yet (nil) passes: Create checks again once it is.
func (r *sandboxResource) refuseOutsideSandbox(diags *diag.Diagnostics) {
	if r.client == nil || r.client.Sandbox() {
		return
	}
	diags.AddError(r.typeName+" is only available in the Plaid Sandbox",
		fmt.Sprintf("The provider is configured for Plaid's production environment, where %s cannot exist: "+
			"it calls Plaid's /sandbox/* endpoints, which only the Sandbox serves. Use a provider "+
			"configuration with environment = \"sandbox\" (or a base_url pointing at the Plaid emulator) "+
			"for test fixtures, for example through a provider alias.", r.typeName))
}

// acceptPlan is Update for resources whose arguments all force replacement: only a change of
// the timeouts block gets there, and it needs no call. The plan is fully known then, since the
// computed attributes keep their state values.
func acceptPlan(req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw
}
