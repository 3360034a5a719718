// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_cbc_sha.go
#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_cbc_sha.hpp"

#include "chan/fmt.hpp"
#include "dtls/pkg/crypto/hash/go_crypto_hash.hpp"

namespace dtls::internal::ciphersuite {

namespace clientcertificate = pkg::crypto::clientcertificate;
namespace prf = pkg::crypto::prf;
namespace recordlayer = pkg::protocol::recordlayer;

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_cbc_sha.go TLSEcdheEcdsaWithAes256CbcSha.CertificateType
clientcertificate::Type TLSEcdheEcdsaWithAes256CbcSha::CertificateType() const { return clientcertificate::ECDSASign; }

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_cbc_sha.go TLSEcdheEcdsaWithAes256CbcSha.KeyExchangeAlgorithm
ciphersuite::KeyExchangeAlgorithm TLSEcdheEcdsaWithAes256CbcSha::KeyExchangeAlgorithm() const {
  return KeyExchangeAlgorithmEcdhe;
}

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_cbc_sha.go TLSEcdheEcdsaWithAes256CbcSha.ECC
bool TLSEcdheEcdsaWithAes256CbcSha::ECC() const { return true; }

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_cbc_sha.go TLSEcdheEcdsaWithAes256CbcSha.ID
ciphersuite::ID TLSEcdheEcdsaWithAes256CbcSha::ID() const { return TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA; }

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_cbc_sha.go TLSEcdheEcdsaWithAes256CbcSha.String
std::string TLSEcdheEcdsaWithAes256CbcSha::String() const { return "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"; }

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_cbc_sha.go TLSEcdheEcdsaWithAes256CbcSha.HashFunc
prf::HashFunc TLSEcdheEcdsaWithAes256CbcSha::HashFunc() const {
  return [] { return go::crypto::New(go::crypto::SHA256); };  // sha256.New
}

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_cbc_sha.go TLSEcdheEcdsaWithAes256CbcSha.AuthenticationType
ciphersuite::AuthenticationType TLSEcdheEcdsaWithAes256CbcSha::AuthenticationType() const {
  return AuthenticationTypeCertificate;
}

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_cbc_sha.go TLSEcdheEcdsaWithAes256CbcSha.IsInitialized
bool TLSEcdheEcdsaWithAes256CbcSha::IsInitialized() const { return cbc.load() != nullptr; }

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_cbc_sha.go TLSEcdheEcdsaWithAes256CbcSha.Init
go::error TLSEcdheEcdsaWithAes256CbcSha::Init(std::span<const std::uint8_t> masterSecret,
                                              std::span<const std::uint8_t> clientRandom,
                                              std::span<const std::uint8_t> serverRandom, bool isClient) {
  constexpr int prfMacLen = 20;
  constexpr int prfKeyLen = 32;
  constexpr int prfIvLen = 16;

  auto [keys, err] = prf::GenerateEncryptionKeys(masterSecret, clientRandom, serverRandom, prfMacLen, prfKeyLen,
                                                 prfIvLen, TLSEcdheEcdsaWithAes256CbcSha::HashFunc());
  if (err) {
    return err;
  }

  std::shared_ptr<pkg::crypto::ciphersuite::CBC> b;
  go::error berr;
  if (isClient) {
    std::tie(b, berr) = pkg::crypto::ciphersuite::NewCBC(keys->ClientWriteKey, keys->ClientWriteIV, keys->ClientMACKey,
                                                         keys->ServerWriteKey, keys->ServerWriteIV, keys->ServerMACKey,
                                                         [] { return go::crypto::New(go::crypto::SHA1); }  // sha1.New
    );
  } else {
    std::tie(b, berr) = pkg::crypto::ciphersuite::NewCBC(keys->ServerWriteKey, keys->ServerWriteIV, keys->ServerMACKey,
                                                         keys->ClientWriteKey, keys->ClientWriteIV, keys->ClientMACKey,
                                                         [] { return go::crypto::New(go::crypto::SHA1); }  // sha1.New
    );
  }
  cbc.store(b);

  return berr;
}

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_cbc_sha.go TLSEcdheEcdsaWithAes256CbcSha.Encrypt
std::pair<std::vector<std::uint8_t>, go::error> TLSEcdheEcdsaWithAes256CbcSha::Encrypt(
    const recordlayer::RecordLayer& pkt, std::span<const std::uint8_t> raw) {
  auto cipherSuite = cbc.load();
  if (!cipherSuite) {
    return {{}, go::fmt::Errorf("%w, unable to encrypt", errCipherSuiteNotInit)};
  }

  return cipherSuite->Encrypt(pkt, raw);
}

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_cbc_sha.go TLSEcdheEcdsaWithAes256CbcSha.Decrypt
std::pair<std::vector<std::uint8_t>, go::error> TLSEcdheEcdsaWithAes256CbcSha::Decrypt(
    std::span<const std::uint8_t> raw) {
  auto cipherSuite = cbc.load();
  if (!cipherSuite) {
    return {{}, go::fmt::Errorf("%w, unable to decrypt", errCipherSuiteNotInit)};
  }

  return cipherSuite->Decrypt(raw);
}

}  // namespace dtls::internal::ciphersuite
