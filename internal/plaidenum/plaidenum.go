// Package plaidenum holds the enumerations of Plaid's API that both the provider and the emulator
// check values against: ID number types, products, products termination reasons and country
// codes. It is neutral ground: it
// imports the standard library only (no plaid-go, no provider or emulator code), so that the two
// sides share one copy of each list instead of keeping their own.
//
// IDNumberTypes, Products and ProductsTerminationReasonCodes are the enums of the OpenAPI spec
// that plaid-go v43.0.0 ships (api/openapi.yaml, spec version 2020-09-14_1.698.7);
// TestEnumsMatchSpec keeps them equal to it.
// Every list is sorted and free of duplicates; every function returning one returns a new slice,
// which the caller may change.
package plaidenum

import "slices"

// idNumberTypes is the spec's IDNumberType schema: "A globally unique and human readable ID type,
// specific to the country and document category"
// (https://plaid.com/docs/identity-verification/hybrid-input-validation/#id-numbers). Spec
// 2020-09-14_1.698.7 added in_epic to the 1.697.4 list.
var idNumberTypes = enum{
	"ar_dni", "au_drivers_license", "au_passport", "br_cpf", "ca_sin", "cl_run",
	"cn_resident_card", "co_nit", "dk_cpr", "eg_national_id", "es_dni", "es_nie",
	"hk_hkid", "in_epic", "in_pan", "it_cf", "jo_civil_id", "jp_my_number", "ke_huduma_namba",
	"kw_civil_id", "mx_curp", "mx_rfc", "my_nric", "ng_nin", "nz_drivers_license",
	"om_civil_id", "ph_psn", "pl_pesel", "ro_cnp", "sa_national_id", "se_pin",
	"sg_nric", "tr_tc_kimlik", "us_ssn", "us_ssn_last_4", "za_smart_id",
}

// products is the spec's Products schema: the products an Item can be initialized with
// (initial_products of /sandbox/public_token/create and /link/token/create). Spec
// 2020-09-14_1.698.7 added cra_qualify to the 1.697.4 list.
var products = enum{
	"assets", "auth", "balance", "balance_plus", "beacon",
	"cra_base_report", "cra_cashflow_insights", "cra_income_insights", "cra_lend_score",
	"cra_monitoring", "cra_network_insights", "cra_partner_insights", "cra_plaid_credit_score",
	"cra_qualify", "credit_details", "employment",
	"identity", "identity_match", "identity_verification", "income", "income_verification",
	"investments", "investments_auth", "layer", "liabilities",
	"pay_by_bank", "payment_initiation", "processor_identity", "processor_payments", "profile",
	"protect_linked_bank", "protect_transactions", "recurring_transactions", "signal",
	"standing_orders", "statements", "transactions", "transactions_refresh", "transfer",
}

// productsTerminationReasonCodes is the spec's ProductsTerminateReasonCode, which
// UserProductsTerminateReasonCode takes whole: "The reason for terminating user-based products"
// (https://plaid.com/docs/api/users/#userproductsterminate). Spec 2020-09-14_1.698.7 added
// FRAUD_TRANSACTION to the 1.697.4 list, which the users reference page still shows.
var productsTerminationReasonCodes = enum{
	"BILLING_TERMINATION", "CONSUMER_ACCOUNT_CLOSED", "CONSUMER_CHARGE_OFF", "CONSUMER_LOAN_PAID_OFF",
	"CONSUMER_PAYMENT_METHOD_SWITCHED", "DUPLICATE_ITEM", "FRAUD_ABUSE", "FRAUD_FALSE_IDENTITY",
	"FRAUD_FIRST_PARTY", "FRAUD_OTHER", "FRAUD_TRANSACTION", "OTHER", "USER_OFFBOARDING",
}

// countries are the country codes the addresses of a user's identity accept. The spec has no enum
// for them: ClientUserIdentityAddress.country is a plain string ("Country code."), its
// GenericCountryCode elsewhere says "Valid, capitalized, two-letter ISO code ... in ISO 3166-1
// alpha-2 form", and its CountryCode enum is the 20 countries Link serves, not where a user may
// live. So this is ISO 3166-1 alpha-2: the 249 officially assigned codes, plus XK, the
// user-assigned code that CLDR and the European Commission use for Kosovo. Deleted codes (AN, CS,
// DD, SU, YU ...) and reserved ones (AC, CP, DG, EU, TA, UK, UN ...) name no country a user lives
// in today, and are refused. TestCountriesMatchCLDR checks the list against CLDR's regions.
var countries = enum{
	"AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
	"BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
	"BT", "BV", "BW", "BY", "BZ",
	"CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW",
	"CX", "CY", "CZ",
	"DE", "DJ", "DK", "DM", "DO", "DZ",
	"EC", "EE", "EG", "EH", "ER", "ES", "ET",
	"FI", "FJ", "FK", "FM", "FO", "FR",
	"GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT",
	"GU", "GW", "GY",
	"HK", "HM", "HN", "HR", "HT", "HU",
	"ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT",
	"JE", "JM", "JO", "JP",
	"KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ",
	"LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY",
	"MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS",
	"MT", "MU", "MV", "MW", "MX", "MY", "MZ",
	"NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ",
	"OM",
	"PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY",
	"QA",
	"RE", "RO", "RS", "RU", "RW",
	"SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
	"ST", "SV", "SX", "SY", "SZ",
	"TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ",
	"UA", "UG", "UM", "US", "UY", "UZ",
	"VA", "VC", "VE", "VG", "VI", "VN", "VU",
	"WF", "WS",
	"XK",
	"YE", "YT",
	"ZA", "ZM", "ZW",
}

// IDNumberTypes returns Plaid's ID number types (the spec's IDNumberType), such as us_ssn.
func IDNumberTypes() []string { return slices.Clone(idNumberTypes) }

// IsIDNumberType reports whether s is one of IDNumberTypes, exactly (case matters).
func IsIDNumberType(s string) bool { return idNumberTypes.has(s) }

// Products returns Plaid's products (the spec's Products), such as transactions.
func Products() []string { return slices.Clone(products) }

// IsProduct reports whether s is one of Products, exactly (case matters). It accepts what
// plaid-go's Products(s).IsValid() accepts.
func IsProduct(s string) bool { return products.has(s) }

// Countries returns the ISO 3166-1 alpha-2 country codes Plaid takes for an address, in upper
// case, such as US.
func Countries() []string { return slices.Clone(countries) }

// IsCountry reports whether code is one of Countries. Only upper case counts: Plaid documents the
// codes as capitalized, so a caller that tolerates us for US upper-cases first.
func IsCountry(code string) bool { return countries.has(code) }

// ProductsTerminationReasonCodes returns the reasons /user/products/terminate (and
// /item/products/terminate) accept for ending products (the spec's ProductsTerminateReasonCode),
// such as CONSUMER_ACCOUNT_CLOSED.
func ProductsTerminationReasonCodes() []string { return slices.Clone(productsTerminationReasonCodes) }

// IsProductsTerminationReasonCode reports whether s is one of ProductsTerminationReasonCodes,
// exactly (case matters).
func IsProductsTerminationReasonCode(s string) bool { return productsTerminationReasonCodes.has(s) }

// enum is a sorted list without duplicates, searched in O(log n) without allocating.
type enum []string

func (e enum) has(s string) bool {
	_, found := slices.BinarySearch(e, s)
	return found
}
