// pion: e2e/e2e_lossy_test.go
//
// DTLS Client/Server over a lossy transport (pion/transport's test Bridge, transport/test/bridge.hpp),
// asserting that handshakes complete through retransmission at increasing loss. Every case of
// Pion's table runs twice:
//   - PionE2ELossy/<case>: on the wall clock with two worker threads, as Pion runs it (the loss is
//     drawn from a clock-seeded source, as Go's rand.Seed(time.Now()) does; the seeds are printed
//     on failure so the draw can be replayed);
//   - PionE2ELossyDeterministic/<case>: in the deterministic runtime (virtual time, one thread,
//     fixed seed) for seeds 1..kSeeds; the seed picks the loss in Pion's range, the Bridge's drops,
//     and (a port addition) a reordering of the queued datagrams before a tick with probability
//     kReorderChance percent. Pion's test expects every case to complete; so does this one.
// Go's test.CheckRoutines is checked after every case (each runs in its own runtime), and
// test.TimeOut(lossyTestTimeout + 1 s) is a timer that dumps the goroutines and aborts.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "chan/chan.hpp"
#include "chan/go.hpp"
#include "chan/net.hpp"
#include "chan/runtime.hpp"
#include "chan/select.hpp"
#include "chan/time.hpp"
#include "dtls/config.hpp"
#include "dtls/conn.hpp"
#include "dtls/internal/ciphersuite/ciphersuite.hpp"
#include "dtls/pkg/crypto/selfsign/selfsign.hpp"
#include "transport/test/bridge.hpp"

namespace dtls {
namespace {

constexpr go::time::Duration flightInterval = 100 * go::time::Millisecond;
constexpr go::time::Duration lossyTestTimeout = 30 * go::time::Second;

// Deterministic mode: seeds 1..kSeeds per case, and the chance (percent) that the Bridge's queues
// are reversed before a tick.
constexpr std::uint64_t kSeeds = 8;
constexpr int kReorderChance = 20;

// pion: e2e/e2e_lossy_test.go TestPionE2ELossy (the anonymous struct of its case table)
struct lossyCase {
  int LossChanceRange = 0;
  bool DoClientAuth = false;
  std::optional<std::vector<CipherSuiteID>> CipherSuites;
  int MTU = 0;
};

// {LossChanceRange, DoClientAuth, CipherSuites, MTU}, in the order of Pion's table
const std::vector<lossyCase>& lossyCases() {
  static const std::vector<lossyCase> cases = {
      {0, false, std::nullopt, 0},
      {10, false, std::nullopt, 0},
      {20, false, std::nullopt, 0},
      {50, false, std::nullopt, 0},
      {0, true, std::nullopt, 0},
      {10, true, std::nullopt, 0},
      {20, true, std::nullopt, 0},
      {50, true, std::nullopt, 0},
      {0, false, std::vector<CipherSuiteID>{TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA}, 0},
      {10, false, std::vector<CipherSuiteID>{TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA}, 0},
      {20, false, std::vector<CipherSuiteID>{TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA}, 0},
      {50, false, std::vector<CipherSuiteID>{TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA}, 0},
      {10, true, std::nullopt, 100},
      {20, true, std::nullopt, 100},
      {50, true, std::nullopt, 100},
  };
  return cases;
}

// Go: fmt.Sprintf("Loss%d_MTU%d", ...) + "_WithCliAuth" + "_With" + suite
std::string lossyName(const lossyCase& test) {
  std::string name = "Loss" + std::to_string(test.LossChanceRange) + "_MTU" + std::to_string(test.MTU);
  if (test.DoClientAuth) {
    name += "_WithCliAuth";
  }
  if (test.CipherSuites) {
    for (auto ciph : *test.CipherSuites) {
      name += "_With" + internal::ciphersuite::String(ciph);
    }
  }
  return name;
}
// gtest prints a parameter with PrintTo: the case name, not the struct's bytes.
inline void PrintTo(const lossyCase& c, std::ostream* os) { *os << lossyName(c); }

// Go: serverCert, clientCert := selfsign.GenerateSelfSigned() (once for the whole test)
struct certs {
  go::tls::Certificate serverCert, clientCert;
};
const certs& testCerts() {
  static const certs c = [] {
    certs r;
    auto [s, err] = pkg::crypto::selfsign::GenerateSelfSigned();
    EXPECT_EQ(err, nullptr);
    auto [cl, err2] = pkg::crypto::selfsign::GenerateSelfSigned();
    EXPECT_EQ(err2, nullptr);
    r.serverCert = s;
    r.clientCert = cl;
    return r;
  }();
  return c;
}

// How one subtest is driven: the loss drawn, the Bridge's seed, and the reordering (port addition).
struct lossyRun {
  int chosenLoss = 0;
  std::uint64_t bridgeSeed = 0;
  int reorderChance = 0;
  std::uint64_t reorderSeed = 0;
};

// What one subtest measured: whether both handshakes completed, how long they took on the
// runtime's clock, how many datagrams the two Conns wrote and how many of those the Bridge queued
// (the rest it dropped).
struct lossyResult {
  bool completed = false;
  go::time::Duration took{0};
  long writes = 0;
  long queued = 0;
  std::string String() const {
    return std::to_string(took / go::time::Millisecond) + "ms/" + std::to_string(writes) + "w/" + std::to_string(writes - queued) + "d";
  }
};

// Counts the datagrams a Conn writes into the Bridge (the Bridge's Filter, which sees only what
// survived the loss, counts the queued ones); everything else is the Bridge end's.
class countingConn final : public go::net::Conn {
 public:
  countingConn(std::shared_ptr<go::net::Conn> next, std::shared_ptr<std::atomic<long>> writes)
      : next(std::move(next)), writes(std::move(writes)) {}
  std::pair<int, go::error> Read(std::span<std::uint8_t> b) override { return next->Read(b); }
  std::pair<int, go::error> Write(std::span<const std::uint8_t> b) override {
    writes->fetch_add(1);
    return next->Write(b);
  }
  go::error Close() override { return next->Close(); }
  std::shared_ptr<const go::net::Addr> LocalAddr() const override { return next->LocalAddr(); }
  std::shared_ptr<const go::net::Addr> RemoteAddr() const override { return next->RemoteAddr(); }
  go::error SetDeadline(go::time::Time t) override { return next->SetDeadline(t); }
  go::error SetReadDeadline(go::time::Time t) override { return next->SetReadDeadline(t); }
  go::error SetWriteDeadline(go::time::Time t) override { return next->SetWriteDeadline(t); }

 private:
  std::shared_ptr<go::net::Conn> next;
  std::shared_ptr<std::atomic<long>> writes;
};

// pion: e2e/e2e_lossy_test.go TestPionE2ELossy (one subtest, the body of t.Run). Failures are
// reported with the run's seeds.
lossyResult runLossyCase(const lossyCase& test, const lossyRun& r) {
  lossyResult res;
  // Limit runtime in case of deadlocks
  auto lim = go::time::AfterFunc(lossyTestTimeout + go::time::Second, [] {
    std::fprintf(stderr, "test timed out\n%s\n", go::stack_all().c_str());
    std::abort();
  });

  const std::string seeds = " bridgeSeed(" + std::to_string(r.bridgeSeed) + ") reorderSeed(" + std::to_string(r.reorderSeed) + ")";

  // pion: e2e/e2e_lossy_test.go runResult
  struct runResult {
    std::shared_ptr<Conn> dtlsConn;
    go::error err;
  };

  const auto start = go::time::Now();
  auto serverDone = go::make_chan<runResult>();
  auto clientDone = go::make_chan<runResult>();
  auto br = pion::transport::test::NewBridge(r.bridgeSeed);
  auto writes = std::make_shared<std::atomic<long>>(0);
  auto queued = std::make_shared<std::atomic<long>>(0);
  for (int from = 0; from < 2; ++from) {
    br->Filter(from, [queued](const std::vector<std::uint8_t>&) {
      queued->fetch_add(1);
      return true;
    });
  }

  if (auto err = br->SetLossChance(r.chosenLoss); err) {
    ADD_FAILURE() << err.Error();
    lim->Stop();
    return res;
  }

  go::go([test, clientDone, conn = std::make_shared<countingConn>(br->GetConn0(), writes)] {
    Config cfg;
    cfg.FlightInterval = flightInterval;
    cfg.CipherSuites = test.CipherSuites;
    cfg.InsecureSkipVerify = true;
    cfg.MTU = test.MTU;

    if (test.DoClientAuth) {
      cfg.Certificates = {testCerts().clientCert};
    }

    auto [client, startupErr] = Client(conn, &cfg);
    clientDone.send({client, startupErr});
  });

  go::go([test, serverDone, conn = std::make_shared<countingConn>(br->GetConn1(), writes)] {
    Config cfg;
    cfg.Certificates = {testCerts().serverCert};
    cfg.FlightInterval = flightInterval;
    cfg.MTU = test.MTU;

    if (test.DoClientAuth) {
      cfg.ClientAuth = RequireAnyClientCert;
    }

    auto [server, startupErr] = Server(conn, &cfg);
    serverDone.send({server, startupErr});
  });

  auto testTimer = go::time::NewTimer(lossyTestTimeout);
  std::shared_ptr<Conn> serverConn, clientConn;
  struct deferClose {
    std::shared_ptr<Conn>& serverConn;
    std::shared_ptr<Conn>& clientConn;
    ~deferClose() {
      if (serverConn) {
        if (auto err = serverConn->Close(); err) {
          ADD_FAILURE() << err.Error();
        }
      }
      if (clientConn) {
        if (auto err = clientConn->Close(); err) {
          ADD_FAILURE() << err.Error();
        }
      }
    }
  } closer{serverConn, clientConn};

  std::mt19937_64 reorderRng(r.reorderSeed);
  std::uniform_int_distribution<int> percent(0, 99);
  for (;;) {
    if (serverConn != nullptr && clientConn != nullptr) {
      break;
    }

    // Port addition: reverse what is queued in both directions now and then.
    if (r.reorderChance > 0 && percent(reorderRng) < r.reorderChance) {
      (void)br->Reorder(0);  // errInverseArrayWithOne when fewer than two are queued: nothing to reorder
      (void)br->Reorder(1);
    }
    br->Tick();
    runResult serverResult, clientResult;
    switch (go::select(go::recv(serverDone, &serverResult), go::recv(clientDone, &clientResult), go::recv(testTimer->C),
                       go::recv(go::time::After(10 * go::time::Millisecond)))) {
      case 0:
        if (serverResult.err) {
          ADD_FAILURE() << "Fail, serverError: clientComplete(" << (clientConn != nullptr) << ") serverComplete("
                        << (serverConn != nullptr) << ") LossChance(" << r.chosenLoss << ") error(" << serverResult.err.Error()
                        << ")" << seeds;
          lim->Stop();
          return res;
        }

        serverConn = serverResult.dtlsConn;
        break;
      case 1:
        if (clientResult.err) {
          ADD_FAILURE() << "Fail, clientError: clientComplete(" << (clientConn != nullptr) << ") serverComplete("
                        << (serverConn != nullptr) << ") LossChance(" << r.chosenLoss << ") error(" << clientResult.err.Error()
                        << ")" << seeds;
          lim->Stop();
          return res;
        }

        clientConn = clientResult.dtlsConn;
        break;
      case 2:
        ADD_FAILURE() << "Test expired: clientComplete(" << (clientConn != nullptr) << ") serverComplete(" << (serverConn != nullptr)
                      << ") LossChance(" << r.chosenLoss << ")" << seeds;
        lim->Stop();
        return res;
      case 3:
        break;
    }
  }
  testTimer->Stop();
  lim->Stop();
  res.completed = true;
  res.took = go::time::Since(start);
  res.writes = writes->load();
  res.queued = queued->load();
  return res;
}

// Go's test.CheckRoutines after a case: every fiber it started has ended (retrying for up to 2 s).
void checkRoutines() {
  for (int i = 0; i < 200 && go::num_goroutine() > 1; ++i) go::time::Sleep(10 * go::time::Millisecond);
  EXPECT_EQ(go::num_goroutine(), 1) << "leaked goroutines:\n" << go::stack_all();
}

class PionE2ELossy : public ::testing::TestWithParam<lossyCase> {};
class PionE2ELossyDeterministic : public ::testing::TestWithParam<lossyCase> {};

std::string paramName(const ::testing::TestParamInfo<lossyCase>& i) { return lossyName(i.param); }

// pion: e2e/e2e_lossy_test.go TestPionE2ELossy — on the wall clock, as Pion runs it.
TEST_P(PionE2ELossy, Handshake) {
  const lossyCase& test = GetParam();
  testCerts();
  // Go: rand.Seed(time.Now().UTC().UnixNano()); chosenLoss := rand.Intn(9) + test.LossChanceRange
  const auto clockSeed = static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
  std::mt19937_64 rng(clockSeed);
  lossyRun r;
  r.chosenLoss = std::uniform_int_distribution<int>(0, 8)(rng) + test.LossChanceRange;
  r.bridgeSeed = rng() | 1;  // 0 would ask the Bridge for an OS seed; keep it printable
  lossyResult res;
  go::run({.threads = 2}, [&] {
    res = runLossyCase(test, r);
    checkRoutines();
  });
  RecordProperty("chosenLoss", r.chosenLoss);
  RecordProperty("result", res.String());
}

// pion: e2e/e2e_lossy_test.go TestPionE2ELossy — in the deterministic runtime over seeds 1..kSeeds,
// with the port's reordering added.
TEST_P(PionE2ELossyDeterministic, Handshake) {
  const lossyCase& test = GetParam();
  testCerts();
  std::string bySeed;
  long writes = 0, dropped = 0;
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937_64 rng(seed);
    lossyRun r;
    r.chosenLoss = std::uniform_int_distribution<int>(0, 8)(rng) + test.LossChanceRange;
    r.bridgeSeed = seed;
    r.reorderChance = kReorderChance;
    r.reorderSeed = seed;
    lossyResult res;
    go::run({.threads = 1, .seed = seed, .virtual_time = true}, [&] {
      res = runLossyCase(test, r);
      checkRoutines();
    });
    bySeed += (bySeed.empty() ? "" : " ") + std::to_string(seed) + ":" + std::to_string(r.chosenLoss) + "%=" + res.String();
    writes += res.writes;
    dropped += res.writes - res.queued;
  }
  // Deterministic mode replays: the first seed again gives the same drops, writes and virtual time.
  {
    std::mt19937_64 rng(1);
    lossyRun r;
    r.chosenLoss = std::uniform_int_distribution<int>(0, 8)(rng) + test.LossChanceRange;
    r.bridgeSeed = 1;
    r.reorderChance = kReorderChance;
    r.reorderSeed = 1;
    lossyResult res;
    go::run({.threads = 1, .seed = 1, .virtual_time = true}, [&] {
      res = runLossyCase(test, r);
      checkRoutines();
    });
    EXPECT_EQ("1:" + std::to_string(r.chosenLoss) + "%=" + res.String(), bySeed.substr(0, bySeed.find(' '))) << "seed 1 did not replay";
  }
  // The loss really happened: across the seeds the Bridge dropped datagrams, and the handshakes
  // (each checked complete above) got through by retransmitting. Loss0 draws 0-8%, so no bound.
  if (test.LossChanceRange > 0) {
    EXPECT_GT(dropped, 0) << bySeed;
  }
  RecordProperty("bySeed", bySeed);
  RecordProperty("writes", static_cast<int>(writes));
  RecordProperty("dropped", static_cast<int>(dropped));
}

INSTANTIATE_TEST_SUITE_P(E2E, PionE2ELossy, ::testing::ValuesIn(lossyCases()), paramName);
INSTANTIATE_TEST_SUITE_P(E2E, PionE2ELossyDeterministic, ::testing::ValuesIn(lossyCases()), paramName);

}  // namespace
}  // namespace dtls
