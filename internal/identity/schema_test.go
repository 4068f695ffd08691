package identity

import (
	"context"
	"slices"
	"strings"
	"testing"

	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

func resourceSchema() rschema.Schema {
	return rschema.Schema{Attributes: map[string]rschema.Attribute{"identity": ResourceAttribute()}}
}

func dataSourceSchema() dschema.Schema {
	return dschema.Schema{Attributes: map[string]dschema.Attribute{"identity": DataSourceAttribute()}}
}

func TestSchemasAreValid(t *testing.T) {
	ctx := context.Background()
	if diags := resourceSchema().ValidateImplementation(ctx); diags.HasError() {
		t.Errorf("resource schema: %v", diags)
	}
	if diags := dataSourceSchema().ValidateImplementation(ctx); diags.HasError() {
		t.Errorf("data source schema: %v", diags)
	}
}

// documentedAttribute is what the tests compare between the flavors.
type documentedAttribute struct {
	description string
	sensitive   bool
}

// schemaAttribute is what both schema flavors' attributes tell about themselves.
type schemaAttribute interface {
	GetMarkdownDescription() string
	IsSensitive() bool
}

// flatten lists every attribute below identity by its descriptions key; children returns the
// attributes nested in one, if any.
func flatten[A schemaAttribute](prefix string, attrs map[string]A, children func(A) map[string]A, out map[string]documentedAttribute) {
	for name, a := range attrs {
		key := strings.TrimPrefix(prefix+"."+name, ".")
		out[key] = documentedAttribute{a.GetMarkdownDescription(), a.IsSensitive()}
		flatten(key, children(a), children, out)
	}
}

func resourceChildren(a rschema.Attribute) map[string]rschema.Attribute {
	switch a := a.(type) {
	case rschema.SingleNestedAttribute:
		return a.Attributes
	case rschema.ListNestedAttribute:
		return a.NestedObject.Attributes
	}
	return nil
}

func dataSourceChildren(a dschema.Attribute) map[string]dschema.Attribute {
	switch a := a.(type) {
	case dschema.SingleNestedAttribute:
		return a.Attributes
	case dschema.ListNestedAttribute:
		return a.NestedObject.Attributes
	}
	return nil
}

// TestFlavorsShareShapeAndDocs checks that the resource and the data source describe the same
// attributes with the same text (the resource may add notes), and that nothing is undocumented.
func TestFlavorsShareShapeAndDocs(t *testing.T) {
	res, ds := map[string]documentedAttribute{}, map[string]documentedAttribute{}
	ra, da := ResourceAttribute(), DataSourceAttribute()
	res[""] = documentedAttribute{ra.MarkdownDescription, ra.Sensitive}
	ds[""] = documentedAttribute{da.MarkdownDescription, da.Sensitive}
	flatten("", ra.Attributes, resourceChildren, res)
	flatten("", da.Attributes, dataSourceChildren, ds)
	// The write-only arguments are the resource's own, documented apart.
	for k, description := range writeOnlyDescriptions {
		if got := res[k]; got.description != description || got.sensitive != (k == "id_numbers.value_wo") {
			t.Errorf("write-only %q: got %+v, want its writeOnlyDescriptions text (sensitive if a value)", k, got)
		}
		delete(res, k)
	}

	var resKeys, dsKeys, docKeys []string
	for k := range res {
		resKeys = append(resKeys, k)
	}
	for k := range ds {
		dsKeys = append(dsKeys, k)
	}
	for k := range descriptions {
		docKeys = append(docKeys, k)
	}
	slices.Sort(resKeys)
	slices.Sort(dsKeys)
	slices.Sort(docKeys)
	if !slices.Equal(resKeys, dsKeys) || !slices.Equal(resKeys, docKeys) {
		t.Fatalf("attributes differ:\nresource    %v\ndata source %v\ndescriptions %v", resKeys, dsKeys, docKeys)
	}
	for k := range resourceNotes {
		if _, ok := res[k]; !ok {
			t.Errorf("resourceNotes has %q, which is no attribute", k)
		}
	}
	for _, k := range resKeys {
		if descriptions[k] == "" {
			t.Errorf("%q has no description", k)
		}
		if !strings.HasPrefix(ds[k].description, descriptions[k]) || !strings.HasPrefix(res[k].description, descriptions[k]) {
			t.Errorf("%q is described differently:\nresource    %q\ndata source %q", k, res[k].description, ds[k].description)
		}
		wantSensitive := k == "id_numbers.value"
		if res[k].sensitive != wantSensitive || ds[k].sensitive != wantSensitive {
			t.Errorf("%q sensitive: resource %v, data source %v, want %v", k, res[k].sensitive, ds[k].sensitive, wantSensitive)
		}
	}
}
