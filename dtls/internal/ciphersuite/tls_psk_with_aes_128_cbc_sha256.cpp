// pion: internal/ciphersuite/tls_psk_with_aes_128_cbc_sha256.go
#include "dtls/internal/ciphersuite/tls_psk_with_aes_128_cbc_sha256.hpp"

#include "chan/fmt.hpp"
#include "dtls/pkg/crypto/hash/go_crypto_hash.hpp"

namespace dtls::internal::ciphersuite {

namespace clientcertificate = pkg::crypto::clientcertificate;
namespace prf = pkg::crypto::prf;
namespace recordlayer = pkg::protocol::recordlayer;

// pion: internal/ciphersuite/tls_psk_with_aes_128_cbc_sha256.go TLSPskWithAes128CbcSha256.CertificateType
clientcertificate::Type TLSPskWithAes128CbcSha256::CertificateType() const { return clientcertificate::Type(0); }

// pion: internal/ciphersuite/tls_psk_with_aes_128_cbc_sha256.go TLSPskWithAes128CbcSha256.KeyExchangeAlgorithm
ciphersuite::KeyExchangeAlgorithm TLSPskWithAes128CbcSha256::KeyExchangeAlgorithm() const {
  return KeyExchangeAlgorithmPsk;
}

// pion: internal/ciphersuite/tls_psk_with_aes_128_cbc_sha256.go TLSPskWithAes128CbcSha256.ECC
bool TLSPskWithAes128CbcSha256::ECC() const { return false; }

// pion: internal/ciphersuite/tls_psk_with_aes_128_cbc_sha256.go TLSPskWithAes128CbcSha256.ID
ciphersuite::ID TLSPskWithAes128CbcSha256::ID() const { return TLS_PSK_WITH_AES_128_CBC_SHA256; }

// pion: internal/ciphersuite/tls_psk_with_aes_128_cbc_sha256.go TLSPskWithAes128CbcSha256.String
std::string TLSPskWithAes128CbcSha256::String() const { return "TLS_PSK_WITH_AES_128_CBC_SHA256"; }

// pion: internal/ciphersuite/tls_psk_with_aes_128_cbc_sha256.go TLSPskWithAes128CbcSha256.HashFunc
prf::HashFunc TLSPskWithAes128CbcSha256::HashFunc() const {
  return [] { return go::crypto::New(go::crypto::SHA256); };  // sha256.New
}

// pion: internal/ciphersuite/tls_psk_with_aes_128_cbc_sha256.go TLSPskWithAes128CbcSha256.AuthenticationType
ciphersuite::AuthenticationType TLSPskWithAes128CbcSha256::AuthenticationType() const {
  return AuthenticationTypePreSharedKey;
}

// pion: internal/ciphersuite/tls_psk_with_aes_128_cbc_sha256.go TLSPskWithAes128CbcSha256.IsInitialized
bool TLSPskWithAes128CbcSha256::IsInitialized() const { return cbc.load() != nullptr; }

// pion: internal/ciphersuite/tls_psk_with_aes_128_cbc_sha256.go TLSPskWithAes128CbcSha256.Init
go::error TLSPskWithAes128CbcSha256::Init(std::span<const std::uint8_t> masterSecret,
                                          std::span<const std::uint8_t> clientRandom,
                                          std::span<const std::uint8_t> serverRandom, bool isClient) {
  constexpr int prfMacLen = 32;
  constexpr int prfKeyLen = 16;
  constexpr int prfIvLen = 16;

  auto [keys, err] = prf::GenerateEncryptionKeys(masterSecret, clientRandom, serverRandom, prfMacLen, prfKeyLen,
                                                 prfIvLen, TLSPskWithAes128CbcSha256::HashFunc());
  if (err) {
    return err;
  }

  std::shared_ptr<pkg::crypto::ciphersuite::CBC> b;
  go::error berr;
  if (isClient) {
    std::tie(b, berr) = pkg::crypto::ciphersuite::NewCBC(keys->ClientWriteKey, keys->ClientWriteIV, keys->ClientMACKey,
                                                         keys->ServerWriteKey, keys->ServerWriteIV, keys->ServerMACKey,
                                                         TLSPskWithAes128CbcSha256::HashFunc()  // c.HashFunc()
    );
  } else {
    std::tie(b, berr) = pkg::crypto::ciphersuite::NewCBC(keys->ServerWriteKey, keys->ServerWriteIV, keys->ServerMACKey,
                                                         keys->ClientWriteKey, keys->ClientWriteIV, keys->ClientMACKey,
                                                         TLSPskWithAes128CbcSha256::HashFunc()  // c.HashFunc()
    );
  }
  cbc.store(b);

  return berr;
}

// pion: internal/ciphersuite/tls_psk_with_aes_128_cbc_sha256.go TLSPskWithAes128CbcSha256.Encrypt
std::pair<std::vector<std::uint8_t>, go::error> TLSPskWithAes128CbcSha256::Encrypt(const recordlayer::RecordLayer& pkt,
                                                                                   std::span<const std::uint8_t> raw) {
  auto cipherSuite = cbc.load();
  if (!cipherSuite) {
    return {{}, go::fmt::Errorf("%w, unable to encrypt", errCipherSuiteNotInit)};
  }

  return cipherSuite->Encrypt(pkt, raw);
}

// pion: internal/ciphersuite/tls_psk_with_aes_128_cbc_sha256.go TLSPskWithAes128CbcSha256.Decrypt
std::pair<std::vector<std::uint8_t>, go::error> TLSPskWithAes128CbcSha256::Decrypt(std::span<const std::uint8_t> raw) {
  auto cipherSuite = cbc.load();
  if (!cipherSuite) {
    return {{}, go::fmt::Errorf("%w, unable to decrypt", errCipherSuiteNotInit)};
  }

  return cipherSuite->Decrypt(raw);
}

}  // namespace dtls::internal::ciphersuite
