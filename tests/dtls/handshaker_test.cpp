// pion: handshaker_test.go (TestWriteKeyLog is in handshaker_keylog_test.cpp)
//
// Two handshake FSMs run against each other through flightTestConn, which copies each written
// flight straight into the other end's handshake cache, with per-endpoint packet filters and
// delays. Go runs this on the wall clock; here each subtest runs in the deterministic runtime
// (virtual time, fixed seed), so the retransmission counts Pion checks with ranges come out the
// same on every run and the 20 s budget costs no real time.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "chan/chan.hpp"
#include "chan/context.hpp"
#include "chan/go.hpp"
#include "chan/select.hpp"
#include "chan/sync.hpp"
#include "chan/time.hpp"
#include "dtls/cipher_suite.hpp"
#include "dtls/config.hpp"
#include "dtls/flight.hpp"
#include "dtls/handshake_cache.hpp"
#include "dtls/handshaker.hpp"
#include "dtls/pkg/crypto/selfsign/selfsign.hpp"
#include "dtls/pkg/crypto/signaturehash/signaturehash.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"
#include "dtls/pkg/protocol/handshake/message_client_hello.hpp"
#include "dtls/pkg/protocol/handshake/message_finished.hpp"
#include "dtls/pkg/protocol/handshake/message_hello_verify_request.hpp"
#include "dtls/pkg/protocol/recordlayer/header.hpp"
#include "logging/logger.hpp"

namespace dtls {
namespace {

namespace handshake = pkg::protocol::handshake;
namespace recordlayer = pkg::protocol::recordlayer;

constexpr go::time::Duration nonZeroRetransmitInterval = 100 * go::time::Millisecond;

// pion: handshaker_test.go packetFilter
using packetFilter = std::function<bool(const packet& p)>;

// pion: handshaker_test.go TestEndpoint
struct TestEndpoint {
  packetFilter Filter;
  go::time::Duration Delay{0};
  std::function<void()> OnFinished;
  go::time::Duration FinishWait{0};
};

// pion: handshaker_test.go flightTestConn
class flightTestConn final : public flightConn {
 public:
  State state;
  std::shared_ptr<handshakeCache> cache;
  go::chan<go::chan<go::struct_>> recv;
  go::recv_chan<go::struct_> done;
  std::uint16_t epoch = 0;
  packetFilter filter;
  go::time::Duration delay{0};
  std::shared_ptr<handshakeCache> otherEndCache;
  go::chan<go::chan<go::struct_>> otherEndRecv;

  go::recv_chan<go::chan<go::struct_>> recvHandshake() override { return recv; }
  void setLocalEpoch(std::uint16_t e) override { epoch = e; }
  go::error notify(const go::context::Context&, pkg::protocol::alert::Level, pkg::protocol::alert::Description) override {
    return nullptr;
  }
  // pion: handshaker_test.go flightTestConn.writePackets
  go::error writePackets(const go::context::Context&, const std::vector<packet>& pkts) override {
    go::time::Sleep(delay);
    for (const auto& p : pkts) {
      if (filter && !filter(p)) {
        continue;
      }
      if (auto h = std::dynamic_pointer_cast<handshake::Handshake>(p.record->Content)) {
        auto [handshakeRaw, err] = p.record->Marshal();
        if (err) {
          return err;
        }

        cache->push(std::span<const std::uint8_t>(handshakeRaw).subspan(recordlayer::HeaderSize), p.record->Header.Epoch,
                    h->Header.MessageSequence, h->Header.Type, state.isClient);

        auto [content, merr] = h->Message->Marshal();
        if (merr) {
          return merr;
        }
        h->Header.Length = static_cast<std::uint32_t>(content.size());
        h->Header.FragmentLength = static_cast<std::uint32_t>(content.size());
        auto [hdr, herr] = h->Header.Marshal();
        if (herr) {
          return herr;
        }
        hdr.insert(hdr.end(), content.begin(), content.end());
        otherEndCache->push(hdr, p.record->Header.Epoch, h->Header.MessageSequence, h->Header.Type, state.isClient);
      }
    }
    go::go([other = otherEndRecv, d = done] {
      go::select(go::send(other, go::make_chan<go::struct_>()), go::recv(d));
    });

    // Avoid deadlock on JS/WASM environment due to context switch problem.
    go::time::Sleep(10 * go::time::Millisecond);

    return nullptr;
  }
  go::error handleQueuedPackets(const go::context::Context&) override { return nullptr; }
  std::vector<std::uint8_t> sessionKey() override { return {}; }
};

// pion: handshaker_test.go flightTestPipe
std::pair<std::shared_ptr<flightTestConn>, std::shared_ptr<flightTestConn>> flightTestPipe(
    const go::context::Context& ctx, const TestEndpoint& clientEndpoint, const TestEndpoint& serverEndpoint) {
  auto ca = std::make_shared<handshakeCache>();
  auto cb = std::make_shared<handshakeCache>();
  auto chA = go::make_chan<go::chan<go::struct_>>();
  auto chB = go::make_chan<go::chan<go::struct_>>();
  auto a = std::make_shared<flightTestConn>();
  a->cache = ca;
  a->otherEndCache = cb;
  a->recv = chA;
  a->otherEndRecv = chB;
  a->done = ctx->Done();
  a->filter = clientEndpoint.Filter;
  a->delay = clientEndpoint.Delay;
  auto b = std::make_shared<flightTestConn>();
  b->cache = cb;
  b->otherEndCache = ca;
  b->recv = chB;
  b->otherEndRecv = chA;
  b->done = ctx->Done();
  b->filter = serverEndpoint.Filter;
  b->delay = serverEndpoint.Delay;
  return {a, b};
}

template <class M>
bool isHandshakeMessage(const packet& p, std::shared_ptr<M>* out = nullptr) {
  auto h = std::dynamic_pointer_cast<handshake::Handshake>(p.record->Content);
  if (!h) return false;
  auto m = std::dynamic_pointer_cast<M>(h->Message);
  if (out) *out = m;
  return m != nullptr;
}

struct Filters {
  TestEndpoint client, server;
  std::function<void()> report;  // runs the subtest's checks (EXPECTs)
};

// Runs one subtest of TestHandshaker: client FSM from flight1, server FSM from flight0.
void runHandshaker(const std::function<Filters()>& genFilters) {
  go::run({.threads = 1, .seed = 1, .virtual_time = true}, [&] {
    auto loggerFactory = pion::logging::NewDefaultLoggerFactory();
    auto logger = loggerFactory->NewLogger("dtls");

    auto [cipherSuites, err] = parseCipherSuites(std::nullopt, {}, true, false);
    ASSERT_EQ(err, nullptr);
    auto [clientCert, cerr] = pkg::crypto::selfsign::GenerateSelfSigned();
    ASSERT_EQ(cerr, nullptr);

    Filters f = genFilters();
    auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), 20 * go::time::Second);

    auto [ca, cb] = flightTestPipe(ctx, f.client, f.server);
    ca->state.isClient = true;

    go::sync::WaitGroup wg;
    wg.Add(2);

    auto [ctxCliFinished, cancelCli] = go::context::WithCancel(ctx);
    auto [ctxSrvFinished, cancelSrv] = go::context::WithCancel(ctx);
    auto makeCfg = [&](const TestEndpoint& ep, go::context::CancelFunc cancelFinished) {
      auto cfg = std::make_shared<handshakeConfig>();
      cfg->localCipherSuites = cipherSuites;
      cfg->localCertificates = {clientCert};
      cfg->ellipticCurves = defaultCurves;
      cfg->localSignatureSchemes = pkg::crypto::signaturehash::Algorithms();
      cfg->insecureSkipVerify = true;
      cfg->log = logger;
      cfg->onFlightState = [ep, cancelFinished](flightVal, handshakeState s) {
        if (s == handshakeFinished) {
          if (ep.OnFinished) {
            ep.OnFinished();
          }
          go::time::AfterFunc(ep.FinishWait, [cancelFinished] { cancelFinished(); });
        }
      };
      cfg->retransmitInterval = nonZeroRetransmitInterval;
      return cfg;
    };
    auto cliCfg = makeCfg(f.client, cancelCli);
    auto srvCfg = makeCfg(f.server, cancelSrv);

    auto runFSM = [&](std::shared_ptr<flightTestConn> c, std::shared_ptr<handshakeConfig> cfg, flightVal initial) {
      handshakeFSM fsm(&c->state, c->cache.get(), cfg.get(), initial);
      auto rerr = fsm.Run(ctx, *c, handshakePreparing);
      if (go::errors::Is(rerr, go::context::Canceled)) {
      } else if (go::errors::Is(rerr, go::context::DeadlineExceeded)) {
        ADD_FAILURE() << "Timeout";
      } else {
        ADD_FAILURE() << rerr.Error();
      }
      wg.Done();
    };
    go::go([&] { runFSM(ca, cliCfg, flight1); });
    go::go([&] { runFSM(cb, srvCfg, flight0); });

    ctxCliFinished->Done().recv();
    ctxSrvFinished->Done().recv();

    cancel();
    wg.Wait();
    cancelCli();
    cancelSrv();
    if (f.report) f.report();
  });
}

// pion: handshaker_test.go TestHandshaker/PassThrough
TEST(Handshaker, PassThrough) {
  runHandshaker([] { return Filters{}; });
}

// pion: handshaker_test.go TestHandshaker/HelloVerifyRequestLost
TEST(Handshaker, HelloVerifyRequestLost) {
  auto cntHelloVerifyRequest = std::make_shared<int>(0);
  auto cntClientHelloNoCookie = std::make_shared<int>(0);
  constexpr int helloVerifyDrop = 5;
  runHandshaker([&] {
    Filters f;
    f.client.Filter = [cntClientHelloNoCookie](const packet& p) {
      std::shared_ptr<handshake::MessageClientHello> hmch;
      if (isHandshakeMessage(p, &hmch) && hmch->Cookie.empty()) {
        (*cntClientHelloNoCookie)++;
      }
      return true;
    };
    f.server.Filter = [cntHelloVerifyRequest](const packet& p) {
      if (isHandshakeMessage<handshake::MessageHelloVerifyRequest>(p)) {
        (*cntHelloVerifyRequest)++;
        return *cntHelloVerifyRequest > helloVerifyDrop;
      }
      return true;
    };
    f.report = [=] {
      EXPECT_EQ(*cntHelloVerifyRequest, helloVerifyDrop + 1) << "Number of HelloVerifyRequest retransmit is wrong";
      EXPECT_EQ(*cntClientHelloNoCookie, *cntHelloVerifyRequest)
          << "HelloVerifyRequest must be triggered only by ClientHello";
    };
    return f;
  });
}

// pion: handshaker_test.go TestHandshaker/NoLatencyTest
TEST(Handshaker, NoLatencyTest) {
  auto cntClientFinished = std::make_shared<int>(0);
  auto cntServerFinished = std::make_shared<int>(0);
  runHandshaker([&] {
    Filters f;
    f.client.Filter = [cntClientFinished](const packet& p) {
      if (isHandshakeMessage<handshake::MessageFinished>(p)) (*cntClientFinished)++;
      return true;
    };
    f.server.Filter = [cntServerFinished](const packet& p) {
      if (isHandshakeMessage<handshake::MessageFinished>(p)) (*cntServerFinished)++;
      return true;
    };
    f.report = [=] {
      EXPECT_EQ(*cntClientFinished, 1) << "Number of client finished is wrong";
      EXPECT_EQ(*cntServerFinished, 1) << "Number of server finished is wrong";
    };
    return f;
  });
}

// pion: handshaker_test.go TestHandshaker/SlowServerTest
TEST(Handshaker, SlowServerTest) {
  struct counts {
    int cntClientFinished = 0;
    bool isClientFinished = false;
    int cntClientFinishedLastRetransmit = 0;
    int cntServerFinished = 0;
    bool isServerFinished = false;
    int cntServerFinishedLastRetransmit = 0;
  };
  auto c = std::make_shared<counts>();
  runHandshaker([&] {
    Filters f;
    f.client.Filter = [c](const packet& p) {
      if (isHandshakeMessage<handshake::MessageFinished>(p)) {
        if (c->isClientFinished) {
          c->cntClientFinishedLastRetransmit++;
        } else {
          c->cntClientFinished++;
        }
      }
      return true;
    };
    f.client.Delay = go::time::Duration{0};
    f.client.OnFinished = [c] { c->isClientFinished = true; };
    f.client.FinishWait = 2000 * go::time::Millisecond;
    f.server.Filter = [c](const packet& p) {
      if (isHandshakeMessage<handshake::MessageFinished>(p)) {
        if (c->isServerFinished) {
          c->cntServerFinishedLastRetransmit++;
        } else {
          c->cntServerFinished++;
        }
      }
      return true;
    };
    f.server.Delay = 1000 * go::time::Millisecond;
    f.server.OnFinished = [c] { c->isServerFinished = true; };
    f.server.FinishWait = 2000 * go::time::Millisecond;
    f.report = [c] {
      // with one second server delay and 100 ms retransmit, there should be close to 10 `Finished` from client
      // using a range of 9 - 11 for checking
      EXPECT_GE(c->cntClientFinished, 8) << "Number of client finished is wrong";
      EXPECT_LE(c->cntClientFinished, 11) << "Number of client finished is wrong";
      EXPECT_TRUE(c->isClientFinished) << "Client is not finished";
      // there should be no `Finished` last retransmit from client
      EXPECT_EQ(c->cntClientFinishedLastRetransmit, 0) << "Number of client finished last retransmit is wrong";
      EXPECT_GE(c->cntServerFinished, 1) << "Number of server finished is wrong";
      EXPECT_TRUE(c->isServerFinished) << "Server is not finished";
      // there should be `Finished` last retransmit from server. Because of slow server, client would have sent several `Finished`.
      EXPECT_GE(c->cntServerFinishedLastRetransmit, 1) << "Number of server finished last retransmit is wrong";
    };
    return f;
  });
}

}  // namespace
}  // namespace dtls
