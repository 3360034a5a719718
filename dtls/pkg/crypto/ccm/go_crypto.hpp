// Go standard library crypto shims used by the ported packages pkg/crypto/ccm and
// pkg/crypto/ciphersuite: crypto/cipher (Block, AEAD, BlockMode, NewGCM, NewCBCEncrypter,
// NewCBCDecrypter), crypto/aes (NewCipher), crypto/rand (Read) and crypto/subtle
// (ConstantTimeCompare). Every primitive is Botan 2's; this file only gives it Go's shape so
// the Pion code above it ports line by line.
//
// It lives next to pkg/crypto/ccm because ccm is the lowest ported package that needs
// crypto/cipher; namespaces follow the conventions (Go standard-library packages under go::).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "chan/error.hpp"

namespace Botan {
class BlockCipher;
class Cipher_Mode;
class AEAD_Mode;
}  // namespace Botan

namespace go::crypto {

// A Go panic raised by a crypto primitive on misuse (e.g. cipher.AEAD.Seal with a nonce of the
// wrong size). Go's panic value was an error (ccm) or a string (crypto/cipher); both are kept as
// a go::error in Err.
struct panic_error : std::runtime_error {
  explicit panic_error(go::error e) : std::runtime_error(e.Error()), Err(std::move(e)) {}
  go::error Err;
};

namespace cipher {

// A Block represents an implementation of block cipher
// using a given key. It provides the capability to encrypt
// or decrypt individual blocks. The mode implementations
// extend that capability to streams of blocks.
//
// port: Botan's modes (CCM, GCM, CBC) are built from an algorithm name and a key rather than
// from an already keyed block cipher object, so a Block also reports both (AlgorithmName, Key).
class Block {
 public:
  virtual ~Block() = default;
  // BlockSize returns the cipher's block size.
  virtual int BlockSize() const = 0;
  // Encrypt encrypts the first block in src into dst.
  // Dst and src must overlap entirely or not at all.
  virtual void Encrypt(std::span<std::uint8_t> dst, std::span<const std::uint8_t> src) const = 0;
  // Decrypt decrypts the first block in src into dst.
  // Dst and src must overlap entirely or not at all.
  virtual void Decrypt(std::span<std::uint8_t> dst, std::span<const std::uint8_t> src) const = 0;

  // port: Botan algorithm name of the block cipher ("AES-128", ...).
  virtual std::string AlgorithmName() const = 0;
  // port: the key the block was created with.
  virtual const std::vector<std::uint8_t>& Key() const = 0;
};

// AEAD is a cipher mode providing authenticated encryption with associated
// data. For a description of the methodology, see
// https://en.wikipedia.org/wiki/Authenticated_encryption.
class AEAD {
 public:
  virtual ~AEAD() = default;
  // NonceSize returns the size of the nonce that must be passed to Seal
  // and Open.
  virtual int NonceSize() const = 0;
  // Overhead returns the maximum difference between the lengths of a
  // plaintext and its ciphertext.
  virtual int Overhead() const = 0;
  // Seal encrypts and authenticates plaintext, authenticates the
  // additional data and appends the result to dst, returning the updated
  // slice. The nonce must be NonceSize() bytes long and unique for all
  // time, for a given key.
  // (Misuse, e.g. a nonce of the wrong size, throws go::crypto::panic_error as Go panics.)
  virtual std::vector<std::uint8_t> Seal(std::vector<std::uint8_t> dst, std::span<const std::uint8_t> nonce,
                                         std::span<const std::uint8_t> plaintext,
                                         std::span<const std::uint8_t> additionalData) = 0;
  // Open decrypts and authenticates ciphertext, authenticates the
  // additional data and, if successful, appends the resulting plaintext
  // to dst, returning the updated slice. The nonce must be NonceSize()
  // bytes long and both it and the additional data must match the
  // value passed to Seal.
  //
  // Even if the function fails, the contents of dst, up to its capacity,
  // may be overwritten.
  virtual std::pair<std::vector<std::uint8_t>, go::error> Open(std::vector<std::uint8_t> dst,
                                                               std::span<const std::uint8_t> nonce,
                                                               std::span<const std::uint8_t> ciphertext,
                                                               std::span<const std::uint8_t> additionalData) = 0;
};

// A BlockMode represents a block cipher running in a block-based mode (CBC,
// ECB etc).
class BlockMode {
 public:
  virtual ~BlockMode() = default;
  // BlockSize returns the mode's block size.
  virtual int BlockSize() const = 0;
  // CryptBlocks encrypts or decrypts a number of blocks. The length of
  // src must be a multiple of the block size. Dst and src must overlap
  // entirely or not at all.
  //
  // If len(dst) < len(src), CryptBlocks should panic. It is acceptable
  // to pass a dst bigger than src, and in that case, CryptBlocks will
  // only update dst[:len(src)] and will not touch the rest of dst.
  virtual void CryptBlocks(std::span<std::uint8_t> dst, std::span<const std::uint8_t> src) = 0;
};

// port: Go's cbcEncrypter/cbcDecrypter also have a SetIV method that callers reach with a type
// assertion (`.(interface{ SetIV([]byte) })`); in C++ that method is this second base class and
// the assertion a dynamic_cast.
class ivSetter {
 public:
  virtual ~ivSetter() = default;
  virtual void SetIV(std::span<const std::uint8_t> iv) = 0;
};

// Go's GCM errors.
inline const go::error errOpen = go::errors::New("cipher: message authentication failed");

// NewGCM returns the given 128-bit, block cipher wrapped in Galois Counter Mode
// with the standard nonce length.
std::pair<std::shared_ptr<AEAD>, go::error> NewGCM(const std::shared_ptr<Block>& cipher);

// NewCBCEncrypter returns a BlockMode which encrypts in cipher block chaining
// mode, using the given Block. The length of iv must be the same as the
// Block's block size.
std::shared_ptr<BlockMode> NewCBCEncrypter(const std::shared_ptr<Block>& b, std::span<const std::uint8_t> iv);

// NewCBCDecrypter returns a BlockMode which decrypts in cipher block chaining
// mode, using the given Block. The length of iv must be the same as the
// Block's block size and must match the iv used to encrypt the data.
std::shared_ptr<BlockMode> NewCBCDecrypter(const std::shared_ptr<Block>& b, std::span<const std::uint8_t> iv);

}  // namespace cipher

namespace aes {

// The AES block size in bytes.
inline constexpr int BlockSize = 16;

// KeySizeError: "crypto/aes: invalid key size N".
struct KeySizeError : go::error_value {
  explicit KeySizeError(int k) : size(k) {}
  int size;
  std::string Error() const override;
};

// NewCipher creates and returns a new cipher.Block.
// The key argument should be the AES key,
// either 16, 24, or 32 bytes to select
// AES-128, AES-192, or AES-256.
std::pair<std::shared_ptr<cipher::Block>, go::error> NewCipher(std::span<const std::uint8_t> key);

}  // namespace aes

namespace rand {

// Read is a helper function that calls Reader.Read: it fills b with cryptographically secure
// random bytes (Botan's system RNG).
std::pair<int, go::error> Read(std::span<std::uint8_t> b);

}  // namespace rand

namespace subtle {

// ConstantTimeCompare returns 1 if the two slices, x and y, have equal contents
// and 0 otherwise. The time taken is a function of the length of the slices and
// is independent of the contents.
int ConstantTimeCompare(std::span<const std::uint8_t> x, std::span<const std::uint8_t> y);

}  // namespace subtle

}  // namespace go::crypto
