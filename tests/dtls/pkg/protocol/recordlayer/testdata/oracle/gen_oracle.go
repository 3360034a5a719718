// Generates oracle.txt: Pion v2.2.6's own results for recordlayer.RecordLayer Unmarshal/Marshal and
// extension.Unmarshal/Marshal over deterministic pseudo-random inputs (mutations and truncations of
// valid records of every content type and handshake message, and of extension lists), so the C++
// port can be compared against Pion byte for byte (tests/dtls/pkg/protocol/recordlayer/oracle_test.cpp).
//
// Not part of the C++ build. Regenerate with Debian's golang + golang-github-pion-dtls-v2-dev:
//   cd <this dir> && GO111MODULE=off GOPATH=/usr/share/gocode go run gen_oracle.go > oracle.txt
//
// Line format: "<R|X> <input hex> <result>", R = recordlayer, X = extension list; result is
// "E:<Unmarshal error>", "F:<Marshal error>" or "M:<Marshal output hex>" ("M:" for empty output).
package main

import (
	"encoding/hex"
	"fmt"
	"math/rand"
	"time"

	"github.com/pion/dtls/v2/pkg/crypto/clientcertificate"
	"github.com/pion/dtls/v2/pkg/crypto/elliptic"
	"github.com/pion/dtls/v2/pkg/crypto/hash"
	"github.com/pion/dtls/v2/pkg/crypto/signature"
	"github.com/pion/dtls/v2/pkg/crypto/signaturehash"
	"github.com/pion/dtls/v2/pkg/protocol"
	"github.com/pion/dtls/v2/pkg/protocol/alert"
	"github.com/pion/dtls/v2/pkg/protocol/extension"
	"github.com/pion/dtls/v2/pkg/protocol/handshake"
	"github.com/pion/dtls/v2/pkg/protocol/recordlayer"
)

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

func allExtensions() []extension.Extension {
	return []extension.Extension{
		&extension.ServerName{ServerName: "example.com"},
		&extension.SupportedEllipticCurves{EllipticCurves: []elliptic.Curve{elliptic.X25519, elliptic.P256, elliptic.P384}},
		&extension.SupportedPointFormats{PointFormats: []elliptic.CurvePointFormat{elliptic.CurvePointFormatUncompressed}},
		&extension.SupportedSignatureAlgorithms{SignatureHashAlgorithms: []signaturehash.Algorithm{
			{Hash: hash.SHA256, Signature: signature.ECDSA}, {Hash: hash.SHA384, Signature: signature.RSA},
		}},
		&extension.UseSRTP{ProtectionProfiles: []extension.SRTPProtectionProfile{extension.SRTP_AEAD_AES_128_GCM, extension.SRTP_AES128_CM_HMAC_SHA1_80}},
		&extension.ALPN{ProtocolNameList: []string{"h2", "webrtc"}},
		&extension.UseExtendedMasterSecret{Supported: true},
		&extension.RenegotiationInfo{RenegotiatedConnection: 0},
	}
}

func record(c protocol.Content, epoch uint16, seq uint64) []byte {
	r := recordlayer.RecordLayer{
		Header:  recordlayer.Header{Version: protocol.Version1_2, Epoch: epoch, SequenceNumber: seq},
		Content: c,
	}
	return must(r.Marshal())
}

func seeds() [][]byte {
	random := handshake.Random{GMTUnixTime: time.Unix(0x5f000000, 0)}
	for i := range random.RandomBytes {
		random.RandomBytes[i] = byte(i * 7)
	}
	cs := uint16(0xc02b)
	msgs := []handshake.Message{
		&handshake.MessageClientHello{
			Version: protocol.Version1_2, Random: random, Cookie: []byte{1, 2, 3, 4},
			SessionID:          []byte{9, 8, 7},
			CipherSuiteIDs:     []uint16{0xc02b, 0xc0ae, 0x00a8, 0x1234},
			CompressionMethods: []*protocol.CompressionMethod{{ID: 0}},
			Extensions:         allExtensions(),
		},
		&handshake.MessageServerHello{
			Version: protocol.Version1_2, Random: random, SessionID: []byte{5, 6},
			CipherSuiteID: &cs, CompressionMethod: &protocol.CompressionMethod{ID: 0},
			Extensions: []extension.Extension{&extension.UseExtendedMasterSecret{Supported: true}, &extension.RenegotiationInfo{}},
		},
		&handshake.MessageHelloVerifyRequest{Version: protocol.Version1_0, Cookie: []byte{0xaa, 0xbb, 0xcc}},
		&handshake.MessageCertificate{Certificate: [][]byte{{0x30, 0x03, 0x02, 0x01, 0x01}, {0x30, 0x00}}},
		&handshake.MessageServerKeyExchange{
			EllipticCurveType: elliptic.CurveTypeNamedCurve, NamedCurve: elliptic.X25519,
			PublicKey: make([]byte, 32), HashAlgorithm: hash.SHA256, SignatureAlgorithm: signature.ECDSA,
			Signature: []byte{0x30, 0x02, 0x00, 0x00},
		},
		&handshake.MessageCertificateRequest{
			CertificateTypes:            []clientcertificate.Type{clientcertificate.RSASign, clientcertificate.ECDSASign},
			SignatureHashAlgorithms:     []signaturehash.Algorithm{{Hash: hash.SHA256, Signature: signature.ECDSA}},
			CertificateAuthoritiesNames: [][]byte{{0x30, 0x00}},
		},
		&handshake.MessageServerHelloDone{},
		&handshake.MessageCertificateVerify{HashAlgorithm: hash.SHA256, SignatureAlgorithm: signature.ECDSA, Signature: []byte{1, 2, 3}},
		&handshake.MessageClientKeyExchange{PublicKey: make([]byte, 32)},
		&handshake.MessageFinished{VerifyData: []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}},
	}
	out := [][]byte{
		record(&protocol.ChangeCipherSpec{}, 0, 1),
		record(&alert.Alert{Level: alert.Fatal, Description: alert.BadRecordMac}, 1, 2),
		record(&protocol.ApplicationData{Data: []byte("hello")}, 1, 3),
	}
	for i, m := range msgs {
		out = append(out, record(&handshake.Handshake{Header: handshake.Header{MessageSequence: uint16(i)}, Message: m}, 0, uint64(4+i)))
	}
	return out
}

func result(data []byte, um func([]byte) error, m func() ([]byte, error)) string {
	if err := um(data); err != nil {
		return "E:" + err.Error()
	}
	b, err := m()
	if err != nil {
		return "F:" + err.Error()
	}
	return "M:" + hex.EncodeToString(b)
}

func mutate(rng *rand.Rand, seed []byte) []byte {
	b := append([]byte{}, seed...)
	switch rng.Intn(4) {
	case 0: // truncate
		return b[:rng.Intn(len(b)+1)]
	case 1: // flip bytes
		for n := 1 + rng.Intn(3); n > 0 && len(b) > 0; n-- {
			b[rng.Intn(len(b))] = byte(rng.Intn(256))
		}
	case 2: // bump a byte (often a length field)
		if len(b) > 0 {
			i := rng.Intn(len(b))
			b[i] += byte(rng.Intn(5)) - 2
		}
	default: // append junk
		for n := rng.Intn(4); n > 0; n-- {
			b = append(b, byte(rng.Intn(256)))
		}
	}
	return b
}

func main() {
	rng := rand.New(rand.NewSource(20260101))
	recs := seeds()
	for _, s := range recs {
		var r recordlayer.RecordLayer
		fmt.Printf("R %s %s\n", hex.EncodeToString(s), result(s, r.Unmarshal, r.Marshal))
	}
	for i := 0; i < 1500; i++ {
		in := mutate(rng, recs[rng.Intn(len(recs))])
		var r recordlayer.RecordLayer
		fmt.Printf("R %s %s\n", hex.EncodeToString(in), result(in, r.Unmarshal, r.Marshal))
	}

	exts := allExtensions()
	lists := [][]byte{must(extension.Marshal(exts))}
	for _, e := range exts {
		lists = append(lists, must(extension.Marshal([]extension.Extension{e})))
	}
	for _, s := range lists {
		var got []extension.Extension
		fmt.Printf("X %s %s\n", hex.EncodeToString(s), result(s,
			func(d []byte) (err error) { got, err = extension.Unmarshal(d); return },
			func() ([]byte, error) { return extension.Marshal(got) }))
	}
	for i := 0; i < 1000; i++ {
		in := mutate(rng, lists[rng.Intn(len(lists))])
		var got []extension.Extension
		fmt.Printf("X %s %s\n", hex.EncodeToString(in), result(in,
			func(d []byte) (err error) { got, err = extension.Unmarshal(d); return },
			func() ([]byte, error) { return extension.Marshal(got) }))
	}
}
