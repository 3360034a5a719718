// pion: pkg/crypto/ccm/ccm.go
#include "dtls/pkg/crypto/ccm/ccm.hpp"

#include <botan/aead.h>
#include <botan/exceptn.h>

#include <limits>
#include <string>

namespace dtls::pkg::crypto::ccm {

ccm::ccm(std::shared_ptr<cipher::Block> b_, std::uint8_t M_, std::uint8_t L_, std::unique_ptr<Botan::AEAD_Mode> enc_,
         std::unique_ptr<Botan::AEAD_Mode> dec_)
    : b(std::move(b_)), M(M_), L(L_), enc(std::move(enc_)), dec(std::move(dec_)) {}

ccm::~ccm() = default;

// pion: pkg/crypto/ccm/ccm.go NewCCM
std::pair<std::shared_ptr<CCM>, go::error> NewCCM(std::shared_ptr<cipher::Block> b, int tagsize, int noncesize) {
  if (b->BlockSize() != ccmBlockSize) {
    return {nullptr, errInvalidBlockSize};
  }
  if (tagsize < 4 || tagsize > 16 || (tagsize & 1) != 0) {
    return {nullptr, errInvalidTagSize};
  }
  const int lensize = 15 - noncesize;
  if (lensize < 2 || lensize > 8) {
    return {nullptr, errInvalidNonceSize};
  }
  // port: Botan's CCM(tag_size, L) does the work of Pion's tag()/cbcRound()/cbcData() and the
  // CTR stream. Its parameter checks (even tag 4..16, L 2..8) are exactly the ones above.
  const std::string name = b->AlgorithmName() + "/CCM(" + std::to_string(tagsize) + "," + std::to_string(lensize) + ")";
  auto enc = Botan::AEAD_Mode::create_or_throw(name, Botan::ENCRYPTION);
  auto dec = Botan::AEAD_Mode::create_or_throw(name, Botan::DECRYPTION);
  enc->set_key(b->Key().data(), b->Key().size());
  dec->set_key(b->Key().data(), b->Key().size());
  auto c = std::make_shared<ccm>(b, static_cast<std::uint8_t>(tagsize), static_cast<std::uint8_t>(lensize),
                                 std::move(enc), std::move(dec));
  return {std::move(c), nullptr};
}

// pion: pkg/crypto/ccm/ccm.go ccm.NonceSize
int ccm::NonceSize() const { return 15 - static_cast<int>(L); }
// pion: pkg/crypto/ccm/ccm.go ccm.Overhead
int ccm::Overhead() const { return static_cast<int>(M); }
// pion: pkg/crypto/ccm/ccm.go ccm.MaxLength
std::int64_t ccm::MaxLength() const { return maxlen(L, Overhead()); }

// pion: pkg/crypto/ccm/ccm.go maxlen
std::int64_t maxlen(std::uint8_t l, int tagsize) {
  // Go's `uint64(1) << (8 * l)` is 0 once the shift reaches 64; C++ would be undefined there.
  std::uint64_t max = (l >= 8) ? std::numeric_limits<std::uint64_t>::max() : (std::uint64_t{1} << (8 * l)) - 1;
  if (const std::uint64_t m64 =
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) - static_cast<std::uint64_t>(tagsize);
      l > 8 || max > m64) {
    max = m64;  // The maximum lentgh on a 64bit arch
  }
  // (Go's `max != uint64(int(max))` 32-bit branch cannot trigger with a 64-bit int.)
  return static_cast<std::int64_t>(max);
}

// pion: pkg/crypto/ccm/ccm.go MaxNonceLength
int MaxNonceLength(std::int64_t pdatalen) {
  constexpr int tagsize = 16;
  for (int L = 2; L <= 8; L++) {
    if (maxlen(static_cast<std::uint8_t>(L), tagsize) >= pdatalen) {
      return 15 - L;
    }
  }
  return 0;
}

// pion: pkg/crypto/ccm/ccm.go ccm.Seal
std::vector<std::uint8_t> ccm::Seal(std::vector<std::uint8_t> dst, std::span<const std::uint8_t> nonce,
                                    std::span<const std::uint8_t> plaintext, std::span<const std::uint8_t> adata) {
  // The checks of Pion's tag(); "The cipher.AEAD interface doesn't allow for an error return."
  if (nonce.size() != static_cast<std::size_t>(NonceSize())) {
    throw go::crypto::panic_error(errInvalidNonceSize);
  }
  if (static_cast<std::uint64_t>(plaintext.size()) > static_cast<std::uint64_t>(MaxLength())) {
    throw go::crypto::panic_error(errPlaintextTooLong);
  }
  if (adata.size() > maxAdditionalDataLength) {
    throw go::crypto::panic_error(errAdditionalDataTooLong);
  }

  Botan::secure_vector<std::uint8_t> out(plaintext.begin(), plaintext.end());
  {
    std::lock_guard<std::mutex> lock(mu);
    enc->set_associated_data(adata.data(), adata.size());
    enc->start(nonce.data(), nonce.size());
    enc->finish(out);  // ciphertext || tag
  }
  dst.insert(dst.end(), out.begin(), out.end());
  return dst;
}

// pion: pkg/crypto/ccm/ccm.go ccm.Open
std::pair<std::vector<std::uint8_t>, go::error> ccm::Open(std::vector<std::uint8_t> dst,
                                                          std::span<const std::uint8_t> nonce,
                                                          std::span<const std::uint8_t> ciphertext,
                                                          std::span<const std::uint8_t> adata) {
  if (ciphertext.size() < static_cast<std::size_t>(M)) {
    return {{}, errCiphertextTooShort};
  }
  if (static_cast<std::uint64_t>(ciphertext.size()) >
      static_cast<std::uint64_t>(MaxLength()) + static_cast<std::uint64_t>(Overhead())) {
    return {{}, errCiphertextTooLong};
  }
  // Pion reports a wrong nonce size from tag(), after decrypting.
  if (nonce.size() != static_cast<std::size_t>(NonceSize())) {
    return {{}, errInvalidNonceSize};
  }
  if (adata.size() > maxAdditionalDataLength) {
    return {{}, errAdditionalDataTooLong};
  }

  // Cannot decrypt directly to dst since we're not supposed to
  // reveal the plaintext to the caller if authentication fails.
  Botan::secure_vector<std::uint8_t> plaintext(ciphertext.begin(), ciphertext.end());
  try {
    std::lock_guard<std::mutex> lock(mu);
    dec->set_associated_data(adata.data(), adata.size());
    dec->start(nonce.data(), nonce.size());
    dec->finish(plaintext);  // checks the tag in constant time
  } catch (const Botan::Invalid_Authentication_Tag&) {
    return {{}, errOpen};
  }
  dst.insert(dst.end(), plaintext.begin(), plaintext.end());
  return {std::move(dst), nullptr};
}

}  // namespace dtls::pkg::crypto::ccm
