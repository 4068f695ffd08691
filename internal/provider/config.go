package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
)

// Environment variables read for a setting the provider block leaves out.
const (
	envClientID    = "PLAID_CLIENT_ID"
	envSecret      = "PLAID_SECRET"
	envEnvironment = "PLAID_ENV"
	envBaseURL     = "PLAID_BASE_URL"
)

// environments are the Plaid environments the provider can target.
var environments = []string{plaidclient.EnvironmentSandbox, plaidclient.EnvironmentProduction}

// clientConfig merges the provider block with the environment (the block wins; an empty variable
// counts as unset) into the settings of the Plaid client, reporting every problem at once with
// the attribute it concerns.
func clientConfig(m providerModel, getenv func(string) string) (plaidclient.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	reportUnknown(&diags, m)
	if diags.HasError() {
		return plaidclient.Config{}, diags
	}

	cfg := plaidclient.Config{
		ClientID:    stringSetting(m.ClientID, getenv(envClientID)),
		Secret:      stringSetting(m.Secret, getenv(envSecret)),
		Environment: stringSetting(m.Environment, getenv(envEnvironment)),
		BaseURL:     stringSetting(m.BaseURL, getenv(envBaseURL)),
		CAFile:      m.CAFile.ValueString(),
		MaxRetries:  plaidclient.DefaultMaxRetries,
	}
	requireCredential(&diags, "client_id", envClientID, "client ID", cfg.ClientID)
	requireCredential(&diags, "secret", envSecret, "secret", cfg.Secret)

	if cfg.Environment == "" {
		cfg.Environment = plaidclient.EnvironmentSandbox
	}
	// The block's value was checked at validate time; only the variable can still be wrong.
	if !slices.Contains(environments, cfg.Environment) {
		diags.AddAttributeError(path.Root("environment"), "Invalid Plaid environment",
			fmt.Sprintf("%s is %q; it must be one of: %s.", envEnvironment, cfg.Environment, strings.Join(environments, ", ")))
	}
	if !m.MaxRetries.IsNull() {
		cfg.MaxRetries = int(m.MaxRetries.ValueInt64())
	}
	if !m.MaxConnections.IsNull() {
		cfg.MaxConnections = int(m.MaxConnections.ValueInt64())
	}
	if !m.RequestTimeout.IsNull() {
		// Validated at plan time by positiveDuration, so the error cannot happen here. Left
		// unset, plaidclient applies its default.
		cfg.RequestTimeout, _ = time.ParseDuration(m.RequestTimeout.ValueString())
	}
	return cfg, diags
}

// reportUnknown rejects settings whose value Terraform will only know after apply: the client
// cannot be built without them, and a guess could send requests to the wrong Plaid environment.
func reportUnknown(diags *diag.Diagnostics, m providerModel) {
	settings := []struct {
		name  string
		value attr.Value
		env   string
	}{
		{"client_id", m.ClientID, envClientID},
		{"secret", m.Secret, envSecret},
		{"environment", m.Environment, envEnvironment},
		{"base_url", m.BaseURL, envBaseURL},
		{"max_retries", m.MaxRetries, ""},
		{"request_timeout", m.RequestTimeout, ""},
		{"max_connections", m.MaxConnections, ""},
		{"ca_file", m.CAFile, ""},
	}
	for _, s := range settings {
		if !s.value.IsUnknown() {
			continue
		}
		detail := fmt.Sprintf("The provider cannot connect to Plaid because the value of %s is not known "+
			"until apply. Set it to a value known at plan time", s.name)
		if s.env != "" {
			detail += fmt.Sprintf(" or through the %s environment variable", s.env)
		}
		detail += ", or apply the resource it comes from first (terraform apply -target=...)."
		diags.AddAttributeError(path.Root(s.name), "Unknown Plaid provider setting", detail)
	}
}

func requireCredential(diags *diag.Diagnostics, name, env, what, value string) {
	if value != "" {
		return
	}
	diags.AddAttributeError(path.Root(name), "Missing Plaid "+what,
		fmt.Sprintf("The provider needs a Plaid %s: set %s in the provider block or the %s environment variable.",
			what, name, env))
}

// stringSetting returns the configured value, or the environment's when the block leaves it out.
func stringSetting(configured types.String, fromEnv string) string {
	if configured.IsNull() {
		return fromEnv
	}
	return configured.ValueString()
}

// positiveDuration checks at validate time that a string is a Go duration above zero.
type positiveDuration struct{}

func (positiveDuration) Description(context.Context) string {
	return "must be a positive duration such as 30s or 2m"
}

func (v positiveDuration) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v positiveDuration) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err != nil || d <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("Attribute %s %s, got %q.", req.Path, v.Description(ctx), req.ConfigValue.ValueString()))
	}
}
