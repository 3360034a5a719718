// pion: certificate.go
#include "dtls/certificate.hpp"

#include <botan/pkix_types.h>

#include <mutex>
#include <string>

#include "chan/fmt.hpp"
#include "dtls/errors.hpp"
#include "dtls/handshaker.hpp"

namespace dtls {

namespace {

// strings.ToLower (ASCII; Go also lowers non-ASCII letters, which DNS names do not contain)
std::string toLower(std::string s) {
  for (char& ch : s) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return s;
}

}  // namespace

// pion: certificate.go CertificateRequestInfo.SupportsCertificate
// SupportsCertificate returns nil if the provided certificate is supported by
// the server that sent the CertificateRequest. Otherwise, it returns an error
// describing the reason for the incompatibility.
// NOTE: original src: https://github.com/golang/go/blob/29b9a328d268d53833d2cc063d1d8b4bf6852675/src/crypto/tls/common.go#L1273
// (go::tls::Certificate holds its chain already parsed, so Go's "failed to parse certificate #%d
// in the chain" cannot occur here.)
go::error CertificateRequestInfo::SupportsCertificate(const go::tls::Certificate& c) const {
  if (AcceptableCAs.empty()) {
    return nullptr;
  }

  for (const auto& x509Cert : c.chain) {
    for (const auto& ca : AcceptableCAs) {
      if (x509Cert.raw_issuer_dn() == ca) {
        return nullptr;
      }
    }
  }
  return errNotAcceptableCertificateChain;
}

// pion: certificate.go handshakeConfig.setNameToCertificateLocked
void handshakeConfig::setNameToCertificateLocked() {
  std::map<std::string, std::size_t> nameToCertificate_;
  for (std::size_t i = 0; i < localCertificates.size(); ++i) {
    const go::tls::Certificate& cert = localCertificates[i];
    if (cert.chain.empty()) {
      // Go: x509.ParseCertificate(cert.Certificate[0]) failed: skip it.
      continue;
    }
    const go::x509::Certificate& x509Cert = cert.chain.front();
    // Subject.CommonName: Go keeps the last CN attribute of the subject.
    const auto cns = x509Cert.subject_info("X520.CommonName");
    if (!cns.empty() && !cns.back().empty()) {
      nameToCertificate_[toLower(cns.back())] = i;
    }
    for (const auto& san : x509Cert.subject_alt_name().get_attribute("DNS")) {
      nameToCertificate_[toLower(san)] = i;
    }
  }
  nameToCertificate = std::move(nameToCertificate_);
}

// pion: certificate.go handshakeConfig.getCertificate
std::pair<std::shared_ptr<const go::tls::Certificate>, go::error> handshakeConfig::getCertificate(
    const ClientHelloInfo* clientHelloInfo) {
  std::lock_guard lk(mu);

  if (localGetCertificate && (localCertificates.empty() || !clientHelloInfo->ServerName.empty())) {
    auto [cert, err] = localGetCertificate(clientHelloInfo);
    if (cert || err) {
      return {std::move(cert), err};
    }
  }

  if (!nameToCertificate) {
    setNameToCertificateLocked();
  }

  if (localCertificates.empty()) {
    return {nullptr, errNoCertificates};
  }

  if (localCertificates.size() == 1) {
    // There's only one choice, so no point doing any work.
    return {std::make_shared<const go::tls::Certificate>(localCertificates[0]), nullptr};
  }

  if (clientHelloInfo->ServerName.empty()) {
    return {std::make_shared<const go::tls::Certificate>(localCertificates[0]), nullptr};
  }

  std::string name = toLower(clientHelloInfo->ServerName);
  while (!name.empty() && name.back() == '.') {  // strings.TrimRight(name, ".")
    name.pop_back();
  }

  if (auto it = nameToCertificate->find(name); it != nameToCertificate->end()) {
    return {std::make_shared<const go::tls::Certificate>(localCertificates[it->second]), nullptr};
  }

  // try replacing labels in the name with wildcards until we get a
  // match.
  std::vector<std::string> labels;
  {
    std::string cur;
    for (char ch : name) {
      if (ch == '.') {
        labels.push_back(cur);
        cur.clear();
      } else {
        cur.push_back(ch);
      }
    }
    labels.push_back(cur);
  }
  for (std::size_t i = 0; i < labels.size(); ++i) {
    labels[i].assign(1, '*');  // labels[i] = "*" (operator= from a literal: GCC 12's false -Wrestrict)
    std::string candidate;
    for (std::size_t j = 0; j < labels.size(); ++j) {
      if (j) candidate += '.';
      candidate += labels[j];
    }
    if (auto it = nameToCertificate->find(candidate); it != nameToCertificate->end()) {
      return {std::make_shared<const go::tls::Certificate>(localCertificates[it->second]), nullptr};
    }
  }

  // If nothing matches, return the first certificate.
  return {std::make_shared<const go::tls::Certificate>(localCertificates[0]), nullptr};
}

// pion: certificate.go handshakeConfig.getClientCertificate
// NOTE: original src: https://github.com/golang/go/blob/29b9a328d268d53833d2cc063d1d8b4bf6852675/src/crypto/tls/handshake_client.go#L974
std::pair<std::shared_ptr<const go::tls::Certificate>, go::error> handshakeConfig::getClientCertificate(
    const CertificateRequestInfo* cri) {
  std::lock_guard lk(mu);
  if (localGetClientCertificate) {
    return localGetClientCertificate(cri);
  }

  for (const auto& chain : localCertificates) {
    if (auto err = cri->SupportsCertificate(chain)) {
      continue;
    }
    return {std::make_shared<const go::tls::Certificate>(chain), nullptr};
  }

  // No acceptable certificate found. Don't send a certificate.
  return {std::make_shared<const go::tls::Certificate>(), nullptr};
}

}  // namespace dtls
