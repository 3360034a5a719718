// pion: pkg/protocol/handshake/fuzz_test.go
//
// Go's FuzzDtlsHandshake runs under the fuzzing engine. Here it is a deterministic test: a fixed
// std::mt19937 seed (whose output sequence the C++ standard fixes) drives many pseudo-random
// buffers, well-framed handshakes with random bodies, mutated valid messages and every truncation
// of them. The property is Pion's: whatever Unmarshal accepts must Marshal again, to a non-empty
// buffer; run under ASan this also checks that no input reads out of bounds.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "chan/fmt.hpp"
#include "dtls/internal/ciphersuite/types/key_exchange_algorithm.hpp"
#include "dtls/pkg/protocol/handshake/errors.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"
#include "dtls/pkg/protocol/handshake/message_server_key_exchange.hpp"
#include "handshake_test_helpers.hpp"

namespace handshake = dtls::pkg::protocol::handshake;
namespace types = dtls::internal::ciphersuite::types;
using handshake_test::bytes;

namespace {

struct Stats {
  std::size_t inputs = 0;
  std::size_t accepted = 0;
  std::size_t fragmented = 0;
  std::size_t helloNotReparsed = 0;
};

// Valid message bodies (from the ported tests) that mutations start from.
const std::vector<std::pair<handshake::Type, bytes>>& seeds() {
  static const std::vector<std::pair<handshake::Type, bytes>> s = {
      {handshake::TypeClientHello,
       {0xfe, 0xfd, 0xb6, 0x2f, 0xce, 0x5c, 0x42, 0x54, 0xff, 0x86, 0xe1, 0x24, 0x41, 0x91, 0x42, 0x62, 0x15,
        0xad, 0x16, 0xc9, 0x15, 0x8d, 0x95, 0x71, 0x8a, 0xbb, 0x22, 0xd7, 0x47, 0xec, 0xd8, 0x3d, 0xdc, 0x4b,
        0x00, 0x14, 0xe6, 0x14, 0x3a, 0x1b, 0x04, 0xea, 0x9e, 0x7a, 0x14, 0xd6, 0x6c, 0x57, 0xd0, 0x0e, 0x32,
        0x85, 0x76, 0x18, 0xde, 0xd8, 0x00, 0x04, 0xc0, 0x2b, 0xc0, 0x0a, 0x01, 0x00, 0x00, 0x08, 0x00, 0x0a,
        0x00, 0x04, 0x00, 0x02, 0x00, 0x1d}},
      {handshake::TypeServerHello,
       {0xfe, 0xfd, 0x21, 0x63, 0x32, 0x21, 0x81, 0x0e, 0x98, 0x6c, 0x85, 0x3d, 0xa4, 0x39, 0xaf, 0x5f,
        0xd6, 0x5c, 0xcc, 0x20, 0x7f, 0x7c, 0x78, 0xf1, 0x5f, 0x7e, 0x1c, 0xb7, 0xa1, 0x1e, 0xcf, 0x63,
        0x84, 0x28, 0x00, 0xc0, 0x2b, 0x00, 0x00, 0x09, 0x00, 0x17, 0x00, 0x00, 0xff, 0x01, 0x00, 0x01,
        0x00}},
      {handshake::TypeHelloVerifyRequest, {0xfe, 0xff, 0x04, 0x25, 0xfb, 0xee, 0xb3}},
      {handshake::TypeCertificate, {0x00, 0x00, 0x0a, 0x00, 0x00, 0x02, 0x30, 0x00, 0x00, 0x00, 0x02, 0x30, 0x01}},
      {handshake::TypeServerKeyExchange,
       {0x03, 0x00, 0x1d, 0x04, 0x01, 0x02, 0x03, 0x04, 0x04, 0x03, 0x00, 0x03, 0x30, 0x01, 0x00}},
      {handshake::TypeServerKeyExchange, {0x00, 0x02, 'i', 'd', 0x03, 0x00, 0x17, 0x02, 0x04, 0x05}},
      {handshake::TypeCertificateRequest,
       {0x02, 0x01, 0x40, 0x00, 0x0C, 0x04, 0x03, 0x04, 0x01, 0x05, 0x03, 0x05, 0x01,
        0x06, 0x01, 0x02, 0x01, 0x00, 0x06, 0x00, 0x04, 0x74, 0x65, 0x73, 0x74}},
      {handshake::TypeServerHelloDone, {}},
      {handshake::TypeCertificateVerify, {0x04, 0x03, 0x00, 0x03, 0x30, 0x01, 0x00}},
      {handshake::TypeClientKeyExchange, {0x00, 0x02, 'i', 'd', 0x03, 0x01, 0x02, 0x03}},
      {handshake::TypeClientKeyExchange, {0x03, 0x01, 0x02, 0x03}},
      {handshake::TypeFinished, {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c}},
  };
  return s;
}

bytes frame(std::uint8_t type, const bytes& body, std::uint32_t fragmentOffset = 0) {
  handshake::Header h;
  h.Type = static_cast<handshake::Type>(type);
  h.Length = static_cast<std::uint32_t>(body.size());
  h.FragmentOffset = fragmentOffset;
  h.FragmentLength = h.Length;
  bytes out = h.Marshal().first;
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

// One fuzz input, checked as Pion's FuzzDtlsHandshake does (KeyExchangeAlgorithm unset), and then
// with each key exchange algorithm so ServerKeyExchange/ClientKeyExchange bodies are parsed too.
void fuzzOne(const bytes& data, Stats& st) {
  st.inputs++;
  // A heap copy of exactly data.size() bytes, so ASan sees any over-read.
  const bytes input(data);
  {
    handshake::Handshake h;
    if (!h.Unmarshal(input)) {
      st.accepted++;
      auto [buf, err] = h.Marshal();
      if (h.Header.FragmentOffset != 0) {
        // Pion's fuzz target would t.Fatal here: Unmarshal accepts a fragment that Marshal refuses
        // (checked against Go: Marshal returns errUnableToMarshalFragmented).
        st.fragmented++;
        EXPECT_EQ(err, handshake::errUnableToMarshalFragmented);
      } else {
        ASSERT_FALSE(err) << err.Error();
        ASSERT_FALSE(buf.empty()) << "Zero buff";
        // Stronger than Pion: the re-marshaled record parses again to the same bytes. Hellos are
        // exempt from the "parses again" half: Pion's extensions drop unknown values (e.g. curves)
        // and can then marshal an empty list their own Unmarshal rejects (checked against Go).
        handshake::Handshake again;
        auto err2 = again.Unmarshal(buf);
        const auto t = h.Message->Type();
        const bool hasExtensions = t == handshake::TypeClientHello || t == handshake::TypeServerHello;
        if (err2 && hasExtensions) {
          st.helloNotReparsed++;
        } else {
          ASSERT_FALSE(err2) << err2.Error() << " " << handshake::String(t) << " input "
                             << go::fmt::Sprintf("%x", input) << " remarshaled " << go::fmt::Sprintf("%x", buf);
          auto [buf2, err3] = again.Marshal();
          ASSERT_FALSE(err3) << err3.Error();
          EXPECT_EQ(buf2, buf);
        }
      }
    }
  }
  for (auto kea : {types::KeyExchangeAlgorithmPsk, types::KeyExchangeAlgorithmEcdhe,
                   types::KeyExchangeAlgorithmPsk | types::KeyExchangeAlgorithmEcdhe}) {
    handshake::Handshake h;
    h.KeyExchangeAlgorithm = kea;
    if (h.Unmarshal(input)) continue;
    auto [buf, err] = h.Marshal();
    auto* ske = dynamic_cast<handshake::MessageServerKeyExchange*>(h.Message.get());
    if (err) {
      // Pion's ServerKeyExchange.Marshal refuses some combinations its Unmarshal accepts (for
      // example hash "none" with a signature); anything else must marshal.
      const bool allowed = (h.Header.FragmentOffset != 0 && err == handshake::errUnableToMarshalFragmented) ||
                           (ske != nullptr && (err == handshake::errInvalidHashAlgorithm ||
                                               err == handshake::errInvalidSignatureAlgorithm));
      EXPECT_TRUE(allowed) << err.Error();
      continue;
    }
    ASSERT_FALSE(buf.empty());
    // Pion drops the curve parameters of a ServerKeyExchange whose public key is empty, so that
    // output need not parse again; everything else must.
    if (ske != nullptr && ske->PublicKey.empty()) continue;
    handshake::Handshake again;
    again.KeyExchangeAlgorithm = kea;
    auto err2 = again.Unmarshal(buf);
    const auto t = h.Message->Type();
    if (err2 && (t == handshake::TypeClientHello || t == handshake::TypeServerHello)) {
      st.helloNotReparsed++;
      continue;
    }
    ASSERT_FALSE(err2) << err2.Error() << " " << handshake::String(t) << " input " << go::fmt::Sprintf("%x", input);
    auto [buf2, err3] = again.Marshal();
    ASSERT_FALSE(err3) << err3.Error();
    EXPECT_EQ(buf2, buf);
  }
}

std::uint32_t below(std::mt19937& rng, std::uint32_t n) { return n == 0 ? 0 : rng() % n; }

bytes randomBytes(std::mt19937& rng, std::size_t n) {
  bytes b(n);
  for (auto& x : b) x = static_cast<std::uint8_t>(rng());
  return b;
}

bytes mutate(std::mt19937& rng, bytes b) {
  const std::uint32_t edits = 1 + below(rng, 4);
  for (std::uint32_t i = 0; i < edits; i++) {
    switch (below(rng, 5)) {
      case 0:  // overwrite a byte
        if (!b.empty()) b[below(rng, static_cast<std::uint32_t>(b.size()))] = static_cast<std::uint8_t>(rng());
        break;
      case 1:  // small arithmetic on a byte (nudges length fields)
        if (!b.empty()) {
          auto& x = b[below(rng, static_cast<std::uint32_t>(b.size()))];
          x = static_cast<std::uint8_t>(x + (below(rng, 2) != 0 ? 1 : -1));
        }
        break;
      case 2:  // insert a byte
        b.insert(b.begin() + below(rng, static_cast<std::uint32_t>(b.size() + 1)), static_cast<std::uint8_t>(rng()));
        break;
      case 3:  // delete a byte
        if (!b.empty()) b.erase(b.begin() + below(rng, static_cast<std::uint32_t>(b.size())));
        break;
      default:  // cut the tail
        b.resize(below(rng, static_cast<std::uint32_t>(b.size() + 1)));
        break;
    }
  }
  return b;
}

}  // namespace

// pion: pkg/protocol/handshake/fuzz_test.go FuzzDtlsHandshake
TEST(HandshakeFuzz, FuzzDtlsHandshake) {
  std::mt19937 rng(0x5eed1234u);
  Stats st;

  // 1. Unstructured buffers: almost all fail on the header or the length checks.
  for (int i = 0; i < 5000; i++) {
    fuzzOne(randomBytes(rng, below(rng, 64)), st);
  }

  // 2. Correctly framed records with random bodies, for every type byte Pion dispatches on (and a
  //    few it does not), sometimes with a non-zero fragment offset.
  const std::vector<std::uint8_t> typeBytes = {0, 1, 2, 3, 4, 11, 12, 13, 14, 15, 16, 20, 21, 0xff};
  for (int i = 0; i < 20000; i++) {
    const std::uint8_t t = typeBytes[below(rng, static_cast<std::uint32_t>(typeBytes.size()))];
    const bytes body = randomBytes(rng, below(rng, 160));
    fuzzOne(frame(t, body, below(rng, 16) == 0 ? 1 + below(rng, 100) : 0), st);
  }

  // 3. Valid messages, every truncation of the body (re-framed so the header agrees), and random
  //    mutations of them.
  for (const auto& [t, body] : seeds()) {
    fuzzOne(frame(t, body), st);
    for (std::size_t n = 0; n < body.size(); n++) {
      fuzzOne(frame(t, bytes(body.begin(), body.begin() + static_cast<std::ptrdiff_t>(n))), st);
      // Also the raw truncated record, whose header then disagrees with the data.
      const bytes framed = frame(t, body);
      fuzzOne(bytes(framed.begin(), framed.begin() + static_cast<std::ptrdiff_t>(n)), st);
    }
    for (int i = 0; i < 3000; i++) {
      fuzzOne(frame(t, mutate(rng, body)), st);
    }
  }
  for (int i = 0; i < 5000; i++) {
    const auto& [t, body] = seeds()[below(rng, static_cast<std::uint32_t>(seeds().size()))];
    fuzzOne(mutate(rng, frame(t, body)), st);  // mutations that may hit the header too
  }

  // The corpus must reach the message parsers, not just bounce off the header.
  EXPECT_GT(st.accepted, 5000u) << "of " << st.inputs << " inputs";
  EXPECT_GT(st.fragmented, 0u);
  RecordProperty("inputs", static_cast<int>(st.inputs));
  RecordProperty("accepted", static_cast<int>(st.accepted));
}
