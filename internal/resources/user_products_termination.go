package resources

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfplaid/terraform-provider-plaid/internal/identity"
	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
	"github.com/tfplaid/terraform-provider-plaid/internal/plaidenum"
	"github.com/tfplaid/terraform-provider-plaid/internal/providerdata"
)

const productsTerminationType = "plaid_user_products_termination"

// maxReasonNote is the spec's maxLength of reason_note (UserProductsTerminateRequest).
const maxReasonNote = 512

var (
	_ resource.ResourceWithConfigure        = (*productsTerminationResource)(nil)
	_ resource.ResourceWithConfigValidators = (*productsTerminationResource)(nil)
)

// NewUserProductsTermination is the constructor of the plaid_user_products_termination resource.
func NewUserProductsTermination() resource.Resource { return &productsTerminationResource{} }

type productsTerminationResource struct {
	client *plaidclient.Client
}

// productsTerminationModel is plaid_user_products_termination's configuration and state.
type productsTerminationModel struct {
	UserID     types.String   `tfsdk:"user_id"`
	ID         types.String   `tfsdk:"id"`
	ReasonCode types.String   `tfsdk:"reason_code"`
	ReasonNote types.String   `tfsdk:"reason_note"`
	RequestID  types.String   `tfsdk:"request_id"`
	Timeouts   timeouts.Value `tfsdk:"timeouts"`
}

func (r *productsTerminationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user_products_termination"
}

func (r *productsTerminationResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	attributes := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: "A random ID for this termination, new each time the resource is created.",
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"reason_code": schema.StringAttribute{
			MarkdownDescription: "Why the products are terminated, one of Plaid's reason codes: `" +
				strings.Join(plaidenum.ProductsTerminationReasonCodes(), "`, `") + "`. Changing it terminates again.",
			Required:      true,
			Validators:    []validator.String{stringvalidator.OneOf(plaidenum.ProductsTerminationReasonCodes()...)},
			PlanModifiers: replace,
		},
		"reason_note": schema.StringAttribute{
			MarkdownDescription: fmt.Sprintf("More context on the reason, 1 to %d characters. Plaid asks for no "+
				"personal data here (no email address, no phone number). Changing it terminates again.", maxReasonNote),
			Optional:      true,
			Validators:    []validator.String{stringvalidator.LengthBetween(1, maxReasonNote)},
			PlanModifiers: replace,
		},
		"request_id": schema.StringAttribute{
			MarkdownDescription: "Plaid's `request_id` of the termination, for Plaid support.",
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
	}
	attributes["user_id"] = schema.StringAttribute{
		MarkdownDescription: "The `usr_` ID of the user whose products to terminate, for example " +
			"`plaid_user.carol.user_id`. Plaid documents `/user/products/terminate` with a `user_id` only: " +
			"legacy `user_token` users cannot be named here. Changing it terminates again.",
		Required: true,
		Validators: []validator.String{identity.UsrUserID("/user/products/terminate takes the user_id of " +
			"a user of Plaid's new user APIs")},
		PlanModifiers: replace,
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Terminates a user's products with `/user/products/terminate`, to stop billing for " +
			"services the user no longer needs, for example when the user closes their account with you. The user " +
			"and its Items stay (destroy `plaid_user` to remove them).\n\n" +
			"Creating the resource terminates the products; any change of its arguments terminates them again. " +
			"Plaid has no call to read a termination back or to undo it, so refreshing calls nothing, and " +
			"**destroying the resource only removes it from the state**: the products stay terminated.",
		Attributes: attributes,
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true}),
		},
	}
}

// ConfigValidators checks the timeouts block at plan time.
func (r *productsTerminationResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{positiveTimeouts{}}
}

func (r *productsTerminationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = providerdata.Client(req.ProviderData, &resp.Diagnostics)
}

// Create costs one call, /user/products/terminate.
func (r *productsTerminationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan productsTerminationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withCreateTimeout(ctx, plan.Timeouts.Create, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	requestID, err := r.client.TerminateUserProducts(ctx, plaidclient.ProductsTermination{
		UserID: plan.UserID.ValueString(), ReasonCode: plan.ReasonCode.ValueString(), ReasonNote: plan.ReasonNote.ValueString(),
	})
	if err != nil {
		providerdata.AddError(&resp.Diagnostics, fmt.Sprintf("creating %s for user %q", productsTerminationType, plan.UserID.ValueString()), err)
		return
	}
	plan.ID = types.StringValue(uuid.NewString())
	plan.RequestID = types.StringValue(requestID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Read calls nothing: Plaid cannot read a termination back.
func (r *productsTerminationResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {
}

// Update only meets a change of the timeouts block: every argument replaces the resource.
func (r *productsTerminationResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	acceptPlan(req, resp)
}

// Delete calls nothing: Plaid cannot undo a termination.
func (r *productsTerminationResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}
