package emulator

import "github.com/tfplaid/terraform-provider-plaid/internal/plaidenum"

// institution is one of Plaid's Sandbox test institutions.
type institution struct {
	name     string
	products []string // what the institution offers; a subset of plaidenum.Products
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

// perCallProducts are billed per call, so never listed in billed_products.
var perCallProducts = []string{"balance"}

// unknownProducts returns the requested names that are not Plaid products.
func unknownProducts(requested []string) []string {
	var unknown []string
	for _, p := range requested {
		if !plaidenum.IsProduct(p) {
			unknown = append(unknown, p)
		}
	}
	return unknown
}
