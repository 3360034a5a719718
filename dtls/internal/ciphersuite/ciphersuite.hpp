// pion: internal/ciphersuite/ciphersuite.go
// Package ciphersuite provides TLS Ciphers as registered with the IANA
// https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-4
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/internal/ciphersuite/types/authentication_type.hpp"
#include "dtls/internal/ciphersuite/types/key_exchange_algorithm.hpp"
#include "dtls/pkg/crypto/clientcertificate/client_certificate.hpp"
#include "dtls/pkg/crypto/prf/prf.hpp"
#include "dtls/pkg/protocol/errors.hpp"
#include "dtls/pkg/protocol/recordlayer/recordlayer.hpp"

namespace dtls::internal::ciphersuite {

inline const go::error errCipherSuiteNotInit =
    go::make_error<pkg::protocol::TemporaryError>(go::errors::New("CipherSuite has not been initialized"));

// pion: internal/ciphersuite/ciphersuite.go ID
// ID is an ID for our supported CipherSuites
// (an unscoped enum over uint16 so that Pion's constant names stay at namespace scope; like Go's
// `type ID uint16` it can hold any uint16 value.)
enum ID : std::uint16_t {
  // Supported Cipher Suites

  // AES-128-CCM
  TLS_ECDHE_ECDSA_WITH_AES_128_CCM = 0xc0ac,
  TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 = 0xc0ae,

  // AES-128-GCM-SHA256
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 = 0xc02b,
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 = 0xc02f,

  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 = 0xc02c,
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 = 0xc030,
  // AES-256-CBC-SHA
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA = 0xc00a,
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA = 0xc014,

  TLS_PSK_WITH_AES_128_CCM = 0xc0a4,
  TLS_PSK_WITH_AES_128_CCM_8 = 0xc0a8,
  TLS_PSK_WITH_AES_256_CCM_8 = 0xc0a9,
  TLS_PSK_WITH_AES_128_GCM_SHA256 = 0x00a8,
  TLS_PSK_WITH_AES_128_CBC_SHA256 = 0x00ae,

  TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256 = 0xC037,
};

// pion: internal/ciphersuite/ciphersuite.go ID.String
std::string String(ID i);

// AuthenticationType controls what authentication method is using during the handshake
using AuthenticationType = types::AuthenticationType;

// AuthenticationType Enums
inline constexpr AuthenticationType AuthenticationTypeCertificate = types::AuthenticationTypeCertificate;
inline constexpr AuthenticationType AuthenticationTypePreSharedKey = types::AuthenticationTypePreSharedKey;
inline constexpr AuthenticationType AuthenticationTypeAnonymous = types::AuthenticationTypeAnonymous;

// KeyExchangeAlgorithm controls what exchange algorithm was chosen.
using KeyExchangeAlgorithm = types::KeyExchangeAlgorithm;

// KeyExchangeAlgorithm Bitmask
inline constexpr KeyExchangeAlgorithm KeyExchangeAlgorithmNone = types::KeyExchangeAlgorithmNone;
inline constexpr KeyExchangeAlgorithm KeyExchangeAlgorithmPsk = types::KeyExchangeAlgorithmPsk;
inline constexpr KeyExchangeAlgorithm KeyExchangeAlgorithmEcdhe = types::KeyExchangeAlgorithmEcdhe;

// port: the method set of Pion's top-level dtls.CipherSuite interface (cipher_suite.go).
// Go's suites satisfy that interface structurally; C++ classes must name a base, and the
// top-level package imports this one (not the reverse), so the abstract class is declared here
// and every suite below derives from it. The top-level port can alias it
// (`using CipherSuite = internal::ciphersuite::CipherSuite;`) or derive from it.
class CipherSuite {
 public:
  virtual ~CipherSuite() = default;

  // String of CipherSuite, only used for logging
  virtual std::string String() const = 0;

  // ID of CipherSuite.
  virtual ciphersuite::ID ID() const = 0;

  // What type of Certificate does this CipherSuite use
  virtual pkg::crypto::clientcertificate::Type CertificateType() const = 0;

  // What Hash function is used during verification
  virtual pkg::crypto::prf::HashFunc HashFunc() const = 0;

  // AuthenticationType controls what authentication method is using during the handshake
  virtual ciphersuite::AuthenticationType AuthenticationType() const = 0;

  // KeyExchangeAlgorithm controls what exchange algorithm is using during the handshake
  virtual ciphersuite::KeyExchangeAlgorithm KeyExchangeAlgorithm() const = 0;

  // ECC (Elliptic Curve Cryptography) determines whether ECC extesions will be send during handshake.
  // https://datatracker.ietf.org/doc/html/rfc4492#page-10
  virtual bool ECC() const = 0;

  // Called when keying material has been generated, should initialize the internal cipher
  virtual go::error Init(std::span<const std::uint8_t> masterSecret, std::span<const std::uint8_t> clientRandom,
                         std::span<const std::uint8_t> serverRandom, bool isClient) = 0;
  virtual bool IsInitialized() const = 0;
  virtual std::pair<std::vector<std::uint8_t>, go::error> Encrypt(const pkg::protocol::recordlayer::RecordLayer& pkt,
                                                                  std::span<const std::uint8_t> raw) = 0;
  virtual std::pair<std::vector<std::uint8_t>, go::error> Decrypt(std::span<const std::uint8_t> in) = 0;
};

}  // namespace dtls::internal::ciphersuite
