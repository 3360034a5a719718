// The Go side of the select-fairness tool: the same scenario, the same selector
// loop (run.hpp selector_loop) around Go's own select statement, the same raw
// counters as JSON.
//
// The select statement itself is in select_gen.go, which select-fairness writes
// next to a copy of this file for the scenario's case list (a static select with
// exactly the scenario's cases, in order, as a Go programmer would write it):
//
//	func selectOnce(c []chan int64, v []int64) (int, int64, bool) {
//		select {
//		case x, ok := <-c[0]:
//			return 0, x, ok
//		case c[1] <- v[1]:
//			return 1, 0, true
//		}
//	}
//
// Built in GOPATH mode with Debian's Go (GO111MODULE=off go build), offline.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/bits"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

type caseSpec struct {
	recv bool
	feed string // ready, rate, nil, closed
	rate float64
}

func parseCases(s string) ([]caseSpec, error) {
	var out []caseSpec
	for _, item := range strings.Split(s, ",") {
		count := 1
		if i := strings.IndexByte(item, '*'); i >= 0 {
			n, err := strconv.Atoi(item[i+1:])
			if err != nil || n < 1 {
				return nil, fmt.Errorf("bad case %q: count", item)
			}
			count = n
			item = item[:i]
		}
		parts := strings.SplitN(item, ":", 2)
		if len(parts) != 2 || (parts[0] != "recv" && parts[0] != "send") {
			return nil, fmt.Errorf("bad case %q", item)
		}
		c := caseSpec{recv: parts[0] == "recv"}
		switch parts[1] {
		case "ready", "nil", "closed":
			c.feed = parts[1]
		default:
			r, err := strconv.ParseFloat(parts[1], 64)
			if err != nil || r <= 0 {
				return nil, fmt.Errorf("bad case %q: rate", item)
			}
			c.feed, c.rate = "rate", r
		}
		if c.feed == "closed" && !c.recv {
			return nil, fmt.Errorf("bad case %q: closed is recv only", item)
		}
		for i := 0; i < count; i++ {
			out = append(out, c)
		}
	}
	if len(out) < 2 || len(out) > 64 {
		return nil, fmt.Errorf("need 2..64 cases, got %d", len(out))
	}
	return out, nil
}

// Same buckets as stats.hpp latency_bucket.
func latencyBucket(v int64) int {
	if v < 16 {
		if v < 0 {
			return 0
		}
		return int(v)
	}
	e := 63 - bits.LeadingZeros64(uint64(v))
	sub := int((uint64(v) >> (e - 3)) & 7)
	return 16 + (e-4)*8 + sub
}

const latencyBuckets = 16 + 60*8

type caseCounters struct {
	Chosen            uint64     `json:"chosen"`
	ChosenExact       uint64     `json:"chosen_exact"`
	LongestPassedOver uint64     `json:"longest_passed_over"`
	LatencyHist       [][2]int64 `json:"latency_hist"` // [bucket, count], nonzero only
	hist              []uint64
}

type runCounters struct {
	Impl          string         `json:"impl"`
	Selects       uint64         `json:"selects"`
	Exact         uint64         `json:"exact"`
	Blocked       uint64         `json:"blocked"`
	Ambiguous     uint64         `json:"ambiguous"`
	ElapsedNs     int64          `json:"elapsed_ns"`
	TimingSelects uint64         `json:"timing_selects"`
	TimingNs      int64          `json:"timing_ns"`
	Cases         []caseCounters `json:"cases"`
	ReadySets     [][2]string    `json:"ready_sets"` // [hex mask, count]
}

type pass struct {
	cases []caseSpec
	c     []chan int64
	v     []int64
	takes []int64 // consumer's last take time (atomic)
	start time.Time
	stop  int32
}

func (p *pass) now() int64 { return int64(time.Since(p.start)) }

// run.hpp pacer
func (p *pass) pace(rate float64, n *int64) {
	period := int64(1e9 / rate)
	*n++
	if d := *n*period - p.now(); d > 0 {
		time.Sleep(time.Duration(d))
	}
}

func newPass(cases []caseSpec) *pass {
	p := &pass{cases: cases, c: make([]chan int64, len(cases)), v: make([]int64, len(cases)), takes: make([]int64, len(cases))}
	p.start = time.Now()
	for j, cs := range cases {
		if cs.feed == "nil" {
			continue
		}
		p.c[j] = make(chan int64, 1)
		switch {
		case cs.feed == "closed":
			close(p.c[j])
		case cs.feed == "ready" && cs.recv:
			p.c[j] <- 0
		}
	}
	for j, cs := range cases {
		if cs.feed != "rate" {
			continue
		}
		ch, rate, j := p.c[j], cs.rate, j
		if cs.recv {
			go func() {
				var n int64
				for {
					p.pace(rate, &n)
					if atomic.LoadInt32(&p.stop) != 0 {
						return
					}
					ch <- p.now()
				}
			}()
		} else {
			go func() {
				var n int64
				for {
					p.pace(rate, &n)
					if atomic.LoadInt32(&p.stop) != 0 {
						return
					}
					<-ch
					atomic.StoreInt64(&p.takes[j], p.now())
				}
			}()
		}
	}
	return p
}

func (p *pass) readyMask() uint64 {
	var m uint64
	for j, cs := range p.cases {
		switch cs.feed {
		case "nil":
		case "closed":
			m |= 1 << uint(j)
		default:
			l := len(p.c[j])
			if (cs.recv && l > 0) || (!cs.recv && l < 1) {
				m |= 1 << uint(j)
			}
		}
	}
	return m
}

func (p *pass) afterFire(j int) {
	cs := p.cases[j]
	if cs.feed != "ready" {
		return
	}
	if cs.recv {
		p.c[j] <- 0
	} else {
		<-p.c[j]
	}
}

// run.hpp selector_loop
func selectorLoop(p *pass, n uint64, yieldEvery int, instrumented bool, rc *runCounters) {
	k := len(p.cases)
	lastFire := make([]int64, k)
	run := make([]uint64, k)
	sets := map[uint64]uint64{}
	untilYield := yieldEvery
	t0 := time.Now()
	if !instrumented {
		chosen := make([]uint64, k)
		for i := uint64(0); i < n; i++ {
			if yieldEvery > 0 {
				if untilYield--; untilYield == 0 {
					untilYield = yieldEvery
					runtime.Gosched()
				}
			}
			j, _, _ := selectOnce(p.c, p.v)
			chosen[j]++
			p.afterFire(j)
		}
		rc.TimingNs = int64(time.Since(t0))
		rc.TimingSelects = n
		return
	}
	for i := uint64(0); i < n; i++ {
		if yieldEvery > 0 {
			if untilYield--; untilYield == 0 {
				untilYield = yieldEvery
				runtime.Gosched()
			}
		}
		before := p.readyMask()
		j, value, _ := selectOnce(p.c, p.v)
		after := p.readyMask()
		t := p.now()
		bit := uint64(1) << uint(j)
		switch {
		case before == 0:
			rc.Blocked++
		case before == after|bit:
			rc.Exact++
			sets[before]++
			rc.Cases[j].ChosenExact++
		default:
			rc.Ambiguous++
		}
		cc := &rc.Cases[j]
		cc.Chosen++
		for b := before &^ bit; b != 0; b &= b - 1 {
			x := bits.TrailingZeros64(b)
			run[x]++
			if run[x] > rc.Cases[x].LongestPassedOver {
				rc.Cases[x].LongestPassedOver = run[x]
			}
		}
		run[j] = 0
		cs := p.cases[j]
		avail := lastFire[j]
		if cs.feed == "rate" {
			other := value
			if !cs.recv {
				other = atomic.LoadInt64(&p.takes[j])
			}
			if other > avail {
				avail = other
			}
		}
		cc.hist[latencyBucket(t-avail)]++
		lastFire[j] = t
		p.afterFire(j)
	}
	rc.ElapsedNs = int64(time.Since(t0))
	rc.Selects = n
	for m, c := range sets {
		rc.ReadySets = append(rc.ReadySets, [2]string{strconv.FormatUint(m, 16), strconv.FormatUint(c, 10)})
	}
}

func main() {
	casesFlag := flag.String("cases", "", "case list (scenario.hpp grammar)")
	threads := flag.Int("threads", 1, "GOMAXPROCS")
	selects := flag.Uint64("selects", 1000000, "selects in the instrumented pass")
	timingSelects := flag.Uint64("timing-selects", 1000000, "selects in the timing pass (0: none)")
	yieldEvery := flag.Int("yield", 0, "runtime.Gosched() every N selects (0: never)")
	out := flag.String("json", "", "write the counters here (default: stdout)")
	flag.Parse()
	cases, err := parseCases(*casesFlag)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fairness.go:", err)
		os.Exit(2)
	}
	if *threads < 1 || *yieldEvery < 0 {
		fmt.Fprintln(os.Stderr, "fairness.go: -threads must be >= 1 and -yield >= 0")
		os.Exit(2)
	}
	runtime.GOMAXPROCS(*threads)
	rc := runCounters{Impl: "go", Cases: make([]caseCounters, len(cases))}
	for j := range rc.Cases {
		rc.Cases[j].hist = make([]uint64, latencyBuckets)
	}
	if *timingSelects > 0 {
		p := newPass(cases)
		selectorLoop(p, *timingSelects, *yieldEvery, false, &rc)
		atomic.StoreInt32(&p.stop, 1)
	}
	p := newPass(cases)
	selectorLoop(p, *selects, *yieldEvery, true, &rc)
	atomic.StoreInt32(&p.stop, 1)
	for j := range rc.Cases {
		rc.Cases[j].LatencyHist = [][2]int64{}
		for b, n := range rc.Cases[j].hist {
			if n > 0 {
				rc.Cases[j].LatencyHist = append(rc.Cases[j].LatencyHist, [2]int64{int64(b), int64(n)})
			}
		}
	}
	if rc.ReadySets == nil {
		rc.ReadySets = [][2]string{}
	}
	b, err := json.Marshal(rc)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fairness.go:", err)
		os.Exit(1)
	}
	if *out == "" {
		os.Stdout.Write(append(b, '\n'))
		return
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "fairness.go:", err)
		os.Exit(1)
	}
}
