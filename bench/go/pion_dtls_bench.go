// Pion's side of bench/dtls/conn_bench.cpp's Handshake and ConnMemory rows (bench/compare-pion
// runs both). Pion v2.2.6 from Debian's golang-github-pion-dtls.v2-dev, built offline:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o pion_dtls_bench bench/go/pion_dtls_bench.go
//
//	pion_dtls_bench -mode handshake -kind ecdsa|rsa|psk [-benchtime 1s] [-cpu N]
//	pion_dtls_bench -mode memory [-n 500] [-cpu N]
//
// handshake: a dtls.Listen server on 127.0.0.1 accepts in a loop and, per connection, reads one
// message, writes it back and closes once the client has closed. One sample is one client:
// dtls.Dial (handshake) -> Write("ping") -> Read the echo; the client then closes (not timed).
// Samples are sequential until their sum reaches -benchtime.
//
// memory: one process holds the same server and N clients Dial'ed to it, every pair handshaken
// (ECDSA P-256, AES-128-GCM) and idle; prints (VmRSS after - VmRSS before) / N, one
// "connection" being both ends. One warm-up connection is made first; runtime.GC and
// debug.FreeOSMemory run before each reading (ours calls malloc_trim(0) at the same points).
//
// Output: one JSON object on stdout.
package main

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pion/dtls/v2"
	"github.com/pion/dtls/v2/pkg/crypto/selfsign"
)

type failure struct {
	once sync.Once
	err  error
}

func (f *failure) set(err error) { f.once.Do(func() { f.err = err }) }

func configs(kind string) (server, client *dtls.Config, err error) {
	switch kind {
	case "ecdsa":
		cert, err := selfsign.GenerateSelfSigned() // ECDSA P-256
		if err != nil {
			return nil, nil, err
		}
		suites := []dtls.CipherSuiteID{dtls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}
		return &dtls.Config{Certificates: []tls.Certificate{cert}, CipherSuites: suites},
			&dtls.Config{InsecureSkipVerify: true, CipherSuites: suites}, nil
	case "rsa":
		key, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return nil, nil, err
		}
		cert, err := selfsign.SelfSign(key)
		if err != nil {
			return nil, nil, err
		}
		suites := []dtls.CipherSuiteID{dtls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}
		return &dtls.Config{Certificates: []tls.Certificate{cert}, CipherSuites: suites},
			&dtls.Config{InsecureSkipVerify: true, CipherSuites: suites}, nil
	case "psk":
		psk := func([]byte) ([]byte, error) { return []byte{0xAB, 0xC1, 0x23}, nil }
		hint := []byte("bench")
		suites := []dtls.CipherSuiteID{dtls.TLS_PSK_WITH_AES_128_GCM_SHA256}
		return &dtls.Config{PSK: psk, PSKIdentityHint: hint, CipherSuites: suites},
			&dtls.Config{PSK: psk, PSKIdentityHint: hint, CipherSuites: suites}, nil
	}
	return nil, nil, fmt.Errorf("unknown -kind %q (ecdsa, rsa, psk)", kind)
}

func listen(cfg *dtls.Config) (net.Listener, *net.UDPAddr, error) {
	ln, err := dtls.Listen("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 0}, cfg)
	if err != nil {
		return nil, nil, err
	}
	return ln, ln.Addr().(*net.UDPAddr), nil
}

func echoServer(ln net.Listener, fail *failure) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return // listener closed (or a failed handshake: the client reports it)
		}
		go func() {
			buf := make([]byte, 8192)
			n, err := c.Read(buf)
			if err != nil {
				fail.set(fmt.Errorf("server Read: %w", err))
				_ = c.Close()
				return
			}
			if _, err = c.Write(buf[:n]); err != nil {
				fail.set(fmt.Errorf("server Write: %w", err))
			}
			_, _ = c.Read(buf) // until the client's close_notify
			_ = c.Close()
		}()
	}
}

// handshakeOnce's client socket: sample i binds 127.0.0.(2 + i%250), port chosen by the kernel.
// Linux often gives a new socket the port just freed; a ClientHello from the address of an earlier
// client whose server Conn is still open (the server closes it when the close_notify arrives, and
// Pion v2.2.6 sometimes loses that, tests/interop/pion_close_notify.go) is routed to that old Conn,
// and the Dial then waits for retransmissions or times out. Rotating the source address keeps
// every sample's address unused for the 249 samples before it.
func clientAddr(i int) *net.UDPAddr {
	return &net.UDPAddr{IP: net.IPv4(127, 0, 0, byte(2+i%250))}
}

func handshakeOnce(i int, addr *net.UDPAddr, cfg *dtls.Config, fail *failure) time.Duration {
	ping := []byte("ping")
	t0 := time.Now()
	// dtls.Dial(network, raddr, cfg) is net.DialUDP(network, nil, raddr) + dtls.Client; here with
	// the local address above.
	pConn, err := net.DialUDP("udp", clientAddr(i), addr)
	if err != nil {
		fail.set(fmt.Errorf("Dial: %w", err))
		return 0
	}
	conn, err := dtls.Client(pConn, cfg)
	if err != nil {
		_ = pConn.Close()
		fail.set(fmt.Errorf("Dial: %w", err))
		return 0
	}
	buf := make([]byte, 64)
	if _, err = conn.Write(ping); err != nil {
		fail.set(fmt.Errorf("client Write: %w", err))
	}
	n, err := conn.Read(buf)
	d := time.Since(t0)
	if err != nil {
		fail.set(fmt.Errorf("client Read: %w", err))
	} else if !bytes.Equal(buf[:n], ping) {
		fail.set(fmt.Errorf("client Read: echo differs"))
	}
	_ = conn.Close()
	return d
}

// nearest-rank percentile, as conn_bench.cpp's
func percentile(v []time.Duration, p float64) time.Duration {
	if len(v) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), v...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	rank := int(p/100*float64(len(s)) + 0.999999)
	if rank < 1 {
		rank = 1
	}
	if rank > len(s) {
		rank = len(s)
	}
	return s[rank-1]
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

func die(err error) {
	fmt.Fprintln(os.Stderr, "pion_dtls_bench:", err)
	os.Exit(1)
}

func main() {
	mode := flag.String("mode", "handshake", "handshake or memory")
	kind := flag.String("kind", "ecdsa", "handshake kind: ecdsa (P-256), rsa (2048), psk")
	benchtime := flag.Duration("benchtime", time.Second, "handshake: keep sampling until the samples sum to this")
	n := flag.Int("n", 500, "memory: connections to hold")
	cpu := flag.Int("cpu", runtime.GOMAXPROCS(0), "GOMAXPROCS")
	flag.Parse()
	if *cpu < 1 || *n < 1 || *benchtime <= 0 {
		fmt.Fprintln(os.Stderr, "pion_dtls_bench: -cpu, -n and -benchtime must be positive")
		os.Exit(2)
	}
	runtime.GOMAXPROCS(*cpu)
	fail := &failure{}
	out := map[string]interface{}{"mode": *mode, "cpu": *cpu}

	switch *mode {
	case "handshake":
		scfg, ccfg, err := configs(*kind)
		if err != nil {
			die(err)
		}
		ln, addr, err := listen(scfg)
		if err != nil {
			die(err)
		}
		go echoServer(ln, fail)
		var samples []time.Duration
		var total time.Duration
		for total < *benchtime && fail.err == nil {
			d := handshakeOnce(len(samples), addr, ccfg, fail)
			samples = append(samples, d)
			total += d
		}
		_ = ln.Close()
		if fail.err != nil {
			die(fail.err)
		}
		out["kind"] = *kind
		out["samples"] = len(samples)
		out["mean_us"] = float64(total.Nanoseconds()) / float64(len(samples)) / 1e3
		out["p50_us"] = float64(percentile(samples, 50).Nanoseconds()) / 1e3
		out["p99_us"] = float64(percentile(samples, 99).Nanoseconds()) / 1e3
	case "memory":
		scfg, ccfg, err := configs("ecdsa")
		if err != nil {
			die(err)
		}
		ln, addr, err := listen(scfg)
		if err != nil {
			die(err)
		}
		accepted := make(chan net.Conn, *n+1)
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				accepted <- c
			}
		}()
		var clients, servers []net.Conn
		dialOne := func() {
			c, err := dtls.Dial("udp", addr, ccfg)
			if err != nil {
				die(fmt.Errorf("Dial: %w", err))
			}
			clients = append(clients, c)
			servers = append(servers, <-accepted)
		}
		dialOne() // warm-up
		runtime.GC()
		debug.FreeOSMemory()
		before := vmRSSKiB()
		for i := 0; i < *n; i++ {
			dialOne()
		}
		runtime.GC()
		debug.FreeOSMemory()
		after := vmRSSKiB()
		for _, c := range clients {
			_ = c.Close()
		}
		for _, c := range servers {
			_ = c.Close()
		}
		_ = ln.Close()
		out["conns"] = *n
		out["rss_before_kib"] = before
		out["rss_after_kib"] = after
		out["bytes_per_conn"] = float64(after-before) * 1024 / float64(*n)
	default:
		fmt.Fprintf(os.Stderr, "pion_dtls_bench: unknown -mode %q (handshake, memory)\n", *mode)
		os.Exit(2)
	}
	b, _ := json.Marshal(out)
	fmt.Println(string(b))
}
