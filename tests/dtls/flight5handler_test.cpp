// Port addition: Pion has no unit tests for flight5handler.go, flight5bhandler.go or
// flight6handler.go (conn_test.go exercises them through a Conn). These tests drive the flight
// functions directly on a handshakeCache and State, with a minimal flightConn stand-in, and check
// what they produce: the packets of a flight, the master secret and Finished verify data as
// RFC 5246 / RFC 7627 define them, and that one side's Finished is accepted by the other side's
// parser (and a wrong one rejected).
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dtls/errors.hpp"
#include "dtls/flighthandler.hpp"
#include "dtls/internal/ciphersuite/tls_psk_with_aes_128_ccm8.hpp"
#include "dtls/pkg/crypto/prf/prf.hpp"
#include "dtls/pkg/protocol/change_cipher_spec.hpp"
#include "dtls/pkg/protocol/handshake/message_client_key_exchange.hpp"
#include "dtls/pkg/protocol/handshake/message_finished.hpp"
#include "dtls/session.hpp"

namespace {

using bytes = std::vector<std::uint8_t>;
namespace handshake = dtls::pkg::protocol::handshake;
namespace protocol = dtls::pkg::protocol;
namespace alert = dtls::pkg::protocol::alert;
namespace prf = dtls::pkg::crypto::prf;
namespace ciphersuite = dtls::internal::ciphersuite;

class fakeFlightConn final : public dtls::flightConn {
 public:
  go::error notify(const go::context::Context&, alert::Level, alert::Description) override { return nullptr; }
  go::error writePackets(const go::context::Context&, const std::vector<dtls::packet>&) override { return nullptr; }
  go::recv_chan<go::chan<go::struct_>> recvHandshake() override { return nullptr; }
  void setLocalEpoch(std::uint16_t) override {}
  go::error handleQueuedPackets(const go::context::Context&) override { return nullptr; }
  std::vector<std::uint8_t> sessionKey() override { return {'k', 'e', 'y'}; }
};

class memorySessionStore final : public dtls::SessionStore {
 public:
  go::error Set(std::span<const std::uint8_t> key, dtls::Session s) override {
    m[bytes(key.begin(), key.end())] = std::move(s);
    return nullptr;
  }
  std::pair<dtls::Session, go::error> Get(std::span<const std::uint8_t> key) override {
    auto it = m.find(bytes(key.begin(), key.end()));
    if (it == m.end()) return {dtls::Session{}, nullptr};
    return {it->second, nullptr};
  }
  go::error Del(std::span<const std::uint8_t> key) override {
    m.erase(bytes(key.begin(), key.end()));
    return nullptr;
  }
  std::map<bytes, dtls::Session> m;
};

bytes marshalHandshake(std::shared_ptr<handshake::Message> msg, std::uint16_t seq) {
  handshake::Handshake h;
  h.Header.MessageSequence = seq;
  h.Message = std::move(msg);
  auto [raw, err] = h.Marshal();
  EXPECT_EQ(err, nullptr);
  return raw;
}

std::shared_ptr<handshake::MessageFinished> finishedOf(const dtls::packet& p) {
  auto h = std::dynamic_pointer_cast<handshake::Handshake>(p.record->Content);
  if (!h) return nullptr;
  return std::dynamic_pointer_cast<handshake::MessageFinished>(h->Message);
}

const bytes masterSecret(48, 0x42);

// The messages of a full handshake before the server's Finished, as pushed to a handshakeCache.
// Only their raw bytes take part in the Finished computation; each blob is distinct.
void pushFullTranscript(dtls::handshakeCache& cache) {
  cache.push(bytes{0x01, 0xAA}, 0, 0, handshake::TypeClientHello, true);
  cache.push(bytes{0x02, 0xBB}, 0, 0, handshake::TypeServerHello, false);
  cache.push(bytes{0x0B, 0xCC}, 0, 1, handshake::TypeCertificate, false);
  cache.push(bytes{0x0C, 0xDD}, 0, 2, handshake::TypeServerKeyExchange, false);
  cache.push(bytes{0x0E, 0xEE}, 0, 3, handshake::TypeServerHelloDone, false);
  cache.push(bytes{0x10, 0xFF}, 0, 1, handshake::TypeClientKeyExchange, true);
  cache.push(bytes{0x14, 0x11}, 1, 2, handshake::TypeFinished, true);
}

bytes fullTranscript() { return {0x01, 0xAA, 0x02, 0xBB, 0x0B, 0xCC, 0x0C, 0xDD, 0x0E, 0xEE, 0x10, 0xFF, 0x14, 0x11}; }

// Port addition (no Pion test): the server's flight 6 (ChangeCipherSpec + Finished over the full
// transcript) is accepted by the client's flight5Parse, which then stores the session; a Finished
// computed with another master secret is rejected with errVerifyDataMismatch.
TEST(Flight5Handler, Flight6FinishedVerifiedByFlight5Parse) {
  fakeFlightConn conn;
  dtls::handshakeConfig cfg;

  dtls::handshakeCache serverCache;
  pushFullTranscript(serverCache);
  dtls::State server;
  server.cipherSuite = ciphersuite::NewTLSPskWithAes128Ccm8();
  server.masterSecret = masterSecret;

  auto [pkts, alertP, err] = dtls::flight6Generate(conn, server, serverCache, cfg);
  ASSERT_EQ(err, nullptr);
  ASSERT_FALSE(alertP.has_value());
  ASSERT_EQ(pkts.size(), 2u);
  EXPECT_NE(std::dynamic_pointer_cast<protocol::ChangeCipherSpec>(pkts[0].record->Content), nullptr);
  EXPECT_EQ(pkts[0].record->Header.Epoch, 0);
  EXPECT_FALSE(pkts[0].shouldEncrypt);
  auto fin = finishedOf(pkts[1]);
  ASSERT_NE(fin, nullptr);
  EXPECT_EQ(pkts[1].record->Header.Epoch, 1);
  EXPECT_TRUE(pkts[1].shouldEncrypt);
  EXPECT_TRUE(pkts[1].resetLocalSequenceNumber);
  auto [want, werr] = prf::VerifyDataServer(masterSecret, fullTranscript(), server.cipherSuite->HashFunc());
  ASSERT_EQ(werr, nullptr);
  EXPECT_EQ(fin->VerifyData, want);
  EXPECT_EQ(server.localVerifyData, want);

  const int clientRecvSeq = 4;
  const bytes serverFinished = marshalHandshake(fin, clientRecvSeq);

  // The client: same transcript, plus the server's Finished at its next receive sequence.
  {
    dtls::handshakeCache clientCache;
    pushFullTranscript(clientCache);
    dtls::State client;
    client.cipherSuite = ciphersuite::NewTLSPskWithAes128Ccm8();
    client.masterSecret = masterSecret;
    client.handshakeRecvSequence = clientRecvSeq;
    client.SessionID = {0x05, 0x06, 0x07};
    auto store = std::make_shared<memorySessionStore>();
    cfg.sessionStore = store;

    // Nothing received yet: keep reading.
    auto [f0, a0, e0] = dtls::flight5Parse(go::context::Background(), conn, client, clientCache, cfg);
    EXPECT_EQ(f0, dtls::flightVal{});
    EXPECT_FALSE(a0.has_value());
    EXPECT_EQ(e0, nullptr);

    clientCache.push(serverFinished, 1, clientRecvSeq, handshake::TypeFinished, false);
    auto [f, a, e] = dtls::flight5Parse(go::context::Background(), conn, client, clientCache, cfg);
    EXPECT_EQ(e, nullptr);
    EXPECT_FALSE(a.has_value());
    EXPECT_EQ(f, dtls::flight5);
    const bytes key = conn.sessionKey();
    ASSERT_EQ(store->m.count(key), 1u);
    EXPECT_EQ(store->m[key].ID, client.SessionID);
    EXPECT_EQ(store->m[key].Secret, masterSecret);
  }
  {
    dtls::handshakeCache clientCache;
    pushFullTranscript(clientCache);
    clientCache.push(serverFinished, 1, clientRecvSeq, handshake::TypeFinished, false);
    dtls::State client;
    client.cipherSuite = ciphersuite::NewTLSPskWithAes128Ccm8();
    client.masterSecret = bytes(48, 0x43);
    client.handshakeRecvSequence = clientRecvSeq;
    auto [f, a, e] = dtls::flight5Parse(go::context::Background(), conn, client, clientCache, cfg);
    EXPECT_EQ(f, dtls::flightVal{});
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(a->Level, alert::Fatal);
    EXPECT_EQ(a->Description, alert::HandshakeFailure);
    EXPECT_EQ(e, dtls::errVerifyDataMismatch);
  }
}

// Port addition (no Pion test): flight6Parse and flight5bParse stay in their flight once the
// peer's Finished (client's for flight 6, server's for flight 5b) is in the cache at
// handshakeRecvSequence-1, and keep reading (flight 0 value) while it is not.
TEST(Flight5Handler, RetransmitParsersKeepTheirFlight) {
  fakeFlightConn conn;
  dtls::handshakeConfig cfg;
  auto fin = std::make_shared<handshake::MessageFinished>();
  fin->VerifyData = bytes(12, 0x33);

  for (bool fromClient : {true, false}) {
    const auto parse = fromClient ? dtls::flight6Parse : dtls::flight5bParse;
    const auto want = fromClient ? dtls::flight6 : dtls::flight5b;
    dtls::handshakeCache cache;
    dtls::State state;
    state.cipherSuite = ciphersuite::NewTLSPskWithAes128Ccm8();
    state.handshakeRecvSequence = 3;

    auto [f0, a0, e0] = parse(go::context::Background(), conn, state, cache, cfg);
    EXPECT_EQ(f0, dtls::flightVal{});
    EXPECT_FALSE(a0.has_value());
    EXPECT_EQ(e0, nullptr);

    // The Finished of the wrong side does not count.
    cache.push(marshalHandshake(fin, 2), 1, 2, handshake::TypeFinished, !fromClient);
    auto [f1, a1, e1] = parse(go::context::Background(), conn, state, cache, cfg);
    EXPECT_EQ(f1, dtls::flightVal{});

    cache.push(marshalHandshake(fin, 2), 1, 2, handshake::TypeFinished, fromClient);
    auto [f, a, e] = parse(go::context::Background(), conn, state, cache, cfg);
    EXPECT_EQ(f, want) << "fromClient=" << fromClient;
    EXPECT_FALSE(a.has_value());
    EXPECT_EQ(e, nullptr);
  }
}

// Port addition (no Pion test): in a resumed handshake the client's Finished (flight 5b) covers
// ClientHello, ServerHello and the server's Finished only, and is computed once.
TEST(Flight5Handler, Flight5bGenerateResumptionFinished) {
  fakeFlightConn conn;
  dtls::handshakeConfig cfg;
  dtls::handshakeCache cache;
  cache.push(bytes{0x01, 0xAA}, 0, 0, handshake::TypeClientHello, true);
  cache.push(bytes{0x02, 0xBB}, 0, 0, handshake::TypeServerHello, false);
  cache.push(bytes{0x0B, 0xCC}, 0, 1, handshake::TypeCertificate, false);  // not part of a resumption
  cache.push(bytes{0x14, 0xDD}, 1, 1, handshake::TypeFinished, false);
  dtls::State state;
  state.cipherSuite = ciphersuite::NewTLSPskWithAes128Ccm8();
  state.masterSecret = masterSecret;

  auto [pkts, alertP, err] = dtls::flight5bGenerate(conn, state, cache, cfg);
  ASSERT_EQ(err, nullptr);
  ASSERT_FALSE(alertP.has_value());
  ASSERT_EQ(pkts.size(), 2u);
  EXPECT_NE(std::dynamic_pointer_cast<protocol::ChangeCipherSpec>(pkts[0].record->Content), nullptr);
  auto fin = finishedOf(pkts[1]);
  ASSERT_NE(fin, nullptr);
  EXPECT_EQ(pkts[1].record->Header.Epoch, 1);
  EXPECT_TRUE(pkts[1].shouldEncrypt);
  EXPECT_TRUE(pkts[1].resetLocalSequenceNumber);
  auto [want, werr] =
      prf::VerifyDataClient(masterSecret, bytes{0x01, 0xAA, 0x02, 0xBB, 0x14, 0xDD}, state.cipherSuite->HashFunc());
  ASSERT_EQ(werr, nullptr);
  EXPECT_EQ(fin->VerifyData, want);

  // A retransmission reuses the cached verify data.
  state.localVerifyData = bytes(12, 0x77);
  auto [pkts2, a2, e2] = dtls::flight5bGenerate(conn, state, cache, cfg);
  ASSERT_EQ(e2, nullptr);
  ASSERT_EQ(pkts2.size(), 2u);
  ASSERT_NE(finishedOf(pkts2[1]), nullptr);
  EXPECT_EQ(finishedOf(pkts2[1])->VerifyData, bytes(12, 0x77));
}

// Port addition (no Pion test): a PSK client's flight 5 without a ServerKeyExchange —
// ClientKeyExchange carrying the identity hint, ChangeCipherSpec, Finished — and the keys behind
// it: master secret from the PSK pre-master secret (RFC 4279 §2), with and without the extended
// master secret (RFC 7627), and the client Finished over the transcript plus the new
// ClientKeyExchange. Needs flight3handler.cpp's handleServerKeyExchange (links at integration).
TEST(Flight5Handler, Flight5GeneratePSK) {
  const bytes psk = {0xAB, 0xC1, 0x23};
  const bytes hint = {'h', 'i', 'n', 't'};
  for (bool ems : {false, true}) {
    fakeFlightConn conn;
    dtls::handshakeConfig cfg;
    cfg.localPSKCallback = [&](std::span<const std::uint8_t>) { return std::make_pair(psk, go::error{}); };
    cfg.localPSKIdentityHint = hint;
    dtls::handshakeCache cache;
    cache.push(bytes{0x01, 0xAA}, 0, 0, handshake::TypeClientHello, true);
    cache.push(bytes{0x02, 0xBB}, 0, 0, handshake::TypeServerHello, false);
    cache.push(bytes{0x0E, 0xEE}, 0, 1, handshake::TypeServerHelloDone, false);
    dtls::State state;
    state.isClient = true;
    state.extendedMasterSecret = ems;
    state.cipherSuite = ciphersuite::NewTLSPskWithAes128Ccm8();
    state.localRandom.RandomBytes.fill(0x11);
    state.remoteRandom.RandomBytes.fill(0x22);
    state.handshakeSendSequence = 1;
    state.handshakeRecvSequence = 2;

    auto [pkts, alertP, err] = dtls::flight5Generate(conn, state, cache, cfg);
    ASSERT_EQ(err, nullptr) << err.Error();
    ASSERT_FALSE(alertP.has_value());
    ASSERT_EQ(pkts.size(), 3u);

    auto ckeHs = std::dynamic_pointer_cast<handshake::Handshake>(pkts[0].record->Content);
    ASSERT_NE(ckeHs, nullptr);
    auto cke = std::dynamic_pointer_cast<handshake::MessageClientKeyExchange>(ckeHs->Message);
    ASSERT_NE(cke, nullptr);
    EXPECT_EQ(cke->IdentityHint, std::optional<bytes>(hint));
    EXPECT_FALSE(cke->PublicKey.has_value());
    EXPECT_EQ(ckeHs->Header.MessageSequence, 1);
    EXPECT_EQ(pkts[0].record->Header.Epoch, 0);
    EXPECT_FALSE(pkts[0].shouldEncrypt);
    EXPECT_NE(std::dynamic_pointer_cast<protocol::ChangeCipherSpec>(pkts[1].record->Content), nullptr);
    auto fin = finishedOf(pkts[2]);
    ASSERT_NE(fin, nullptr);
    EXPECT_EQ(pkts[2].record->Header.Epoch, 1);
    EXPECT_TRUE(pkts[2].shouldEncrypt);
    EXPECT_TRUE(pkts[2].resetLocalSequenceNumber);

    // The ClientKeyExchange as sent: 00 04 "hint", message sequence 1.
    const bytes ckeRaw = marshalHandshake(cke, 1);
    ASSERT_EQ(ckeRaw.size(), 12u + 6u);
    EXPECT_EQ(bytes(ckeRaw.begin() + 12, ckeRaw.end()), (bytes{0x00, 0x04, 'h', 'i', 'n', 't'}));

    // RFC 4279 §2: other_secret = N zero bytes, then the PSK, each with a uint16 length.
    const bytes preMaster = {0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x03, 0xAB, 0xC1, 0x23};
    EXPECT_EQ(state.preMasterSecret, preMaster);
    const auto hf = state.cipherSuite->HashFunc();
    bytes wantMaster;
    if (ems) {
      // session_hash = Hash(handshake messages up to and including ClientKeyExchange)
      bytes transcript = {0x01, 0xAA, 0x02, 0xBB, 0x0E, 0xEE};
      transcript.insert(transcript.end(), ckeRaw.begin(), ckeRaw.end());
      auto h = hf();
      h->update(transcript.data(), transcript.size());
      const auto digest = h->final();
      auto [m, merr] = prf::ExtendedMasterSecret(preMaster, bytes(digest.begin(), digest.end()), hf);
      ASSERT_EQ(merr, nullptr);
      wantMaster = m;
    } else {
      const auto cr = state.localRandom.MarshalFixed();
      const auto sr = state.remoteRandom.MarshalFixed();
      auto [m, merr] = prf::MasterSecret(preMaster, cr, sr, hf);
      ASSERT_EQ(merr, nullptr);
      wantMaster = m;
    }
    EXPECT_EQ(state.masterSecret, wantMaster) << "ems=" << ems;
    EXPECT_TRUE(state.cipherSuite->IsInitialized());

    bytes finTranscript = {0x01, 0xAA, 0x02, 0xBB, 0x0E, 0xEE};
    finTranscript.insert(finTranscript.end(), ckeRaw.begin(), ckeRaw.end());
    auto [wantFin, ferr] = prf::VerifyDataClient(wantMaster, finTranscript, hf);
    ASSERT_EQ(ferr, nullptr);
    EXPECT_EQ(fin->VerifyData, wantFin);
    EXPECT_EQ(state.localVerifyData, wantFin);
  }
}

// Port addition (no Pion test): a CertificateRequest was received but the cache does not hold
// it: flight5Generate fails with errClientCertificateRequired instead of sending anything.
TEST(Flight5Handler, Flight5GenerateMissingCertificateRequest) {
  fakeFlightConn conn;
  dtls::handshakeConfig cfg;
  dtls::handshakeCache cache;
  dtls::State state;
  state.cipherSuite = ciphersuite::NewTLSPskWithAes128Ccm8();
  state.remoteRequestedCertificate = true;
  state.handshakeRecvSequence = 4;
  auto [pkts, alertP, err] = dtls::flight5Generate(conn, state, cache, cfg);
  EXPECT_TRUE(pkts.empty());
  ASSERT_TRUE(alertP.has_value());
  EXPECT_EQ(alertP->Description, alert::HandshakeFailure);
  EXPECT_EQ(err, dtls::errClientCertificateRequired);
}

}  // namespace
