package identity

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
)

// UserRefModel names the user a resource or data source acts on: user_id for Plaid's new user
// APIs, or user_token for integrations that predate them. Exactly one is set. Embed it in a
// model; its attributes come from UserRefResourceAttributes or UserRefDataSourceAttributes.
type UserRefModel struct {
	UserID    types.String `tfsdk:"user_id"`
	UserToken types.String `tfsdk:"user_token"`
}

// Ref is the user for the gateway.
func (m UserRefModel) Ref() plaidclient.UserRef {
	return plaidclient.UserRef{UserID: m.UserID.ValueString(), UserToken: m.UserToken.ValueString()}
}

// String names the user in diagnostics: its user_id, never the token, which is a credential.
func (m UserRefModel) String() string { return m.Ref().String() }

func userRefDescriptions(action string, required bool) (userID, userToken string) {
	rule := "Exactly one of `user_id` and `user_token` is required."
	if !required {
		rule = "At most one of `user_id` and `user_token`; with neither, the Item belongs to no user."
	}
	return fmt.Sprintf("The `usr_` ID of the user %s, for example `plaid_user.alice.user_id`. %s", action, rule),
		fmt.Sprintf("The `user_token` of the user %s, for integrations that predate Plaid's new user APIs "+
			"(legacy users, for example `plaid_user.legacy.user_token`). %s", action, rule)
}

// UserRefResourceAttributes are the schema of UserRefModel in a resource that needs a user.
// action says what the resource does to the user, for the descriptions. Changing the user
// replaces the resource.
func UserRefResourceAttributes(action string) map[string]rschema.Attribute {
	return userRefResourceAttributes(action, true)
}

// OptionalUserRefResourceAttributes are UserRefResourceAttributes for a resource whose user is
// optional: at most one of user_id and user_token.
func OptionalUserRefResourceAttributes(action string) map[string]rschema.Attribute {
	return userRefResourceAttributes(action, false)
}

func userRefResourceAttributes(action string, required bool) map[string]rschema.Attribute {
	userID, userToken := userRefDescriptions(action, required)
	const replaces = " Changing it replaces the resource."
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	return map[string]rschema.Attribute{
		"user_id": rschema.StringAttribute{
			MarkdownDescription: userID + replaces,
			Optional:            true,
			Validators:          userRefValidators(required, true),
			PlanModifiers:       replace,
		},
		"user_token": rschema.StringAttribute{
			MarkdownDescription: userToken + replaces,
			Optional:            true,
			Sensitive:           true,
			Validators:          userRefValidators(required, false),
			PlanModifiers:       replace,
		},
	}
}

// UserRefDataSourceAttributes are the schema of UserRefModel in a data source.
func UserRefDataSourceAttributes(action string) map[string]dschema.Attribute {
	userID, userToken := userRefDescriptions(action, true)
	return map[string]dschema.Attribute{
		"user_id": dschema.StringAttribute{
			MarkdownDescription: userID,
			Optional:            true,
			Validators:          userRefValidators(true, true),
		},
		"user_token": dschema.StringAttribute{
			MarkdownDescription: userToken,
			Optional:            true,
			Sensitive:           true,
			Validators:          userRefValidators(true, false),
		},
	}
}

// userRefValidators: neither attribute may be empty, and exactly one (required) or at most one
// is set, checked once, on user_id.
func userRefValidators(required, onUserID bool) []validator.String {
	validators := []validator.String{stringvalidator.LengthAtLeast(1)}
	switch {
	case !onUserID:
	case required:
		validators = append(validators, stringvalidator.ExactlyOneOf(path.MatchRoot("user_id"), path.MatchRoot("user_token")))
	default:
		validators = append(validators, stringvalidator.ConflictsWith(path.MatchRoot("user_token")))
	}
	return validators
}

// Linked reports whether a user is named.
func (m UserRefModel) Linked() bool { return !m.UserID.IsNull() || !m.UserToken.IsNull() }

// UsrUserID accepts a user_id of Plaid's new user APIs (usr_...), where an endpoint serves no
// other, so that any other value fails at plan time rather than at Plaid; why says which endpoint.
func UsrUserID(why string) validator.String {
	return stringCheck{
		description: "a Plaid user ID, starting with usr_",
		problem: func(s string) string {
			if plaidclient.IsUserID(s) {
				return ""
			}
			return "must be a Plaid user ID, starting with usr_: " + why
		},
	}
}
