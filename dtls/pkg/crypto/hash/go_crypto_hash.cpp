// Go's crypto.Hash methods (String, Available, Size, New) over Botan hash functions.
#include "dtls/pkg/crypto/hash/go_crypto_hash.hpp"

#include <stdexcept>

namespace go::crypto {

// crypto.Hash.String
std::string String(Hash h) {
  switch (h) {
    case MD4: return "MD4";
    case MD5: return "MD5";
    case SHA1: return "SHA-1";
    case SHA224: return "SHA-224";
    case SHA256: return "SHA-256";
    case SHA384: return "SHA-384";
    case SHA512: return "SHA-512";
    case MD5SHA1: return "MD5+SHA1";
    case RIPEMD160: return "RIPEMD-160";
    case SHA3_224: return "SHA3-224";
    case SHA3_256: return "SHA3-256";
    case SHA3_384: return "SHA3-384";
    case SHA3_512: return "SHA3-512";
    case SHA512_224: return "SHA-512/224";
    case SHA512_256: return "SHA-512/256";
    case BLAKE2s_256: return "BLAKE2s-256";
    case BLAKE2b_256: return "BLAKE2b-256";
    case BLAKE2b_384: return "BLAKE2b-384";
    case BLAKE2b_512: return "BLAKE2b-512";
  }
  return "unknown hash value " + std::to_string(static_cast<unsigned>(h));
}

std::string BotanName(Hash h) {
  switch (h) {
    case MD4: return "MD4";
    case MD5: return "MD5";
    case SHA1: return "SHA-1";
    case SHA224: return "SHA-224";
    case SHA256: return "SHA-256";
    case SHA384: return "SHA-384";
    case SHA512: return "SHA-512";
    case MD5SHA1: return "";  // Go registers no implementation either
    case RIPEMD160: return "RIPEMD-160";
    case SHA3_224: return "SHA-3(224)";
    case SHA3_256: return "SHA-3(256)";
    case SHA3_384: return "SHA-3(384)";
    case SHA3_512: return "SHA-3(512)";
    case SHA512_224: return "";  // not in Botan 2
    case SHA512_256: return "SHA-512-256";
    case BLAKE2s_256: return "";  // not in Botan 2
    case BLAKE2b_256: return "BLAKE2b(256)";
    case BLAKE2b_384: return "BLAKE2b(384)";
    case BLAKE2b_512: return "BLAKE2b(512)";
  }
  return "";
}

// crypto.Hash.Available
bool Available(Hash h) {
  const std::string name = BotanName(h);
  if (name.empty()) {
    return false;
  }
  return Botan::HashFunction::create(name) != nullptr;
}

// crypto.Hash.Size
std::size_t Size(Hash h) {
  switch (h) {
    case MD4: return 16;
    case MD5: return 16;
    case SHA1: return 20;
    case SHA224: return 28;
    case SHA256: return 32;
    case SHA384: return 48;
    case SHA512: return 64;
    case MD5SHA1: return 36;
    case RIPEMD160: return 20;
    case SHA3_224: return 28;
    case SHA3_256: return 32;
    case SHA3_384: return 48;
    case SHA3_512: return 64;
    case SHA512_224: return 28;
    case SHA512_256: return 32;
    case BLAKE2s_256: return 32;
    case BLAKE2b_256: return 32;
    case BLAKE2b_384: return 48;
    case BLAKE2b_512: return 64;
  }
  throw std::invalid_argument("crypto: Size of unknown hash function");
}

// crypto.Hash.New
std::unique_ptr<Botan::HashFunction> New(Hash h) {
  const std::string name = BotanName(h);
  if (!name.empty()) {
    if (auto f = Botan::HashFunction::create(name)) {
      return f;
    }
  }
  throw std::invalid_argument("crypto: requested hash function #" + std::to_string(static_cast<unsigned>(h)) +
                              " is unavailable");
}

}  // namespace go::crypto
