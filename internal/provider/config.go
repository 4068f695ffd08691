package provider

import (
	"context"
	"fmt"

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

// envNames are the environment variables of the settings that have one, by attribute name.
var envNames = map[string]string{
	"client_id": envClientID, "secret": envSecret, "environment": envEnvironment, "base_url": envBaseURL,
}

// credentialNames name in words the settings that can be missing.
var credentialNames = map[string]string{"client_id": "client ID", "secret": "secret"}

// rawSettings merges the provider block with the environment (the block wins; an empty variable
// counts as unset) into the gateway's raw settings. Values unknown at plan time are reported
// instead: the gateway would have to guess.
func rawSettings(m providerModel, getenv func(string) string) (plaidclient.RawSettings, diag.Diagnostics) {
	var diags diag.Diagnostics
	reportUnknown(&diags, m)
	return plaidclient.RawSettings{
		ClientID:       stringSetting(m.ClientID, getenv(envClientID)),
		Secret:         stringSetting(m.Secret, getenv(envSecret)),
		Environment:    stringSetting(m.Environment, getenv(envEnvironment)),
		BaseURL:        stringSetting(m.BaseURL, getenv(envBaseURL)),
		CAFile:         m.CAFile.ValueString(),
		RequestTimeout: m.RequestTimeout.ValueString(),
		MaxRetries:     intSetting(m.MaxRetries),
		MaxConnections: intSetting(m.MaxConnections),
	}, diags
}

// settingDiagnostics turns the gateway's setting errors into diagnostics on the attributes they
// concern, naming the environment variable where the setting has one.
func settingDiagnostics(err error) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, e := range plaidclient.SettingErrors(err) {
		env := envNames[e.Setting]
		switch {
		case e.Missing:
			what := credentialNames[e.Setting]
			diags.AddAttributeError(path.Root(e.Setting), "Missing Plaid "+what,
				fmt.Sprintf("The provider needs a Plaid %s: set %s in the provider block or the %s environment variable.",
					what, e.Setting, env))
		case env != "":
			diags.AddAttributeError(path.Root(e.Setting), "Invalid Plaid provider configuration",
				fmt.Sprintf("%s: %s (set in the provider block or the %s environment variable).", e.Setting, e.Err, env))
		default:
			diags.AddAttributeError(path.Root(e.Setting), "Invalid Plaid provider configuration",
				fmt.Sprintf("%s: %s.", e.Setting, e.Err))
		}
	}
	if err != nil && !diags.HasError() {
		diags.AddError("Invalid Plaid provider configuration", err.Error())
	}
	return diags
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

// stringSetting returns the configured value, or the environment's when the block leaves it out.
func stringSetting(configured types.String, fromEnv string) string {
	if configured.IsNull() {
		return fromEnv
	}
	return configured.ValueString()
}

// intSetting is a number setting for the gateway: nil when unset.
func intSetting(configured types.Int64) *int {
	if configured.IsNull() || configured.IsUnknown() {
		return nil
	}
	n := int(configured.ValueInt64())
	return &n
}

// requestTimeoutValidator checks at validate time that a string is a request timeout, with the
// gateway's own rule.
type requestTimeoutValidator struct{}

func (requestTimeoutValidator) Description(context.Context) string {
	return fmt.Sprintf("must be a duration of at least %s, such as 30s or 2m", plaidclient.MinRequestTimeout)
}

func (v requestTimeoutValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v requestTimeoutValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := plaidclient.ParseRequestTimeout(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("Attribute %s %s.", req.Path, v.Description(ctx)))
	}
}

// productionWarning tells, at every plan and apply, that the provider targets Plaid's
// production environment, and where that choice comes from: with PLAID_ENV set in a shell, the
// configuration alone does not show it.
func productionWarning(m providerModel) diag.Diagnostics {
	source := "the provider block's environment attribute"
	if m.Environment.IsNull() {
		source = "the " + envEnvironment + " environment variable"
	}
	var diags diag.Diagnostics
	diags.AddAttributeWarning(path.Root("environment"), "Plaid environment: production",
		fmt.Sprintf("The Plaid provider targets Plaid's production environment (set by %s). Every user this "+
			"configuration creates, changes or destroys is a real Plaid user of your application.", source))
	return diags
}
