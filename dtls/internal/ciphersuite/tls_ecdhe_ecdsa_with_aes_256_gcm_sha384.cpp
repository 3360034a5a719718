// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_gcm_sha384.go
#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_gcm_sha384.hpp"

#include "dtls/pkg/crypto/hash/go_crypto_hash.hpp"

namespace dtls::internal::ciphersuite {

namespace prf = pkg::crypto::prf;

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_gcm_sha384.go TLSEcdheEcdsaWithAes256GcmSha384.ID
ciphersuite::ID TLSEcdheEcdsaWithAes256GcmSha384::ID() const { return TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384; }

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_gcm_sha384.go TLSEcdheEcdsaWithAes256GcmSha384.String
std::string TLSEcdheEcdsaWithAes256GcmSha384::String() const { return "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"; }

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_gcm_sha384.go TLSEcdheEcdsaWithAes256GcmSha384.HashFunc
prf::HashFunc TLSEcdheEcdsaWithAes256GcmSha384::HashFunc() const {
  return [] { return go::crypto::New(go::crypto::SHA384); };  // sha512.New384
}

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_gcm_sha384.go TLSEcdheEcdsaWithAes256GcmSha384.Init
go::error TLSEcdheEcdsaWithAes256GcmSha384::Init(std::span<const std::uint8_t> masterSecret,
                                                 std::span<const std::uint8_t> clientRandom,
                                                 std::span<const std::uint8_t> serverRandom, bool isClient) {
  constexpr int prfMacLen = 0;
  constexpr int prfKeyLen = 32;
  constexpr int prfIvLen = 4;

  return init(masterSecret, clientRandom, serverRandom, isClient, prfMacLen, prfKeyLen, prfIvLen,
              TLSEcdheEcdsaWithAes256GcmSha384::HashFunc());
}

}  // namespace dtls::internal::ciphersuite
