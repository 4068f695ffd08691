// Package datasources holds the provider's data sources, one file each.
package datasources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfplaid/terraform-provider-plaid/internal/identity"
	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
	"github.com/tfplaid/terraform-provider-plaid/internal/providerdata"
)

var (
	_ datasource.DataSourceWithConfigure = (*userItemsDataSource)(nil)
)

// NewUserItems is the constructor of the plaid_user_items data source.
func NewUserItems() datasource.DataSource { return &userItemsDataSource{} }

type userItemsDataSource struct {
	client *plaidclient.Client
}

// userItemsModel is the data source's configuration and result. The user is named by user_id,
// or by user_token for a legacy user: exactly one of the two.
type userItemsModel struct {
	identity.UserRefModel
	Items []itemModel `tfsdk:"items"`
}

// itemModel is one Item. Lists are nil (null) when Plaid leaves them out.
type itemModel struct {
	ItemID                types.String    `tfsdk:"item_id"`
	InstitutionID         types.String    `tfsdk:"institution_id"`
	InstitutionName       types.String    `tfsdk:"institution_name"`
	Webhook               types.String    `tfsdk:"webhook"`
	AuthMethod            types.String    `tfsdk:"auth_method"`
	AvailableProducts     []string        `tfsdk:"available_products"`
	BilledProducts        []string        `tfsdk:"billed_products"`
	Products              []string        `tfsdk:"products"`
	ConsentedProducts     []string        `tfsdk:"consented_products"`
	ConsentExpirationTime types.String    `tfsdk:"consent_expiration_time"`
	UpdateType            types.String    `tfsdk:"update_type"`
	Error                 *itemErrorModel `tfsdk:"error"`
}

type itemErrorModel struct {
	ErrorType      types.String `tfsdk:"error_type"`
	ErrorCode      types.String `tfsdk:"error_code"`
	ErrorMessage   types.String `tfsdk:"error_message"`
	DisplayMessage types.String `tfsdk:"display_message"`
}

func (d *userItemsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user_items"
}

func (d *userItemsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Items (connections to financial institutions) associated with a Plaid " +
			"user, as `/user/items/get` returns them. Useful to check that a test persona's bank " +
			"connections exist and are in the expected state, for example `ITEM_LOGIN_REQUIRED`.",
		Attributes: withUserRef(map[string]schema.Attribute{
			"items": schema.ListNestedAttribute{
				MarkdownDescription: "The user's Items, in the order Plaid returns them.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: itemAttributes()},
			},
		}),
	}
}

// withUserRef adds the user_id and user_token arguments to the attributes.
func withUserRef(attributes map[string]schema.Attribute) map[string]schema.Attribute {
	for name, attribute := range identity.UserRefDataSourceAttributes("whose Items to list") {
		attributes[name] = attribute
	}
	return attributes
}

func itemAttributes() map[string]schema.Attribute {
	computedString := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true}
	}
	products := func(description string) schema.ListAttribute {
		return schema.ListAttribute{MarkdownDescription: description, Computed: true, ElementType: types.StringType}
	}
	return map[string]schema.Attribute{
		"item_id":            computedString("The Item's ID."),
		"institution_id":     computedString("The institution's ID, such as `ins_109508`; null for Items made without an institution connection."),
		"institution_name":   computedString("The institution's name; null for Items made without an institution connection."),
		"webhook":            computedString("The URL that receives the Item's webhooks, if any."),
		"auth_method":        computedString("How Auth data was verified for the Item (`INSTANT_AUTH`, `SAME_DAY_MICRODEPOSITS`, ...), if known."),
		"available_products": products("Products available for the Item that have not been used yet."),
		"billed_products":    products("Products that have been billed for the Item."),
		"products":           products("Products added to the Item; null when Plaid does not say."),
		"consented_products": products("Products the user consented to through Data Transparency Messaging; null when Plaid does not say."),
		"consent_expiration_time": computedString("When the Item's access consent expires, in RFC 3339 format (UTC); " +
			"null when no expiration is scheduled."),
		"update_type": computedString("`background`, or `user_present_required` when updating the Item needs the user."),
		"error": schema.SingleNestedAttribute{
			MarkdownDescription: "The Item's error, such as `ITEM_LOGIN_REQUIRED` after the user's credentials " +
				"changed; null when the Item is healthy.",
			Computed: true,
			Attributes: map[string]schema.Attribute{
				"error_type":      computedString("Broad category of the error, such as `ITEM_ERROR`."),
				"error_code":      computedString("Specific error code, such as `ITEM_LOGIN_REQUIRED`."),
				"error_message":   computedString("Developer-facing description of the error."),
				"display_message": computedString("User-facing message, or null when the error is not related to user action."),
			},
		},
	}
}

func (d *userItemsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = providerdata.Client(req.ProviderData, &resp.Diagnostics)
}

func (d *userItemsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data userItemsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}

	items, err := d.client.UserItems(ctx, data.Ref())
	if err != nil {
		providerdata.AddError(&resp.Diagnostics, "reading plaid_user_items for "+data.String(), err)
		return
	}

	data.Items = make([]itemModel, 0, len(items))
	for _, item := range items {
		data.Items = append(data.Items, itemFromPlaid(item))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}

// itemFromPlaid maps one Item of /user/items/get to the data source's model.
func itemFromPlaid(item plaidclient.Item) itemModel {
	m := itemModel{
		ItemID:                types.StringValue(item.ItemID),
		InstitutionID:         types.StringPointerValue(item.InstitutionID),
		InstitutionName:       types.StringPointerValue(item.InstitutionName),
		Webhook:               types.StringPointerValue(item.Webhook),
		AuthMethod:            types.StringPointerValue(item.AuthMethod),
		AvailableProducts:     item.AvailableProducts,
		BilledProducts:        item.BilledProducts,
		Products:              item.Products,
		ConsentedProducts:     item.ConsentedProducts,
		ConsentExpirationTime: identity.Timestamp(item.ConsentExpirationTime),
		UpdateType:            types.StringValue(item.UpdateType),
	}
	if e := item.Error; e != nil {
		m.Error = &itemErrorModel{
			ErrorType:      types.StringValue(e.ErrorType),
			ErrorCode:      types.StringValue(e.ErrorCode),
			ErrorMessage:   types.StringValue(e.ErrorMessage),
			DisplayMessage: types.StringPointerValue(e.DisplayMessage),
		}
	}
	return m
}
