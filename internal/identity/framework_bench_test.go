package identity

import (
	"context"
	"testing"

	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// BenchmarkPlanResourceChange plans an unchanged full identity through the framework's protocol
// server, as every plaid_user costs in a refresh plan, once with the cached types the schema
// ships with and once with types the framework derives on every use (see cachedtypes.go).
func BenchmarkPlanResourceChange(b *testing.B) {
	for name, identity := range map[string]rschema.SingleNestedAttribute{
		"cached_types":  ResourceAttribute(),
		"derived_types": withoutCachedTypes(ResourceAttribute()),
	} {
		b.Run(name, func(b *testing.B) {
			schema := rschema.Schema{Attributes: map[string]rschema.Attribute{"identity": identity}}
			server := protocolServerFor(schema)
			state := encode(b, fullModel())
			request := &tfprotov6.PlanResourceChangeRequest{
				TypeName: testTypeName, PriorState: state, ProposedNewState: state, Config: state,
			}
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				resp, err := server.PlanResourceChange(ctx, request)
				if err != nil {
					b.Fatal(err)
				}
				if len(resp.Diagnostics) > 0 || len(resp.RequiresReplace) > 0 {
					b.Fatalf("plan of an unchanged identity: %s, replace %v", describe(resp.Diagnostics), resp.RequiresReplace)
				}
			}
		})
	}
}
