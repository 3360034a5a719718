// pion: cipher_suite.go
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/internal/ciphersuite/ciphersuite.hpp"
#include "dtls/pkg/crypto/signaturehash/go_tls.hpp"

namespace dtls {

// CipherSuiteID is an ID for our supported CipherSuites
using CipherSuiteID = internal::ciphersuite::ID;

// Supported Cipher Suites
// AES-128-CCM
inline constexpr CipherSuiteID TLS_ECDHE_ECDSA_WITH_AES_128_CCM = internal::ciphersuite::TLS_ECDHE_ECDSA_WITH_AES_128_CCM;
inline constexpr CipherSuiteID TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 = internal::ciphersuite::TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8;
// AES-128-GCM-SHA256
inline constexpr CipherSuiteID TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 = internal::ciphersuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
inline constexpr CipherSuiteID TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 = internal::ciphersuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256;
inline constexpr CipherSuiteID TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 = internal::ciphersuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384;
inline constexpr CipherSuiteID TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 = internal::ciphersuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384;
// AES-256-CBC-SHA
inline constexpr CipherSuiteID TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA = internal::ciphersuite::TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA;
inline constexpr CipherSuiteID TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA = internal::ciphersuite::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA;

inline constexpr CipherSuiteID TLS_PSK_WITH_AES_128_CCM = internal::ciphersuite::TLS_PSK_WITH_AES_128_CCM;
inline constexpr CipherSuiteID TLS_PSK_WITH_AES_128_CCM_8 = internal::ciphersuite::TLS_PSK_WITH_AES_128_CCM_8;
inline constexpr CipherSuiteID TLS_PSK_WITH_AES_256_CCM_8 = internal::ciphersuite::TLS_PSK_WITH_AES_256_CCM_8;
inline constexpr CipherSuiteID TLS_PSK_WITH_AES_128_GCM_SHA256 = internal::ciphersuite::TLS_PSK_WITH_AES_128_GCM_SHA256;
inline constexpr CipherSuiteID TLS_PSK_WITH_AES_128_CBC_SHA256 = internal::ciphersuite::TLS_PSK_WITH_AES_128_CBC_SHA256;

inline constexpr CipherSuiteID TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256 = internal::ciphersuite::TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256;

// CipherSuiteAuthenticationType controls what authentication method is using during the handshake for a CipherSuite
using CipherSuiteAuthenticationType = internal::ciphersuite::AuthenticationType;

// AuthenticationType Enums
inline constexpr CipherSuiteAuthenticationType CipherSuiteAuthenticationTypeCertificate =
    internal::ciphersuite::AuthenticationTypeCertificate;
inline constexpr CipherSuiteAuthenticationType CipherSuiteAuthenticationTypePreSharedKey =
    internal::ciphersuite::AuthenticationTypePreSharedKey;
inline constexpr CipherSuiteAuthenticationType CipherSuiteAuthenticationTypeAnonymous =
    internal::ciphersuite::AuthenticationTypeAnonymous;

// CipherSuiteKeyExchangeAlgorithm controls what exchange algorithm is using during the handshake for a CipherSuite
using CipherSuiteKeyExchangeAlgorithm = internal::ciphersuite::KeyExchangeAlgorithm;

// CipherSuiteKeyExchangeAlgorithm Bitmask
inline constexpr CipherSuiteKeyExchangeAlgorithm CipherSuiteKeyExchangeAlgorithmNone = internal::ciphersuite::KeyExchangeAlgorithmNone;
inline constexpr CipherSuiteKeyExchangeAlgorithm CipherSuiteKeyExchangeAlgorithmPsk = internal::ciphersuite::KeyExchangeAlgorithmPsk;
inline constexpr CipherSuiteKeyExchangeAlgorithm CipherSuiteKeyExchangeAlgorithmEcdhe = internal::ciphersuite::KeyExchangeAlgorithmEcdhe;

// pion: cipher_suite.go CipherSuite
// CipherSuite is an interface that all DTLS CipherSuites must satisfy
// (the abstract class is declared in internal/ciphersuite, which the suites derive from; see
// port-notes/pion-files/ciphersuite.md.) Go's interface values are shared_ptrs here; nil is null.
using CipherSuite = internal::ciphersuite::CipherSuite;

// A user-supplied list of suites: Config.CustomCipherSuites (Go: func() []CipherSuite; an empty
// std::function is Go's nil).
using CustomCipherSuitesFunc = std::function<std::vector<std::shared_ptr<CipherSuite>>()>;

// pion: cipher_suite.go CipherSuiteName
// CipherSuiteName provides the same functionality as tls.CipherSuiteName
// that appeared first in Go 1.14.
//
// Our implementation differs slightly in that it takes in a CiperSuiteID,
// like the rest of our library, instead of a uint16 like crypto/tls.
std::string CipherSuiteName(CipherSuiteID id);

// pion: cipher_suite.go cipherSuiteForID
// Taken from https://www.iana.org/assignments/tls-parameters/tls-parameters.xml
// A cipherSuite is a specific combination of key agreement, cipher and MAC
// function.
std::shared_ptr<CipherSuite> cipherSuiteForID(CipherSuiteID id, const CustomCipherSuitesFunc& customCiphers);

// pion: cipher_suite.go defaultCipherSuites
// CipherSuites we support in order of preference
std::vector<std::shared_ptr<CipherSuite>> defaultCipherSuites();

// pion: cipher_suite.go allCipherSuites
std::vector<std::shared_ptr<CipherSuite>> allCipherSuites();

// pion: cipher_suite_go114.go VersionDTLS12
// VersionDTLS12 is the DTLS version in the same style as
// VersionTLSXX from crypto/tls
inline constexpr std::uint16_t VersionDTLS12 = 0xfefd;

// pion: cipher_suite_go114.go CipherSuites
// CipherSuites returns a list of cipher suites currently implemented by this
// package, excluding those with security issues, which are returned by
// InsecureCipherSuites.
std::vector<go::tls::CipherSuite> CipherSuites();

// pion: cipher_suite_go114.go InsecureCipherSuites
// InsecureCipherSuites returns a list of cipher suites currently implemented by
// this package and which have security issues.
std::vector<go::tls::CipherSuite> InsecureCipherSuites();

// pion: cipher_suite.go cipherSuiteIDs
std::vector<std::uint16_t> cipherSuiteIDs(const std::vector<std::shared_ptr<CipherSuite>>& cipherSuites);

// pion: cipher_suite.go parseCipherSuites
// (userSelectedSuites: std::nullopt is Go's nil slice — use the defaults; an empty vector is an
// empty selection.)
std::pair<std::vector<std::shared_ptr<CipherSuite>>, go::error> parseCipherSuites(
    const std::optional<std::vector<CipherSuiteID>>& userSelectedSuites, const CustomCipherSuitesFunc& customCipherSuites,
    bool includeCertificateSuites, bool includePSKSuites);

// pion: cipher_suite.go filterCipherSuitesForCertificate
std::vector<std::shared_ptr<CipherSuite>> filterCipherSuitesForCertificate(
    const go::tls::Certificate* cert, const std::vector<std::shared_ptr<CipherSuite>>& cipherSuites);

}  // namespace dtls
