package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
)

// nullModel is a provider block with nothing set.
func nullModel() providerModel {
	return providerModel{
		ClientID:       types.StringNull(),
		Secret:         types.StringNull(),
		Environment:    types.StringNull(),
		BaseURL:        types.StringNull(),
		MaxRetries:     types.Int64Null(),
		RequestTimeout: types.StringNull(),
		CAFile:         types.StringNull(),
	}
}

func envOf(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func TestRawSettingsBlockBeatsEnvironment(t *testing.T) {
	m := nullModel()
	m.ClientID = types.StringValue("block-id")
	m.Secret = types.StringValue("block-secret")
	m.Environment = types.StringValue("production")
	m.BaseURL = types.StringValue("http://127.0.0.1:1")
	m.MaxRetries = types.Int64Value(0)
	m.RequestTimeout = types.StringValue("2m")
	m.CAFile = types.StringValue("/tmp/ca.pem")

	raw, diags := rawSettings(m, envOf(map[string]string{
		envClientID: "env-id", envSecret: "env-secret", envEnvironment: "sandbox", envBaseURL: "http://127.0.0.1:2",
	}))
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if raw.ClientID != "block-id" || raw.Secret != "block-secret" || raw.Environment != "production" ||
		raw.BaseURL != "http://127.0.0.1:1" || raw.MaxRetries == nil || *raw.MaxRetries != 0 ||
		raw.RequestTimeout != "2m" || raw.CAFile != "/tmp/ca.pem" {
		t.Errorf("the block's values must win, got %+v", raw)
	}
}

func TestRawSettingsFromEnvironmentWithDefaults(t *testing.T) {
	raw, diags := rawSettings(nullModel(), envOf(map[string]string{
		envClientID: "env-id", envSecret: "env-secret", envBaseURL: "http://127.0.0.1:2",
	}))
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if raw.ClientID != "env-id" || raw.Secret != "env-secret" || raw.BaseURL != "http://127.0.0.1:2" {
		t.Errorf("values must come from the environment, got %+v", raw)
	}
	if raw.Environment != "" || raw.MaxRetries != nil || raw.MaxConnections != nil || raw.RequestTimeout != "" {
		t.Errorf("unset settings must stay unset for the gateway to default, got %+v", raw)
	}
	settings, err := plaidclient.ResolveSettings(raw)
	if err != nil {
		t.Fatal(err)
	}
	if settings.Environment != "sandbox" || settings.MaxRetries != plaidclient.DefaultMaxRetries ||
		settings.RequestTimeout != plaidclient.DefaultRequestTimeout || settings.URL != "http://127.0.0.1:2" {
		t.Errorf("defaults not applied: %+v", settings)
	}
}

func TestRawSettingsMissingCredentialsNameAttributeAndVariable(t *testing.T) {
	raw, _ := rawSettings(nullModel(), envOf(nil))
	_, err := plaidclient.ResolveSettings(raw)
	diags := settingDiagnostics(err)
	wantErrorAt(t, diags, "client_id", "PLAID_CLIENT_ID")
	wantErrorAt(t, diags, "secret", "PLAID_SECRET")
	if diags.ErrorsCount() != 2 {
		t.Errorf("want exactly the two missing credentials, got %v", diags)
	}
}

func TestRawSettingsRejectsUnknownEnvironmentFromVariable(t *testing.T) {
	m := nullModel()
	m.ClientID = types.StringValue("id")
	m.Secret = types.StringValue("secret")
	raw, _ := rawSettings(m, envOf(map[string]string{envEnvironment: "development"}))
	_, err := plaidclient.ResolveSettings(raw)
	wantErrorAt(t, settingDiagnostics(err), "environment", "PLAID_ENV")
}

func TestRawSettingsUnknownValues(t *testing.T) {
	m := nullModel()
	m.ClientID = types.StringUnknown()
	m.Secret = types.StringValue("secret")
	m.RequestTimeout = types.StringUnknown()
	_, diags := rawSettings(m, envOf(map[string]string{envClientID: "env-id"}))
	wantErrorAt(t, diags, "client_id", "PLAID_CLIENT_ID")
	wantErrorAt(t, diags, "request_timeout", "not known until apply")
	if diags.ErrorsCount() != 2 {
		t.Errorf("want one error per unknown setting, got %v", diags)
	}
}

func TestRequestTimeoutValidator(t *testing.T) {
	for value, valid := range map[string]bool{"30s": true, "1m30s": true, "1s": true, "999ms": false, "1ns": false, "0s": false, "-5s": false, "10": false, "soon": false} {
		req := validator.StringRequest{Path: path.Root("request_timeout"), ConfigValue: types.StringValue(value)}
		var resp validator.StringResponse
		requestTimeoutValidator{}.ValidateString(context.Background(), req, &resp)
		if resp.Diagnostics.HasError() == valid {
			t.Errorf("%q: valid=%v, diagnostics %v", value, valid, resp.Diagnostics)
		}
	}
}

func TestProviderSchemaIsValid(t *testing.T) {
	var resp provider.SchemaResponse
	New("test")().Schema(context.Background(), provider.SchemaRequest{}, &resp)
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatalf("schema: %v", diags)
	}
}

// wantErrorAt asserts an error diagnostic on the attribute whose detail mentions text.
func wantErrorAt(t *testing.T, diags diag.Diagnostics, attribute, text string) {
	t.Helper()
	for _, d := range diags.Errors() {
		withPath, ok := d.(diag.DiagnosticWithPath)
		if ok && withPath.Path().Equal(path.Root(attribute)) && strings.Contains(d.Detail(), text) {
			return
		}
	}
	t.Errorf("no error on %s mentioning %q in %v", attribute, text, diags)
}

func TestProductionWarningNamesWhereTheChoiceComesFrom(t *testing.T) {
	m := nullModel()
	for configured, want := range map[bool]string{true: "the provider block's environment attribute", false: "the PLAID_ENV environment variable"} {
		m.Environment = types.StringNull()
		if configured {
			m.Environment = types.StringValue("production")
		}
		diags := productionWarning(m)
		if diags.WarningsCount() != 1 || !strings.Contains(diags[0].Detail(), want) || diags[0].Summary() != "Plaid environment: production" {
			t.Errorf("configured=%v: %v, want a warning naming %s", configured, diags, want)
		}
	}
}
