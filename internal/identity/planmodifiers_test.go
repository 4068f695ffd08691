package identity

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// An existing resource that stays: the modifiers only look at whether these are null.
var (
	someState = tfsdk.State{Raw: tftypes.NewValue(tftypes.Object{}, map[string]tftypes.Value{})}
	somePlan  = tfsdk.Plan{Raw: tftypes.NewValue(tftypes.Object{}, map[string]tftypes.Value{})}
)

var nameType = map[string]attr.Type{"given_name": types.StringType, "family_name": types.StringType}

func nameObject(given string) types.Object {
	return types.ObjectValueMust(nameType, map[string]attr.Value{"given_name": str(given), "family_name": str("Johnson")})
}

func TestReplaceWhenNameRemoved(t *testing.T) {
	tests := []struct {
		name        string
		state, plan types.Object
		want        bool
	}{
		{"removed", nameObject("Alice"), types.ObjectNull(nameType), true},
		{"changed", nameObject("Alice"), nameObject("Alicia"), false},
		{"added", types.ObjectNull(nameType), nameObject("Alice"), false},
		{"unknown", nameObject("Alice"), types.ObjectUnknown(nameType), false},
		{"never set", types.ObjectNull(nameType), types.ObjectNull(nameType), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := planmodifier.ObjectRequest{
				Path: path.Root("identity").AtName("name"), State: someState, Plan: somePlan,
				StateValue: tt.state, PlanValue: tt.plan, ConfigValue: tt.plan,
			}
			resp := &planmodifier.ObjectResponse{PlanValue: tt.plan}
			replaceWhenNameRemoved().PlanModifyObject(context.Background(), req, resp)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
			if resp.RequiresReplace != tt.want {
				t.Errorf("RequiresReplace = %v, want %v", resp.RequiresReplace, tt.want)
			}
		})
	}
}

func TestReplaceWhenDateOfBirthRemoved(t *testing.T) {
	tests := []struct {
		name        string
		state, plan types.String
		want        bool
	}{
		{"removed", str("1988-07-22"), types.StringNull(), true},
		{"changed", str("1988-07-22"), str("1988-07-23"), false},
		{"added", types.StringNull(), str("1988-07-22"), false},
		{"unknown", str("1988-07-22"), types.StringUnknown(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := planmodifier.StringRequest{
				Path: path.Root("identity").AtName("date_of_birth"), State: someState, Plan: somePlan,
				StateValue: tt.state, PlanValue: tt.plan, ConfigValue: tt.plan,
			}
			resp := &planmodifier.StringResponse{PlanValue: tt.plan}
			replaceWhenDateOfBirthRemoved().PlanModifyString(context.Background(), req, resp)
			if resp.RequiresReplace != tt.want {
				t.Errorf("RequiresReplace = %v, want %v", resp.RequiresReplace, tt.want)
			}
		})
	}
}

func TestReplaceWhenIdentityRemoved(t *testing.T) {
	identityType := map[string]attr.Type{
		"name":          types.ObjectType{AttrTypes: nameType},
		"date_of_birth": types.StringType,
		"emails":        types.ListType{ElemType: types.ObjectType{AttrTypes: contactType}},
	}
	identity := func(name types.Object, dob types.String, emails types.List) types.Object {
		return types.ObjectValueMust(identityType, map[string]attr.Value{"name": name, "date_of_birth": dob, "emails": emails})
	}
	noName, noDate := types.ObjectNull(nameType), types.StringNull()
	someEmails := contacts(contact("a@x.io", types.BoolValue(true)))
	tests := []struct {
		name        string
		state, plan types.Object
		want        bool
	}{
		{"removed with a name", identity(nameObject("Alice"), noDate, someEmails), types.ObjectNull(identityType), true},
		{"removed with a date of birth", identity(noName, str("1988-07-22"), someEmails), types.ObjectNull(identityType), true},
		{"removed with lists only", identity(noName, noDate, someEmails), types.ObjectNull(identityType), false},
		{"kept, name removed inside", identity(nameObject("Alice"), noDate, someEmails), identity(noName, noDate, someEmails), false},
		{"added", types.ObjectNull(identityType), identity(nameObject("Alice"), noDate, someEmails), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := planmodifier.ObjectRequest{
				Path: path.Root("identity"), State: someState, Plan: somePlan,
				StateValue: tt.state, PlanValue: tt.plan, ConfigValue: tt.plan,
			}
			resp := &planmodifier.ObjectResponse{PlanValue: tt.plan}
			replaceWhenIdentityRemoved().PlanModifyObject(context.Background(), req, resp)
			if resp.RequiresReplace != tt.want {
				t.Errorf("RequiresReplace = %v, want %v", resp.RequiresReplace, tt.want)
			}
		})
	}
}
