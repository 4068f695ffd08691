package identity

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// withoutCachedTypes undoes withCachedTypes, so that the framework derives every type again.
func withoutCachedTypes(a rschema.SingleNestedAttribute) rschema.SingleNestedAttribute {
	a.CustomType = nil
	a.Attributes = withoutCachedNestedTypes(a.Attributes)
	return a
}

func withoutCachedNestedTypes(attributes map[string]rschema.Attribute) map[string]rschema.Attribute {
	plain := make(map[string]rschema.Attribute, len(attributes))
	for name, a := range attributes {
		switch a := a.(type) {
		case rschema.SingleNestedAttribute:
			plain[name] = withoutCachedTypes(a)
		case rschema.ListNestedAttribute:
			a.CustomType = nil
			a.NestedObject.CustomType = nil
			a.NestedObject.Attributes = withoutCachedNestedTypes(a.NestedObject.Attributes)
			plain[name] = a
		default:
			plain[name] = a
		}
	}
	return plain
}

// uncachedNestedAttributes lists the nested attributes below a that still leave their type to
// the framework.
func uncachedNestedAttributes(prefix string, attributes map[string]rschema.Attribute) []string {
	var uncached []string
	for name, a := range attributes {
		switch a := a.(type) {
		case rschema.SingleNestedAttribute:
			if a.CustomType == nil {
				uncached = append(uncached, prefix+name)
			}
			uncached = append(uncached, uncachedNestedAttributes(prefix+name+".", a.Attributes)...)
		case rschema.ListNestedAttribute:
			if a.CustomType == nil || a.NestedObject.CustomType == nil {
				uncached = append(uncached, prefix+name)
			}
			uncached = append(uncached, uncachedNestedAttributes(prefix+name+"[].", a.NestedObject.Attributes)...)
		}
	}
	return uncached
}

func TestCachedTypesAreTheDerivedTypes(t *testing.T) {
	ctx := context.Background()
	for name, cached := range map[string]rschema.SingleNestedAttribute{
		"identity":                      ResourceAttribute(),
		"consumer_report_user_identity": LegacyResourceAttribute(),
	} {
		t.Run(name, func(t *testing.T) {
			if cached.CustomType == nil {
				t.Fatalf("%s has no cached type", name)
			}
			if uncached := uncachedNestedAttributes(name+".", cached.Attributes); len(uncached) > 0 {
				t.Errorf("nested attributes without a cached type: %v", uncached)
			}
			cachedType := cached.GetType()
			derivedType := withoutCachedTypes(cached).GetType()
			if got, want := cachedType.TerraformType(ctx), derivedType.TerraformType(ctx); !got.Equal(want) {
				t.Errorf("Terraform type:\n got %s\nwant %s", got, want)
			}
			if !cachedType.Equal(derivedType) {
				t.Errorf("cached type %s is not Equal to the derived %s", cachedType, derivedType)
			}
		})
	}
}

// The framework checks each value against its schema type with Equal: a value of a cached type
// reports a plain basetypes type, which the cached type must accept, and nothing else.
func TestCachedTypesAcceptTheirOwnValues(t *testing.T) {
	ctx := context.Background()
	cachedType := ResourceAttribute().GetType()
	email := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"data": tftypes.String, "primary": tftypes.Bool}}
	raw := tftypes.NewValue(cachedType.TerraformType(ctx), map[string]tftypes.Value{
		"name":          tftypes.NewValue(cachedType.TerraformType(ctx).(tftypes.Object).AttributeTypes["name"], nil),
		"date_of_birth": tftypes.NewValue(tftypes.String, "1990-05-17"),
		"emails": tftypes.NewValue(tftypes.List{ElementType: email}, []tftypes.Value{
			tftypes.NewValue(email, map[string]tftypes.Value{
				"data":    tftypes.NewValue(tftypes.String, "ada@example.com"),
				"primary": tftypes.NewValue(tftypes.Bool, true),
			}),
		}),
		"phone_numbers": tftypes.NewValue(tftypes.List{ElementType: email}, nil),
		"addresses":     tftypes.NewValue(cachedType.TerraformType(ctx).(tftypes.Object).AttributeTypes["addresses"], nil),
		"id_numbers":    tftypes.NewValue(cachedType.TerraformType(ctx).(tftypes.Object).AttributeTypes["id_numbers"], nil),
	})

	value, err := cachedType.ValueFromTerraform(ctx, raw)
	if err != nil {
		t.Fatalf("ValueFromTerraform: %s", err)
	}
	if !cachedType.Equal(value.Type(ctx)) {
		t.Errorf("cached type %s does not accept its own value's type %s", cachedType, value.Type(ctx))
	}
	back, err := value.ToTerraformValue(ctx)
	if err != nil || !back.Equal(raw) {
		t.Errorf("round trip: got %s, %v; want %s", back, err, raw)
	}

	other := LegacyResourceAttribute().GetType()
	for _, notEqual := range []attr.Type{other, withoutCachedTypes(LegacyResourceAttribute()).GetType()} {
		if cachedType.Equal(notEqual) {
			t.Errorf("identity's type is Equal to %s", notEqual)
		}
	}
}
