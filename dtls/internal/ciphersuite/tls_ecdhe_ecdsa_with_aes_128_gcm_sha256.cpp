// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_gcm_sha256.go
#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_gcm_sha256.hpp"

#include "chan/fmt.hpp"
#include "dtls/pkg/crypto/hash/go_crypto_hash.hpp"

namespace dtls::internal::ciphersuite {

namespace clientcertificate = pkg::crypto::clientcertificate;
namespace prf = pkg::crypto::prf;
namespace recordlayer = pkg::protocol::recordlayer;

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_gcm_sha256.go
// TLSEcdheEcdsaWithAes128GcmSha256.CertificateType
clientcertificate::Type TLSEcdheEcdsaWithAes128GcmSha256::CertificateType() const {
  return clientcertificate::ECDSASign;
}

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_gcm_sha256.go
// TLSEcdheEcdsaWithAes128GcmSha256.KeyExchangeAlgorithm
ciphersuite::KeyExchangeAlgorithm TLSEcdheEcdsaWithAes128GcmSha256::KeyExchangeAlgorithm() const {
  return KeyExchangeAlgorithmEcdhe;
}

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_gcm_sha256.go TLSEcdheEcdsaWithAes128GcmSha256.ECC
bool TLSEcdheEcdsaWithAes128GcmSha256::ECC() const { return true; }

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_gcm_sha256.go TLSEcdheEcdsaWithAes128GcmSha256.ID
ciphersuite::ID TLSEcdheEcdsaWithAes128GcmSha256::ID() const { return TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256; }

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_gcm_sha256.go TLSEcdheEcdsaWithAes128GcmSha256.String
std::string TLSEcdheEcdsaWithAes128GcmSha256::String() const { return "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"; }

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_gcm_sha256.go TLSEcdheEcdsaWithAes128GcmSha256.HashFunc
prf::HashFunc TLSEcdheEcdsaWithAes128GcmSha256::HashFunc() const {
  return [] { return go::crypto::New(go::crypto::SHA256); };  // sha256.New
}

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_gcm_sha256.go
// TLSEcdheEcdsaWithAes128GcmSha256.AuthenticationType
ciphersuite::AuthenticationType TLSEcdheEcdsaWithAes128GcmSha256::AuthenticationType() const {
  return AuthenticationTypeCertificate;
}

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_gcm_sha256.go TLSEcdheEcdsaWithAes128GcmSha256.IsInitialized
bool TLSEcdheEcdsaWithAes128GcmSha256::IsInitialized() const { return gcm.load() != nullptr; }

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_gcm_sha256.go TLSEcdheEcdsaWithAes128GcmSha256.init
go::error TLSEcdheEcdsaWithAes128GcmSha256::init(std::span<const std::uint8_t> masterSecret,
                                                 std::span<const std::uint8_t> clientRandom,
                                                 std::span<const std::uint8_t> serverRandom, bool isClient,
                                                 int prfMacLen, int prfKeyLen, int prfIvLen,
                                                 const prf::HashFunc& hashFunc) {
  auto [keys, err] =
      prf::GenerateEncryptionKeys(masterSecret, clientRandom, serverRandom, prfMacLen, prfKeyLen, prfIvLen, hashFunc);
  if (err) {
    return err;
  }

  std::shared_ptr<pkg::crypto::ciphersuite::GCM> g;
  go::error gerr;
  if (isClient) {
    std::tie(g, gerr) = pkg::crypto::ciphersuite::NewGCM(keys->ClientWriteKey, keys->ClientWriteIV,
                                                         keys->ServerWriteKey, keys->ServerWriteIV);
  } else {
    std::tie(g, gerr) = pkg::crypto::ciphersuite::NewGCM(keys->ServerWriteKey, keys->ServerWriteIV,
                                                         keys->ClientWriteKey, keys->ClientWriteIV);
  }
  gcm.store(g);
  return gerr;
}

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_gcm_sha256.go TLSEcdheEcdsaWithAes128GcmSha256.Init
go::error TLSEcdheEcdsaWithAes128GcmSha256::Init(std::span<const std::uint8_t> masterSecret,
                                                 std::span<const std::uint8_t> clientRandom,
                                                 std::span<const std::uint8_t> serverRandom, bool isClient) {
  constexpr int prfMacLen = 0;
  constexpr int prfKeyLen = 16;
  constexpr int prfIvLen = 4;

  // (Go binds c.HashFunc() statically to this type's method; so does the qualified call.)
  return init(masterSecret, clientRandom, serverRandom, isClient, prfMacLen, prfKeyLen, prfIvLen,
              TLSEcdheEcdsaWithAes128GcmSha256::HashFunc());
}

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_gcm_sha256.go TLSEcdheEcdsaWithAes128GcmSha256.Encrypt
std::pair<std::vector<std::uint8_t>, go::error> TLSEcdheEcdsaWithAes128GcmSha256::Encrypt(
    const recordlayer::RecordLayer& pkt, std::span<const std::uint8_t> raw) {
  auto cipherSuite = gcm.load();
  if (!cipherSuite) {
    return {{}, go::fmt::Errorf("%w, unable to encrypt", errCipherSuiteNotInit)};
  }

  return cipherSuite->Encrypt(pkt, raw);
}

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_gcm_sha256.go TLSEcdheEcdsaWithAes128GcmSha256.Decrypt
std::pair<std::vector<std::uint8_t>, go::error> TLSEcdheEcdsaWithAes128GcmSha256::Decrypt(
    std::span<const std::uint8_t> raw) {
  auto cipherSuite = gcm.load();
  if (!cipherSuite) {
    return {{}, go::fmt::Errorf("%w, unable to decrypt", errCipherSuiteNotInit)};
  }

  return cipherSuite->Decrypt(raw);
}

}  // namespace dtls::internal::ciphersuite
