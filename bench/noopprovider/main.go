// Command noopprovider serves the real provider's schemas through a provider that does no work
// of its own on the calls a plan makes per resource: it validates nothing, hands prior states
// and proposed plans back unchanged, and its reads only wait for PLAID_BENCH_READ_LATENCY, as
// if Plaid had answered. Every other call goes to the real provider.
//
// The bench plans users through it to measure what Terraform and the plugin protocol cost for
// plaid_user's schema and values, with nothing left for a provider to save: the difference to
// the real provider's plan is what the provider and terraform-plugin-framework cost. It is only
// fit to plan resources that exist and have not changed; the bench applies and destroys them
// with the real provider.
package main

import (
	"context"
	"log"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tfplaid/terraform-provider-plaid/internal/provider"
)

type noopServer struct {
	tfprotov6.ProviderServer // the real provider, for everything not overridden
	resourceTypes            map[string]tftypes.Type
	readLatency              time.Duration
}

func (s *noopServer) ValidateResourceConfig(context.Context, *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return &tfprotov6.ValidateResourceConfigResponse{}, nil
}

// UpgradeResourceState does what no provider can skip: Terraform sends the stored state as JSON
// and wants it back in the protocol's encoding.
func (s *noopServer) UpgradeResourceState(_ context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	typ := s.resourceTypes[req.TypeName]
	value, err := req.RawState.UnmarshalWithOpts(typ, tfprotov6.UnmarshalOpts{
		ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true},
	})
	if err != nil {
		return nil, err
	}
	state, err := tfprotov6.NewDynamicValue(typ, value)
	if err != nil {
		return nil, err
	}
	return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &state}, nil
}

func (s *noopServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	select {
	case <-time.After(s.readLatency):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private}, nil
}

func (s *noopServer) PlanResourceChange(_ context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return &tfprotov6.PlanResourceChangeResponse{PlannedState: req.ProposedNewState, PlannedPrivate: req.PriorPrivate}, nil
}

func main() {
	// As quiet as the real provider is when nobody asks for logs (see the root main.go).
	_ = os.Setenv("TF_LOG_SDK", "off")
	readLatency, err := time.ParseDuration(os.Getenv("PLAID_BENCH_READ_LATENCY"))
	if err != nil {
		log.Fatalf("PLAID_BENCH_READ_LATENCY: %v", err)
	}
	frameworkServer := providerserver.NewProtocol6(provider.New("bench")())()
	schemas, err := frameworkServer.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		log.Fatal(err)
	}
	server := &noopServer{ProviderServer: frameworkServer, resourceTypes: map[string]tftypes.Type{}, readLatency: readLatency}
	for name, schema := range schemas.ResourceSchemas {
		server.resourceTypes[name] = schema.ValueType()
	}
	if err := tf6server.Serve(provider.Address, func() tfprotov6.ProviderServer { return server }); err != nil {
		log.Fatal(err)
	}
}
