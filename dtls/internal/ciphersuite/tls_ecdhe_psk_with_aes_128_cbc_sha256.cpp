// pion: internal/ciphersuite/tls_ecdhe_psk_with_aes_128_cbc_sha256.go
#include "dtls/internal/ciphersuite/tls_ecdhe_psk_with_aes_128_cbc_sha256.hpp"

#include "chan/fmt.hpp"
#include "dtls/pkg/crypto/hash/go_crypto_hash.hpp"

namespace dtls::internal::ciphersuite {

namespace clientcertificate = pkg::crypto::clientcertificate;
namespace prf = pkg::crypto::prf;
namespace recordlayer = pkg::protocol::recordlayer;

// pion: internal/ciphersuite/tls_ecdhe_psk_with_aes_128_cbc_sha256.go NewTLSEcdhePskWithAes128CbcSha256
std::shared_ptr<TLSEcdhePskWithAes128CbcSha256> NewTLSEcdhePskWithAes128CbcSha256() {
  return std::make_shared<TLSEcdhePskWithAes128CbcSha256>();
}

// pion: internal/ciphersuite/tls_ecdhe_psk_with_aes_128_cbc_sha256.go TLSEcdhePskWithAes128CbcSha256.CertificateType
clientcertificate::Type TLSEcdhePskWithAes128CbcSha256::CertificateType() const { return clientcertificate::Type(0); }

// pion: internal/ciphersuite/tls_ecdhe_psk_with_aes_128_cbc_sha256.go
// TLSEcdhePskWithAes128CbcSha256.KeyExchangeAlgorithm
ciphersuite::KeyExchangeAlgorithm TLSEcdhePskWithAes128CbcSha256::KeyExchangeAlgorithm() const {
  return (KeyExchangeAlgorithmPsk | KeyExchangeAlgorithmEcdhe);
}

// pion: internal/ciphersuite/tls_ecdhe_psk_with_aes_128_cbc_sha256.go TLSEcdhePskWithAes128CbcSha256.ECC
bool TLSEcdhePskWithAes128CbcSha256::ECC() const { return true; }

// pion: internal/ciphersuite/tls_ecdhe_psk_with_aes_128_cbc_sha256.go TLSEcdhePskWithAes128CbcSha256.ID
ciphersuite::ID TLSEcdhePskWithAes128CbcSha256::ID() const { return TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256; }

// pion: internal/ciphersuite/tls_ecdhe_psk_with_aes_128_cbc_sha256.go TLSEcdhePskWithAes128CbcSha256.String
std::string TLSEcdhePskWithAes128CbcSha256::String() const { return "TLS-ECDHE-PSK-WITH-AES-128-CBC-SHA256"; }

// pion: internal/ciphersuite/tls_ecdhe_psk_with_aes_128_cbc_sha256.go TLSEcdhePskWithAes128CbcSha256.HashFunc
prf::HashFunc TLSEcdhePskWithAes128CbcSha256::HashFunc() const {
  return [] { return go::crypto::New(go::crypto::SHA256); };  // sha256.New
}

// pion: internal/ciphersuite/tls_ecdhe_psk_with_aes_128_cbc_sha256.go TLSEcdhePskWithAes128CbcSha256.AuthenticationType
ciphersuite::AuthenticationType TLSEcdhePskWithAes128CbcSha256::AuthenticationType() const {
  return AuthenticationTypePreSharedKey;
}

// pion: internal/ciphersuite/tls_ecdhe_psk_with_aes_128_cbc_sha256.go TLSEcdhePskWithAes128CbcSha256.IsInitialized
bool TLSEcdhePskWithAes128CbcSha256::IsInitialized() const { return cbc.load() != nullptr; }

// pion: internal/ciphersuite/tls_ecdhe_psk_with_aes_128_cbc_sha256.go TLSEcdhePskWithAes128CbcSha256.Init
go::error TLSEcdhePskWithAes128CbcSha256::Init(std::span<const std::uint8_t> masterSecret,
                                               std::span<const std::uint8_t> clientRandom,
                                               std::span<const std::uint8_t> serverRandom, bool isClient) {
  constexpr int prfMacLen = 32;
  constexpr int prfKeyLen = 16;
  constexpr int prfIvLen = 16;

  auto [keys, err] = prf::GenerateEncryptionKeys(masterSecret, clientRandom, serverRandom, prfMacLen, prfKeyLen,
                                                 prfIvLen, TLSEcdhePskWithAes128CbcSha256::HashFunc());
  if (err) {
    return err;
  }

  std::shared_ptr<pkg::crypto::ciphersuite::CBC> b;
  go::error berr;
  if (isClient) {
    std::tie(b, berr) = pkg::crypto::ciphersuite::NewCBC(keys->ClientWriteKey, keys->ClientWriteIV, keys->ClientMACKey,
                                                         keys->ServerWriteKey, keys->ServerWriteIV, keys->ServerMACKey,
                                                         TLSEcdhePskWithAes128CbcSha256::HashFunc()  // c.HashFunc()
    );
  } else {
    std::tie(b, berr) = pkg::crypto::ciphersuite::NewCBC(keys->ServerWriteKey, keys->ServerWriteIV, keys->ServerMACKey,
                                                         keys->ClientWriteKey, keys->ClientWriteIV, keys->ClientMACKey,
                                                         TLSEcdhePskWithAes128CbcSha256::HashFunc()  // c.HashFunc()
    );
  }
  cbc.store(b);

  return berr;
}

// pion: internal/ciphersuite/tls_ecdhe_psk_with_aes_128_cbc_sha256.go TLSEcdhePskWithAes128CbcSha256.Encrypt
std::pair<std::vector<std::uint8_t>, go::error> TLSEcdhePskWithAes128CbcSha256::Encrypt(
    const recordlayer::RecordLayer& pkt, std::span<const std::uint8_t> raw) {
  auto cipherSuite = cbc.load();
  if (!cipherSuite) {  // !c.isInitialized()
    return {{}, go::fmt::Errorf("%w, unable to encrypt", errCipherSuiteNotInit)};
  }

  return cipherSuite->Encrypt(pkt, raw);
}

// pion: internal/ciphersuite/tls_ecdhe_psk_with_aes_128_cbc_sha256.go TLSEcdhePskWithAes128CbcSha256.Decrypt
std::pair<std::vector<std::uint8_t>, go::error> TLSEcdhePskWithAes128CbcSha256::Decrypt(
    std::span<const std::uint8_t> raw) {
  auto cipherSuite = cbc.load();
  if (!cipherSuite) {  // !c.isInitialized()
    return {{}, go::fmt::Errorf("%w, unable to decrypt", errCipherSuiteNotInit)};
  }

  return cipherSuite->Decrypt(raw);
}

}  // namespace dtls::internal::ciphersuite
