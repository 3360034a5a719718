// pion: pkg/crypto/prf/prf.go
// Package prf implements TLS 1.2 Pseudorandom functions
#pragma once

#include <botan/hash.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/crypto/elliptic/elliptic.hpp"
#include "dtls/pkg/crypto/hash/go_crypto_hash.hpp"
#include "dtls/pkg/protocol/errors.hpp"

namespace dtls::pkg::crypto::prf {

inline constexpr const char* masterSecretLabel = "master secret";
inline constexpr const char* extendedMasterSecretLabel = "extended master secret";
inline constexpr const char* keyExpansionLabel = "key expansion";
inline constexpr const char* verifyDataClientLabel = "client finished";
inline constexpr const char* verifyDataServerLabel = "server finished";

// pion: pkg/crypto/prf/prf.go HashFunc
// HashFunc allows callers to decide what hash is used in PRF
// (Go: func() hash.Hash. Each call returns a fresh Botan::HashFunction, e.g.
//  `[] { return go::crypto::New(go::crypto::SHA256); }` for sha256.New.)
using HashFunc = std::function<std::unique_ptr<Botan::HashFunction>()>;

// pion: pkg/crypto/prf/prf.go EncryptionKeys
// EncryptionKeys is all the state needed for a TLS CipherSuite
struct EncryptionKeys {
  std::vector<std::uint8_t> MasterSecret;
  std::vector<std::uint8_t> ClientMACKey;
  std::vector<std::uint8_t> ServerMACKey;
  std::vector<std::uint8_t> ClientWriteKey;
  std::vector<std::uint8_t> ServerWriteKey;
  std::vector<std::uint8_t> ClientWriteIV;
  std::vector<std::uint8_t> ServerWriteIV;

  // pion: pkg/crypto/prf/prf.go EncryptionKeys.String
  std::string String() const;

  friend bool operator==(const EncryptionKeys&, const EncryptionKeys&) = default;
};

inline const go::error errInvalidNamedCurve =
    go::make_error<protocol::FatalError>(go::errors::New("invalid named curve"));

// pion: pkg/crypto/prf/prf.go PSKPreMasterSecret
// PSKPreMasterSecret generates the PSK Premaster Secret
// The premaster secret is formed as follows: if the PSK is N octets
// long, concatenate a uint16 with the value N, N zero octets, a second
// uint16 with the value N, and the PSK itself.
//
// https://tools.ietf.org/html/rfc4279#section-2
std::vector<std::uint8_t> PSKPreMasterSecret(std::span<const std::uint8_t> psk);

// pion: pkg/crypto/prf/prf.go EcdhePSKPreMasterSecret
// EcdhePSKPreMasterSecret implements TLS 1.2 Premaster Secret generation given a psk, a keypair and a curve
//
// https://datatracker.ietf.org/doc/html/rfc5489#section-2
std::pair<std::vector<std::uint8_t>, go::error> EcdhePSKPreMasterSecret(std::span<const std::uint8_t> psk,
                                                                        std::span<const std::uint8_t> publicKey,
                                                                        std::span<const std::uint8_t> privateKey,
                                                                        elliptic::Curve curve);

// pion: pkg/crypto/prf/prf.go PreMasterSecret
// PreMasterSecret implements TLS 1.2 Premaster Secret generation given a keypair and a curve
std::pair<std::vector<std::uint8_t>, go::error> PreMasterSecret(std::span<const std::uint8_t> publicKey,
                                                                std::span<const std::uint8_t> privateKey,
                                                                elliptic::Curve curve);

// pion: pkg/crypto/prf/prf.go PHash
// PHash is PRF is the SHA-256 hash function is used for all cipher suites
// defined in this TLS 1.2 document and in TLS documents published prior to this
// document when TLS 1.2 is negotiated.  New cipher suites MUST explicitly
// specify a PRF and, in general, SHOULD use the TLS PRF with SHA-256 or a
// stronger standard hash function.
//
//    P_hash(secret, seed) = HMAC_hash(secret, A(1) + seed) +
//                           HMAC_hash(secret, A(2) + seed) +
//                           HMAC_hash(secret, A(3) + seed) + ...
//
// A() is defined as:
//
//    A(0) = seed
//    A(i) = HMAC_hash(secret, A(i-1))
//
// P_hash can be iterated as many times as necessary to produce the
// required quantity of data.  For example, if P_SHA256 is being used to
// create 80 bytes of data, it will have to be iterated three times
// (through A(3)), creating 96 bytes of output data; the last 16 bytes
// of the final iteration will then be discarded, leaving 80 bytes of
// output data.
//
// https://tools.ietf.org/html/rfc4346w
std::pair<std::vector<std::uint8_t>, go::error> PHash(std::span<const std::uint8_t> secret,
                                                      std::span<const std::uint8_t> seed, int requestedLength,
                                                      const HashFunc& h);

// pion: pkg/crypto/prf/prf.go ExtendedMasterSecret
// ExtendedMasterSecret generates a Extended MasterSecret as defined in
// https://tools.ietf.org/html/rfc7627
std::pair<std::vector<std::uint8_t>, go::error> ExtendedMasterSecret(std::span<const std::uint8_t> preMasterSecret,
                                                                     std::span<const std::uint8_t> sessionHash,
                                                                     const HashFunc& h);

// pion: pkg/crypto/prf/prf.go MasterSecret
// MasterSecret generates a TLS 1.2 MasterSecret
std::pair<std::vector<std::uint8_t>, go::error> MasterSecret(std::span<const std::uint8_t> preMasterSecret,
                                                             std::span<const std::uint8_t> clientRandom,
                                                             std::span<const std::uint8_t> serverRandom,
                                                             const HashFunc& h);

// pion: pkg/crypto/prf/prf.go GenerateEncryptionKeys
// GenerateEncryptionKeys is the final step TLS 1.2 PRF. Given all state generated so far generates
// the final keys need for encryption
// (Go returns *EncryptionKeys; here a shared_ptr, null on error.)
std::pair<std::shared_ptr<EncryptionKeys>, go::error> GenerateEncryptionKeys(
    std::span<const std::uint8_t> masterSecret, std::span<const std::uint8_t> clientRandom,
    std::span<const std::uint8_t> serverRandom, int macLen, int keyLen, int ivLen, const HashFunc& h);

// pion: pkg/crypto/prf/prf.go prfVerifyData
std::pair<std::vector<std::uint8_t>, go::error> prfVerifyData(std::span<const std::uint8_t> masterSecret,
                                                              std::span<const std::uint8_t> handshakeBodies,
                                                              const std::string& label, const HashFunc& hashFunc);

// pion: pkg/crypto/prf/prf.go VerifyDataClient
// VerifyDataClient is caled on the Client Side to either verify or generate the VerifyData message
std::pair<std::vector<std::uint8_t>, go::error> VerifyDataClient(std::span<const std::uint8_t> masterSecret,
                                                                 std::span<const std::uint8_t> handshakeBodies,
                                                                 const HashFunc& h);

// pion: pkg/crypto/prf/prf.go VerifyDataServer
// VerifyDataServer is caled on the Server Side to either verify or generate the VerifyData message
std::pair<std::vector<std::uint8_t>, go::error> VerifyDataServer(std::span<const std::uint8_t> masterSecret,
                                                                 std::span<const std::uint8_t> handshakeBodies,
                                                                 const HashFunc& h);

}  // namespace dtls::pkg::crypto::prf
