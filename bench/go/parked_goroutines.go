// Memory per parked goroutine: the Go side of bench/chan/parked_fibers.cpp.
// Starts N goroutines that each block receiving from a channel nobody sends
// on, then reports the growth of VmRSS (/proc/self/status) per goroutine.
//
//	GO111MODULE=off go run bench/go/parked_goroutines.go [-n N] [-procs P]
//
// Output (one line, key=value, parsed by bench/compare-go):
//
//	parked_goroutines n=100000 gomaxprocs=2 rss_before_kib=... rss_after_kib=... bytes_per_goroutine=... spawn_park_ms=...
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

func vmRSSKiB() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := s.Text()
		if strings.HasPrefix(line, "VmRSS:") {
			fields := strings.Fields(line[len("VmRSS:"):])
			if len(fields) > 0 {
				v, _ := strconv.ParseInt(fields[0], 10, 64)
				return v
			}
		}
	}
	return -1
}

func main() {
	n := flag.Int("n", 100000, "goroutines to park")
	procs := flag.Int("procs", 0, "GOMAXPROCS (0: leave Go's default)")
	flag.Parse()
	if flag.NArg() != 0 || *n <= 0 || *procs < 0 {
		fmt.Fprintln(os.Stderr, "parked_goroutines: bad arguments")
		flag.Usage()
		os.Exit(2)
	}
	if *procs > 0 {
		runtime.GOMAXPROCS(*procs)
	}

	block := make(chan int)
	var started int64
	runtime.GC()
	before := vmRSSKiB()
	t0 := time.Now()
	for i := 0; i < *n; i++ {
		go func() {
			atomic.AddInt64(&started, 1)
			<-block // parks until the program exits
		}()
	}
	for atomic.LoadInt64(&started) < int64(*n) {
		runtime.Gosched()
	}
	spawn := time.Since(t0)
	// A goroutine counted on another P may still be on its way into the receive.
	time.Sleep(20 * time.Millisecond)
	after := vmRSSKiB()
	fmt.Printf("parked_goroutines n=%d gomaxprocs=%d rss_before_kib=%d rss_after_kib=%d bytes_per_goroutine=%.0f spawn_park_ms=%.1f\n",
		*n, runtime.GOMAXPROCS(0), before, after, float64(after-before)*1024/float64(*n),
		float64(spawn.Microseconds())/1000)
}
