package emulator

import "slices"

// institution is one of Plaid's Sandbox test institutions.
type institution struct {
	name     string
	products []string // what the institution offers; a subset of allProducts
}

// Products the Sandbox test banks list as available. Plaid's own lists differ
// per institution in detail. The emulator accepts any Plaid product at any of
// them (a test asking for a product gets it) and uses these lists only for an
// Item's available_products.
var bankProducts = []string{
	"assets", "auth", "balance", "identity", "identity_match", "income_verification",
	"investments", "liabilities", "recurring_transactions", "signal", "statements",
	"transactions", "transfer",
}

// Open Banking institutions (UK/EU) offer a narrower set.
var openBankingProducts = []string{"balance", "identity", "payment_initiation", "transactions"}

// institutions are Plaid's Sandbox institutions (https://plaid.com/docs/sandbox/institutions/).
var institutions = map[string]institution{
	"ins_109508": {"First Platypus Bank", bankProducts},
	"ins_109509": {"First Gingham Credit Union", bankProducts},
	"ins_109510": {"Tattersall Federal Credit Union", bankProducts},
	"ins_109511": {"Tartan Bank", bankProducts},
	"ins_109512": {"Houndstooth Bank", bankProducts},
	"ins_43":     {"Tartan-Dominion Bank of Canada", bankProducts},
	"ins_116834": {"Flexible Platypus Open Banking", openBankingProducts},
	"ins_117650": {"Royal Bank of Plaid", openBankingProducts},
	"ins_127287": {"Platypus OAuth Bank", bankProducts},
	"ins_132241": {"First Platypus OAuth App2App Bank", bankProducts},
}

// allProducts is the Products enum of the spec that plaid-go v43 ships.
var allProducts = []string{
	"assets", "auth", "balance", "balance_plus", "beacon", "identity", "identity_match",
	"investments", "investments_auth", "liabilities", "payment_initiation",
	"identity_verification", "transactions", "credit_details", "income",
	"income_verification", "standing_orders", "transfer", "employment",
	"recurring_transactions", "transactions_refresh", "signal", "statements",
	"processor_payments", "processor_identity", "profile", "cra_base_report",
	"cra_income_insights", "cra_partner_insights", "cra_network_insights",
	"cra_cashflow_insights", "cra_monitoring", "cra_lend_score",
	"cra_plaid_credit_score", "cra_qualify", "layer", "pay_by_bank", "protect_linked_bank",
	"protect_transactions",
}

// perCallProducts are billed per call, so never listed in billed_products.
var perCallProducts = []string{"balance"}

// unknownProducts returns the requested names that are not Plaid products.
func unknownProducts(requested []string) []string {
	var unknown []string
	for _, p := range requested {
		if !slices.Contains(allProducts, p) {
			unknown = append(unknown, p)
		}
	}
	return unknown
}
