package identity

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The framework derives a nested attribute's type from its schema every time it needs it, unless
// the attribute names a CustomType: for every value it decodes, and again for every step of the
// path to every value it walks (NullifyCollectionBlocks, TransformDefaults). For plaid_user that
// was 40% of all the memory the provider allocated in a 500-user plan, and, with the garbage
// collection it caused, about a third of its CPU (make bench). withCachedTypes derives each
// nested type once, when the schema is built, and hands it to the framework as the CustomType:
// the same type, so values, plans and state are unchanged.

// withCachedTypes returns the attribute with the CustomType of it and of every nested attribute
// below it set to the type the framework would derive.
func withCachedTypes(a rschema.SingleNestedAttribute) rschema.SingleNestedAttribute {
	a.Attributes = cacheNestedTypes(a.Attributes)
	a.CustomType = newCachedObjectType(a.Attributes)
	return a
}

func cacheNestedTypes(attributes map[string]rschema.Attribute) map[string]rschema.Attribute {
	cached := make(map[string]rschema.Attribute, len(attributes))
	for name, a := range attributes {
		switch a := a.(type) {
		case rschema.SingleNestedAttribute:
			cached[name] = withCachedTypes(a)
		case rschema.ListNestedAttribute:
			a.NestedObject.Attributes = cacheNestedTypes(a.NestedObject.Attributes)
			element := newCachedObjectType(a.NestedObject.Attributes)
			a.NestedObject.CustomType = element
			a.CustomType = newCachedListType(element)
			cached[name] = a
		default:
			cached[name] = a
		}
	}
	return cached
}

// cachedObjectType is a basetypes.ObjectType whose Terraform type is computed once. Its values
// are plain basetypes.ObjectValue, so models keep using types.Object and nested structs.
type cachedObjectType struct {
	basetypes.ObjectType
	terraformType tftypes.Type
}

func newCachedObjectType(attributes map[string]rschema.Attribute) cachedObjectType {
	attrTypes := make(map[string]attr.Type, len(attributes))
	for name, a := range attributes {
		attrTypes[name] = a.GetType()
	}
	t := basetypes.ObjectType{AttrTypes: attrTypes}
	return cachedObjectType{ObjectType: t, terraformType: t.TerraformType(context.Background())}
}

func (t cachedObjectType) TerraformType(context.Context) tftypes.Type { return t.terraformType }

// Equal also accepts the plain basetypes.ObjectType that a value of this type reports as its
// type: the framework checks values against their schema type with this method.
func (t cachedObjectType) Equal(o attr.Type) bool {
	switch other := o.(type) {
	case cachedObjectType:
		return t.ObjectType.Equal(other.ObjectType)
	case basetypes.ObjectType:
		return t.ObjectType.Equal(other)
	}
	return false
}

// cachedListType is cachedObjectType's counterpart for a list of nested objects.
type cachedListType struct {
	basetypes.ListType
	terraformType tftypes.Type
}

func newCachedListType(element cachedObjectType) cachedListType {
	return cachedListType{
		ListType:      basetypes.ListType{ElemType: element},
		terraformType: tftypes.List{ElementType: element.terraformType},
	}
}

func (t cachedListType) TerraformType(context.Context) tftypes.Type { return t.terraformType }

func (t cachedListType) Equal(o attr.Type) bool {
	switch other := o.(type) {
	case cachedListType:
		return t.ListType.Equal(other.ListType)
	case basetypes.ListType:
		return t.ListType.Equal(other)
	}
	return false
}
