package identity

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
)

const secretSSN = "412345678"

// writeOnlySSN is an id_numbers entry given as value_wo, as a configuration holds it (withValue)
// or as a plan or the state hold it.
func writeOnlySSN(version int64, withValue bool) IDNumberModel {
	n := IDNumberModel{Type: str("us_ssn"), ValueWOVersion: types.Int64Value(version)}
	if withValue {
		n.ValueWO = str(secretSSN)
	}
	return n
}

func TestWithWriteOnlyValues(t *testing.T) {
	last4 := IDNumberModel{Value: str("6789"), Type: str("us_ssn_last_4")}
	planned := &Model{IDNumbers: []IDNumberModel{last4, writeOnlySSN(1, false)}}
	configured := &Model{IDNumbers: []IDNumberModel{last4, writeOnlySSN(1, true)}}

	got := WithWriteOnlyValues(planned, configured)
	if got.IDNumbers[1].ValueWO.ValueString() != secretSSN || !got.IDNumbers[0].ValueWO.IsNull() {
		t.Errorf("the copy must carry the configured value_wo: %+v", got.IDNumbers)
	}
	if !planned.IDNumbers[1].ValueWO.IsNull() {
		t.Error("the plan itself, which goes to state, must keep value_wo null")
	}
	want := &plaidclient.Identity{IDNumbers: []plaidclient.IDNumber{
		{Value: "6789", Type: "us_ssn_last_4"}, {Value: secretSSN, Type: "us_ssn"}}}
	if diff := cmp.Diff(want, ToPlaid(got)); diff != "" {
		t.Errorf("ToPlaid (-want +got):\n%s", diff)
	}
	if WithWriteOnlyValues(nil, configured) != nil || WithWriteOnlyValues(planned, nil) != planned {
		t.Error("without a plan or a configuration there is nothing to add")
	}
}

func TestIDNumbersFromPlaidKeepsWriteOnlyValuesOut(t *testing.T) {
	last4 := IDNumberModel{Value: str("6789"), Type: str("us_ssn_last_4")}
	prior := []IDNumberModel{writeOnlySSN(2, false), last4}
	plaidHas := func(entries []plaidclient.IDNumber) []IDNumberModel {
		return FromPlaid(&plaidclient.Identity{IDNumbers: entries}, &Model{IDNumbers: prior}).IDNumbers
	}
	ssn := plaidclient.IDNumber{Value: secretSSN, Type: "us_ssn"}
	last4Plaid := plaidclient.IDNumber{Value: "6789", Type: "us_ssn_last_4"}

	tests := []struct {
		name  string
		plaid []plaidclient.IDNumber
		want  []IDNumberModel
	}{
		{"as written, in another order", []plaidclient.IDNumber{last4Plaid, ssn}, prior},
		{"write-only entry removed outside Terraform", []plaidclient.IDNumber{last4Plaid}, []IDNumberModel{last4}},
		{"entry added outside Terraform", []plaidclient.IDNumber{ssn, last4Plaid, {Value: "X1234567", Type: "es_dni"}},
			append(append([]IDNumberModel{}, prior...), IDNumberModel{Value: str("X1234567"), Type: str("es_dni")})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := plaidHas(tt.plaid)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("FromPlaid id_numbers (-want +got):\n%s", diff)
			}
			for _, n := range got {
				if strings.Contains(n.Value.String()+n.ValueWO.String(), secretSSN) {
					t.Errorf("the write-only value reached the state: %+v", n)
				}
			}
		})
	}
}

func TestDataSourceFromPlaid(t *testing.T) {
	got := DataSourceFromPlaid(fullIdentity(), true)
	want := fullModel()
	if diff := cmp.Diff(want.Emails, got.Emails); diff != "" || got.Name == nil || got.DateOfBirth != want.DateOfBirth {
		t.Errorf("DataSourceFromPlaid must keep the identity as FromPlaid maps it: %s", diff)
	}
	if diff := cmp.Diff([]DataSourceIDNumber{{Value: str("1234"), Type: str("us_ssn_last_4")}}, got.IDNumbers); diff != "" {
		t.Errorf("id_numbers (-want +got):\n%s", diff)
	}
	if DataSourceFromPlaid(&plaidclient.Identity{}, true) != nil || DataSourceFromPlaid(nil, true) != nil {
		t.Error("no identity in Plaid must give a null identity")
	}
	withoutValues := DataSourceFromPlaid(fullIdentity(), false)
	if diff := cmp.Diff([]DataSourceIDNumber{{Value: types.StringNull(), Type: str("us_ssn_last_4")}}, withoutValues.IDNumbers); diff != "" {
		t.Errorf("id_numbers without values (-want +got):\n%s", diff)
	}
}

// TestWriteOnlyValidation drives ValidateResourceConfig as Terraform does, with a client that
// supports write-only arguments (Terraform 1.11 and later) unless said otherwise.
func TestWriteOnlyValidation(t *testing.T) {
	tests := []struct {
		name     string
		entry    IDNumberModel
		oldCLI   bool
		wantPath *tftypes.AttributePath // nil: valid
		wantText string
	}{
		{name: "value_wo with its version", entry: writeOnlySSN(1, true)},
		{name: "both values", entry: IDNumberModel{Type: str("us_ssn"), Value: str(secretSSN), ValueWO: str(secretSSN),
			ValueWOVersion: types.Int64Value(1)}, wantPath: attrPath("identity", "id_numbers", 0, "value"), wantText: "value_wo"},
		// Neither is valid at validate time (an import generates it); plaid_user's ModifyPlan refuses it
		// where the number would have to be sent (TestAccUser_importedIDNumberWithoutValue).
		{name: "no value", entry: IDNumberModel{Type: str("us_ssn")}},
		{name: "value_wo without version", entry: IDNumberModel{Type: str("us_ssn"), ValueWO: str(secretSSN)},
			wantPath: attrPath("identity", "id_numbers", 0, "value_wo"), wantText: "value_wo_version"},
		{name: "version without value_wo", entry: IDNumberModel{Type: str("us_ssn"), Value: str(secretSSN),
			ValueWOVersion: types.Int64Value(1)}, wantPath: attrPath("identity", "id_numbers", 0, "value_wo_version"), wantText: "value_wo"},
		{name: "short write-only SSN", entry: IDNumberModel{Type: str("us_ssn"), ValueWO: str("1234"),
			ValueWOVersion: types.Int64Value(1)}, wantPath: attrPath("identity", "id_numbers", 0, "value_wo"), wantText: "9 digits"},
		{name: "formatted write-only SSN", entry: IDNumberModel{Type: str("us_ssn"), ValueWO: str("412-34-5678"),
			ValueWOVersion: types.Int64Value(1)}, wantPath: attrPath("identity", "id_numbers", 0, "value_wo"), wantText: "letters and digits"},
		{name: "Terraform before 1.11", entry: writeOnlySSN(1, true), oldCLI: true,
			wantPath: attrPath("identity", "id_numbers", 0, "value_wo"), wantText: "WriteOnly"},
	}
	server := protocolServer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := server.ValidateResourceConfig(context.Background(), &tfprotov6.ValidateResourceConfigRequest{
				TypeName: testTypeName,
				Config:   encode(t, &Model{IDNumbers: []IDNumberModel{tt.entry}}),
				ClientCapabilities: &tfprotov6.ValidateResourceConfigClientCapabilities{
					WriteOnlyAttributesAllowed: !tt.oldCLI,
				},
			})
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantPath == nil {
				if len(resp.Diagnostics) != 0 {
					t.Fatalf("want no diagnostics, got %s", describe(resp.Diagnostics))
				}
				return
			}
			if len(resp.Diagnostics) != 1 || !resp.Diagnostics[0].Attribute.Equal(tt.wantPath) ||
				!strings.Contains(resp.Diagnostics[0].Summary+resp.Diagnostics[0].Detail, tt.wantText) {
				t.Errorf("want one error at %s mentioning %q, got %s", tt.wantPath, tt.wantText, describe(resp.Diagnostics))
			}
			if strings.Contains(describe(resp.Diagnostics), secretSSN) {
				t.Error("a diagnostic repeats the write-only value")
			}
		})
	}
}

// TestPlanHoldsNoWriteOnlyValue: the planned state has value_wo null, and a new version is a
// change of the identity (the resource then sends value_wo again).
func TestPlanHoldsNoWriteOnlyValue(t *testing.T) {
	config := &Model{IDNumbers: []IDNumberModel{writeOnlySSN(2, true)}}
	prior := &Model{IDNumbers: []IDNumberModel{writeOnlySSN(1, false)}}
	planned := decode(t, plan(t, prior, config, true).PlannedState)
	if got := planned.IDNumbers[0]; !got.ValueWO.IsNull() || got.ValueWOVersion.ValueInt64() != 2 {
		t.Errorf("planned entry %+v, want value_wo null and version 2", got)
	}
}
