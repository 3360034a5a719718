// Port addition: Pion has no state_test.go (conn_test.go's TestMarshalBinary-style checks run
// through a Conn). These test state.go directly: the MarshalBinary/UnmarshalBinary round trip
// of this port's own encoding (Go uses encoding/gob), its rejection of truncated and garbage
// input, clone/copy, and ExportKeyingMaterial.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "dtls/cipher_suite.hpp"
#include "dtls/conn.hpp"
#include "dtls/errors.hpp"
#include "dtls/pkg/crypto/prf/prf.hpp"
#include "dtls/pkg/protocol/application_data.hpp"
#include "dtls/pkg/protocol/recordlayer/recordlayer.hpp"
#include "dtls/state.hpp"

namespace {

using bytes = std::vector<std::uint8_t>;
namespace prf = dtls::pkg::crypto::prf;
namespace protocol = dtls::pkg::protocol;
namespace recordlayer = dtls::pkg::protocol::recordlayer;

std::shared_ptr<dtls::State> makeState(bool isClient) {
  auto s = std::make_shared<dtls::State>();
  s->localEpoch.store(1);
  s->remoteEpoch.store(1);
  s->localSequenceNumber = {7, 42};
  for (int i = 0; i < 28; ++i) {
    s->localRandom.RandomBytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i);
    s->remoteRandom.RandomBytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(0xF0 - i);
  }
  s->localRandom.GMTUnixTime = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
  s->remoteRandom.GMTUnixTime = std::chrono::system_clock::time_point(std::chrono::seconds(1700000001));
  s->masterSecret = bytes(48);
  for (std::size_t i = 0; i < 48; ++i) s->masterSecret[i] = static_cast<std::uint8_t>(i * 3);
  s->cipherSuite = dtls::cipherSuiteForID(dtls::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, nullptr);
  s->srtpProtectionProfile = dtls::SRTP_AEAD_AES_128_GCM;
  s->PeerCertificates = {bytes{0x30, 0x01, 0x02}, bytes{}, bytes{0x30, 0xFF}};
  s->IdentityHint = bytes{'h', 'i', 'n', 't'};
  s->SessionID = bytes(32, 0xAB);
  s->isClient = isClient;
  return s;
}

void expectSameSerialized(const dtls::serializedState& a, const dtls::serializedState& b) {
  EXPECT_EQ(a.LocalEpoch, b.LocalEpoch);
  EXPECT_EQ(a.RemoteEpoch, b.RemoteEpoch);
  EXPECT_EQ(a.LocalRandom, b.LocalRandom);
  EXPECT_EQ(a.RemoteRandom, b.RemoteRandom);
  EXPECT_EQ(a.CipherSuiteID, b.CipherSuiteID);
  EXPECT_EQ(a.MasterSecret, b.MasterSecret);
  EXPECT_EQ(a.SequenceNumber, b.SequenceNumber);
  EXPECT_EQ(a.SRTPProtectionProfile, b.SRTPProtectionProfile);
  EXPECT_EQ(a.PeerCertificates, b.PeerCertificates);
  EXPECT_EQ(a.IdentityHint, b.IdentityHint);
  EXPECT_EQ(a.SessionID, b.SessionID);
  EXPECT_EQ(a.IsClient, b.IsClient);
}

// state.go State.MarshalBinary / State.UnmarshalBinary
TEST(State, MarshalBinaryRoundTrip) {
  for (bool isClient : {true, false}) {
    SCOPED_TRACE(isClient ? "client" : "server");
    auto s = makeState(isClient);
    auto [data, err] = s->MarshalBinary();
    ASSERT_FALSE(err) << err.Error();

    dtls::State u;
    ASSERT_FALSE(u.UnmarshalBinary(data));
    expectSameSerialized(s->serialize(), u.serialize());
    EXPECT_EQ(u.getLocalEpoch(), 1);
    EXPECT_EQ(u.getRemoteEpoch(), 1);
    ASSERT_EQ(u.localSequenceNumber.size(), 2u);
    EXPECT_EQ(u.localSequenceNumber[1], 42u);
    EXPECT_EQ(u.localRandom, s->localRandom);
    EXPECT_EQ(u.remoteRandom, s->remoteRandom);
    ASSERT_NE(u.cipherSuite, nullptr);
    EXPECT_EQ(u.cipherSuite->ID(), dtls::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
    // UnmarshalBinary initialises the cipher suite from the keying material.
    EXPECT_TRUE(u.cipherSuite->IsInitialized());
    EXPECT_EQ(u.isClient, isClient);
    EXPECT_EQ(u.srtpProtectionProfile, dtls::SRTP_AEAD_AES_128_GCM);

    // Encoding is deterministic.
    auto [again, err2] = u.MarshalBinary();
    ASSERT_FALSE(err2);
    EXPECT_EQ(again, data);
  }
}

TEST(State, MarshalBinaryEmptyFieldsAndHighEpoch) {
  dtls::State s;
  s.localEpoch.store(65535);
  s.localSequenceNumber.assign(65536, 0);
  s.localSequenceNumber[65535] = 0xFFFFFFFFFFFF;
  s.cipherSuite = dtls::cipherSuiteForID(dtls::TLS_PSK_WITH_AES_128_CCM_8, nullptr);
  s.masterSecret = bytes(48, 1);
  auto [data, err] = s.MarshalBinary();
  ASSERT_FALSE(err) << err.Error();
  dtls::State u;
  ASSERT_FALSE(u.UnmarshalBinary(data));
  expectSameSerialized(s.serialize(), u.serialize());
  EXPECT_EQ(u.localSequenceNumber.size(), 65536u);
}

TEST(State, MarshalBinaryWithoutCipherSuite) {
  dtls::State s;
  auto [data, err] = s.MarshalBinary();
  EXPECT_TRUE(err);  // Go panics (nil interface)
  EXPECT_TRUE(data.empty());
}

TEST(State, UnmarshalBinaryTruncated) {
  auto [data, err] = makeState(true)->MarshalBinary();
  ASSERT_FALSE(err);
  for (std::size_t n = 0; n < data.size(); ++n) {
    dtls::State u;
    go::error uerr = u.UnmarshalBinary(std::span(data.data(), n));
    EXPECT_TRUE(uerr) << "prefix of " << n << " bytes accepted";
  }
}

TEST(State, UnmarshalBinaryGarbage) {
  auto [good, err] = makeState(true)->MarshalBinary();
  ASSERT_FALSE(err);

  auto expectErr = [](const bytes& d, const std::string& want) {
    dtls::State u;
    go::error e = u.UnmarshalBinary(d);
    ASSERT_TRUE(e);
    EXPECT_NE(e.Error().find(want), std::string::npos) << e.Error();
  };

  // Bad magic, bad version, trailing bytes, bad bool.
  {
    bytes d = good;
    d[0] = 'X';
    expectErr(d, "bad magic");
  }
  {
    bytes d = good;
    d[4] = 2;
    expectErr(d, "version");
  }
  {
    bytes d = good;
    d.push_back(0);
    expectErr(d, "trailing");
  }
  {
    bytes d = good;
    d.back() = 2;
    expectErr(d, "boolean");
  }
  // A huge declared MasterSecret length (offset: magic 4 + version 1 + epochs 4 + randoms 64 +
  // suite 2 = 75) must not allocate: it is checked against the input's length.
  {
    bytes d = good;
    d[75] = d[76] = d[77] = d[78] = 0xFF;
    expectErr(d, "truncated");
  }
  // A huge certificate count (after MasterSecret 4+48, SequenceNumber 8, SRTP 2).
  {
    bytes d = good;
    const std::size_t off = 75 + 4 + 48 + 8 + 2;
    d[off] = d[off + 1] = d[off + 2] = d[off + 3] = 0xFF;
    expectErr(d, "truncated");
  }
  // An unknown cipher suite ID decodes but cannot be initialised.
  {
    bytes d = good;
    d[73] = 0xFF;
    d[74] = 0xFF;
    dtls::State u;
    EXPECT_EQ(u.UnmarshalBinary(d), dtls::errInvalidCipherSuite);
  }
  // Random input never crashes and (without the magic) is always rejected.
  std::mt19937 rng(1);
  for (int i = 0; i < 2000; ++i) {
    bytes d(static_cast<std::size_t>(rng() % 300));
    for (auto& b : d) b = static_cast<std::uint8_t>(rng());
    dtls::State u;
    EXPECT_TRUE(u.UnmarshalBinary(d));
  }
  // Valid header followed by random bytes: rejected or accepted, never a crash.
  for (int i = 0; i < 2000; ++i) {
    bytes d(good.begin(), good.begin() + 5);
    const std::size_t n = rng() % 400;
    for (std::size_t k = 0; k < n; ++k) d.push_back(static_cast<std::uint8_t>(rng()));
    dtls::State u;
    (void)u.UnmarshalBinary(d);
  }
  // Flipping any single byte of a valid encoding never crashes.
  for (std::size_t k = 0; k < good.size(); ++k) {
    bytes d = good;
    d[k] ^= 0xFF;
    dtls::State u;
    (void)u.UnmarshalBinary(d);
  }
}

// state.go State.clone and the copy constructor/assignment.
TEST(State, CloneAndCopy) {
  auto s = makeState(true);
  auto c = s->clone();
  expectSameSerialized(s->serialize(), c->serialize());
  EXPECT_NE(c->cipherSuite, s->cipherSuite) << "clone makes a fresh cipher suite (cipherSuiteForID)";
  EXPECT_FALSE(c->cipherSuite->IsInitialized());

  s->serverName = "example.com";
  s->handshakeSendSequence = 5;
  dtls::State copy(*s);
  expectSameSerialized(s->serialize(), copy.serialize());
  EXPECT_EQ(copy.cipherSuite, s->cipherSuite) << "a Go struct copy shares the interface value";
  EXPECT_EQ(copy.serverName, "example.com");
  EXPECT_EQ(copy.handshakeSendSequence, 5);
  s->localEpoch.store(3);
  EXPECT_EQ(copy.getLocalEpoch(), 1) << "epochs are copied by value";

  dtls::State assigned;
  assigned = copy;
  expectSameSerialized(copy.serialize(), assigned.serialize());
  EXPECT_EQ(assigned.getLocalEpoch(), 1);
}

// state.go State.ExportKeyingMaterial (and conn.go invalidKeyingLabels)
TEST(State, ExportKeyingMaterial) {
  auto client = makeState(true);
  // The server's view of the same connection: randoms swapped.
  auto server = makeState(false);
  std::swap(server->localRandom, server->remoteRandom);

  auto [ck, cerr] = client->ExportKeyingMaterial("EXTRACTOR-dtls_srtp", {}, 60);
  auto [sk, serr] = server->ExportKeyingMaterial("EXTRACTOR-dtls_srtp", {}, 60);
  ASSERT_FALSE(cerr) << cerr.Error();
  ASSERT_FALSE(serr) << serr.Error();
  EXPECT_EQ(ck.size(), 60u);
  EXPECT_EQ(ck, sk);

  // seed = label + client random + server random
  const std::string label = "EXTRACTOR-dtls_srtp";
  bytes seed(label.begin(), label.end());
  auto lr = client->localRandom.MarshalFixed();
  auto rr = client->remoteRandom.MarshalFixed();
  seed.insert(seed.end(), lr.begin(), lr.end());
  seed.insert(seed.end(), rr.begin(), rr.end());
  auto [want, werr] = prf::PHash(client->masterSecret, seed, 60, client->cipherSuite->HashFunc());
  ASSERT_FALSE(werr);
  EXPECT_EQ(ck, want);

  for (const char* reserved : {"client finished", "server finished", "master secret", "key expansion"}) {
    EXPECT_TRUE(dtls::isInvalidKeyingLabel(reserved));
    auto [k, e] = client->ExportKeyingMaterial(reserved, {}, 10);
    EXPECT_EQ(e, dtls::errReservedExportKeyingMaterial) << reserved;
    EXPECT_TRUE(k.empty());
  }
  EXPECT_FALSE(dtls::isInvalidKeyingLabel("EXTRACTOR-dtls_srtp"));

  const bytes ctx = {1};
  EXPECT_EQ(client->ExportKeyingMaterial(label, ctx, 10).second, dtls::errContextUnsupported);

  auto [zero, zerr] = client->ExportKeyingMaterial(label, {}, 0);
  EXPECT_FALSE(zerr);
  EXPECT_TRUE(zero.empty());
  EXPECT_TRUE(client->ExportKeyingMaterial(label, {}, -1).second);  // Go panics

  client->localEpoch.store(0);
  EXPECT_EQ(client->ExportKeyingMaterial(label, {}, 10).second, dtls::errHandshakeInProgress);
}

// state.go State.initCipherSuite: the client passes (local, remote) randoms, the server
// (remote, local), so both ends derive the same keys: what one encrypts the other decrypts.
TEST(State, InitCipherSuiteBothEnds) {
  auto client = makeState(true);
  auto server = makeState(false);
  std::swap(server->localRandom, server->remoteRandom);
  server->cipherSuite = dtls::cipherSuiteForID(dtls::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, nullptr);
  ASSERT_FALSE(client->initCipherSuite());
  ASSERT_FALSE(server->initCipherSuite());
  EXPECT_FALSE(client->initCipherSuite()) << "a second call is a no-op";

  const bytes plaintext = {'h', 'e', 'l', 'l', 'o'};
  recordlayer::RecordLayer pkt;
  pkt.Header.ContentType = protocol::ContentTypeApplicationData;
  pkt.Header.Version = protocol::Version1_2;
  pkt.Header.Epoch = 1;
  pkt.Header.SequenceNumber = 9;
  pkt.Content = std::make_shared<protocol::ApplicationData>(plaintext);
  auto [raw, merr] = pkt.Marshal();
  ASSERT_FALSE(merr) << merr.Error();
  auto [sealed, eerr] = client->cipherSuite->Encrypt(pkt, raw);
  ASSERT_FALSE(eerr) << eerr.Error();
  auto [opened, derr] = server->cipherSuite->Decrypt(sealed);
  ASSERT_FALSE(derr) << derr.Error();
  ASSERT_GE(opened.size(), recordlayer::HeaderSize);
  EXPECT_EQ(bytes(opened.begin() + recordlayer::HeaderSize, opened.end()), plaintext);

  dtls::State none;
  EXPECT_EQ(none.initCipherSuite(), dtls::errInvalidCipherSuite);  // Go panics (nil interface)
}

}  // namespace
