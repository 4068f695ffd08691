package identity

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
)

// Plaid's /user/update merges: a field left out keeps its old value, and Plaid offers no way to
// clear a name or a date of birth. Removing one from the configuration therefore replaces the
// user; without that, Terraform would report success while Plaid kept the old value, and every
// later plan would show the same change again.

const (
	replaceNameDescription = "Plaid cannot clear a user's name, so removing `name` replaces the user."
	replaceDateDescription = "Plaid cannot clear a user's date of birth, so removing `date_of_birth` " +
		"replaces the user."
	replaceIdentityDescription = "Plaid cannot clear a user's name or date of birth, so removing " +
		"`identity` while it holds either replaces the user."
)

// replaceWhenNameRemoved forces replacement when `name` goes from set to null.
func replaceWhenNameRemoved() planmodifier.Object {
	return replaceObjectWhenRemoved(replaceNameDescription)
}

// replaceObjectWhenRemoved forces replacement when an object attribute goes from set to null;
// markdown says why Plaid needs that.
func replaceObjectWhenRemoved(markdown string) planmodifier.Object {
	return objectplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.ObjectRequest, resp *objectplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = req.PlanValue.IsNull() && !req.StateValue.IsNull()
		},
		plain(markdown), markdown)
}

// replaceWhenDateOfBirthRemoved forces replacement when `date_of_birth` goes from set to null.
func replaceWhenDateOfBirthRemoved() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = req.PlanValue.IsNull() && !req.StateValue.IsNull()
		},
		plain(replaceDateDescription), replaceDateDescription)
}

// replaceWhenIdentityRemoved forces replacement when the whole `identity` goes from set to
// null while the state holds a name or a date of birth. The modifiers on those two attributes
// cannot see this case themselves: the plan has no `identity` object to hold them.
func replaceWhenIdentityRemoved() planmodifier.Object {
	return objectplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.ObjectRequest, resp *objectplanmodifier.RequiresReplaceIfFuncResponse) {
			if !req.PlanValue.IsNull() || req.StateValue.IsNull() {
				return
			}
			held := req.StateValue.Attributes()
			resp.RequiresReplace = isSet(held["name"]) || isSet(held["date_of_birth"])
		},
		plain(replaceIdentityDescription), replaceIdentityDescription)
}

// isSet reports whether an attribute of an object holds a value.
func isSet(v attr.Value) bool {
	return v != nil && !v.IsNull()
}

// plain is a Markdown description as plain text, for the Description twin.
func plain(markdown string) string {
	return strings.ReplaceAll(markdown, "`", "")
}
