// Package providerdata is what the provider hands to its resources and data sources: the
// configured Plaid gateway, and the one place where the gateway's errors become Terraform
// diagnostics. It sits below package provider, so that resources and data sources import it
// without an import running back up.
package providerdata

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
)

// Client returns the client that the provider's Configure stored as resource or data source
// data. It returns nil without a diagnostic while the provider is not configured yet (Terraform
// calls Configure on resources before that, for example during validation).
func Client(providerData any, diags *diag.Diagnostics) *plaidclient.Client {
	if providerData == nil {
		return nil
	}
	client, ok := providerData.(*plaidclient.Client)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *plaidclient.Client, got %T. This is a bug in the provider; please report it.", providerData))
	}
	return client
}
