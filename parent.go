package main

import (
	"context"
	"log"
	"os"
	"time"
)

// parentPollInterval is how often the provider checks that Terraform still runs.
const parentPollInterval = 200 * time.Millisecond

// orphanGrace is how long an orphaned provider waits, its requests canceled, before it exits.
const orphanGrace = 2 * time.Second

// whileParentRuns returns a context that ends when the process that started this one (Terraform)
// is gone, which a Unix system shows by giving the provider another parent. Terraform stops its
// providers when it exits normally; this covers the times it cannot (SIGKILL, a crash), so that
// the provider stops starting new work instead of carrying on alone. onGone runs then.
func whileParentRuns(parent int, onGone func()) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for range time.Tick(parentPollInterval) {
			if os.Getppid() != parent {
				cancel()
				onGone()
				return
			}
		}
	}()
	return ctx
}

// exitWhenOrphaned ends the process once the requests it was making have been canceled: nothing
// can reach Terraform any more.
func exitWhenOrphaned() {
	log.Print("terraform-provider-plaid: Terraform is gone; canceling Plaid requests and exiting")
	time.Sleep(orphanGrace)
	os.Exit(1)
}
