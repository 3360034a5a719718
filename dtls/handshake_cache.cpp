// pion: handshake_cache.go
#include "dtls/handshake_cache.hpp"

#include <mutex>

namespace dtls {

namespace handshake = pkg::protocol::handshake;
namespace prf = pkg::crypto::prf;
namespace ciphersuite = internal::ciphersuite;

// pion: handshake_cache.go newHandshakeCache
// (Go returns *handshakeCache; handshakeCache holds a mutex, so the constructor stands for it:
//  `handshakeCache h;` or std::make_shared<handshakeCache>().)

// pion: handshake_cache.go handshakeCache.push
void handshakeCache::push(std::span<const std::uint8_t> data, std::uint16_t epoch, std::uint16_t messageSequence,
                          handshake::Type typ, bool isClient) {
  std::lock_guard<go::sync::Mutex> lock(mu);

  auto item = std::make_shared<handshakeCacheItem>();
  item->data.assign(data.begin(), data.end());
  item->epoch = epoch;
  item->messageSequence = messageSequence;
  item->typ = typ;
  item->isClient = isClient;
  cache.push_back(std::move(item));
}

// pion: handshake_cache.go handshakeCache.pull
// returns a list handshakes that match the requested rules
// the list will contain null entries for rules that can't be satisfied
// multiple entries may match a rule, but only the last match is returned (ie ClientHello with cookies)
std::vector<std::shared_ptr<const handshakeCacheItem>> handshakeCache::pull(
    std::span<const handshakeCachePullRule> rules) {
  std::lock_guard<go::sync::Mutex> lock(mu);

  std::vector<std::shared_ptr<const handshakeCacheItem>> out(rules.size());
  for (std::size_t i = 0; i < rules.size(); i++) {
    const auto& r = rules[i];
    for (const auto& c : cache) {
      if (c->typ == r.typ && c->isClient == r.isClient && c->epoch == r.epoch) {
        if (out[i] == nullptr) {
          out[i] = c;
        } else if (out[i]->messageSequence < c->messageSequence) {
          out[i] = c;
        }
      }
    }
  }

  return out;
}

// pion: handshake_cache.go handshakeCache.fullPullMap
// fullPullMap pulls all handshakes between rules[0] to rules[len(rules)-1] as map.
std::tuple<int, std::map<handshake::Type, std::shared_ptr<handshake::Message>>, bool> handshakeCache::fullPullMap(
    int startSeq, const std::shared_ptr<ciphersuite::CipherSuite>& cipherSuite,
    std::span<const handshakeCachePullRule> rules) {
  std::lock_guard<go::sync::Mutex> lock(mu);

  std::map<handshake::Type, std::shared_ptr<const handshakeCacheItem>> ci;
  for (const auto& r : rules) {
    std::shared_ptr<const handshakeCacheItem> item;
    for (const auto& c : cache) {
      if (c->typ == r.typ && c->isClient == r.isClient && c->epoch == r.epoch) {
        if (item == nullptr) {
          item = c;
        } else if (item->messageSequence < c->messageSequence) {
          item = c;
        }
      }
    }
    if (!r.optional && item == nullptr) {
      // Missing mandatory message.
      return {startSeq, {}, false};
    }
    ci[r.typ] = item;
  }
  std::map<handshake::Type, std::shared_ptr<handshake::Message>> out;
  int seq = startSeq;
  for (const auto& r : rules) {
    handshake::Type t = r.typ;
    const auto& i = ci[t];
    if (i == nullptr) {
      continue;
    }
    ciphersuite::KeyExchangeAlgorithm keyExchangeAlgorithm = ciphersuite::KeyExchangeAlgorithmNone;
    if (cipherSuite != nullptr) {
      keyExchangeAlgorithm = cipherSuite->KeyExchangeAlgorithm();
    }
    handshake::Handshake rawHandshake;
    rawHandshake.KeyExchangeAlgorithm = keyExchangeAlgorithm;
    if (auto err = rawHandshake.Unmarshal(i->data)) {
      return {startSeq, {}, false};
    }
    if (static_cast<std::uint16_t>(seq) != rawHandshake.Header.MessageSequence) {
      // There is a gap. Some messages are not arrived.
      return {startSeq, {}, false};
    }
    seq++;
    out[t] = rawHandshake.Message;
  }
  return {seq, std::move(out), true};
}

// pion: handshake_cache.go handshakeCache.pullAndMerge
// pullAndMerge calls pull and then merges the results, ignoring any null entries
std::vector<std::uint8_t> handshakeCache::pullAndMerge(std::span<const handshakeCachePullRule> rules) {
  std::vector<std::uint8_t> merged;

  for (const auto& p : pull(rules)) {
    if (p != nullptr) {
      merged.insert(merged.end(), p->data.begin(), p->data.end());
    }
  }
  return merged;
}

// pion: handshake_cache.go handshakeCache.sessionHash
// sessionHash returns the session hash for Extended Master Secret support
// https://tools.ietf.org/html/draft-ietf-tls-session-hash-06#section-4
std::pair<std::vector<std::uint8_t>, go::error> handshakeCache::sessionHash(
    const prf::HashFunc& hf, std::uint16_t epoch, std::span<const std::vector<std::uint8_t>> additional) {
  std::vector<std::uint8_t> merged;

  // Order defined by https://tools.ietf.org/html/rfc5246#section-7.3
  const handshakeCachePullRule rules[] = {
      {handshake::TypeClientHello, epoch, true, false},
      {handshake::TypeServerHello, epoch, false, false},
      {handshake::TypeCertificate, epoch, false, false},
      {handshake::TypeServerKeyExchange, epoch, false, false},
      {handshake::TypeCertificateRequest, epoch, false, false},
      {handshake::TypeServerHelloDone, epoch, false, false},
      {handshake::TypeCertificate, epoch, true, false},
      {handshake::TypeClientKeyExchange, epoch, true, false},
  };
  auto handshakeBuffer = pull(rules);

  for (const auto& p : handshakeBuffer) {
    if (p == nullptr) {
      continue;
    }

    merged.insert(merged.end(), p->data.begin(), p->data.end());
  }
  for (const auto& a : additional) {
    merged.insert(merged.end(), a.begin(), a.end());
  }

  // (Go's hash.Write never fails; Botan's update does not report errors either.)
  auto hash = hf();
  hash->update(merged.data(), merged.size());

  auto digest = hash->final();
  return {std::vector<std::uint8_t>(digest.begin(), digest.end()), nullptr};
}

}  // namespace dtls
