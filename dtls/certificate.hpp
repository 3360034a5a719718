// pion: certificate.go (ClientHelloInfo, CertificateRequestInfo; the handshakeConfig methods
// getCertificate/getClientCertificate/setNameToCertificateLocked are declared in handshaker.hpp
// and defined in certificate.cpp, as in Go.)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "chan/error.hpp"
#include "dtls/cipher_suite.hpp"
#include "dtls/pkg/crypto/signaturehash/go_tls.hpp"

namespace dtls {

// pion: certificate.go ClientHelloInfo
// ClientHelloInfo contains information from a ClientHello message in order to
// guide application logic in the GetCertificate.
struct ClientHelloInfo {
  // ServerName indicates the name of the server requested by the client
  // in order to support virtual hosting. ServerName is only set if the
  // client is using SNI (see RFC 4366, Section 3.1).
  std::string ServerName;

  // CipherSuites lists the CipherSuites supported by the client (e.g.
  // TLS_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256).
  std::vector<CipherSuiteID> CipherSuites;
};

// pion: certificate.go CertificateRequestInfo
// CertificateRequestInfo contains information from a server's
// CertificateRequest message, which is used to demand a certificate and proof
// of control from a client.
struct CertificateRequestInfo {
  // AcceptableCAs contains zero or more, DER-encoded, X.501
  // Distinguished Names. These are the names of root or intermediate CAs
  // that the server wishes the returned certificate to be signed by. An
  // empty slice indicates that the server has no preference.
  std::vector<std::vector<std::uint8_t>> AcceptableCAs;

  // pion: certificate.go CertificateRequestInfo.SupportsCertificate
  // SupportsCertificate returns nil if the provided certificate is supported by
  // the server that sent the CertificateRequest. Otherwise, it returns an error
  // describing the reason for the incompatibility.
  go::error SupportsCertificate(const go::tls::Certificate& c) const;
};

}  // namespace dtls
