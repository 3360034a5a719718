// Pion's side of bench/dtls/scale/scale.cpp (dtls_scale): the same test, the same flags, the
// same fields. Pion v2.2.6 from Debian's golang-github-pion-dtls.v2-dev, built offline:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o pion_scale bench/go/pion_scale.go
//
//	pion_scale [--sessions N] [--concurrency K] [--messages M] [--size B] [--window W]
//	           [--threads T] [--timeout S] [--json]
//
// Two processes, as dtls_scale: the server (this process, GOMAXPROCS=T) runs dtls.Listen on
// 127.0.0.1 with K goroutines calling Accept (Pion's listener handshakes inside Accept) and an
// echo goroutine per session; the clients are this program re-executed with --role=client
// (GOMAXPROCS=T), whose K dialer goroutines dtls.Dial N sessions, after which every session
// echoes M messages of B bytes (at most W round trips outstanding), and all close. PSK
// (TLS_PSK_WITH_AES_128_GCM_SHA256). runtime.GC and debug.FreeOSMemory run before each VmRSS
// reading (ours calls malloc_trim(0) at the same points). The pipes carry the same lines:
// "PORT p", "E", "T", "R {json}".
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/pion/dtls/v2"
)

type options struct {
	sessions, concurrency, messages, size, window, threads, timeout int
	json                                                            bool
	role                                                            string
}

func pskConfig() *dtls.Config {
	return &dtls.Config{
		PSK:             func([]byte) ([]byte, error) { return []byte{0xAB, 0xC1, 0x23}, nil },
		PSKIdentityHint: []byte("bench"),
		CipherSuites:    []dtls.CipherSuiteID{dtls.TLS_PSK_WITH_AES_128_GCM_SHA256},
	}
}

func vmRSSKiB() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "VmRSS:") {
			fs := strings.Fields(sc.Text())
			if len(fs) >= 2 {
				v, _ := strconv.ParseInt(fs[1], 10, 64)
				return v
			}
		}
	}
	return -1
}

func trimmedRSS() int64 {
	runtime.GC()
	debug.FreeOSMemory()
	return vmRSSKiB()
}

func raiseNoFile() int64 {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return -1
	}
	rl.Cur = rl.Max
	_ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &rl)
	_ = syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl)
	return int64(rl.Cur)
}

// nearest-rank percentile, as scale.cpp's
func percentile(v []float64, p float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	rank := int(p/100*float64(len(s)) + 0.999999)
	if rank < 1 {
		rank = 1
	}
	if rank > len(s) {
		rank = len(s)
	}
	return s[rank-1]
}

// readLine returns the next line, or "" after d or at EOF.
func readLine(lines <-chan string, d time.Duration) string {
	select {
	case l, ok := <-lines:
		if !ok {
			return ""
		}
		return l
	case <-time.After(d):
		return ""
	}
}

func lineChan(f *os.File) <-chan string {
	c := make(chan string, 4)
	go func() {
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<16), 1<<20)
		for sc.Scan() {
			c <- sc.Text()
		}
		close(c)
	}()
	return c
}

func runClients(o options, nofile int64) map[string]interface{} {
	lines := lineChan(os.Stdin)
	phase := time.Duration(o.timeout) * time.Second
	portLine := readLine(lines, 30*time.Second)
	if !strings.HasPrefix(portLine, "PORT ") {
		return map[string]interface{}{"error": "no port from the server"}
	}
	port, _ := strconv.Atoi(portLine[5:])
	raddr := &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port}
	cfg := pskConfig()
	cfg.ConnectContextMaker = func() (context.Context, func()) {
		return context.WithTimeout(context.Background(), phase)
	}
	out := os.Stdout

	rssBefore := trimmedRSS()
	conns := make([]*dtls.Conn, o.sessions)
	latency := make([]float64, o.sessions)
	var next, failed int64 = -1, 0
	var errOnce sync.Once
	firstErr := ""
	var wg sync.WaitGroup

	// Establishment: K dialers.
	t0 := time.Now()
	for d := 0; d < o.concurrency; d++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(atomic.AddInt64(&next, 1)); i < o.sessions; i = int(atomic.AddInt64(&next, 1)) {
				s := time.Now()
				c, err := dtls.Dial("udp", raddr, cfg)
				if err != nil {
					atomic.AddInt64(&failed, 1)
					errOnce.Do(func() { firstErr = "Dial: " + err.Error() })
					latency[i] = -1
					continue
				}
				latency[i] = time.Since(s).Seconds()
				conns[i] = c
			}
		}()
	}
	wg.Wait()
	establish := time.Since(t0).Seconds()
	rssAfter := trimmedRSS()
	var ok []float64
	for _, l := range latency {
		if l > 0 {
			ok = append(ok, l)
		}
	}
	established := len(ok)

	fmt.Fprintln(out, "E")
	if readLine(lines, phase) != "T" {
		return map[string]interface{}{"error": "no go-ahead from the server"}
	}

	// Traffic: every established session echoes M messages; W tokens bound the round trips
	// outstanding.
	window := make(chan struct{}, o.window)
	var lost, echoed int64
	t1 := time.Now()
	for i := 0; i < o.sessions; i++ {
		c := conns[i]
		if c == nil {
			continue
		}
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			msg := bytes.Repeat([]byte{'x'}, o.size)
			buf := make([]byte, 2048)
			for j := 0; j < o.messages; j++ {
				binary.LittleEndian.PutUint32(msg[0:], uint32(i))
				binary.LittleEndian.PutUint32(msg[4:], uint32(j))
				window <- struct{}{}
				good := false
				if _, err := c.Write(msg); err == nil {
					// A late echo of an earlier, timed-out message is skipped, not counted twice.
					for {
						_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
						n, err := c.Read(buf)
						if err != nil {
							break
						}
						if bytes.Equal(buf[:n], msg) {
							good = true
							break
						}
					}
				}
				<-window
				if good {
					atomic.AddInt64(&echoed, 1)
				} else {
					atomic.AddInt64(&lost, 1)
				}
			}
		}(i)
	}
	wg.Wait()
	traffic := time.Since(t1).Seconds()
	for _, c := range conns {
		if c != nil {
			_ = c.Close()
		}
	}
	if len(firstErr) > 200 {
		firstErr = firstErr[:200]
	}
	return map[string]interface{}{
		"established": established, "failed_handshakes": failed, "establish_s": establish,
		"handshakes_per_s": float64(established) / establish,
		"hs_p50_us":        percentile(ok, 50) * 1e6, "hs_p99_us": percentile(ok, 99) * 1e6,
		"traffic_s": traffic, "echoes": echoed, "lost": lost,
		"echo_per_s": float64(echoed) / traffic, "echo_MBps": float64(echoed) * float64(o.size) / traffic / 1e6,
		"client_rss_before_kib": rssBefore, "client_rss_after_kib": rssAfter, "nofile": nofile,
		"first_error": firstErr,
	}
}

func runServer(o options, nofile int64) (map[string]interface{}, error) {
	cmd := exec.Command(os.Args[0], append(os.Args[1:], "--role=client")...)
	toChild, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	fromChild, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = os.Stderr
	ln, err := dtls.Listen("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 0}, pskConfig())
	if err != nil {
		return nil, fmt.Errorf("Listen: %w", err)
	}
	if err = cmd.Start(); err != nil {
		return nil, err
	}
	lines := lineChan(fromChild.(*os.File))
	var closing int32
	var nAccepted, nAcceptErr, live int64
	rssBefore := trimmedRSS()
	for a := 0; a < o.concurrency; a++ {
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					if atomic.LoadInt32(&closing) != 0 {
						return
					}
					atomic.AddInt64(&nAcceptErr, 1) // a failed handshake; the client counts it too
					continue
				}
				atomic.AddInt64(&nAccepted, 1)
				atomic.AddInt64(&live, 1)
				go func() {
					buf := make([]byte, 2048)
					for {
						n, err := c.Read(buf)
						if err != nil {
							break // the client's close_notify (EOF), or an error
						}
						if _, err = c.Write(buf[:n]); err != nil {
							break
						}
					}
					_ = c.Close()
					atomic.AddInt64(&live, -1)
				}()
			}
		}()
	}
	fmt.Fprintf(toChild, "PORT %d\n", ln.Addr().(*net.UDPAddr).Port)
	phase := time.Duration(o.timeout)*time.Second + 10*time.Second
	var rssAfter int64
	var clientJSON map[string]interface{}
	var runErr error
	if readLine(lines, phase) != "E" {
		runErr = fmt.Errorf("clients did not finish establishing")
	} else {
		for i := 0; i < 200 && atomic.LoadInt64(&nAccepted)+atomic.LoadInt64(&nAcceptErr) < int64(o.sessions); i++ {
			time.Sleep(5 * time.Millisecond)
		}
		rssAfter = trimmedRSS()
		fmt.Fprintln(toChild, "T")
		r := readLine(lines, phase)
		if strings.HasPrefix(r, "R ") {
			if err := json.Unmarshal([]byte(r[2:]), &clientJSON); err != nil {
				runErr = err
			} else if e, ok := clientJSON["error"]; ok {
				runErr = fmt.Errorf("clients: %v", e)
			}
		} else {
			runErr = fmt.Errorf("no result from the clients")
		}
		for i := 0; i < 2000 && atomic.LoadInt64(&live) > 0; i++ {
			time.Sleep(5 * time.Millisecond)
		}
	}
	atomic.StoreInt32(&closing, 1)
	_ = ln.Close()
	_ = toChild.Close()
	_ = cmd.Wait()
	if runErr != nil {
		return nil, runErr
	}
	accepted := atomic.LoadInt64(&nAccepted)
	if accepted < 1 {
		accepted = 1
	}
	est, _ := clientJSON["established"].(float64)
	if est < 1 {
		est = 1
	}
	cb, _ := clientJSON["client_rss_before_kib"].(float64)
	ca, _ := clientJSON["client_rss_after_kib"].(float64)
	out := clientJSON
	out["impl"] = "pion"
	out["kind"] = "psk"
	out["threads"] = o.threads
	out["sessions"] = o.sessions
	out["concurrency"] = o.concurrency
	out["messages"] = o.messages
	out["size"] = o.size
	out["window"] = o.window
	out["accepted"] = atomic.LoadInt64(&nAccepted)
	out["accept_errors"] = atomic.LoadInt64(&nAcceptErr)
	out["server_rss_before_kib"] = rssBefore
	out["server_rss_after_kib"] = rssAfter
	out["server_bytes_per_session"] = float64(rssAfter-rssBefore) * 1024 / float64(accepted)
	out["client_bytes_per_session"] = (ca - cb) * 1024 / est
	out["server_nofile"] = nofile
	return out, nil
}

func usage() {
	fmt.Fprintln(os.Stderr, `usage: pion_scale [--sessions N] [--concurrency K] [--messages M] [--size B] [--window W]
                  [--threads T] [--timeout S] [--json]
  the same test as dtls_scale (bench/dtls/scale/scale.cpp), on Pion v2.2.6`)
	flag.PrintDefaults()
}

func main() {
	var o options
	flag.Usage = usage
	flag.IntVar(&o.sessions, "sessions", 10000, "sessions to establish")
	flag.IntVar(&o.concurrency, "concurrency", 1000, "concurrent handshakes (dialers and acceptors)")
	flag.IntVar(&o.messages, "messages", 10, "echoes per session")
	flag.IntVar(&o.size, "size", 64, "bytes per echo, 8..8192")
	flag.IntVar(&o.window, "window", 100, "round trips outstanding at most")
	flag.IntVar(&o.threads, "threads", 2, "GOMAXPROCS on each side")
	flag.IntVar(&o.timeout, "timeout", 120, "seconds per phase before giving up")
	flag.BoolVar(&o.json, "json", false, "print one JSON line")
	flag.StringVar(&o.role, "role", "server", "internal: server or client")
	flag.Parse() // a bad flag exits 2
	if o.sessions < 1 || o.concurrency < 1 || o.messages < 1 || o.threads < 1 || o.timeout < 1 || o.window < 1 ||
		o.size < 8 || o.size > 8192 || flag.NArg() != 0 || (o.role != "server" && o.role != "client") {
		fmt.Fprintln(os.Stderr, "pion_scale: flags must be positive integers (--size in [8, 8192]), no arguments")
		os.Exit(2)
	}
	runtime.GOMAXPROCS(o.threads)
	nofile := raiseNoFile()
	if nofile > 0 && int64(o.sessions) > nofile-64 {
		if o.role == "server" {
			fmt.Fprintf(os.Stderr, "pion_scale: RLIMIT_NOFILE is %d; sessions capped from %d to %d\n", nofile, o.sessions, nofile-64)
		}
		o.sessions = int(nofile - 64)
	}
	if o.concurrency > o.sessions {
		o.concurrency = o.sessions
	}
	if o.window > o.sessions {
		o.window = o.sessions
	}
	if o.role == "client" {
		b, _ := json.Marshal(runClients(o, nofile))
		fmt.Fprintf(os.Stdout, "R %s\n", b)
		return
	}
	out, err := runServer(o, nofile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pion_scale:", err)
		os.Exit(1)
	}
	if o.json {
		b, _ := json.Marshal(out)
		fmt.Println(string(b))
		return
	}
	fmt.Printf("pion_scale (Pion v2.2.6, PSK, GOMAXPROCS %d each side; server and clients in two processes)\n", o.threads)
	fmt.Printf("  sessions %d, concurrent handshakes %d, %d echoes of %d B each, window %d\n", o.sessions, o.concurrency, o.messages, o.size, o.window)
	fmt.Printf("  established           %v (failed %v, server accepted %v)\n", out["established"], out["failed_handshakes"], out["accepted"])
	fmt.Printf("  handshakes/s          %.1f (establishment %.3f s)\n", out["handshakes_per_s"], out["establish_s"])
	fmt.Printf("  handshake p50 / p99   %.1f / %.1f us\n", out["hs_p50_us"], out["hs_p99_us"])
	fmt.Printf("  echo round trips/s    %.1f (%.3f MB/s payload; lost %v)\n", out["echo_per_s"], out["echo_MBps"], out["lost"])
	fmt.Printf("  server VmRSS          %d -> %d KiB: %.0f bytes/session\n", rssI(out["server_rss_before_kib"]), rssI(out["server_rss_after_kib"]), out["server_bytes_per_session"])
	fmt.Printf("  client VmRSS          %v -> %v KiB: %.0f bytes/session\n", out["client_rss_before_kib"], out["client_rss_after_kib"], out["client_bytes_per_session"])
}

func rssI(v interface{}) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case float64:
		return int64(x)
	}
	return -1
}
