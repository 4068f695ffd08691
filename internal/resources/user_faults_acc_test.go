package resources_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/tfplaid/terraform-provider-plaid/internal/acctest"
	"github.com/tfplaid/terraform-provider-plaid/internal/emulator"
)

const fleetSize = 100

// fleetFaults is a bad day at Plaid: 15% of requests answered 500 or 429 before any work is
// done, and 5% done and then left unanswered (the connection is closed), the case where a
// retried /user/create must not make a second user. The seed fixes the sequence of faults;
// which request meets which fault still depends on the order Terraform's parallel workers
// send them in.
var fleetFaults = emulator.Options{
	ClientID: acctest.ClientID, Secret: acctest.Secret,
	ErrorRate: 0.075, ThrottleRate: 0.075, DropRate: 0.05,
	Seed: 5,
}

// fleetConfig declares fleetSize users with a small identity each. max_retries is raised from
// its default of 4: at a 20% fault rate a request exhausts 5 attempts once in 3,125 and the
// test makes about 500 requests (a run would fail one time in seven), whereas 9 attempts all
// fail once in 2 million.
func fleetConfig(plaid *acctest.Emulator) string {
	return fmt.Sprintf(`
provider "plaid" {
  client_id   = %q
  secret      = %q
  base_url    = %q
  max_retries = 8
}

resource "plaid_user" "fleet" {
  count          = %d
  client_user_id = "qa-fleet-${count.index}"
  identity = {
    name   = { given_name = "Fleet", family_name = "Member ${count.index}" }
    emails = [{ data = "fleet-${count.index}@example.com", primary = true }]
  }
}
`, acctest.ClientID, acctest.Secret, plaid.URL, fleetSize)
}

// TestAccUser_fleetUnderFaultsHasNoOrphansNorDuplicates applies 100 users through injected
// faults and expects the emulator to hold exactly the users in state, a plan right after to be
// empty, and the destroy, under the same faults, to leave the emulator empty.
func TestAccUser_fleetUnderFaultsHasNoOrphansNorDuplicates(t *testing.T) {
	plaid := acctest.StartEmulatorWith(t, fleetFaults)

	// Statistics at the end of each phase, and when each phase ended.
	var applied, refreshed emulator.Stats
	var start, appliedAt, refreshedAt time.Time
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() { start = time.Now() }, // ParallelTest may wait for a slot before
			Config:    fleetConfig(plaid),
			Check: func(s *terraform.State) error {
				applied, appliedAt = plaid.Stats(), time.Now()
				return stateMatchesEmulator(s, plaid.Users())
			},
			// The plan that follows, with a refresh under the same faults, must be empty.
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			PostApplyFunc: func() { refreshed, refreshedAt = plaid.Stats(), time.Now() },
		}},
		CheckDestroy: func(*terraform.State) error {
			if users := plaid.Users(); len(users) != 0 {
				return fmt.Errorf("the emulator still holds %d users after destroy (orphans): %+v", len(users), users)
			}
			return nil
		},
	})
	final := plaid.Stats()
	t.Logf("apply of %d users in %s: %s", fleetSize, appliedAt.Sub(start).Round(time.Millisecond), describeFaults(applied, emulator.Stats{}))
	t.Logf("refresh and empty plans in %s: %s", refreshedAt.Sub(appliedAt).Round(time.Millisecond), describeFaults(refreshed, applied))
	t.Logf("destroy in %s: %s", time.Since(refreshedAt).Round(time.Millisecond), describeFaults(final, refreshed))
	t.Logf("in all: %s, of which %d answers to /user/create dropped after the user was created",
		describeFaults(final, emulator.Stats{}), final.Requests["/user/create"]["dropped"])
	if !t.Failed() {
		t.Logf("%d users applied and destroyed: orphans 0, duplicates 0", fleetSize)
	}
	for phase, faults := range map[string]int{
		"apply": faultCount(applied, emulator.Stats{}), "destroy": faultCount(final, refreshed),
	} {
		if faults == 0 && !t.Failed() {
			t.Errorf("no fault was injected during the %s: it proved nothing", phase)
		}
	}
}

// stateMatchesEmulator checks that the plaid_user resources in state and the users the emulator
// holds are the same: as many, the same user_ids and client_user_ids, none twice on either side.
func stateMatchesEmulator(s *terraform.State, users []emulator.UserSummary) error {
	stateUserIDs, stateClientIDs := map[string]int{}, map[string]int{}
	for _, rs := range s.RootModule().Resources {
		if rs.Type != "plaid_user" {
			continue
		}
		stateUserIDs[rs.Primary.ID]++
		stateClientIDs[rs.Primary.Attributes["client_user_id"]]++
	}
	plaidUserIDs, plaidClientIDs := map[string]int{}, map[string]int{}
	for _, u := range users {
		plaidUserIDs[u.UserID]++
		plaidClientIDs[u.ClientUserID]++
	}
	var problems []string
	check := func(what string, counts map[string]int) {
		if len(counts) != fleetSize {
			problems = append(problems, fmt.Sprintf("%d distinct %s, want %d", len(counts), what, fleetSize))
		}
		for id, n := range counts {
			if n > 1 {
				problems = append(problems, fmt.Sprintf("%s %q appears %d times (duplicate)", what, id, n))
			}
		}
	}
	check("user_ids in state", stateUserIDs)
	check("client_user_ids in state", stateClientIDs)
	check("user_ids in the emulator", plaidUserIDs)
	check("client_user_ids in the emulator", plaidClientIDs)
	for id := range plaidUserIDs {
		if stateUserIDs[id] == 0 {
			problems = append(problems, fmt.Sprintf("user %s is in the emulator but not in state (orphan)", id))
		}
	}
	for id := range stateUserIDs {
		if plaidUserIDs[id] == 0 {
			problems = append(problems, fmt.Sprintf("user %s is in state but not in the emulator", id))
		}
	}
	if !maps.Equal(stateClientIDs, plaidClientIDs) {
		problems = append(problems, "the client_user_ids in state and in the emulator differ")
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return fmt.Errorf("state and emulator disagree:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}

// faultStatuses are the statistics keys of injected faults: 500, 429, and answers dropped.
var faultStatuses = []string{"500", "429", "dropped"}

// faultCount counts the faults in now that were not yet in before.
func faultCount(now, before emulator.Stats) int {
	total := 0
	for _, status := range faultStatuses {
		total += countStatus(now, status) - countStatus(before, status)
	}
	return total
}

func countStatus(s emulator.Stats, status string) int {
	total := 0
	for _, byStatus := range s.Requests {
		total += byStatus[status]
	}
	return total
}

func countRequests(s emulator.Stats) int {
	total := 0
	for _, byStatus := range s.Requests {
		for _, n := range byStatus {
			total += n
		}
	}
	return total
}

// describeFaults says how many requests and faults the emulator saw between before and now.
func describeFaults(now, before emulator.Stats) string {
	parts := make([]string, len(faultStatuses))
	for i, status := range faultStatuses {
		parts[i] = fmt.Sprintf("%d %s", countStatus(now, status)-countStatus(before, status), status)
	}
	return fmt.Sprintf("%d Plaid requests, %d faults injected (%s)",
		countRequests(now)-countRequests(before), faultCount(now, before), strings.Join(parts, ", "))
}
