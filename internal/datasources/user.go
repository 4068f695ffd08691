package datasources

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfplaid/terraform-provider-plaid/internal/identity"
	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
	"github.com/tfplaid/terraform-provider-plaid/internal/providerdata"
)

var _ datasource.DataSourceWithConfigure = (*userDataSource)(nil)

// NewUser is the constructor of the plaid_user data source.
func NewUser() datasource.DataSource { return &userDataSource{} }

type userDataSource struct {
	client *plaidclient.Client
}

// userModel is the data source's configuration and result.
type userModel struct {
	UserID                types.String              `tfsdk:"user_id"`
	IncludeIDNumberValues types.Bool                `tfsdk:"include_id_number_values"`
	ClientUserID          types.String              `tfsdk:"client_user_id"`
	CreatedAt             types.String              `tfsdk:"created_at"`
	UpdatedAt             types.String              `tfsdk:"updated_at"`
	Identity              *identity.DataSourceModel `tfsdk:"identity"`
}

func (d *userDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user"
}

func (d *userDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up a Plaid user by `user_id` (`/user/get`), with the identity Plaid " +
			"stores for it: for example a user that another configuration or your application created. " +
			"Only users of Plaid's new user APIs (`usr_` IDs) can be looked up; Plaid does not serve " +
			"legacy `user_token` users through `/user/get`.",
		Attributes: map[string]schema.Attribute{
			"user_id": schema.StringAttribute{
				MarkdownDescription: "The `usr_` ID of the user.",
				Required:            true,
				Validators: []validator.String{identity.UsrUserID("/user/get serves only users of Plaid's new " +
					"user APIs; a legacy user_token user cannot be looked up")},
			},
			"include_id_number_values": schema.BoolAttribute{
				MarkdownDescription: "Whether to read the values of the user's `identity.id_numbers` (such as an " +
					"SSN) into the state. Defaults to `false`: the entries list their `type` only, and `value` is " +
					"null, so that no document number lands in the state unless you ask for it.",
				Optional: true,
			},
			"client_user_id": schema.StringAttribute{
				MarkdownDescription: "Your own ID for the user, as given to `/user/create`; null when Plaid has none.",
				Computed:            true,
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When Plaid created the user, in RFC 3339 format (UTC).",
				Computed:            true,
			},
			"updated_at": schema.StringAttribute{
				MarkdownDescription: "When Plaid last changed the user, in RFC 3339 format (UTC).",
				Computed:            true,
			},
			"identity": identity.DataSourceAttribute(),
		},
	}
}

func (d *userDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = providerdata.Client(req.ProviderData, &resp.Diagnostics)
}

// Read costs one call, /user/get. An unknown user is an error, with Plaid's USER_NOT_FOUND.
func (d *userDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data userModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	user, err := d.client.GetUser(ctx, data.UserID.ValueString())
	if err != nil {
		providerdata.AddError(&resp.Diagnostics, fmt.Sprintf("reading the plaid_user data source %q", data.UserID.ValueString()), err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, userFromPlaid(user, data.IncludeIDNumberValues))...)
}

// userFromPlaid maps /user/get's answer to the data source's model. The identity is Plaid's as
// is: null when Plaid holds none, lists in Plaid's order.
func userFromPlaid(user plaidclient.User, includeIDNumberValues types.Bool) *userModel {
	m := &userModel{
		UserID:                types.StringValue(user.UserID),
		IncludeIDNumberValues: includeIDNumberValues,
		ClientUserID:          types.StringNull(),
		CreatedAt:             identity.Timestamp(&user.CreatedAt),
		UpdatedAt:             identity.Timestamp(user.UpdatedAt),
		Identity:              identity.DataSourceFromPlaid(user.Identity, includeIDNumberValues.ValueBool()),
	}
	if user.ClientUserID != "" {
		m.ClientUserID = types.StringValue(user.ClientUserID)
	}
	return m
}
