// Go's standard-library `crypto/tls` types that Pion's crypto packages take in
// their signatures: tls.SignatureScheme (signaturehash.ParseSignatureSchemes)
// and tls.Certificate (selfsign). Per port-notes/conventions.md Go
// standard-library names live under go::<pkg>; this header is the one
// definition of go::tls in the tree.
#pragma once

#include <botan/pk_keys.h>
#include <botan/x509cert.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace go::tls {

// tls.SignatureScheme identifies a signature algorithm supported by TLS. See
// RFC 8446, Section 4.2.3. Values are Go's.
enum SignatureScheme : std::uint16_t {
  // RSASSA-PKCS1-v1_5 algorithms.
  PKCS1WithSHA256 = 0x0401,
  PKCS1WithSHA384 = 0x0501,
  PKCS1WithSHA512 = 0x0601,

  // RSASSA-PSS algorithms with public key OID rsaEncryption.
  PSSWithSHA256 = 0x0804,
  PSSWithSHA384 = 0x0805,
  PSSWithSHA512 = 0x0806,

  // ECDSA algorithms. Only constrained to a specific curve in TLS 1.3.
  ECDSAWithP256AndSHA256 = 0x0403,
  ECDSAWithP384AndSHA384 = 0x0503,
  ECDSAWithP521AndSHA512 = 0x0603,

  // EdDSA algorithms.
  Ed25519 = 0x0807,

  // Legacy signature and hash algorithms for TLS 1.2.
  PKCS1WithSHA1 = 0x0201,
  ECDSAWithSHA1 = 0x0203,
};

// SignatureScheme.String (Go's stringer output): the constant's name, or
// "SignatureScheme(N)" for an unknown value.
inline std::string String(SignatureScheme i) {
  switch (i) {
    case PKCS1WithSHA1: return "PKCS1WithSHA1";
    case ECDSAWithSHA1: return "ECDSAWithSHA1";
    case PKCS1WithSHA256: return "PKCS1WithSHA256";
    case ECDSAWithP256AndSHA256: return "ECDSAWithP256AndSHA256";
    case PKCS1WithSHA384: return "PKCS1WithSHA384";
    case ECDSAWithP384AndSHA384: return "ECDSAWithP384AndSHA384";
    case PKCS1WithSHA512: return "PKCS1WithSHA512";
    case ECDSAWithP521AndSHA512: return "ECDSAWithP521AndSHA512";
    case PSSWithSHA256: return "PSSWithSHA256";
    case PSSWithSHA384: return "PSSWithSHA384";
    case PSSWithSHA512: return "PSSWithSHA512";
    case Ed25519: return "Ed25519";
  }
  return "SignatureScheme(" + std::to_string(static_cast<unsigned>(i)) + ")";
}

// tls.Certificate: a certificate chain (leaf first) and the private key of the
// leaf. Go's fields are Certificate [][]byte (DER of each certificate; here the
// parsed Botan certificates, whose BER_encode() gives the DER back),
// PrivateKey crypto.PrivateKey (here a Botan key; null is Go's nil) and Leaf
// (here chain.front()).
struct Certificate {
  std::vector<Botan::X509_Certificate> chain;
  std::shared_ptr<Botan::Private_Key> key;
};

// tls.CipherSuite: a TLS cipher suite as Go's crypto/tls describes it (what
// dtls::CipherSuites() returns).
struct CipherSuite {
  std::uint16_t ID = 0;
  std::string Name;
  // Supported versions is the list of TLS protocol versions that can
  // negotiate this cipher suite.
  std::vector<std::uint16_t> SupportedVersions;
  // Insecure is true if the cipher suite has known security issues
  // due to its primitives, design, or implementation.
  bool Insecure = false;
};

}  // namespace go::tls
