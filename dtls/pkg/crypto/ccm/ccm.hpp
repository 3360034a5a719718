// pion: pkg/crypto/ccm/ccm.go
// Package ccm implements a CCM, Counter with CBC-MAC
// as per RFC 3610.
//
// See https://tools.ietf.org/html/rfc3610
//
// Pion's Go code (lifted from https://github.com/bocajim/dtls) computes CCM by hand over a
// cipher.Block; this port keeps the package's API (NewCCM, CCM with NonceSize/Overhead/
// MaxLength/Seal/Open, MaxNonceLength and the errors) and lets Botan's CCM mode do the
// cryptography (see port-notes/pion-files/ciphersuite.md).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/crypto/ccm/go_crypto.hpp"

namespace Botan {
class AEAD_Mode;
}

namespace dtls::pkg::crypto::ccm {

namespace cipher = go::crypto::cipher;

inline constexpr int ccmBlockSize = 16;

// CCM is a block cipher in Counter with CBC-MAC mode.
// Providing authenticated encryption with associated data via the cipher.AEAD interface.
class CCM : public cipher::AEAD {
 public:
  // MaxLength returns the maxium length of plaintext in calls to Seal.
  // The maximum length of ciphertext in calls to Open is MaxLength()+Overhead().
  // The maximum length is related to CCM's `L` parameter (15-noncesize) and
  // is 1<<(8*L) - 1 (but also limited by the maxium size of an int).
  // (port: Go's int is 64 bits wide on the platforms Pion targets; std::int64_t here.)
  virtual std::int64_t MaxLength() const = 0;
};

inline const go::error errInvalidBlockSize = go::errors::New("ccm: NewCCM requires 128-bit block cipher");
inline const go::error errInvalidTagSize = go::errors::New("ccm: tagsize must be 4, 6, 8, 10, 12, 14, or 16");
inline const go::error errInvalidNonceSize = go::errors::New("ccm: invalid nonce size");
inline const go::error errPlaintextTooLong = go::errors::New("ccm: plaintext too large");
inline const go::error errOpen = go::errors::New("ccm: message authentication failed");
inline const go::error errCiphertextTooShort = go::errors::New("ccm: ciphertext too short");
inline const go::error errCiphertextTooLong = go::errors::New("ccm: ciphertext too long");
// port: Botan's CCM encodes the associated-data length in two bytes only (RFC 3610's first
// form), so it accepts at most 0xfeff bytes of associated data; Pion's Go code also implements
// the 0xfffe/0xffff forms. Longer associated data gets this error (a panic from Seal, as Pion's
// errors from tag() are).
inline const go::error errAdditionalDataTooLong = go::errors::New("ccm: additional data too large");

// port: the largest associated data Botan's CCM accepts.
inline constexpr std::size_t maxAdditionalDataLength = 0xfeff;

// ccm represents a Counter with CBC-MAC with a specific key.
class ccm final : public CCM {
 public:
  ccm(std::shared_ptr<cipher::Block> b, std::uint8_t M, std::uint8_t L, std::unique_ptr<Botan::AEAD_Mode> enc,
      std::unique_ptr<Botan::AEAD_Mode> dec);
  ~ccm() override;

  int NonceSize() const override;
  int Overhead() const override;
  std::int64_t MaxLength() const override;

  // Seal encrypts and authenticates plaintext, authenticates the
  // additional data and appends the result to dst, returning the updated
  // slice. The nonce must be NonceSize() bytes long and unique for all
  // time, for a given key.
  // The plaintext must be no longer than MaxLength() bytes long.
  //
  // (Go panics with errInvalidNonceSize / errPlaintextTooLong; the port throws
  // go::crypto::panic_error carrying that error.)
  std::vector<std::uint8_t> Seal(std::vector<std::uint8_t> dst, std::span<const std::uint8_t> nonce,
                                 std::span<const std::uint8_t> plaintext, std::span<const std::uint8_t> adata) override;

  std::pair<std::vector<std::uint8_t>, go::error> Open(std::vector<std::uint8_t> dst,
                                                       std::span<const std::uint8_t> nonce,
                                                       std::span<const std::uint8_t> ciphertext,
                                                       std::span<const std::uint8_t> adata) override;

 private:
  std::shared_ptr<cipher::Block> b;
  std::uint8_t M;
  std::uint8_t L;
  // port: Botan's CCM encryption/decryption objects, keyed with b's key. Botan's modes carry
  // per-message state, so calls are serialized (Go's ccm is stateless and shareable).
  std::mutex mu;
  std::unique_ptr<Botan::AEAD_Mode> enc, dec;
};

// NewCCM returns the given 128-bit block cipher wrapped in CCM.
// The tagsize must be an even integer between 4 and 16 inclusive
// and is used as CCM's `M` parameter.
// The noncesize must be an integer between 7 and 13 inclusive,
// 15-noncesize is used as CCM's `L` parameter.
std::pair<std::shared_ptr<CCM>, go::error> NewCCM(std::shared_ptr<cipher::Block> b, int tagsize, int noncesize);

std::int64_t maxlen(std::uint8_t l, int tagsize);

// MaxNonceLength returns the maximum nonce length for a given plaintext length.
// A return value <= 0 indicates that plaintext length is too large for
// any nonce length.
int MaxNonceLength(std::int64_t pdatalen);

}  // namespace dtls::pkg::crypto::ccm
