// Go standard library crypto shims over Botan 2 (see go_crypto.hpp).
#include "dtls/pkg/crypto/ccm/go_crypto.hpp"

#include <botan/block_cipher.h>
#include <botan/cipher_mode.h>
#include <botan/exceptn.h>
#include <botan/ghash.h>
#include <botan/mem_ops.h>
#include <botan/system_rng.h>
#include <pthread.h>
#include <atomic>
#include <cstring>

#include <algorithm>

#include "chan/fmt.hpp"

namespace go::crypto {

namespace {

[[noreturn]] void panicString(const std::string& s) { throw panic_error(go::errors::New(s)); }

}  // namespace

namespace aes {

std::string KeySizeError::Error() const { return go::fmt::Sprintf("crypto/aes: invalid key size %d", size); }

namespace {

// go: crypto/aes aesCipher, backed by Botan's AES.
class aesCipher final : public cipher::Block {
 public:
  aesCipher(std::unique_ptr<Botan::BlockCipher> c, std::vector<std::uint8_t> key)
      : c_(std::move(c)), key_(std::move(key)) {}

  int BlockSize() const override { return aes::BlockSize; }

  void Encrypt(std::span<std::uint8_t> dst, std::span<const std::uint8_t> src) const override {
    if (src.size() < static_cast<std::size_t>(aes::BlockSize)) panicString("crypto/aes: input not full block");
    if (dst.size() < static_cast<std::size_t>(aes::BlockSize)) panicString("crypto/aes: output not full block");
    c_->encrypt_n(src.data(), dst.data(), 1);
  }

  void Decrypt(std::span<std::uint8_t> dst, std::span<const std::uint8_t> src) const override {
    if (src.size() < static_cast<std::size_t>(aes::BlockSize)) panicString("crypto/aes: input not full block");
    if (dst.size() < static_cast<std::size_t>(aes::BlockSize)) panicString("crypto/aes: output not full block");
    c_->decrypt_n(src.data(), dst.data(), 1);
  }

  std::string AlgorithmName() const override { return c_->name(); }
  const std::vector<std::uint8_t>& Key() const override { return key_; }

 private:
  std::unique_ptr<Botan::BlockCipher> c_;
  std::vector<std::uint8_t> key_;
};

}  // namespace

// go: crypto/aes NewCipher
std::pair<std::shared_ptr<cipher::Block>, go::error> NewCipher(std::span<const std::uint8_t> key) {
  const char* name = nullptr;
  switch (key.size()) {
    case 16:
      name = "AES-128";
      break;
    case 24:
      name = "AES-192";
      break;
    case 32:
      name = "AES-256";
      break;
    default:
      return {nullptr, go::make_error<KeySizeError>(static_cast<int>(key.size()))};
  }
  auto c = Botan::BlockCipher::create_or_throw(name);
  c->set_key(key.data(), key.size());
  return {std::make_shared<aesCipher>(std::move(c), std::vector<std::uint8_t>(key.begin(), key.end())), nullptr};
}

}  // namespace aes

namespace cipher {

namespace {

constexpr int gcmStandardNonceSize = 12;
constexpr int gcmTagSize = 16;

// go: crypto/cipher gcm (gcm.go's generic construction: counter mode from inc32(J0), GHASH over
// the additional data and the ciphertext, the tag masked with E(K, J0)), on Botan's AES
// (AES-NI) and Botan's GHASH (carry-less multiply). Botan's GCM_Mode does the same per message
// but also fills a 256-byte keystream on every nonce and allocates from its locked memory pool
// (a mutex) several times; a 16-byte record cost 370 ns to seal through it.
class gcm final : public AEAD {
 public:
  gcm(std::unique_ptr<Botan::BlockCipher> block, std::span<const std::uint8_t> key)
      : block_(std::move(block)), ghash_(std::make_unique<Botan::GHASH>()) {
    block_->set_key(key.data(), key.size());
    std::uint8_t h[gcmBlockSize] = {};
    block_->encrypt(h);  // H = E(K, 0^128)
    ghash_->set_key(h, sizeof h);
    Botan::secure_scrub_memory(h, sizeof h);
  }
  ~gcm() override { Botan::secure_scrub_memory(ks_.data(), ks_.size()); }

  int NonceSize() const override { return gcmStandardNonceSize; }
  int Overhead() const override { return gcmTagSize; }

  std::vector<std::uint8_t> Seal(std::vector<std::uint8_t> dst, std::span<const std::uint8_t> nonce,
                                 std::span<const std::uint8_t> plaintext,
                                 std::span<const std::uint8_t> additionalData) override {
    if (nonce.size() != static_cast<std::size_t>(gcmStandardNonceSize)) {
      panicString("crypto/cipher: incorrect nonce length given to GCM");
    }
    if (plaintext.size() > gcmMaxPlaintext) {
      panicString("crypto/cipher: message too large for GCM");
    }
    const std::size_t off = dst.size();
    dst.reserve(off + plaintext.size() + gcmTagSize);
    dst.insert(dst.end(), plaintext.begin(), plaintext.end());
    dst.resize(off + plaintext.size() + gcmTagSize);
    std::uint8_t* out = dst.data() + off;
    std::lock_guard<std::mutex> lock(mu_);
    keystream(nonce, plaintext.size());
    xorKeystream(out, plaintext.size());
    auth(out + plaintext.size(), out, plaintext.size(), additionalData);
    return dst;
  }

  std::pair<std::vector<std::uint8_t>, go::error> Open(std::vector<std::uint8_t> dst,
                                                       std::span<const std::uint8_t> nonce,
                                                       std::span<const std::uint8_t> ciphertext,
                                                       std::span<const std::uint8_t> additionalData) override {
    if (nonce.size() != static_cast<std::size_t>(gcmStandardNonceSize)) {
      panicString("crypto/cipher: incorrect nonce length given to GCM");
    }
    if (ciphertext.size() < static_cast<std::size_t>(gcmTagSize) ||
        ciphertext.size() > gcmMaxPlaintext + gcmTagSize) {
      return {{}, errOpen};
    }
    const std::size_t body = ciphertext.size() - gcmTagSize;
    std::lock_guard<std::mutex> lock(mu_);
    // Authenticate first; on a bad tag nothing is decrypted and dst is dropped (Go clears the
    // plaintext it wrote; here none was written).
    keystream(nonce, body);
    std::uint8_t expected[gcmTagSize];
    auth(expected, ciphertext.data(), body, additionalData);
    const bool ok = Botan::constant_time_compare(expected, ciphertext.data() + body, gcmTagSize);
    Botan::secure_scrub_memory(expected, sizeof expected);
    if (!ok) {
      return {{}, errOpen};
    }
    const std::size_t off = dst.size();
    dst.insert(dst.end(), ciphertext.begin(), ciphertext.begin() + static_cast<std::ptrdiff_t>(body));
    xorKeystream(dst.data() + off, body);
    return {std::move(dst), nullptr};
  }

 private:
  static constexpr std::size_t gcmBlockSize = 16;
  // gcm.go's limit: the 32-bit block counter must not wrap, ((1<<32) - 2) blocks.
  static constexpr std::uint64_t gcmMaxPlaintext = ((std::uint64_t{1} << 32) - 2) * gcmBlockSize;

  // ks_ = E(K, J0) followed by E(K, inc32^i(J0)) for the n bytes' blocks, J0 = nonce || 1.
  void keystream(std::span<const std::uint8_t> nonce, std::size_t n) {
    const std::size_t blocks = 1 + (n + gcmBlockSize - 1) / gcmBlockSize;
    ks_.resize(blocks * gcmBlockSize);
    std::uint8_t* b = ks_.data();
    for (std::size_t i = 0; i < blocks; i++, b += gcmBlockSize) {
      std::memcpy(b, nonce.data(), gcmStandardNonceSize);
      const auto ctr = static_cast<std::uint32_t>(1 + i);  // wraps mod 2^32, as gcmInc32
      b[12] = static_cast<std::uint8_t>(ctr >> 24);
      b[13] = static_cast<std::uint8_t>(ctr >> 16);
      b[14] = static_cast<std::uint8_t>(ctr >> 8);
      b[15] = static_cast<std::uint8_t>(ctr);
    }
    block_->encrypt_n(ks_.data(), ks_.data(), blocks);
  }

  void xorKeystream(std::uint8_t* p, std::size_t n) const { Botan::xor_buf(p, ks_.data() + gcmBlockSize, n); }

  // tag = GHASH_H(A, C) xor E(K, J0), written to tag[0..16).
  void auth(std::uint8_t* tag, const std::uint8_t* ciphertext, std::size_t n, std::span<const std::uint8_t> ad) {
    ghash_->set_associated_data(ad.data(), ad.size());
    ghash_->start(ks_.data(), gcmBlockSize);
    ghash_->update(ciphertext, n);  // one call: GHASH zero-pads only the last partial block
    ghash_->final(tag, gcmTagSize);
  }

  std::mutex mu_;  // Go's gcm is safe for concurrent use; Botan's objects keep state
  std::unique_ptr<Botan::BlockCipher> block_;
  std::unique_ptr<Botan::GHASH> ghash_;
  Botan::secure_vector<std::uint8_t> ks_;
};

// go: crypto/cipher cbcEncrypter / cbcDecrypter, backed by Botan's CBC/NoPadding.
class cbc final : public BlockMode, public ivSetter {
 public:
  cbc(std::unique_ptr<Botan::Cipher_Mode> mode, int blockSize, std::span<const std::uint8_t> iv, bool encrypt)
      : mode_(std::move(mode)), blockSize_(blockSize), iv_(iv.begin(), iv.end()), encrypt_(encrypt) {}

  int BlockSize() const override { return blockSize_; }

  void CryptBlocks(std::span<std::uint8_t> dst, std::span<const std::uint8_t> src) override {
    if (src.size() % static_cast<std::size_t>(blockSize_) != 0) panicString("crypto/cipher: input not full blocks");
    if (dst.size() < src.size()) panicString("crypto/cipher: output smaller than input");
    if (src.empty()) return;
    Botan::secure_vector<std::uint8_t> buf(src.begin(), src.end());
    std::vector<std::uint8_t> nextIV;
    if (!encrypt_) nextIV.assign(src.end() - blockSize_, src.end());  // last ciphertext block
    mode_->start(iv_.data(), iv_.size());
    mode_->finish(buf);
    if (encrypt_) nextIV.assign(buf.end() - blockSize_, buf.end());
    std::copy(buf.begin(), buf.end(), dst.begin());
    iv_ = std::move(nextIV);
  }

  void SetIV(std::span<const std::uint8_t> iv) override {
    if (iv.size() != iv_.size()) panicString("cipher: incorrect length IV");
    iv_.assign(iv.begin(), iv.end());
  }

 private:
  std::unique_ptr<Botan::Cipher_Mode> mode_;
  int blockSize_;
  std::vector<std::uint8_t> iv_;
  bool encrypt_;
};

std::shared_ptr<BlockMode> newCBC(const std::shared_ptr<Block>& b, std::span<const std::uint8_t> iv, bool encrypt) {
  if (iv.size() != static_cast<std::size_t>(b->BlockSize())) {
    panicString(encrypt ? "cipher.NewCBCEncrypter: IV length must equal block size"
                        : "cipher.NewCBCDecrypter: IV length must equal block size");
  }
  auto mode = Botan::Cipher_Mode::create_or_throw(b->AlgorithmName() + "/CBC/NoPadding",
                                                  encrypt ? Botan::ENCRYPTION : Botan::DECRYPTION);
  mode->set_key(b->Key().data(), b->Key().size());
  return std::make_shared<cbc>(std::move(mode), b->BlockSize(), iv, encrypt);
}

}  // namespace

// go: crypto/cipher NewGCM
std::pair<std::shared_ptr<AEAD>, go::error> NewGCM(const std::shared_ptr<Block>& cipher) {
  if (cipher->BlockSize() != 16) {
    return {nullptr, go::errors::New("cipher: NewGCM requires 128-bit block cipher")};
  }
  return {std::make_shared<gcm>(Botan::BlockCipher::create_or_throw(cipher->AlgorithmName()), cipher->Key()), nullptr};
}

// go: crypto/cipher NewCBCEncrypter
std::shared_ptr<BlockMode> NewCBCEncrypter(const std::shared_ptr<Block>& b, std::span<const std::uint8_t> iv) {
  return newCBC(b, iv, true);
}

// go: crypto/cipher NewCBCDecrypter
std::shared_ptr<BlockMode> NewCBCDecrypter(const std::shared_ptr<Block>& b, std::span<const std::uint8_t> iv) {
  return newCBC(b, iv, false);
}

}  // namespace cipher

namespace rand {

namespace {

// The OS's randomness (getrandom), drawn 4 KiB at a time into a per-thread pool and handed out
// once: a record's 8-byte explicit nonce then costs a copy instead of a system call (the call
// was most of the cost of sealing a small record). A forked child never reuses its parent's
// pool: fork bumps the generation and every pool refills on its next use.
std::atomic<std::uint64_t> fork_generation{0};
struct random_pool {
  static constexpr std::size_t kSize = 4096;
  std::uint8_t bytes[kSize];
  std::size_t left = 0;
  std::uint64_t generation = ~std::uint64_t{0};
  ~random_pool() { Botan::secure_scrub_memory(bytes, sizeof bytes); }
};
thread_local random_pool tl_pool;
const bool fork_hook_installed = [] {
  ::pthread_atfork(nullptr, nullptr, [] { fork_generation.fetch_add(1, std::memory_order_relaxed); });
  return true;
}();

}  // namespace

// go: crypto/rand Read
std::pair<int, go::error> Read(std::span<std::uint8_t> b) {
  (void)fork_hook_installed;
  if (b.empty()) {
    return {0, nullptr};
  }
  try {
    if (b.size() > 64) {
      Botan::system_rng().randomize(b.data(), b.size());
      return {static_cast<int>(b.size()), nullptr};
    }
    random_pool& pool = tl_pool;
    const auto gen = fork_generation.load(std::memory_order_relaxed);
    if (pool.generation != gen || pool.left < b.size()) {
      Botan::system_rng().randomize(pool.bytes, random_pool::kSize);
      pool.left = random_pool::kSize;
      pool.generation = gen;
    }
    std::uint8_t* src = pool.bytes + (random_pool::kSize - pool.left);
    std::memcpy(b.data(), src, b.size());
    Botan::secure_scrub_memory(src, b.size());  // handed out once, never kept
    pool.left -= b.size();
  } catch (const std::exception& e) {
    return {0, go::errors::New(e.what())};
  }
  return {static_cast<int>(b.size()), nullptr};
}

}  // namespace rand

namespace subtle {

// go: crypto/subtle ConstantTimeCompare
int ConstantTimeCompare(std::span<const std::uint8_t> x, std::span<const std::uint8_t> y) {
  if (x.size() != y.size()) return 0;
  if (x.empty()) return 1;
  return Botan::constant_time_compare(x.data(), y.data(), x.size()) ? 1 : 0;
}

}  // namespace subtle

}  // namespace go::crypto
