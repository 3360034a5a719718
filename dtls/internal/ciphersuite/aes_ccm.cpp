// pion: internal/ciphersuite/aes_ccm.go
#include "dtls/internal/ciphersuite/aes_ccm.hpp"

#include "chan/fmt.hpp"
#include "dtls/pkg/crypto/hash/go_crypto_hash.hpp"

namespace dtls::internal::ciphersuite {

namespace clientcertificate = pkg::crypto::clientcertificate;
namespace prf = pkg::crypto::prf;
namespace recordlayer = pkg::protocol::recordlayer;

AesCcm::AesCcm(clientcertificate::Type clientCertificateType_, ciphersuite::ID id_, bool psk_,
               pkg::crypto::ciphersuite::CCMTagLen cryptoCCMTagLen_,
               ciphersuite::KeyExchangeAlgorithm keyExchangeAlgorithm_, bool ecc_)
    : clientCertificateType(clientCertificateType_),
      id(id_),
      psk(psk_),
      keyExchangeAlgorithm(keyExchangeAlgorithm_),
      cryptoCCMTagLen(cryptoCCMTagLen_),
      ecc(ecc_) {}

// pion: internal/ciphersuite/aes_ccm.go AesCcm.CertificateType
clientcertificate::Type AesCcm::CertificateType() const { return clientCertificateType; }

// pion: internal/ciphersuite/aes_ccm.go AesCcm.ID
ciphersuite::ID AesCcm::ID() const { return id; }

// pion: internal/ciphersuite/aes_ccm.go AesCcm.String
std::string AesCcm::String() const { return ciphersuite::String(id); }

// pion: internal/ciphersuite/aes_ccm.go AesCcm.ECC
bool AesCcm::ECC() const { return ecc; }

// pion: internal/ciphersuite/aes_ccm.go AesCcm.KeyExchangeAlgorithm
ciphersuite::KeyExchangeAlgorithm AesCcm::KeyExchangeAlgorithm() const { return keyExchangeAlgorithm; }

// pion: internal/ciphersuite/aes_ccm.go AesCcm.HashFunc
prf::HashFunc AesCcm::HashFunc() const {
  return [] { return go::crypto::New(go::crypto::SHA256); };  // sha256.New
}

// pion: internal/ciphersuite/aes_ccm.go AesCcm.AuthenticationType
ciphersuite::AuthenticationType AesCcm::AuthenticationType() const {
  if (psk) {
    return AuthenticationTypePreSharedKey;
  }
  return AuthenticationTypeCertificate;
}

// pion: internal/ciphersuite/aes_ccm.go AesCcm.IsInitialized
bool AesCcm::IsInitialized() const { return ccm.load() != nullptr; }

// pion: internal/ciphersuite/aes_ccm.go AesCcm.Init
go::error AesCcm::Init(std::span<const std::uint8_t> masterSecret, std::span<const std::uint8_t> clientRandom,
                       std::span<const std::uint8_t> serverRandom, bool isClient, int prfKeyLen) {
  constexpr int prfMacLen = 0;
  constexpr int prfIvLen = 4;

  auto [keys, err] = prf::GenerateEncryptionKeys(masterSecret, clientRandom, serverRandom, prfMacLen, prfKeyLen,
                                                 prfIvLen, AesCcm::HashFunc());
  if (err) {
    return err;
  }

  std::shared_ptr<pkg::crypto::ciphersuite::CCM> c;
  go::error cerr;
  if (isClient) {
    std::tie(c, cerr) = pkg::crypto::ciphersuite::NewCCM(cryptoCCMTagLen, keys->ClientWriteKey, keys->ClientWriteIV,
                                                         keys->ServerWriteKey, keys->ServerWriteIV);
  } else {
    std::tie(c, cerr) = pkg::crypto::ciphersuite::NewCCM(cryptoCCMTagLen, keys->ServerWriteKey, keys->ServerWriteIV,
                                                         keys->ClientWriteKey, keys->ClientWriteIV);
  }
  ccm.store(c);

  return cerr;
}

// pion: internal/ciphersuite/aes_ccm.go AesCcm.Encrypt
std::pair<std::vector<std::uint8_t>, go::error> AesCcm::Encrypt(const recordlayer::RecordLayer& pkt,
                                                                std::span<const std::uint8_t> raw) {
  auto cipherSuite = ccm.load();
  if (!cipherSuite) {
    return {{}, go::fmt::Errorf("%w, unable to encrypt", errCipherSuiteNotInit)};
  }

  return cipherSuite->Encrypt(pkt, raw);
}

// pion: internal/ciphersuite/aes_ccm.go AesCcm.Decrypt
std::pair<std::vector<std::uint8_t>, go::error> AesCcm::Decrypt(std::span<const std::uint8_t> raw) {
  auto cipherSuite = ccm.load();
  if (!cipherSuite) {
    return {{}, go::fmt::Errorf("%w, unable to decrypt", errCipherSuiteNotInit)};
  }

  return cipherSuite->Decrypt(raw);
}

}  // namespace dtls::internal::ciphersuite
