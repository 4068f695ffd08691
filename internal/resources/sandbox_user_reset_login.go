package resources

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tfplaid/terraform-provider-plaid/internal/identity"
	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
	"github.com/tfplaid/terraform-provider-plaid/internal/providerdata"
)

const (
	resetLoginType = "plaid_sandbox_user_reset_login"
	// loginRequired is the error code that /sandbox/user/reset_login gives the Items.
	loginRequired = "ITEM_LOGIN_REQUIRED"
)

var (
	_ resource.ResourceWithConfigValidators = (*resetLoginResource)(nil)
	_ resource.ResourceWithConfigure        = (*resetLoginResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*resetLoginResource)(nil)
)

// NewSandboxUserResetLogin is the constructor of the plaid_sandbox_user_reset_login resource.
func NewSandboxUserResetLogin() resource.Resource {
	return &resetLoginResource{sandboxResource{typeName: resetLoginType}}
}

type resetLoginResource struct {
	sandboxResource
}

// resetLoginModel is plaid_sandbox_user_reset_login's configuration, plan and state. item_ids
// and triggers are framework types because their values may be unknown at plan time.
type resetLoginModel struct {
	identity.UserRefModel
	ID       types.String   `tfsdk:"id"`
	ItemIDs  types.List     `tfsdk:"item_ids"`
	Triggers types.Map      `tfsdk:"triggers"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

func (r *resetLoginResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sandbox_user_reset_login"
}

func (r *resetLoginResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attributes := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: "A random ID for this reset, new each time the resource is created.",
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"item_ids": schema.ListAttribute{
			MarkdownDescription: "The Items to put into `ITEM_LOGIN_REQUIRED`, for example " +
				"`[plaid_sandbox_item.checking.item_id]`; each must belong to the user. Omit it to reset every " +
				"Item the user has when the resource is created; the attribute then lists them. Prefer naming " +
				"the Items: a replaced Item then replaces this resource in the same apply, and Terraform " +
				"orders the reset after the Items' creation without `depends_on`. Changing it replaces " +
				"the resource.",
			Optional:    true,
			Computed:    true,
			ElementType: types.StringType,
			Validators: []validator.List{
				listvalidator.SizeAtLeast(1),
				listvalidator.UniqueValues(),
				listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
			},
			PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown(), listplanmodifier.RequiresReplace()},
		},
		"triggers": schema.MapAttribute{
			MarkdownDescription: "Arbitrary values that reset the Items again whenever one of them changes, like " +
				"`triggers_replace` of `terraform_data`, for example `{ run = var.test_run_id }`.",
			Optional:      true,
			ElementType:   types.StringType,
			PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()},
		},
	}
	for name, attribute := range identity.UserRefResourceAttributes("whose Items to reset") {
		attributes[name] = attribute
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Puts a Sandbox user's Items into the `ITEM_LOGIN_REQUIRED` error state " +
			"(`/sandbox/user/reset_login`), as if the user had changed their bank password, to test how " +
			"an application handles Items that need Link's update mode.\n\n" +
			"It is a resource of its own rather than an argument of `plaid_sandbox_item`, because the " +
			"reset is a one-way action on a user: Plaid can break an Item's login but has no call to " +
			"repair it (only the user can, through Link), so `login_required = false` could never be " +
			"applied, and one reset may cover several Items or all of a user's Items, including a " +
			"`user_token` user's. As a separate resource, the error state is declared next to the Items " +
			"it affects, and adding or removing it never replaces the Items themselves.\n\n" +
			"Creating the resource resets the Items. Refreshing it checks that they still require a " +
			"login: when one was repaired (a test went through update mode), removed, or the user is " +
			"gone, the resource leaves the state and the next apply resets the Items again, so " +
			"re-applying the configuration restores the persona. Changing `triggers` resets them again " +
			"on demand. Destroying the resource calls nothing and leaves the Items as they are; to get a " +
			"healthy Item back, replace the `plaid_sandbox_item` " +
			"(`terraform apply -replace=plaid_sandbox_item.NAME`).\n\n" + sandboxOnlyNote,
		Attributes: attributes,
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true}),
		},
	}
}

// Create costs one call, /sandbox/user/reset_login, and one more, /user/items/get, when
// item_ids is omitted: the reset then names the Items it found, which state records.
func (r *resetLoginResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan resetLoginModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	r.refuseOutsideSandbox(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, plan.Timeouts.Create, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	operation := fmt.Sprintf("creating %s for %s", resetLoginType, plan.UserRefModel)

	itemIDs, diags := r.itemsToReset(ctx, plan, operation)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.client.ResetSandboxLogin(ctx, plan.Ref(), itemIDs); err != nil {
		providerdata.AddError(&resp.Diagnostics, operation, err)
		return
	}

	plan.ID = types.StringValue(uuid.NewString())
	plan.ItemIDs, diags = types.ListValueFrom(ctx, types.StringType, itemIDs)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// itemsToReset returns the planned item_ids, or, when they are omitted, every Item the user has.
// A user without Items is an error: resetting nothing is almost surely a missing dependency.
func (r *resetLoginResource) itemsToReset(ctx context.Context, plan resetLoginModel, operation string) ([]string, diag.Diagnostics) {
	var itemIDs []string
	if !plan.ItemIDs.IsUnknown() && !plan.ItemIDs.IsNull() {
		diags := plan.ItemIDs.ElementsAs(ctx, &itemIDs, false)
		return itemIDs, diags
	}
	var diags diag.Diagnostics
	items, err := r.client.UserItems(ctx, plan.Ref())
	if err != nil {
		providerdata.AddError(&diags, operation+" (listing the user's Items)", err)
		return nil, diags
	}
	for _, item := range items {
		itemIDs = append(itemIDs, item.ItemID)
	}
	if len(itemIDs) == 0 {
		diags.AddError("No Items to reset",
			fmt.Sprintf("While %s: the user has no Items, so there is nothing to put into %s. If the "+
				"configuration creates the user's Items, name them in item_ids (for example "+
				"item_ids = [plaid_sandbox_item.checking.item_id]) so that Terraform creates them first, "+
				"or add depends_on.", operation, loginRequired))
	}
	return itemIDs, diags
}

// Read costs one call, /user/items/get. The resource leaves the state, so that the next apply
// resets the Items again, when one of them no longer requires a login or is gone, or the user is.
func (r *resetLoginResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state resetLoginModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, state.Timeouts.Read, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	items, err := r.client.UserItems(ctx, state.Ref())
	if plaidclient.IsUserGone(err) {
		removeResetLogin(ctx, &resp.State, "the user no longer exists")
		return
	}
	if err != nil {
		providerdata.AddError(&resp.Diagnostics, fmt.Sprintf("reading %s for %s", resetLoginType, state.UserRefModel), err)
		return
	}
	var itemIDs []string
	resp.Diagnostics.Append(state.ItemIDs.ElementsAs(ctx, &itemIDs, false)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if reason := notLoginRequired(items, itemIDs); reason != "" {
		removeResetLogin(ctx, &resp.State, reason)
	}
}

// notLoginRequired says why the Items named by itemIDs are not all in ITEM_LOGIN_REQUIRED, or
// returns "" when they are.
func notLoginRequired(items []plaidclient.Item, itemIDs []string) string {
	for _, id := range itemIDs {
		item := findItem(items, id)
		if item == nil {
			return fmt.Sprintf("Item %q is gone", id)
		}
		if e := item.Error; e == nil || e.ErrorCode != loginRequired {
			return fmt.Sprintf("Item %q no longer requires a login", id)
		}
	}
	return ""
}

func removeResetLogin(ctx context.Context, state *tfsdk.State, reason string) {
	tflog.Info(ctx, resetLoginType+" leaves the state: the next apply resets the Items again", map[string]any{"reason": reason})
	state.RemoveResource(ctx)
}

// Update runs only when the timeouts block alone changes, since every argument forces
// replacement.
func (r *resetLoginResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	acceptPlan(req, resp)
}

// Delete calls nothing: Plaid has no call that repairs an Item's login.
func (r *resetLoginResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}
