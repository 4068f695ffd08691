package resources

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/plaid/plaid-go/v43/plaid"

	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
	"github.com/tfplaid/terraform-provider-plaid/internal/provider/providerdata"
)

// This file holds what the Sandbox-only resources (plaid_sandbox_item,
// plaid_sandbox_user_reset_login) share: the refusal to run against production, and the
// reference to a user by user_id or, for legacy integrations, user_token.

// sandboxOnlyNote ends the description of every Sandbox-only resource.
const sandboxOnlyNote = "This resource only works in the Plaid Sandbox (or the Plaid emulator): with " +
	"`environment = \"production\"` the provider refuses it at plan time, before any call to Plaid."

// sandboxResource is embedded by the Sandbox-only resources: it holds the provider's client
// and refuses to plan or create them against production.
type sandboxResource struct {
	client   *plaidclient.Client
	typeName string // plaid_sandbox_item, ...
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
	if r.client == nil || r.client.Sandbox {
		return
	}
	diags.AddError(r.typeName+" is only available in the Plaid Sandbox",
		fmt.Sprintf("The provider is configured for Plaid's production environment, where %s cannot exist: "+
			"it calls Plaid's /sandbox/* endpoints, which only the Sandbox serves. Use a provider "+
			"configuration with environment = \"sandbox\" (or a base_url pointing at the Plaid emulator) "+
			"for test fixtures, for example through a provider alias.", r.typeName))
}

// userRefModel names the user a Sandbox resource acts on: user_id for the new user APIs, or
// user_token for integrations that predate them. Exactly one is set.
type userRefModel struct {
	UserID    types.String `tfsdk:"user_id"`
	UserToken types.String `tfsdk:"user_token"`
}

// userRefAttributes are the schema of userRefModel. action says what the resource does to the
// user, for the descriptions. Changing the user replaces the resource.
func userRefAttributes(action string) map[string]schema.Attribute {
	exactlyOne := stringvalidator.ExactlyOneOf(path.MatchRoot("user_id"), path.MatchRoot("user_token"))
	return map[string]schema.Attribute{
		"user_id": schema.StringAttribute{
			MarkdownDescription: fmt.Sprintf("The `usr_` ID of the user %s, for example `plaid_user.alice.user_id`. "+
				"Exactly one of `user_id` and `user_token` is required. Changing it replaces the resource.", action),
			Optional:      true,
			Validators:    []validator.String{exactlyOne, stringvalidator.LengthAtLeast(1)},
			PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
		},
		"user_token": schema.StringAttribute{
			MarkdownDescription: fmt.Sprintf("The `user_token` of the user %s, for integrations that predate "+
				"Plaid's new user APIs (legacy users, for example `plaid_user.legacy.user_token`). Exactly one "+
				"of `user_id` and `user_token` is required. Changing it replaces the resource.", action),
			Optional:      true,
			Sensitive:     true,
			Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
		},
	}
}

// userRequest is a plaid-go request that names a user by user_id or user_token.
type userRequest interface {
	SetUserId(string)
	SetUserToken(string)
}

// applyTo names the user in a request.
func (u userRefModel) applyTo(request userRequest) {
	if u.UserToken.IsNull() {
		request.SetUserId(u.UserID.ValueString())
	} else {
		request.SetUserToken(u.UserToken.ValueString())
	}
}

// String names the user in diagnostics: its user_id, never the token, which is a credential.
func (u userRefModel) String() string {
	if u.UserToken.IsNull() {
		return fmt.Sprintf("user %q", u.UserID.ValueString())
	}
	return "the user_token user"
}

// userGoneCodes are Plaid's answers for a user that does not exist (any more): USER_NOT_FOUND
// for a user_id, INVALID_USER_TOKEN for a legacy user's user_token.
var userGoneCodes = []string{"USER_NOT_FOUND", "INVALID_USER_TOKEN"}

// userItems lists the user's Items (/user/items/get). gone reports an answer saying the user no
// longer exists (userGoneCodes).
func userItems(ctx context.Context, client *plaidclient.Client, user userRefModel) (items []plaid.Item, gone bool, err error) {
	request := plaid.NewUserItemsGetRequest()
	user.applyTo(request)
	result, _, err := client.API.PlaidApi.UserItemsGet(ctx).UserItemsGetRequest(*request).Execute()
	if err != nil {
		return nil, isPlaidError(err, userGoneCodes...), err
	}
	return result.Items, false, nil
}

// isPlaidError reports whether err is a Plaid error answer with one of the error codes.
func isPlaidError(err error, codes ...string) bool {
	e, ok := plaidclient.AsError(err)
	return ok && slices.Contains(codes, e.ErrorCode)
}

// acceptPlan is Update for resources whose arguments all force replacement: only a change of
// the timeouts block gets there, and it needs no call. The plan is fully known then, since the
// computed attributes keep their state values.
func acceptPlan(req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw
}
