// Package resources holds the provider's managed resources, one file each.
package resources

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfplaid/terraform-provider-plaid/internal/identity"
	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
	"github.com/tfplaid/terraform-provider-plaid/internal/providerdata"
)

// defaultTimeout bounds each operation, retries included, when the timeouts block leaves it unset.
const defaultTimeout = 5 * time.Minute

var (
	_ resource.ResourceWithModifyPlan       = (*userResource)(nil)
	_ resource.ResourceWithConfigValidators = (*userResource)(nil)
	_ resource.ResourceWithConfigure        = (*userResource)(nil)
	_ resource.ResourceWithImportState      = (*userResource)(nil)
)

// NewUser is the constructor of the plaid_user resource.
func NewUser() resource.Resource { return &userResource{} }

type userResource struct {
	client *plaidclient.Client
}

// userModel is plaid_user's configuration, plan and state.
type userModel struct {
	ID           types.String    `tfsdk:"id"`
	UserID       types.String    `tfsdk:"user_id"`
	ClientUserID types.String    `tfsdk:"client_user_id"`
	Identity     *identity.Model `tfsdk:"identity"`
	// The legacy user_token flow (templates/resources/user.md.tmpl explains it).
	ConsumerReportUserIdentity *identity.LegacyModel `tfsdk:"consumer_report_user_identity"`
	UserToken                  types.String          `tfsdk:"user_token"`
	CreatedAt                  types.String          `tfsdk:"created_at"`
	UpdatedAt                  types.String          `tfsdk:"updated_at"`
	Timeouts                   timeouts.Value        `tfsdk:"timeouts"`
}

func (r *userResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user"
}

func (r *userResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Plaid user (`/user/create`), the person that Items, Plaid Check reports and " +
			"other user-based products hang off. Use it to declare sandbox fixtures and QA personas. " +
			"Destroying it calls `/user/remove`, which also deletes the user's Items. Users of integrations " +
			"that predate Plaid's new user APIs (legacy `user_token` users) are supported too, with " +
			"`consumer_report_user_identity` and `user_token`, and less drift detection.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Same as `user_id`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"user_id": schema.StringAttribute{
				MarkdownDescription: "The `usr_` ID that Plaid assigned to the user; other Plaid calls and " +
					"resources refer to the user by it. Legacy users get an ID without the `usr_` prefix, " +
					"and are referred to by `user_token` instead.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"client_user_id": schema.StringAttribute{
				MarkdownDescription: "Your own unique ID for the user, 1 to 128 characters. Plaid forbids personal " +
					"data here (no email address, phone number or name). It must not belong to a user Plaid already " +
					"has: such a user is reported for import, never taken over (see below). Changing it replaces the user.",
				Required: true,
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 128),
					notPersonalData{},
				},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"identity":                      identity.ResourceAttribute(),
			"consumer_report_user_identity": identity.LegacyResourceAttribute(),
			"user_token": schema.StringAttribute{
				MarkdownDescription: "The user's `user_token`, for legacy users only (null otherwise): Plaid " +
					"returns one from `/user/create` to integrations created before December 10, 2025, and " +
					"the provider then uses it instead of `user_id` for every call. Give it to " +
					"`plaid_sandbox_item`, `plaid_sandbox_user_reset_login` and `plaid_user_items` as " +
					"`user_token`. Sensitive: it gives access to the user's data.",
				Computed:      true,
				Sensitive:     true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), nullTokenForNewAPIUsers{}},
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When Plaid created the user, in RFC 3339 format (UTC); null for legacy " +
					"users, whom Plaid does not describe.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"updated_at": schema.StringAttribute{
				MarkdownDescription: "When Plaid last changed the user, in RFC 3339 format (UTC). Changes " +
					"whenever the identity is updated. Null for legacy users.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{unknownWhenIdentityChanges{}},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

// ConfigValidators checks the timeouts block at plan time.
func (r *userResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{positiveTimeouts{}}
}

func (r *userResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = providerdata.Client(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses an id_numbers entry that gives neither value nor value_wo where its number
// would have to be sent: in a create, or in a list that changes. Such an entry (what an import
// generates) stands for the number Plaid holds, which Terraform does not know.
func (r *userResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // a destroy
	}
	refuseLegacyReplacementKeepingClientUserID(ctx, req, resp)
	if !idNumberWithoutValueConfigured(ctx, req.Config, &resp.Diagnostics) {
		return // nothing to check: the common case costs one attribute read
	}
	var planned, prior *identity.Model
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("identity"), &planned)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("identity"), &prior)...)
	}
	configured := withWriteOnlyValues(ctx, req.Config, planned, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || configured == nil {
		return
	}
	// A replacement is planned again as a create (no prior state) by Terraform, where this check
	// applies in full.
	if prior != nil && identity.IDNumbersUnchanged(configured.IDNumbers, prior.IDNumbers) {
		return
	}
	addIDNumbersWithoutValue(&resp.Diagnostics, configured)
}

// addIDNumbersWithoutValue refuses the id_numbers entries that give neither value nor value_wo,
// where the list has to be sent: on a create, a replacement, or a change of the list.
func addIDNumbersWithoutValue(diags *diag.Diagnostics, configured *identity.Model) {
	for _, i := range identity.IDNumbersWithoutValue(configured) {
		where := path.Root("identity").AtName("id_numbers").AtListIndex(i)
		diags.AddAttributeError(where, "ID number without a value",
			fmt.Sprintf("Attribute %s gives neither value nor value_wo. Such an entry stands for the number Plaid "+
				"holds, as an import records it, and can stay as long as id_numbers does not change; to create the "+
				"user, replace it, or change id_numbers, give the entry its value, or value_wo with value_wo_version.", where))
	}
}

// refuseLegacyReplacementKeepingClientUserID refuses to plan the replacement of a legacy user
// (removing consumer_report_user_identity replaces it) under the same client_user_id: Plaid's
// legacy page says that once a user is removed, its client_user_id cannot be reused for another
// /user/create, so the destroy would succeed and the create fail.
func refuseLegacyReplacementKeepingClientUserID(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() {
		return
	}
	var userToken, priorID, plannedID types.String
	var priorLegacy, plannedLegacy types.Object
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("user_token"), &userToken)...)
	if userToken.IsNull() {
		return // not a legacy user: every plan of a new-API user costs this one read
	}
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("client_user_id"), &priorID)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("client_user_id"), &plannedID)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("consumer_report_user_identity"), &priorLegacy)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("consumer_report_user_identity"), &plannedLegacy)...)
	if priorLegacy.IsNull() || !plannedLegacy.IsNull() || !plannedID.Equal(priorID) {
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("consumer_report_user_identity"), "A legacy user cannot be replaced under the same client_user_id",
		"Removing consumer_report_user_identity replaces the user, but Plaid does not let a legacy (user_token) user's "+
			"client_user_id be used again once the user is removed. Keep consumer_report_user_identity, or change "+
			"client_user_id as well to create the new user under another ID.")
}

// idNumberWithoutValueConfigured reports whether the configuration has an id_numbers entry with
// neither value nor value_wo, reading that one list rather than the whole identity.
func idNumberWithoutValueConfigured(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) bool {
	var entries types.List
	diags.Append(config.GetAttribute(ctx, path.Root("identity").AtName("id_numbers"), &entries)...)
	for _, entry := range entries.Elements() {
		object, ok := entry.(types.Object)
		if !ok || object.IsNull() || object.IsUnknown() {
			continue // known later: the check runs again at apply time
		}
		value, valueOK := object.Attributes()["value"]
		valueWO, valueWOOK := object.Attributes()["value_wo"]
		if valueOK && valueWOOK && value.IsNull() && valueWO.IsNull() {
			return true
		}
	}
	return false
}

// Create costs three calls for a user with an identity: /user/create with the client_user_id
// alone, so that a user Plaid already had is never changed by the call that finds it (see
// plaidclient.CreateNewUser: such a user is refused, never adopted); /user/update with the
// identity; /user/get for the timestamps and the identity as Plaid stores it. Without an identity
// the update is skipped; a legacy user, which /user/get does not serve, is not read back.
//
// Once /user/create is sent it runs to its end, within the create timeout, even when Terraform
// asks the provider to stop (Ctrl-C): the user then reaches the state, and a destroy finds it.
// After it, nothing but a refused identity fails the operation: trouble setting or reading back
// the identity keeps the user in state with a warning, and the next plan or refresh completes it,
// rather than tainting a user that exists.
func (r *userResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan userModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	configured := withWriteOnlyValues(ctx, req.Config, plan.Identity, &resp.Diagnostics)
	configuredLegacy := legacyWithWriteOnlyValues(ctx, req.Config, plan.ConsumerReportUserIdentity, &resp.Diagnostics)
	addIDNumbersWithoutValue(&resp.Diagnostics, configured) // ModifyPlan refused it already; never send ""
	if resp.Diagnostics.HasError() {
		return
	}
	started := time.Now()
	ctx, cancel, ok := withCreateTimeout(ctx, plan.Timeouts.Create, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	operation := fmt.Sprintf("creating plaid_user %q", plan.ClientUserID.ValueString())

	created, known, err := r.client.CreateNewUser(ctx, plan.ClientUserID.ValueString(), started)
	if err != nil {
		addCreateError(&resp.Diagnostics, operation, created.UserID, err)
		return
	}
	state := plan
	state.ID = types.StringValue(created.UserID)
	state.UserID = state.ID
	state.UserToken = types.StringNull()
	if created.Legacy() {
		state.UserToken = types.StringValue(created.UserToken)
	}
	state.CreatedAt = types.StringNull()
	state.UpdatedAt = types.StringNull()
	update := plaidclient.UserUpdate{
		Identity: identity.ToPlaidUpdate(configured, nil),
		Legacy:   identity.LegacyToPlaid(configuredLegacy),
	}
	if !r.setIdentity(ctx, state, update, operation, &resp.Diagnostics) {
		return
	}
	switch {
	case state.legacy(): // /user/get does not serve legacy users
	case known != nil && update == (plaidclient.UserUpdate{}):
		// Read while deciding the user is ours, and unchanged since: no second /user/get.
		applyReadBack(&state, *known, operation, &resp.Diagnostics)
	default:
		r.readBack(ctx, &state, operation, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// setIdentity sends the configured identity (update, empty for none) of a user Create has just
// made, and reports whether the user stays. When Plaid refuses the identity (a 4xx: the
// configuration cannot succeed) the user is removed again, since it is ours and the create has
// failed. Any other failure keeps the user with a warning: the next plan shows its identity as a
// change to apply.
func (r *userResource) setIdentity(ctx context.Context, state userModel, update plaidclient.UserUpdate,
	operation string, diags *diag.Diagnostics) bool {
	if update == (plaidclient.UserUpdate{}) {
		return true
	}
	err := r.client.UpdateUser(ctx, state.ref(), update)
	if err == nil {
		return true
	}
	if !plaidclient.IsRefusal(err) {
		providerdata.AddWarning(diags, operation+" (setting its identity)", err,
			"The user was created and is in the state, but Plaid may not hold its identity yet: the next plan shows it as a change if so.")
		return true
	}
	providerdata.AddError(diags, operation+" (setting its identity)", err)
	if err := r.client.RemoveUser(ctx, state.ref()); err != nil && !plaidclient.IsUserGone(err) {
		// Kept in state, tainted, so that the next apply or a destroy removes it.
		providerdata.AddError(diags, operation+" (removing the user whose identity Plaid refused)", err)
		return true
	}
	return false
}

// readBack fills the state of a user just created or updated with what Plaid stores
// (/user/get). The operation has succeeded whatever happens here: a failed read keeps what is
// known (the user_id, the configured identity) with a warning, and an identity Plaid returns
// unlike the plan is kept as planned, also with a warning; the next refresh completes both.
func (r *userResource) readBack(ctx context.Context, state *userModel, operation string, diags *diag.Diagnostics) {
	user, err := r.client.GetUser(ctx, state.UserID.ValueString())
	if err != nil {
		providerdata.AddWarning(diags, operation+" (reading it back)", err,
			"The change was made and the user is in the state; the next refresh reads the rest.")
		return
	}
	applyReadBack(state, user, operation, diags)
}

// applyReadBack is readBack once Plaid's copy of the user is at hand.
func applyReadBack(state *userModel, user plaidclient.User, operation string, diags *diag.Diagnostics) {
	planned := state.Identity
	state.fromPlaid(user, planned)
	if !reflect.DeepEqual(state.Identity, planned) {
		state.Identity = planned
		diags.AddWarning("Plaid returned another identity than the one sent",
			fmt.Sprintf("While %s, Plaid's copy of the identity read back differs from the configuration. The state "+
				"keeps the configuration for now; the next refresh reads Plaid's copy, and the plan shows the "+
				"difference.", operation))
	}
}

// addCreateError explains why a user could not be created, with the way out for each case.
// userID is what Plaid answered to /user/create, if anything: a user whose ownership could not be
// decided (the read that decides it failed) may be one the operation created.
func addCreateError(diags *diag.Diagnostics, operation, userID string, err error) {
	var (
		existing  *plaidclient.ExistingUserError
		duplicate *plaidclient.DuplicateClientUserIDError
	)
	switch {
	case errors.As(err, &existing):
		diags.AddAttributeError(path.Root("client_user_id"), "A Plaid user with this client_user_id already exists",
			fmt.Sprintf("%s. The provider only manages users it creates: it has not changed, recorded or removed "+
				"this user. To manage it with Terraform, import it with an import block:\n\n"+
				"  import {\n    to = plaid_user.NAME\n    id = %q\n  }\n\n"+
				"or with the command: terraform import plaid_user.NAME %s\n\n"+
				"To create another user, choose another client_user_id.", existing.Error(), existing.UserID, existing.UserID))
	case errors.As(err, &duplicate):
		diags.AddAttributeError(path.Root("client_user_id"), "Duplicate client_user_id",
			fmt.Sprintf("Two plaid_user resources of one provider configuration declare client_user_id %q. Plaid "+
				"keeps one user per client_user_id, so they would share a user, and destroying one would remove "+
				"the other's. Give each resource its own client_user_id; this one was not created.", duplicate.ClientUserID))
	case userID != "":
		providerdata.AddError(diags, operation, err)
		diags.AddWarning("Plaid may have created the user",
			fmt.Sprintf("While %s, Plaid answered with user %s, but whether this operation created it could not be "+
				"checked, so nothing was written to the state. The next apply finds it by its client_user_id and "+
				"keeps it if it is new, or shows how to import it.", operation, userID))
	case plaidclient.MayHaveCarriedOut(err):
		providerdata.AddError(diags, operation, err)
		diags.AddWarning("Plaid may have created the user",
			fmt.Sprintf("While %s, Plaid's answers left open whether it created the user. If it did, the next apply "+
				"finds it by its client_user_id and shows how to import it; nothing was written to the state.", operation))
	default:
		providerdata.AddError(diags, operation, err)
	}
}

// Read costs one call, /user/get, and none right after an import. A user Plaid no longer knows
// leaves the state, so that the next plan creates it again.
func (r *userResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state userModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, state.Timeouts.Read, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	if state.legacy() {
		r.readLegacy(ctx, state, resp)
		return
	}

	if r.justImported(ctx, req, resp) {
		return
	}
	user, err := r.client.GetUser(ctx, state.UserID.ValueString())
	if plaidclient.IsUserNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		providerdata.AddError(&resp.Diagnostics, fmt.Sprintf("reading plaid_user %q", state.UserID.ValueString()), err)
		return
	}
	refreshed := state
	refreshed.fromPlaid(user, state.Identity)
	// Most refreshes find the user as state has it, and the response already holds that state:
	// writing it again would cost the framework a walk over the whole model for nothing, a tenth
	// of what the provider allocates in a plan (make bench).
	if !reflect.DeepEqual(refreshed, state) {
		resp.Diagnostics.Append(resp.State.Set(ctx, &refreshed)...)
	}
}

// justImported reports whether ImportState read this user a moment ago, and clears the mark, so
// that the Read Terraform runs right after an import costs no second /user/get.
func (r *userResource) justImported(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) bool {
	mark, diags := req.Private.GetKey(ctx, importedKey)
	resp.Diagnostics.Append(diags...)
	if len(mark) == 0 {
		return false
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, nil)...)
	return true
}

// readLegacy checks that a legacy user still exists, with one call: /user/items/get, which takes
// the user_token (/user/get does not serve legacy users). A removed user's token is refused
// (INVALID_USER_TOKEN), and the user leaves the state. Nothing else can be read back: Plaid never
// returns consumer_report_user_identity, so state keeps what the configuration says.
func (r *userResource) readLegacy(ctx context.Context, state userModel, resp *resource.ReadResponse) {
	_, err := r.client.UserItems(ctx, state.ref())
	if plaidclient.IsUserGone(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		providerdata.AddError(&resp.Diagnostics, fmt.Sprintf("reading plaid_user %q", state.ClientUserID.ValueString()), err)
	}
}

// Update costs two calls: /user/update, then /user/get for updated_at and the identity as Plaid
// stores it; for a legacy user only /user/update. A change of timeouts alone costs none.
func (r *userResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, prior userModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, plan.Timeouts.Update, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	state := plan
	state.ID, state.UserID, state.UserToken = prior.ID, prior.UserID, prior.UserToken
	state.CreatedAt, state.UpdatedAt = prior.CreatedAt, prior.UpdatedAt

	changed, diags := identityChanged(ctx, req.Plan, req.State)
	resp.Diagnostics.Append(diags...)
	if changed {
		configured := withWriteOnlyValues(ctx, req.Config, state.Identity, &resp.Diagnostics)
		r.updateIdentity(ctx, &state, configured, prior.Identity, &resp.Diagnostics)
	}
	legacyChanged, diags := attributeChanged(ctx, req.Plan, req.State, path.Root("consumer_report_user_identity"))
	resp.Diagnostics.Append(diags...)
	if legacyChanged && !resp.Diagnostics.HasError() {
		configuredLegacy := legacyWithWriteOnlyValues(ctx, req.Config, state.ConsumerReportUserIdentity, &resp.Diagnostics)
		r.updateLegacyIdentity(ctx, state, configuredLegacy, &resp.Diagnostics)
	}
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	}
}

// updateIdentity sends the planned identity, with the configuration's write-only values, to
// Plaid and reads back what Plaid stored into state.
func (r *userResource) updateIdentity(ctx context.Context, state *userModel, configured, prior *identity.Model, diags *diag.Diagnostics) {
	update := identity.ToPlaidUpdate(configured, prior)
	if update == nil {
		return // e.g. `identity = {}` removed: nothing Plaid would notice
	}
	userID := state.UserID.ValueString()
	operation := fmt.Sprintf("updating plaid_user %q", userID)
	if err := r.client.UpdateUser(ctx, state.ref(), plaidclient.UserUpdate{Identity: update}); err != nil {
		providerdata.AddError(diags, operation, err)
		return
	}
	if state.legacy() {
		return // Plaid refuses identity for legacy users; should it ever accept one, it cannot read it back
	}
	r.readBack(ctx, state, operation, diags)
}

// updateLegacyIdentity sends the planned consumer_report_user_identity, whole, with the
// configuration's write-only SSNs, with /user/update. Its removal replaces the user instead (see
// identity.LegacyResourceAttribute).
func (r *userResource) updateLegacyIdentity(ctx context.Context, state userModel, configured *identity.LegacyModel, diags *diag.Diagnostics) {
	legacy := identity.LegacyToPlaid(configured)
	if legacy == nil {
		return
	}
	if err := r.client.UpdateUser(ctx, state.ref(), plaidclient.UserUpdate{Legacy: legacy}); err != nil {
		providerdata.AddError(diags, fmt.Sprintf("updating plaid_user %q", state.ClientUserID.ValueString()), err)
	}
}

// Delete costs one call, /user/remove. A user that is already gone counts as deleted.
func (r *userResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state userModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, state.Timeouts.Delete, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	if err := r.client.RemoveUser(ctx, state.ref()); err != nil && !plaidclient.IsUserGone(err) {
		providerdata.AddError(&resp.Diagnostics, fmt.Sprintf("deleting plaid_user %q", state.UserID.ValueString()), err)
	}
}

// importedKey marks, in private state, a user that ImportState has just read in full.
const importedKey = "imported"

// ImportState takes a user_id and reads the whole user (one call, /user/get); a user that does
// not exist is an error naming the ID. It reads here rather than leaving it to the Read that
// Terraform runs next: OpenTofu logs a warning with the complete refreshed value, nested
// sensitive ID numbers included, when that Read fills in a state ImportState left empty.
// The mark in private state lets that Read skip a second /user/get.
func (r *userResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !plaidclient.IsUserID(req.ID) {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("plaid_user is imported by its Plaid user_id, which starts with \"usr_\"; got %q. "+
				"The client_user_id cannot be used to import.", req.ID))
		return
	}
	user, err := r.client.GetUser(ctx, req.ID)
	if err != nil {
		providerdata.AddError(&resp.Diagnostics, fmt.Sprintf("importing plaid_user %q", req.ID), err)
		return
	}
	var imported userModel
	imported.fromPlaid(user, nil) // no prior: every ID number is recorded by type only
	for attribute, value := range map[string]any{
		"id": imported.ID, "user_id": imported.UserID, "client_user_id": imported.ClientUserID,
		"identity": imported.Identity, "created_at": imported.CreatedAt, "updated_at": imported.UpdatedAt,
	} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attribute), value)...)
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, []byte("true"))...)
}

// withWriteOnlyValues returns the planned identity with the write-only ID number values
// (value_wo) of the configuration, which a plan holds as null, for a request to Plaid.
func withWriteOnlyValues(ctx context.Context, config tfsdk.Config, planned *identity.Model, diags *diag.Diagnostics) *identity.Model {
	var configured *identity.Model
	diags.Append(config.GetAttribute(ctx, path.Root("identity"), &configured)...)
	return identity.WithWriteOnlyValues(planned, configured)
}

// legacyWithWriteOnlyValues is withWriteOnlyValues for consumer_report_user_identity's SSNs.
func legacyWithWriteOnlyValues(ctx context.Context, config tfsdk.Config, planned *identity.LegacyModel, diags *diag.Diagnostics) *identity.LegacyModel {
	var configured *identity.LegacyModel
	diags.Append(config.GetAttribute(ctx, path.Root("consumer_report_user_identity"), &configured)...)
	return identity.LegacyWithWriteOnlyValues(planned, configured)
}

// legacy reports whether the user belongs to the legacy user_token flow.
func (m *userModel) legacy() bool { return !m.UserToken.IsNull() && !m.UserToken.IsUnknown() }

// ref names the user in requests: by user_token for a legacy user, by user_id otherwise.
func (m *userModel) ref() plaidclient.UserRef {
	if m.legacy() {
		return plaidclient.UserRef{UserToken: m.UserToken.ValueString()}
	}
	return plaidclient.UserRef{UserID: m.UserID.ValueString()}
}

// fromPlaid copies what /user/get returned into the model. prior decides null against empty
// and the order of list entries (see identity.FromPlaid).
func (m *userModel) fromPlaid(user plaidclient.User, prior *identity.Model) {
	m.ID = types.StringValue(user.UserID)
	m.UserID = m.ID
	// Legacy users may have no client_user_id; keep what state says then.
	if user.ClientUserID != "" {
		m.ClientUserID = types.StringValue(user.ClientUserID)
	}
	m.Identity = identity.WithoutUnmanagedIDNumberValues(identity.FromPlaid(user.Identity, prior), prior)
	m.CreatedAt = identity.Timestamp(&user.CreatedAt)
	m.UpdatedAt = identity.Timestamp(user.UpdatedAt)
}

// withCreateTimeout is withTimeout for a Create, detached from Terraform's cancellation: once a
// create is sent it runs to its end even when Terraform asks the provider to stop (Ctrl-C), so
// that what Plaid created reaches the state. The gateway still cancels everything when Terraform
// is gone (plaidclient.Settings.Lifetime).
func withCreateTimeout(ctx context.Context, configured func(context.Context, time.Duration) (time.Duration, diag.Diagnostics),
	diags *diag.Diagnostics) (context.Context, context.CancelFunc, bool) {
	return withTimeout(context.WithoutCancel(ctx), configured, diags)
}

// withTimeout bounds an operation by the timeouts block, or defaultTimeout.
func withTimeout(ctx context.Context, configured func(context.Context, time.Duration) (time.Duration, diag.Diagnostics),
	diags *diag.Diagnostics) (context.Context, context.CancelFunc, bool) {
	limit, d := configured(ctx, defaultTimeout)
	diags.Append(d...)
	if diags.HasError() {
		return ctx, nil, false
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	return ctx, cancel, true
}
