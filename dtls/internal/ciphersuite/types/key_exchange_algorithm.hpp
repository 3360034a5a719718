// pion: internal/ciphersuite/types/key_exchange_algorithm.go
// Package types provides types for TLS Ciphers
#pragma once

namespace dtls::internal::ciphersuite::types {

// pion: internal/ciphersuite/types/key_exchange_algorithm.go KeyExchangeAlgorithm
// KeyExchangeAlgorithm controls what exchange algorithm was chosen.
enum KeyExchangeAlgorithm : int {
  // KeyExchangeAlgorithm Bitmask
  KeyExchangeAlgorithmNone = 0,
  KeyExchangeAlgorithmPsk = 1 << 1,    // iota << 1, iota == 1
  KeyExchangeAlgorithmEcdhe = 2 << 1,  // iota << 1, iota == 2
};

// Go's `|` and `&` on the named integer type keep the type; C++ would decay an
// unscoped enum to int, so these restore Go's typing for bitmask expressions.
constexpr KeyExchangeAlgorithm operator|(KeyExchangeAlgorithm a, KeyExchangeAlgorithm b) {
  return static_cast<KeyExchangeAlgorithm>(static_cast<int>(a) | static_cast<int>(b));
}
constexpr KeyExchangeAlgorithm operator&(KeyExchangeAlgorithm a, KeyExchangeAlgorithm b) {
  return static_cast<KeyExchangeAlgorithm>(static_cast<int>(a) & static_cast<int>(b));
}

// pion: internal/ciphersuite/types/key_exchange_algorithm.go KeyExchangeAlgorithm.Has
// Has check if keyExchangeAlgorithm is supported.
constexpr bool Has(KeyExchangeAlgorithm a, KeyExchangeAlgorithm v) { return (a & v) == v; }

}  // namespace dtls::internal::ciphersuite::types
