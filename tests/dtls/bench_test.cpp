// pion: bench_test.go (TestSimpleReadWrite; the file's BenchmarkConnReadWrite is ported in
// bench/dtls/conn_bench.cpp)
#include <gtest/gtest.h>

#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "chan/chan.hpp"
#include "chan/context.hpp"
#include "chan/dpipe.hpp"
#include "chan/go.hpp"
#include "chan/runtime.hpp"
#include "chan/select.hpp"
#include "chan/time.hpp"
#include "dtls/config.hpp"
#include "dtls/conn.hpp"
#include "dtls/pkg/crypto/selfsign/selfsign.hpp"
#include "dtls/conn_test_helpers.hpp"
#include "logging/logger.hpp"

namespace {

using dtls::testClient;
using dtls::testServer;

// pion: bench_test.go TestSimpleReadWrite
TEST(Bench, SimpleReadWrite) {
  go::run({.threads = 2}, [] {
    // Go: report := test.CheckRoutines(t); defer report() — checked at the end of this body.
    {
      auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), 10 * go::time::Second);

      auto [ca, cb] = dtls::internal::net::dpipe::Pipe();
      auto [certificate, err] = dtls::pkg::crypto::selfsign::GenerateSelfSigned();
      ASSERT_FALSE(err) << err.Error();
      auto gotHello = go::make_chan<go::struct_>();

      go::go([ctx = ctx, cb = cb, certificate = certificate, gotHello] {
        dtls::Config cfg;
        cfg.Certificates = {certificate};
        cfg.LoggerFactory = pion::logging::NewDefaultLoggerFactory();
        auto [server, sErr] = testServer(ctx, cb, &cfg, false);
        if (sErr) {
          ADD_FAILURE() << sErr.Error();
          return;
        }
        std::vector<std::uint8_t> buf(1024);
        if (auto [_, rErr] = server->Read(buf); rErr) {
          ADD_FAILURE() << rErr.Error();
        }
        gotHello.send(go::struct_{});
        if (auto cErr = server->Close(); cErr) {
          ADD_FAILURE() << cErr.Error();
        }
      });

      dtls::Config cfg;
      cfg.LoggerFactory = pion::logging::NewDefaultLoggerFactory();
      cfg.InsecureSkipVerify = true;
      auto [client, cErr] = testClient(ctx, ca, &cfg, false);
      ASSERT_FALSE(cErr) << cErr.Error();
      const std::string hello = "hello";
      if (auto [_, wErr] = client->Write(std::span(reinterpret_cast<const std::uint8_t*>(hello.data()), hello.size()));
          wErr) {
        ADD_FAILURE() << wErr.Error();
      }
      if (go::select(go::recv(gotHello), go::recv(go::time::After(5 * go::time::Second))) == 1) {
        ADD_FAILURE() << "timeout";
      }

      if (auto clErr = client->Close(); clErr) {
        ADD_FAILURE() << clErr.Error();
      }
      cancel();
    }
    // test.CheckRoutines: every goroutine the test started has ended (it retries for a while).
    for (int i = 0; i < 50 && go::num_goroutine() > 1; ++i) go::time::Sleep(10 * go::time::Millisecond);
    EXPECT_EQ(go::num_goroutine(), 1) << "leaked goroutines:\n" << go::stack_all();
  });
}

}  // namespace
