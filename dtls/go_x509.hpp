// The parts of Go's crypto/x509 that Pion's top-level package uses (certificate.go, crypto.go,
// config.go): Certificate, CertPool, ParseCertificate and Certificate.Verify, on Botan 2.
// Per port-notes/conventions.md Go standard-library names live under go::<pkg>; this header is
// the one definition of go::x509 in the tree.
#pragma once

#include <botan/pk_keys.h>
#include <botan/x509cert.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "chan/time.hpp"

namespace go::x509 {

// x509.Certificate: a parsed certificate (Botan's; .BER_encode() gives Go's .Raw).
using Certificate = Botan::X509_Certificate;

// x509.CertPool: a set of certificates (roots or intermediates).
class CertPool {
 public:
  // CertPool.AddCert
  void AddCert(const Certificate& cert) { certs_.push_back(cert); }
  // CertPool.AppendCertsFromPEM: adds every certificate in the PEM data; true when one was added.
  bool AppendCertsFromPEM(std::span<const std::uint8_t> pemCerts);
  const std::vector<Certificate>& Certs() const { return certs_; }

 private:
  std::vector<Certificate> certs_;
};

// x509.NewCertPool
std::shared_ptr<CertPool> NewCertPool();
// x509.SystemCertPool: the host's roots (/etc/ssl/certs), as Go loads them on Linux.
std::pair<std::shared_ptr<CertPool>, error> SystemCertPool();

// x509.ParseCertificate (DER). The result is shared and must not change: the last 32 distinct
// certificates parsed are kept, and parsing one of them again returns the same object (Go
// 1.20's crypto/tls certificate cache; see go_x509.cpp).
std::pair<std::shared_ptr<const Certificate>, error> ParseCertificate(std::span<const std::uint8_t> der);

// Certificate.PublicKey: the key of a certificate from ParseCertificate, parsed once with it;
// null for an algorithm Go leaves unparsed (or a key Botan cannot load).
std::shared_ptr<const Botan::Public_Key> PublicKey(const Certificate& c);

// x509.ExtKeyUsage (the values the port uses).
enum ExtKeyUsage { ExtKeyUsageAny, ExtKeyUsageServerAuth, ExtKeyUsageClientAuth };

// x509.VerifyOptions
struct VerifyOptions {
  std::string DNSName;
  std::shared_ptr<CertPool> Intermediates;
  std::shared_ptr<CertPool> Roots;  // null: the system pool
  go::time::Time CurrentTime{};     // zero: now
  std::vector<ExtKeyUsage> KeyUsages;  // empty: ExtKeyUsageServerAuth, as Go
};

// Certificate.Verify: the chains from c to a root in opts.Roots (each leaf first), or an error
// saying why none exists (unknown authority, expired, wrong name, wrong key usage).
std::pair<std::vector<std::vector<Certificate>>, error> Verify(const Certificate& c, const VerifyOptions& opts);

}  // namespace go::x509
