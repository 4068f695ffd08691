package plaidenum

import (
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/plaid/plaid-go/v43/plaid"
	"golang.org/x/text/language"
)

// specEnums are the lists that come from an enum of Plaid's OpenAPI spec.
var specEnums = []struct {
	schema  string // the component schema of the spec
	list    func() []string
	is      func(string) bool
	plaidGo func(string) bool // plaid-go's own check of the enum
	// newer is what plaid-go's spec (2020-09-14_1.698.7) has and the shared copy of the spec
	// (2020-09-14_1.697.4) has not yet. Empty it when the shared copy catches up.
	newer []string
}{
	{"IDNumberType", IDNumberTypes, IsIDNumberType, func(s string) bool { return plaid.IDNumberType(s).IsValid() }, []string{"in_epic"}},
	{"Products", Products, IsProduct, func(s string) bool { return plaid.Products(s).IsValid() }, []string{"cra_qualify"}},
	{"ProductsTerminateReasonCode", ProductsTerminationReasonCodes, IsProductsTerminationReasonCode,
		func(s string) bool { return plaid.ProductsTerminateReasonCode(s).IsValid() }, []string{"FRAUD_TRANSACTION"}},
}

// TestEnumsMatchSpec keeps the lists equal to the spec that plaid-go ships: the one the provider's
// requests are built from and the emulator's answers are checked against.
func TestEnumsMatchSpec(t *testing.T) {
	doc := loadSpec(t, plaidGoSpecFile(t))
	for _, e := range specEnums {
		if got, want := e.list(), specEnum(t, doc, e.schema); !slices.Equal(got, want) {
			t.Errorf("%s: plaidenum has %v\nplaid-go's spec has %v\n(missing %v, extra %v)",
				e.schema, got, want, minus(want, got), minus(got, want))
		}
	}
}

// TestEnumsMatchSharedSpec compares the lists with the copy of the spec in ../shared/plaid, which
// FACTS.md names as the authority: the lists may only be ahead of it by what plaid-go's newer spec
// added.
func TestEnumsMatchSharedSpec(t *testing.T) {
	file := filepath.Join("..", "..", "..", "shared", "plaid", "openapi-2020-09-14.yml")
	if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s is not beside this clone", file)
	}
	doc := loadSpec(t, file)
	for _, e := range specEnums {
		want := specEnum(t, doc, e.schema)
		if missing := minus(want, e.list()); len(missing) > 0 {
			t.Errorf("%s: plaidenum lacks %v of the shared spec", e.schema, missing)
		}
		if extra := minus(e.list(), want); !slices.Equal(extra, e.newer) {
			t.Errorf("%s: plaidenum has %v beyond the shared spec; the test expects %v", e.schema, extra, e.newer)
		}
	}
}

// TestCountriesMatchCLDR checks Countries against CLDR's regions (golang.org/x/text): every
// region that is a country, in its canonical code, with an ISO 3166-1 alpha-3 counterpart, except
// the codes that ISO 3166-1 deleted but CLDR keeps for old data.
func TestCountriesMatchCLDR(t *testing.T) {
	deleted := []string{
		"AC", "CP", "DG", "TA", // exceptionally reserved: Ascension, Clipperton, Diego Garcia, Tristan da Cunha
		"AN", "CS", "FQ", "NT", "PC", "SU", "YU", // transitionally reserved: gone, without a single successor
	}
	var cldr []string
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			region, err := language.ParseRegion(code)
			if err == nil && region.String() == code && region.IsCountry() &&
				region.Canonicalize() == region && region.ISO3() != "ZZZ" && !slices.Contains(deleted, code) {
				cldr = append(cldr, code)
			}
		}
	}
	if got := Countries(); !slices.Equal(got, cldr) {
		t.Errorf("Countries() is not CLDR's list: missing %v, extra %v", minus(cldr, got), minus(got, cldr))
	}
	if got := len(Countries()); got != 249+1 {
		t.Errorf("Countries() has %d codes, want ISO 3166-1's 249 and XK", got)
	}
}

func TestListsAreSortedAndUnique(t *testing.T) {
	for name, list := range map[string][]string{
		"IDNumberTypes": IDNumberTypes(), "Products": Products(), "Countries": Countries(),
		"ProductsTerminationReasonCodes": ProductsTerminationReasonCodes(),
	} {
		for i := 1; i < len(list); i++ {
			if list[i-1] >= list[i] {
				t.Errorf("%s: %q before %q (the lookups need a sorted list without duplicates)", name, list[i-1], list[i])
			}
		}
	}
}

func TestLookups(t *testing.T) {
	lookups := []struct {
		name string
		list func() []string
		is   func(string) bool
		not  []string
	}{
		{"IsIDNumberType", IDNumberTypes, IsIDNumberType, []string{"US_SSN", "us_ssn ", "us", "passport"}},
		{"IsProduct", Products, IsProduct, []string{"Auth", " auth", "aut", "cra", "zzz"}},
		{"IsProductsTerminationReasonCode", ProductsTerminationReasonCodes, IsProductsTerminationReasonCode,
			[]string{"consumer_account_closed", "FRAUD", "OTHER ", "CONSUMER_ACCOUNT_CLOSED,OTHER"}},
		{"IsCountry", Countries, IsCountry, []string{"us", "Us", "USA", "U", "UK", "EU", "UN", "DD", "YU", "AN", "AC", "ZZ", "AA", "QO"}},
	}
	for _, l := range lookups {
		for _, s := range l.list() {
			if !l.is(s) {
				t.Errorf("%s(%q) = false for an entry of its list", l.name, s)
			}
		}
		for _, s := range append(l.not, "") {
			if l.is(s) {
				t.Errorf("%s(%q) = true", l.name, s)
			}
		}
	}
	// The provider moves from plaid-go's IsValid to these lookups: they must agree.
	for _, e := range specEnums {
		for _, s := range append(e.list(), strings.ToUpper(e.list()[0]), "x", "") {
			if e.is(s) != e.plaidGo(s) {
				t.Errorf("%s %q: plaidenum says %v, plaid-go's IsValid %v", e.schema, s, e.is(s), e.plaidGo(s))
			}
		}
	}
}

// TestListsAreCopies checks that a caller changing a returned list changes neither the package's
// lists nor its lookups.
func TestListsAreCopies(t *testing.T) {
	list := Products()
	first := list[0]
	list[0] = "zzz"
	if Products()[0] != first || IsProduct("zzz") || !IsProduct(first) {
		t.Errorf("changing the slice Products() returned changed the package's list")
	}
}

// TestStandardLibraryOnly keeps the package neutral: both the provider and the emulator import it,
// so it may import neither of them, nor plaid-go, nor anything else outside the standard library.
func TestStandardLibraryOnly(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
				t.Errorf("%s imports %s: plaidenum may import the standard library only", file, path)
			}
		}
	}
}

// plaidGoSpecFile locates api/openapi.yaml in the plaid-go module go.mod requires.
func plaidGoSpecFile(t *testing.T) string {
	t.Helper()
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/plaid/plaid-go/v43").Output()
	if err != nil {
		t.Fatalf("locating plaid-go: %v", err)
	}
	return filepath.Join(strings.TrimSpace(string(dir)), "api", "openapi.yaml")
}

func loadSpec(t *testing.T, file string) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile(file)
	if err != nil {
		t.Fatalf("loading the OpenAPI spec %s: %v", file, err)
	}
	return doc
}

// specEnum returns the enum of a component schema of doc, sorted.
func specEnum(t *testing.T, doc *openapi3.T, schema string) []string {
	t.Helper()
	ref := doc.Components.Schemas[schema]
	if ref == nil || ref.Value == nil || len(ref.Value.Enum) == 0 {
		t.Fatalf("the spec has no enum schema %s", schema)
	}
	values := make([]string, len(ref.Value.Enum))
	for i, v := range ref.Value.Enum {
		values[i] = fmt.Sprint(v)
	}
	slices.Sort(values)
	return values
}

// minus returns the entries of a that b lacks.
func minus(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}
