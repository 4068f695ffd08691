package emulator

import (
	"errors"
	"math"
	"math/rand/v2"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// fault is what the emulator does to one Plaid request instead of, or after,
// answering it normally.
type fault int

const (
	faultNone     fault = iota
	faultError          // 500 INTERNAL_SERVER_ERROR, no work done
	faultThrottle       // 429 RATE_LIMIT, no work done
	faultDrop           // the work is done, the connection closed unanswered
)

// faults draws latency and faults for each request from one random source, so
// that a seed gives the same sequence for the same order of requests.
type faults struct {
	latency, jitter               time.Duration
	errorRate, throttleRate, drop float64
	limiter                       *rate.Limiter // nil: no requests-per-second limit

	mu  sync.Mutex
	rng *rand.Rand
}

func newFaults(o Options) (*faults, error) {
	if err := validateFaultOptions(o); err != nil {
		return nil, err
	}
	seed := uint64(o.Seed) //nolint:gosec // any int64, negative too, is a fine seed
	if o.Seed == 0 {
		seed = rand.Uint64() //nolint:gosec // a seed for test faults, not a secret
	}
	f := &faults{
		latency: o.Latency, jitter: o.Jitter,
		errorRate: o.ErrorRate, throttleRate: o.ThrottleRate, drop: o.DropRate,
		rng: rand.New(rand.NewPCG(seed, seed)), //nolint:gosec // seeded on purpose: reproducible fault sequences
	}
	if o.RPSLimit > 0 {
		// A burst of one second's worth of requests, so that the limit is
		// "N requests in any second" rather than "one every 1/N seconds".
		f.limiter = rate.NewLimiter(rate.Limit(o.RPSLimit), int(math.Ceil(o.RPSLimit)))
	}
	return f, nil
}

func validateFaultOptions(o Options) error {
	rates := []float64{o.ErrorRate, o.ThrottleRate, o.DropRate}
	sum := 0.0
	for _, r := range rates {
		if r < 0 || r > 1 || math.IsNaN(r) {
			return errors.New("error, throttle and drop rates must be between 0 and 1")
		}
		sum += r
	}
	if sum > 1 {
		return errors.New("error, throttle and drop rates must add up to at most 1")
	}
	if o.Latency < 0 || o.Jitter < 0 {
		return errors.New("latency and jitter must not be negative")
	}
	if o.RPSLimit < 0 || math.IsNaN(o.RPSLimit) || math.IsInf(o.RPSLimit, 0) {
		return errors.New("the requests-per-second limit must be a positive number, or 0 for none")
	}
	return nil
}

// admit reports whether the request fits the requests-per-second limit.
func (f *faults) admit() bool {
	return f.limiter == nil || f.limiter.Allow()
}

// next draws the added latency and the fault of the next request.
func (f *faults) next() (time.Duration, fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delay := f.latency
	if f.jitter > 0 {
		delay += time.Duration(f.rng.Int64N(int64(f.jitter) + 1))
	}
	if f.errorRate+f.throttleRate+f.drop == 0 {
		return delay, faultNone
	}
	switch r := f.rng.Float64(); {
	case r < f.errorRate:
		return delay, faultError
	case r < f.errorRate+f.throttleRate:
		return delay, faultThrottle
	case r < f.errorRate+f.throttleRate+f.drop:
		return delay, faultDrop
	}
	return delay, faultNone
}
