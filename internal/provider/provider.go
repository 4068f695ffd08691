// Package provider defines the Plaid provider: its configuration schema, how that configuration
// becomes a Plaid client, and the resources and data sources it serves.
package provider

import (
	"context"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfplaid/terraform-provider-plaid/internal/datasources"
	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
	"github.com/tfplaid/terraform-provider-plaid/internal/resources"
)

// Address is the provider's source address in the Terraform Registry.
const Address = "registry.terraform.io/tfplaid/plaid"

var _ provider.Provider = (*plaidProvider)(nil)

type plaidProvider struct {
	version  string
	lifetime context.Context // nil: the provider's requests are not bounded by it
	quiet    bool            // the gateway writes no log lines
}

// Option configures the provider built by New.
type Option func(*plaidProvider)

// WithLifetime bounds every Plaid request of the provider by ctx: once it is done, requests in
// flight are canceled and no new one starts. main ends it when Terraform is gone.
func WithLifetime(ctx context.Context) Option {
	return func(p *plaidProvider) { p.lifetime = ctx }
}

// WithoutGatewayLogs stops the Plaid gateway's log lines before they are built. main passes it
// when nobody asked for logs: Terraform would discard them, and each costs a logger and a map.
func WithoutGatewayLogs() Option {
	return func(p *plaidProvider) { p.quiet = true }
}

// New returns the constructor that providerserver and the acceptance tests call for each
// provider instance Terraform starts.
func New(version string, options ...Option) func() provider.Provider {
	return func() provider.Provider {
		p := &plaidProvider{version: version}
		for _, option := range options {
			option(p)
		}
		return p
	}
}

// providerModel is the provider block as written by the practitioner.
type providerModel struct {
	ClientID       types.String `tfsdk:"client_id"`
	Secret         types.String `tfsdk:"secret"`
	Environment    types.String `tfsdk:"environment"`
	BaseURL        types.String `tfsdk:"base_url"`
	MaxRetries     types.Int64  `tfsdk:"max_retries"`
	RequestTimeout types.String `tfsdk:"request_timeout"`
	MaxConnections types.Int64  `tfsdk:"max_connections"`
	CAFile         types.String `tfsdk:"ca_file"`
}

func (p *plaidProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "plaid"
	resp.Version = p.version
}

func (p *plaidProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Declares Plaid users (the `usr_` users of Plaid's User APIs) as code: " +
			"sandbox fixtures, staging personas and CI test users. Every setting can also come " +
			"from an environment variable; a value in this block wins over the variable.",
		Attributes: map[string]schema.Attribute{
			"client_id": schema.StringAttribute{
				MarkdownDescription: "Plaid client ID, sent with every request. Can also be set with `" + envClientID + "`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"secret": schema.StringAttribute{
				MarkdownDescription: "Plaid secret for the chosen environment, sent with every request. " +
					"Can also be set with `" + envSecret + "`.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"environment": schema.StringAttribute{
				MarkdownDescription: "Plaid environment: `sandbox` (the default) or `production`. In `production` " +
					"every user this provider creates, changes or destroys is a real Plaid user. " +
					"Can also be set with `" + envEnvironment + "`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(plaidclient.Environments...)},
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "Base URL of the Plaid API, for the Plaid emulator or a proxy; overrides the " +
					"URL that `environment` selects. Plain `http` is accepted for loopback addresses only. " +
					"Can also be set with `" + envBaseURL + "`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times a request is retried after the first attempt when "+
					"Plaid answers 429, 500, 502, 503 or 504 or the connection fails, with exponential backoff "+
					"and jitter. Defaults to %d.", plaidclient.DefaultMaxRetries),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, plaidclient.MaxMaxRetries)},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Time limit of one HTTP attempt, as a Go duration such as `30s` or "+
					"`2m`. Defaults to `%s`. The resources' `timeouts` blocks bound a whole operation, "+
					"retries included.", plaidclient.DefaultRequestTimeout),
				Optional:   true,
				Validators: []validator.String{requestTimeoutValidator{}},
			},
			"max_connections": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many connections to Plaid the provider keeps open at most, "+
					"reused from one request to the next. Defaults to %d, Terraform's default `-parallelism`: "+
					"one per operation Terraform runs at a time. Raise it with `-parallelism`, or the extra "+
					"operations wait for a free connection.", plaidclient.DefaultMaxConnections),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(1, plaidclient.MaxMaxConnections)},
			},
			"ca_file": schema.StringAttribute{
				MarkdownDescription: "Path of a PEM file with extra certificate authorities to trust, for example " +
					"the self-signed certificate of a Plaid emulator serving TLS.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		},
	}
}

func (p *plaidProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}

	raw, diags := rawSettings(config, os.Getenv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	settings, err := plaidclient.ResolveSettings(raw)
	if err != nil {
		resp.Diagnostics.Append(settingDiagnostics(err)...)
		return
	}
	settings.UserAgent = fmt.Sprintf("Terraform/%s (+https://www.terraform.io) terraform-provider-plaid/%s",
		req.TerraformVersion, p.version)
	if settings.Environment == plaidclient.EnvironmentProduction {
		resp.Diagnostics.Append(productionWarning(config)...)
	}
	if !p.quiet {
		settings.Logger = gatewayLogger()
	}
	settings.Lifetime = p.lifetime

	client := plaidclient.New(settings)
	resp.ResourceData = client
	resp.DataSourceData = client
}

func (p *plaidProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		resources.NewUser,
		resources.NewSandboxItem,
		resources.NewSandboxUserResetLogin,
		resources.NewUserProductsTermination,
	}
}

func (p *plaidProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		datasources.NewUser,
		datasources.NewUserItems,
	}
}
