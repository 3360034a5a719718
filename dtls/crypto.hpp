// pion: crypto.go
#pragma once

#include <botan/pk_keys.h>

#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/go_x509.hpp"
#include "dtls/pkg/crypto/elliptic/elliptic.hpp"
#include "dtls/pkg/crypto/hash/hash.hpp"

namespace dtls {

// pion: crypto.go valueKeyMessage
std::vector<std::uint8_t> valueKeyMessage(std::span<const std::uint8_t> clientRandom,
                                          std::span<const std::uint8_t> serverRandom,
                                          std::span<const std::uint8_t> publicKey, pkg::crypto::elliptic::Curve namedCurve);

// pion: crypto.go generateKeySignature
// If the client provided a "signature_algorithms" extension, then all
// certificates provided by the server MUST be signed by a
// hash/signature algorithm pair that appears in that extension
//
// https://tools.ietf.org/html/rfc5246#section-7.4.2
std::pair<std::vector<std::uint8_t>, go::error> generateKeySignature(
    std::span<const std::uint8_t> clientRandom, std::span<const std::uint8_t> serverRandom,
    std::span<const std::uint8_t> publicKey, pkg::crypto::elliptic::Curve namedCurve,
    const std::shared_ptr<Botan::Private_Key>& privateKey, pkg::crypto::hash::Algorithm hashAlgorithm);

// pion: crypto.go verifyKeySignature
go::error verifyKeySignature(std::span<const std::uint8_t> message, std::span<const std::uint8_t> remoteKeySignature,
                             pkg::crypto::hash::Algorithm hashAlgorithm,
                             const std::vector<std::vector<std::uint8_t>>& rawCertificates);

// pion: crypto.go generateCertificateVerify
// If the server has sent a CertificateRequest message, the client MUST send the Certificate
// message.  The ClientKeyExchange message is now sent, and the content
// of that message will depend on the public key algorithm selected
// between the ClientHello and the ServerHello.  If the client has sent
// a certificate with signing ability, a digitally-signed
// CertificateVerify message is sent to explicitly verify possession of
// the private key in the certificate.
// https://tools.ietf.org/html/rfc5246#section-7.3
std::pair<std::vector<std::uint8_t>, go::error> generateCertificateVerify(
    std::span<const std::uint8_t> handshakeBodies, const std::shared_ptr<Botan::Private_Key>& privateKey,
    pkg::crypto::hash::Algorithm hashAlgorithm);

// pion: crypto.go verifyCertificateVerify
go::error verifyCertificateVerify(std::span<const std::uint8_t> handshakeBodies, pkg::crypto::hash::Algorithm hashAlgorithm,
                                  std::span<const std::uint8_t> remoteKeySignature,
                                  const std::vector<std::vector<std::uint8_t>>& rawCertificates);

// pion: crypto.go loadCerts
std::pair<std::vector<go::x509::Certificate>, go::error> loadCerts(const std::vector<std::vector<std::uint8_t>>& rawCertificates);

// pion: crypto.go verifyClientCert
std::pair<std::vector<std::vector<go::x509::Certificate>>, go::error> verifyClientCert(
    const std::vector<std::vector<std::uint8_t>>& rawCertificates, const std::shared_ptr<go::x509::CertPool>& roots);

// pion: crypto.go verifyServerCert
std::pair<std::vector<std::vector<go::x509::Certificate>>, go::error> verifyServerCert(
    const std::vector<std::vector<std::uint8_t>>& rawCertificates, const std::shared_ptr<go::x509::CertPool>& roots,
    const std::string& serverName);

}  // namespace dtls
