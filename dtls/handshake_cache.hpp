// pion: handshake_cache.go
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <tuple>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "chan/sync.hpp"
#include "dtls/internal/ciphersuite/ciphersuite.hpp"
#include "dtls/pkg/crypto/prf/prf.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"

namespace dtls {

// pion: handshake_cache.go handshakeCacheItem
struct handshakeCacheItem {
  pkg::protocol::handshake::Type typ{};
  bool isClient = false;
  std::uint16_t epoch = 0;
  std::uint16_t messageSequence = 0;
  std::vector<std::uint8_t> data;
};

// pion: handshake_cache.go handshakeCachePullRule
struct handshakeCachePullRule {
  pkg::protocol::handshake::Type typ{};
  std::uint16_t epoch = 0;
  bool isClient = false;
  bool optional = false;
};

// pion: handshake_cache.go handshakeCache
class handshakeCache {
 public:
  handshakeCache() = default;
  handshakeCache(const handshakeCache&) = delete;  // holds a mutex, as Go's must not be copied
  handshakeCache& operator=(const handshakeCache&) = delete;

  // pion: handshake_cache.go handshakeCache.push
  void push(std::span<const std::uint8_t> data, std::uint16_t epoch, std::uint16_t messageSequence,
            pkg::protocol::handshake::Type typ, bool isClient);

  // pion: handshake_cache.go handshakeCache.pull
  // returns a list handshakes that match the requested rules
  // the list will contain null entries for rules that can't be satisfied
  // multiple entries may match a rule, but only the last match is returned (ie ClientHello with cookies)
  // (Go's variadic rules are a span; the items are shared with the cache, as Go's pointers are.)
  std::vector<std::shared_ptr<const handshakeCacheItem>> pull(std::span<const handshakeCachePullRule> rules);

  // pion: handshake_cache.go handshakeCache.fullPullMap
  // fullPullMap pulls all handshakes between rules[0] to rules[len(rules)-1] as map.
  // cipherSuite may be null (Go: nil interface). Port note: Go's parameter type is the top-level
  // dtls.CipherSuite interface (cipher_suite.go, not ported yet); its C++ form is the abstract
  // class internal::ciphersuite::CipherSuite (see port-notes/pion-files/ciphersuite.md).
  std::tuple<int, std::map<pkg::protocol::handshake::Type, std::shared_ptr<pkg::protocol::handshake::Message>>, bool>
  fullPullMap(int startSeq, const std::shared_ptr<internal::ciphersuite::CipherSuite>& cipherSuite,
              std::span<const handshakeCachePullRule> rules);

  // pion: handshake_cache.go handshakeCache.pullAndMerge
  // pullAndMerge calls pull and then merges the results, ignoring any null entries
  std::vector<std::uint8_t> pullAndMerge(std::span<const handshakeCachePullRule> rules);

  // pion: handshake_cache.go handshakeCache.sessionHash
  // sessionHash returns the session hash for Extended Master Secret support
  // https://tools.ietf.org/html/draft-ietf-tls-session-hash-06#section-4
  // (Go's variadic `additional ...[]byte` is a span of byte vectors.)
  std::pair<std::vector<std::uint8_t>, go::error> sessionHash(
      const pkg::crypto::prf::HashFunc& hf, std::uint16_t epoch,
      std::span<const std::vector<std::uint8_t>> additional = {});

 private:
  std::vector<std::shared_ptr<const handshakeCacheItem>> cache;
  go::sync::Mutex mu;
};

}  // namespace dtls
