package main

import (
	"strings"
	"testing"
)

const sampleGoBench = `goos: linux
BenchmarkUserGet-2                        	  100000	     11000 ns/op	    4000 B/op	      50 allocs/op
BenchmarkStoreClients/http/memory-2       	   10179	    135043 ns/op	     20000 req/s	   57138 B/op	     255 allocs/op
BenchmarkStoreClients/http/data-2         	    7456	    159492 ns/op	     16000 req/s	   58425 B/op	     266 allocs/op
BenchmarkStoreClients/handler/memory-2    	   64330	     52320 ns/op	     30000 req/s	   17656 B/op	     171 allocs/op
BenchmarkStoreClients/handler/data-2      	   38767	     60053 ns/op	     15000 req/s	   18728 B/op	     181 allocs/op
BenchmarkStoreCreate/memory/users=100-2   	   15142	    104997 ns/op	     84077 ns/create	   44967 B/op	     499 allocs/op
BenchmarkStoreCreate/memory/users=3000-2  	   12807	    122801 ns/op	     91701 ns/create	   44897 B/op	     499 allocs/op
BenchmarkStoreCreate/data/users=100-2     	     159	   7652797 ns/op	   1500000 ns/create	   64627 B/op	     623 allocs/op
BenchmarkStoreCreate/data/users=3000-2    	     530	   7105545 ns/op	   4000000 ns/create	   76483 B/op	     642 allocs/op
PASS
`

func TestStoreTargets(t *testing.T) {
	r := &report{GoBench: sampleGoBench}
	ts := r.storeTargets()
	if len(ts) != 2 || ts[0].Status != "PASS" || ts[0].Detail != "80%: 16000 req/s with --data, 20000 in memory" {
		t.Errorf("throughput target %+v", ts[0])
	}
	if ts[1].Status != "FAIL" || ts[1].Detail != "2.67x: 4.000 ms at 3,000 users, 1.500 ms at 100" {
		t.Errorf("growth target %+v", ts[1])
	}
	section := r.storeSection()
	if !strings.Contains(section, "| `--data` | 16000 | 15000 | 1.500 | 4.000 |") || !strings.Contains(section, "| in memory | 20000 | 30000 | 0.084 | 0.092 |") {
		t.Errorf("section:\n%s", section)
	}

	none := &report{}
	if ts := none.storeTargets(); ts[0].Status != "NOT RUN" || ts[1].Status != "NOT RUN" || none.storeSection() != "" {
		t.Errorf("without benchmarks: %+v, %q", ts, none.storeSection())
	}
}
