// pion_peer: a Pion DTLS (github.com/pion/dtls/v2, from Debian's golang-github-pion-dtls.v2-dev)
// endpoint for the interop tests. Built offline in GOPATH mode:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o pion_peer tests/interop/pion_peer.go
//
// As a server it accepts one connection, echoes every message back until the peer closes, then
// prints a summary line. As a client it connects, sends -msg, expects the same bytes back, and
// prints a summary line. The summary (stdout, one line) is what the C++ side checks:
//
//	OK suite=0xc02b srtp=0x0001 ekm=<hex of 32 bytes exported with label EXTRACTOR-dtls_srtp> proto=<alpn>
package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/hex"
	"flag"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/pion/dtls/v2"
	"github.com/pion/dtls/v2/pkg/crypto/selfsign"
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "pion_peer: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	mode := flag.String("mode", "server", "server or client")
	addr := flag.String("addr", "127.0.0.1:0", "listen (server) or connect (client) address")
	pskHex := flag.String("psk", "", "pre-shared key in hex (enables PSK)")
	identity := flag.String("identity", "pion", "PSK identity hint")
	certFile := flag.String("cert", "", "PEM certificate (default: self-signed ECDSA P-256)")
	keyFile := flag.String("key", "", "PEM private key")
	suites := flag.String("suites", "", "comma-separated cipher suite IDs in hex (e.g. c02b)")
	srtp := flag.Bool("srtp", false, "offer/accept SRTP_AES128_CM_HMAC_SHA1_80")
	msg := flag.String("msg", "hello from pion", "client: message to send")
	clientAuth := flag.Bool("client-auth", false, "server: require a client certificate (any)")
	mtu := flag.Int("mtu", 0, "MTU")
	flightInterval := flag.Duration("flight-interval", 0, "retransmission interval (0: Pion's default, 1s)")
	echoTimeout := flag.Duration("echo-timeout", 10*time.Second, "client: how long to wait for the echo")
	flag.Parse()

	config := &dtls.Config{
		ExtendedMasterSecret: dtls.RequireExtendedMasterSecret,
		InsecureSkipVerify:   true,
		MTU:                  *mtu,
		FlightInterval:       *flightInterval,
		ConnectContextMaker: func() (context.Context, func()) {
			return context.WithTimeout(context.Background(), 20*time.Second)
		},
	}
	if *pskHex != "" {
		key, err := hex.DecodeString(*pskHex)
		if err != nil {
			fail("bad -psk: %v", err)
		}
		config.PSK = func([]byte) ([]byte, error) { return key, nil }
		config.PSKIdentityHint = []byte(*identity)
	} else {
		var cert tls.Certificate
		var err error
		if *certFile != "" {
			cert, err = tls.LoadX509KeyPair(*certFile, *keyFile)
		} else {
			cert, err = selfsign.GenerateSelfSigned()
		}
		if err != nil {
			fail("certificate: %v", err)
		}
		config.Certificates = []tls.Certificate{cert}
	}
	if *suites != "" {
		for _, s := range strings.Split(*suites, ",") {
			v, err := strconv.ParseUint(s, 16, 16)
			if err != nil {
				fail("bad -suites: %v", err)
			}
			config.CipherSuites = append(config.CipherSuites, dtls.CipherSuiteID(v))
		}
	}
	if *srtp {
		config.SRTPProtectionProfiles = []dtls.SRTPProtectionProfile{dtls.SRTP_AES128_CM_HMAC_SHA1_80}
	}
	if *clientAuth {
		config.ClientAuth = dtls.RequireAnyClientCert
	}

	udpAddr, err := net.ResolveUDPAddr("udp", *addr)
	if err != nil {
		fail("bad -addr: %v", err)
	}
	var conn *dtls.Conn
	switch *mode {
	case "server":
		ln, err := dtls.Listen("udp", udpAddr, config)
		if err != nil {
			fail("listen: %v", err)
		}
		fmt.Printf("LISTENING %s\n", ln.Addr().String())
		c, err := ln.Accept()
		if err != nil {
			fail("accept: %v", err)
		}
		conn = c.(*dtls.Conn)
		buf := make([]byte, 8192)
		for {
			n, err := conn.Read(buf)
			if err != nil {
				break
			}
			if _, err := conn.Write(buf[:n]); err != nil {
				fail("write: %v", err)
			}
		}
		summary(conn)
		_ = ln.Close()
	case "client":
		// dtls.Dial's own steps (net.DialUDP, then dtls.Client), with the socket kept open until
		// conn.Close has returned: Pion v2.2.6's Close cancels its read loop before it sends
		// close_notify, and the cancelled loop, on another thread, may close the socket first, so
		// that the close_notify is lost (pion_close_notify.go shows it) and the C++ side, waiting
		// for it, never learns that we left.
		raw, err := net.DialUDP("udp", nil, udpAddr)
		if err != nil {
			fail("dial: %v", err)
		}
		defer raw.Close()
		conn, err = dtls.Client(keepOpen{raw}, config)
		if err != nil {
			fail("dial: %v", err)
		}
		if _, err := conn.Write([]byte(*msg)); err != nil {
			fail("write: %v", err)
		}
		buf := make([]byte, 8192)
		_ = conn.SetReadDeadline(time.Now().Add(*echoTimeout))
		n, err := conn.Read(buf)
		if err != nil {
			fail("read: %v", err)
		}
		if !bytes.Equal(buf[:n], []byte(*msg)) {
			fail("echo mismatch: %q", buf[:n])
		}
		summary(conn)
		_ = conn.Close()
	default:
		fail("-mode must be server or client, got %q", *mode)
	}
}

// keepOpen is a net.Conn whose Close leaves the socket open; main closes it itself.
type keepOpen struct{ net.Conn }

func (keepOpen) Close() error { return nil }

func summary(conn *dtls.Conn) {
	state := conn.ConnectionState()
	ekm, err := state.ExportKeyingMaterial("EXTRACTOR-dtls_srtp", nil, 32)
	if err != nil {
		fail("export keying material: %v", err)
	}
	profile, _ := conn.SelectedSRTPProtectionProfile()
	fmt.Printf("OK srtp=0x%04x ekm=%s\n", uint16(profile), hex.EncodeToString(ekm))
}
