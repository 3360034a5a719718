// pion_close_notify: the scenario of tests/dtls/close_notify_test.cpp with Pion v2.2.6 itself
// (Debian's golang-github-pion-dtls.v2-dev), to show that the lost close_notify is Pion's race and
// not the port's. A client Dials a Pion Listen server, sends one message, reads the echo and
// Closes; the server's next Read should return io.EOF (the close_notify). Pion v2.2.6's Conn.close
// cancels the read loop before sending close_notify, and the cancelled loop, on another thread,
// may close the socket first. Built and run offline in GOPATH mode:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o /tmp/pion_close_notify tests/interop/pion_close_notify.go
//	/tmp/pion_close_notify -procs 2 -n 300
//
// It prints the count of server Reads that timed out instead, and exits 1 if there was one. Seen
// here: 0 of 300 at -procs 1; 1 of 900 over three runs at -procs 2. Not run by CTest: the race is
// Pion's and rare, so a test of it could only be flaky.
package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/pion/dtls/v2"
)

func main() {
	n := flag.Int("n", 300, "sessions")
	procs := flag.Int("procs", 2, "GOMAXPROCS")
	flag.Parse()
	runtime.GOMAXPROCS(*procs)
	cfg := &dtls.Config{
		PSK:             func([]byte) ([]byte, error) { return []byte{1, 2, 3}, nil },
		PSKIdentityHint: []byte("x"),
		CipherSuites:    []dtls.CipherSuiteID{dtls.TLS_PSK_WITH_AES_128_GCM_SHA256},
	}
	ln, err := dtls.Listen("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)}, cfg)
	if err != nil {
		panic(err)
	}
	var miss int32
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				buf := make([]byte, 8192)
				k, err := c.Read(buf)
				if err == nil {
					c.Write(buf[:k])
					c.SetReadDeadline(time.Now().Add(2 * time.Second))
					_, e2 := c.Read(buf)
					var ne net.Error
					if errors.As(e2, &ne) && ne.Timeout() {
						atomic.AddInt32(&miss, 1)
					}
				}
				c.Close()
			}(c)
		}
	}()
	raddr := ln.Addr().(*net.UDPAddr)
	fails := 0
	for i := 0; i < *n; i++ {
		conn, err := dtls.Dial("udp", raddr, cfg)
		if err != nil {
			fails++
			continue
		}
		conn.Write([]byte("p"))
		b := make([]byte, 64)
		conn.Read(b)
		conn.Close()
	}
	time.Sleep(3 * time.Second)
	ln.Close()
	fmt.Printf("procs=%d sessions=%d dialFails=%d closeNotifyMissed=%d\n", *procs, *n, fails, atomic.LoadInt32(&miss))
	if miss > 0 {
		os.Exit(1)
	}
}
