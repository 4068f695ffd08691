package identity

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// These tests put the identity attribute in a throwaway resource and drive it through the
// framework's own protocol server, as Terraform does: validation, defaults and plan modifiers
// run exactly as they will in plaid_user.

type testProvider struct{ schema rschema.Schema }

func (testProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "identitytest"
}

func (testProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (testProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p testProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return testResource(p) }}
}

func (testProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// testResource only plans; Terraform never applies it here.
type testResource struct{ schema rschema.Schema }

func (testResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "identitytest_user"
}

func (r testResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.schema
}

func (testResource) Create(context.Context, resource.CreateRequest, *resource.CreateResponse) {}
func (testResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse)       {}
func (testResource) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {}
func (testResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

const testTypeName = "identitytest_user"

func protocolServer() tfprotov6.ProviderServer {
	return protocolServerFor(resourceSchema())
}

func protocolServerFor(schema rschema.Schema) tfprotov6.ProviderServer {
	return providerserver.NewProtocol6(testProvider{schema: schema})()
}

// encode turns a model into the wire value Terraform would send for a configuration or state.
func encode(t testing.TB, m *Model) *tfprotov6.DynamicValue {
	t.Helper()
	ctx := context.Background()
	typ := resourceSchema().Type().TerraformType(ctx)
	plan := tfsdk.Plan{Schema: resourceSchema(), Raw: tftypes.NewValue(typ, nil)}
	if diags := plan.Set(ctx, &resourceModel{Identity: m}); diags.HasError() {
		t.Fatalf("encoding %+v: %v", m, diags)
	}
	dv, err := tfprotov6.NewDynamicValue(typ, plan.Raw)
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// decode reads a planned state back into a model.
func decode(t *testing.T, dv *tfprotov6.DynamicValue) *Model {
	t.Helper()
	ctx := context.Background()
	raw, err := dv.Unmarshal(resourceSchema().Type().TerraformType(ctx))
	if err != nil {
		t.Fatal(err)
	}
	var out resourceModel
	if diags := (tfsdk.Plan{Schema: resourceSchema(), Raw: raw}).Get(ctx, &out); diags.HasError() {
		t.Fatalf("decoding plan: %v", diags)
	}
	return out.Identity
}

// attrPath builds a protocol attribute path: strings are attribute names, ints list indexes.
func attrPath(steps ...any) *tftypes.AttributePath {
	p := tftypes.NewAttributePath()
	for _, s := range steps {
		switch s := s.(type) {
		case string:
			p = p.WithAttributeName(s)
		case int:
			p = p.WithElementKeyInt(s)
		}
	}
	return p
}

// validConfig is a full, valid identity as a practitioner writes it: primary only where true.
func validConfig() *Model {
	m := fullModel()
	m.Emails[1].Primary = types.BoolNull()
	return m
}

func TestSchemaValidatesConfigurations(t *testing.T) {
	tests := []struct {
		name   string
		change func(m *Model)
		want   *tftypes.AttributePath // nil: valid
	}{
		{"valid", func(*Model) {}, nil},
		{"no identity", nil, nil},
		{"unknown values are left for later", func(m *Model) {
			m.DateOfBirth = types.StringUnknown()
			m.Emails[0].Data = types.StringUnknown()
			m.Emails[1].Primary = types.BoolUnknown()
			m.IDNumbers[0].Value = types.StringUnknown()
		}, nil},
		{"blank given name", func(m *Model) { m.Name.GivenName = str(" ") }, attrPath("identity", "name", "given_name")},
		{"empty family name", func(m *Model) { m.Name.FamilyName = str("") }, attrPath("identity", "name", "family_name")},
		{"date of birth not a date", func(m *Model) { m.DateOfBirth = str("1988-02-30") }, attrPath("identity", "date_of_birth")},
		{"date of birth in the future", func(m *Model) { m.DateOfBirth = str("2999-01-01") }, attrPath("identity", "date_of_birth")},
		{"email with display name", func(m *Model) { m.Emails[1].Data = str("Al <al@example.com>") }, attrPath("identity", "emails", 1, "data")},
		{"two primary emails", func(m *Model) { m.Emails[1].Primary = types.BoolValue(true) }, attrPath("identity", "emails")},
		{"repeated email", func(m *Model) { m.Emails[1].Data = m.Emails[0].Data }, attrPath("identity", "emails", 1, "data")},
		{"phone not E.164", func(m *Model) { m.PhoneNumbers[0].Data = str("(415) 555-0123") }, attrPath("identity", "phone_numbers", 0, "data")},
		{"phone not assigned", func(m *Model) { m.PhoneNumbers[0].Data = str("+15551234567") }, attrPath("identity", "phone_numbers", 0, "data")},
		{"two primary phones", func(m *Model) {
			m.PhoneNumbers = append(m.PhoneNumbers, ContactModel{Data: str("+442079460958"), Primary: types.BoolValue(true)})
		}, attrPath("identity", "phone_numbers")},
		{"country in lower case", func(m *Model) { m.Addresses[0].Country = str("us") }, attrPath("identity", "addresses", 0, "country")},
		{"country alpha-3", func(m *Model) { m.Addresses[0].Country = str("USA") }, attrPath("identity", "addresses", 0, "country")},
		{"empty street", func(m *Model) { m.Addresses[0].Street2 = str("") }, attrPath("identity", "addresses", 0, "street_2")},
		{"two primary addresses", func(m *Model) { m.Addresses = append(m.Addresses, m.Addresses[0]) }, attrPath("identity", "addresses")},
		{"unknown ID number type", func(m *Model) { m.IDNumbers[0].Type = str("us_passport") }, attrPath("identity", "id_numbers", 0, "type")},
		{"formatted ID number", func(m *Model) {
			m.IDNumbers[0] = IDNumberModel{Type: str("us_ssn"), Value: str("123-45-6789")}
		}, attrPath("identity", "id_numbers", 0, "value")},
		{"short SSN", func(m *Model) {
			m.IDNumbers = append(m.IDNumbers, IDNumberModel{Type: str("us_ssn"), Value: str("12345678")})
		}, attrPath("identity", "id_numbers", 1, "value")},
	}
	server := protocolServer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var config *Model
			if tt.change != nil {
				config = validConfig()
				tt.change(config)
			}
			resp, err := server.ValidateResourceConfig(context.Background(), &tfprotov6.ValidateResourceConfigRequest{
				TypeName: testTypeName, Config: encode(t, config),
			})
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == nil {
				if len(resp.Diagnostics) != 0 {
					t.Fatalf("want no diagnostics, got %s", describe(resp.Diagnostics))
				}
				return
			}
			if len(resp.Diagnostics) != 1 {
				t.Fatalf("want one diagnostic at %s, got %s", tt.want, describe(resp.Diagnostics))
			}
			d := resp.Diagnostics[0]
			if d.Severity != tfprotov6.DiagnosticSeverityError || !d.Attribute.Equal(tt.want) {
				t.Errorf("diagnostic %s, want an error at %s", describe(resp.Diagnostics), tt.want)
			}
		})
	}
}

func describe(diags []*tfprotov6.Diagnostic) string {
	var parts []string
	for _, d := range diags {
		parts = append(parts, d.Severity.String()+" at "+d.Attribute.String()+": "+d.Summary+": "+d.Detail)
	}
	return "[" + strings.Join(parts, "; ") + "]"
}

// plan runs PlanResourceChange from prior to config; prior nil means a new resource.
func plan(t *testing.T, prior, config *Model, exists bool) *tfprotov6.PlanResourceChangeResponse {
	t.Helper()
	ctx := context.Background()
	typ := resourceSchema().Type().TerraformType(ctx)
	priorState, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil))
	if err != nil {
		t.Fatal(err)
	}
	if exists {
		priorState = *encode(t, prior)
	}
	resp, err := protocolServer().PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName:   testTypeName,
		PriorState: &priorState,
		// Terraform proposes the configuration, with prior values for unset computed attributes.
		// The configurations below set every primary flag that the prior state has.
		ProposedNewState: encode(t, config),
		Config:           encode(t, config),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Diagnostics) != 0 {
		t.Fatalf("plan: %s", describe(resp.Diagnostics))
	}
	return resp
}

func TestPlanDefaultsPrimaryToFalse(t *testing.T) {
	config := validConfig()
	config.Addresses = append(config.Addresses, AddressModel{
		Street1: types.StringNull(), Street2: types.StringNull(), City: types.StringNull(),
		Region: types.StringNull(), PostalCode: types.StringNull(), Country: str("GB"), Primary: types.BoolNull(),
	})
	planned := decode(t, plan(t, nil, config, false).PlannedState)
	if p := planned.Emails[1].Primary; p.IsNull() || p.IsUnknown() || p.ValueBool() {
		t.Errorf("emails[1].primary planned as %s, want false", p)
	}
	if p := planned.Addresses[1].Primary; p.IsNull() || p.IsUnknown() || p.ValueBool() {
		t.Errorf("addresses[1].primary planned as %s, want false", p)
	}
	if p := planned.Emails[0].Primary; !p.ValueBool() {
		t.Errorf("emails[0].primary planned as %s, want true", p)
	}
}

func TestPlanReplacesWhenPlaidCannotClear(t *testing.T) {
	withoutName := fullModel()
	withoutName.Name = nil
	withoutDate := fullModel()
	withoutDate.DateOfBirth = types.StringNull()
	fewerLists := fullModel()
	fewerLists.Emails, fewerLists.IDNumbers = nil, nil
	listsOnly := &Model{Emails: fullModel().Emails}
	renamed := fullModel()
	renamed.Name.GivenName = str("Alicia")

	tests := []struct {
		name          string
		prior, config *Model
		want          []*tftypes.AttributePath
	}{
		{"name removed", fullModel(), withoutName, []*tftypes.AttributePath{attrPath("identity", "name")}},
		{"date of birth removed", fullModel(), withoutDate, []*tftypes.AttributePath{attrPath("identity", "date_of_birth")}},
		{"identity removed", fullModel(), nil, []*tftypes.AttributePath{attrPath("identity")}},
		{"identity with lists only removed", listsOnly, nil, nil},
		{"lists removed", fullModel(), fewerLists, nil},
		{"name changed", fullModel(), renamed, nil},
		{"nothing changed", fullModel(), fullModel(), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := plan(t, tt.prior, tt.config, true).RequiresReplace
			if len(got) != len(tt.want) {
				t.Fatalf("RequiresReplace = %v, want %v", got, tt.want)
			}
			for i := range got {
				if !got[i].Equal(tt.want[i]) {
					t.Errorf("RequiresReplace = %v, want %v", got, tt.want)
				}
			}
		})
	}
}
