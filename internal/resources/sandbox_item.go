package resources

import (
	"context"
	"fmt"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfplaid/terraform-provider-plaid/internal/identity"
	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
	"github.com/tfplaid/terraform-provider-plaid/internal/plaidenum"
	"github.com/tfplaid/terraform-provider-plaid/internal/providerdata"
)

const sandboxItemType = "plaid_sandbox_item"

var (
	_ resource.ResourceWithConfigValidators = (*sandboxItemResource)(nil)
	_ resource.ResourceWithConfigure        = (*sandboxItemResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*sandboxItemResource)(nil)
)

// NewSandboxItem is the constructor of the plaid_sandbox_item resource.
func NewSandboxItem() resource.Resource {
	return &sandboxItemResource{sandboxResource{typeName: sandboxItemType}}
}

type sandboxItemResource struct {
	sandboxResource
}

// sandboxItemModel is plaid_sandbox_item's configuration, plan and state.
type sandboxItemModel struct {
	identity.UserRefModel
	ID               types.String   `tfsdk:"id"`
	ItemID           types.String   `tfsdk:"item_id"`
	InstitutionID    types.String   `tfsdk:"institution_id"`
	InitialProducts  []types.String `tfsdk:"initial_products"`
	Webhook          types.String   `tfsdk:"webhook"`
	OverrideUsername types.String   `tfsdk:"override_username"`
	OverridePassword types.String   `tfsdk:"override_password"`
	// Write-only: null in plans and state, read from the configuration at create.
	OverridePasswordWO        types.String   `tfsdk:"override_password_wo"`
	OverridePasswordWOVersion types.Int64    `tfsdk:"override_password_wo_version"`
	AccessToken               types.String   `tfsdk:"access_token"`
	Timeouts                  timeouts.Value `tfsdk:"timeouts"`
}

func (r *sandboxItemResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sandbox_item"
}

func (r *sandboxItemResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	// Plaid has no call that changes any of these on an existing Item: every argument replaces it.
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	attributes := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: "Same as `item_id`.",
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"item_id": schema.StringAttribute{
			MarkdownDescription: "The Item's ID, as `plaid_user_items` and Plaid's webhooks show it.",
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"institution_id": schema.StringAttribute{
			MarkdownDescription: "The Sandbox institution to link, such as `ins_109508` (First Platypus Bank) or " +
				"`ins_109511` (Tartan Bank).",
			Required:      true,
			Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			PlanModifiers: replace,
		},
		"initial_products": schema.ListAttribute{
			MarkdownDescription: "The products to initialize the Item with, at least one, each one of Plaid's " +
				"products such as `auth`, `transactions`, `identity`, `assets`, `investments` or `liabilities`; " +
				"the institution must support them.",
			Required:    true,
			ElementType: types.StringType,
			Validators: []validator.List{
				listvalidator.SizeAtLeast(1),
				listvalidator.UniqueValues(),
				listvalidator.ValueStringsAre(plaidProduct{}),
			},
			PlanModifiers: []planmodifier.List{listplanmodifier.RequiresReplace()},
		},
		"webhook": schema.StringAttribute{
			MarkdownDescription: "The URL that receives the Item's webhooks.",
			Optional:            true,
			Validators:          []validator.String{webhookURL{}},
			PlanModifiers:       replace,
		},
		"override_username": schema.StringAttribute{
			MarkdownDescription: "The Sandbox test username to link with; Plaid's default is `user_good`. Other " +
				"test users give other data or flows, see Plaid's Sandbox test credentials.",
			Optional:      true,
			Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			PlanModifiers: replace,
		},
		"override_password": schema.StringAttribute{
			MarkdownDescription: "The Sandbox test password to link with; Plaid's default is `pass_good`. " +
				"Sensitive, but kept in the state: prefer `override_password_wo`.",
			Optional:  true,
			Sensitive: true,
			Validators: []validator.String{stringvalidator.LengthAtLeast(1),
				stringvalidator.ConflictsWith(path.MatchRoot("override_password_wo"))},
			PlanModifiers: replace,
		},
		"override_password_wo": schema.StringAttribute{
			MarkdownDescription: "`override_password`, write-only: Terraform sends it to Plaid and never stores it " +
				"in the plan or the state. Requires Terraform 1.11 or later, and `override_password_wo_version`.",
			Optional:  true,
			Sensitive: true,
			WriteOnly: true,
			Validators: []validator.String{stringvalidator.LengthAtLeast(1),
				stringvalidator.AlsoRequires(path.MatchRoot("override_password_wo_version"))},
		},
		"override_password_wo_version": schema.Int64Attribute{
			MarkdownDescription: "A number of your choice that goes with `override_password_wo`; changing it " +
				"replaces the Item, linking it again with the password.",
			Optional:      true,
			Validators:    []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("override_password_wo"))},
			PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
		},
		"access_token": schema.StringAttribute{
			MarkdownDescription: "The Item's access token, for calling Plaid's product endpoints in tests. " +
				"Plaid hands it out only once, when the Item is created, which is why this resource cannot be " +
				"imported. Sensitive, and kept in the Terraform state.",
			Computed:      true,
			Sensitive:     true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
	}
	for name, attribute := range identity.OptionalUserRefResourceAttributes("to link the Item to") {
		attributes[name] = attribute
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Sandbox Item (a connection to a test institution), linked to a Plaid user or " +
			"to none, without going through Link: `/sandbox/public_token/create`, then " +
			"`/item/public_token/exchange`. An Item linked to a user shows up in `plaid_user_items`. Every " +
			"argument replaces the Item when it changes, since Plaid cannot change them on an existing Item. " +
			"Refreshing looks the Item up among its user's Items (`/user/items/get`), or by its access token " +
			"(`/item/get`) when it has no user: an Item or a user removed outside Terraform is created again, " +
			"and a webhook changed outside Terraform shows as a replacement. Destroying it calls the call Plaid " +
			"documents for the Item: `/user/items/remove` for an Item linked to a user (Plaid does not support " +
			"`/item/remove` for user-based products such as Plaid Check), `/item/remove` for an Item without " +
			"one; both end billing for its products. An Item that is already gone (removed with its user, " +
			"say) counts as destroyed. The resource cannot be imported: Plaid returns an Item's access token " +
			"only when it is created.\n\n" + sandboxOnlyNote,
		Attributes: attributes,
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Delete: true}),
		},
	}
}

// Create costs two calls: /sandbox/public_token/create, then /item/public_token/exchange.
func (r *sandboxItemResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan sandboxItemModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	r.refuseOutsideSandbox(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withCreateTimeout(ctx, plan.Timeouts.Create, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	operation := fmt.Sprintf("creating %s at %s", sandboxItemType, plan.InstitutionID.ValueString())
	if plan.Linked() {
		operation += " for " + plan.String()
	}

	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("override_password_wo"), &plan.OverridePasswordWO)...)
	if resp.Diagnostics.HasError() {
		return
	}
	created, err := r.client.CreateSandboxItem(ctx, plan.sandboxItem())
	plan.OverridePasswordWO = types.StringNull() // write-only: never in the state
	if err != nil {
		providerdata.AddError(&resp.Diagnostics, operation, err)
		return
	}
	plan.ID = types.StringValue(created.ItemID)
	plan.ItemID = plan.ID
	plan.AccessToken = types.StringValue(created.AccessToken)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// sandboxItem is the Item to create, for the gateway.
func (m *sandboxItemModel) sandboxItem() plaidclient.SandboxItem {
	products := make([]string, len(m.InitialProducts))
	for i, p := range m.InitialProducts {
		products[i] = p.ValueString()
	}
	return plaidclient.SandboxItem{
		User: m.Ref(), InstitutionID: m.InstitutionID.ValueString(), InitialProducts: products,
		Webhook: m.Webhook.ValueString(), OverrideUsername: m.OverrideUsername.ValueString(),
		OverridePassword: identity.ValueOrWriteOnly(m.OverridePassword, m.OverridePasswordWO).ValueString(),
	}
}

// Read costs one call, /user/items/get. An Item that the user no longer has, or a user that no
// longer exists, leaves the state, so that the next plan creates the Item again.
func (r *sandboxItemResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state sandboxItemModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, state.Timeouts.Read, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	item, err := r.readItem(ctx, state)
	if item == nil && err == nil || plaidclient.IsUserGone(err) || plaidclient.IsItemGone(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		providerdata.AddError(&resp.Diagnostics, fmt.Sprintf("reading %s %q", sandboxItemType, state.ItemID.ValueString()), err)
		return
	}
	state.refresh(item)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// readItem finds the Item: among its user's Items (/user/items/get), or by its access token
// (/item/get) when it has no user. An Item missing from its user's list is nil, without error.
func (r *sandboxItemResource) readItem(ctx context.Context, state sandboxItemModel) (*plaidclient.Item, error) {
	if !state.Linked() {
		item, err := r.client.GetItem(ctx, state.AccessToken.ValueString())
		return &item, err
	}
	items, err := r.client.UserItems(ctx, state.Ref())
	if err != nil {
		return nil, err
	}
	return findItem(items, state.ItemID.ValueString()), nil
}

func findItem(items []plaidclient.Item, itemID string) *plaidclient.Item {
	for i := range items {
		if items[i].ItemID == itemID {
			return &items[i]
		}
	}
	return nil
}

// refresh takes from Plaid what it reports about the Item and can change behind Terraform's
// back: its webhook (/item/webhook/update). The institution cannot change; Plaid may leave it
// out, in which case state keeps it.
func (m *sandboxItemModel) refresh(item *plaidclient.Item) {
	if id := item.InstitutionID; id != nil && *id != "" {
		m.InstitutionID = types.StringValue(*id)
	}
	m.Webhook = types.StringNull()
	if webhook := item.Webhook; webhook != nil && *webhook != "" {
		m.Webhook = types.StringValue(*webhook)
	}
}

// Update runs only when the timeouts block alone changes, since every argument forces
// replacement.
func (r *sandboxItemResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	acceptPlan(req, resp)
}

// Delete costs one call, the one Plaid documents for the Item: /user/items/remove for an Item
// linked to a user (its page: it supports user-based use cases such as Plaid Check, where
// /item/remove is not supported), /item/remove with the access token for an Item without a user.
// An Item already gone counts as deleted: ITEM_NOT_FOUND, INVALID_ACCESS_TOKEN once the token died
// with it, or the user gone (its Items went with it).
func (r *sandboxItemResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state sandboxItemModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, state.Timeouts.Delete, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	var err error
	if state.Linked() {
		err = r.client.RemoveUserItems(ctx, state.Ref(), []string{state.ItemID.ValueString()})
	} else {
		err = r.client.RemoveItem(ctx, state.AccessToken.ValueString())
	}
	if err != nil && !plaidclient.IsItemGone(err) && !plaidclient.IsUserGone(err) {
		providerdata.AddError(&resp.Diagnostics, fmt.Sprintf("deleting %s %q", sandboxItemType, state.ItemID.ValueString()), err)
	}
}

// plaidProduct accepts the product names of Plaid's Products enum (plaidenum, kept equal to the
// spec of the Plaid API version the provider is built with).
type plaidProduct struct{}

func (plaidProduct) Description(context.Context) string {
	return "value must be one of Plaid's products, such as auth or transactions"
}

func (v plaidProduct) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (plaidProduct) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if value := req.ConfigValue.ValueString(); !plaidenum.IsProduct(value) {
		resp.Diagnostics.AddAttributeError(req.Path, "Unknown Plaid product",
			fmt.Sprintf("%s: %q is not one of Plaid's products. Use the names of Plaid's API, in lower case, such "+
				"as \"auth\", \"transactions\", \"identity\", \"assets\", \"investments\" or \"liabilities\".", req.Path, value))
	}
}

// webhookURL accepts an absolute http or https URL, as Plaid requires of webhooks.
type webhookURL struct{}

func (webhookURL) Description(context.Context) string {
	return "value must be an absolute http or https URL"
}

func (v webhookURL) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (webhookURL) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	u, err := url.Parse(req.ConfigValue.ValueString())
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid webhook URL",
			fmt.Sprintf("%s must be an absolute http or https URL, such as \"https://example.com/plaid/webhook\".", req.Path))
	}
}
