// pion: conn_test.go helpers shared by the Conn tests of several files (Go: one package):
// testClient, testServer, pipeConn, pipeMemory; and runChecked, the form Go's
// test.CheckRoutines takes here.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <tuple>
#include <utility>

#include "chan/chan.hpp"
#include "chan/context.hpp"
#include "chan/dpipe.hpp"
#include "chan/go.hpp"
#include "chan/net.hpp"
#include "chan/runtime.hpp"
#include "chan/time.hpp"
#include "dtls/config.hpp"
#include "dtls/conn.hpp"
#include "dtls/pkg/crypto/selfsign/selfsign.hpp"

namespace dtls {
namespace {

using connPair = std::tuple<std::shared_ptr<Conn>, std::shared_ptr<Conn>, go::error>;

// pion: conn_test.go testClient
inline std::pair<std::shared_ptr<Conn>, go::error> testClient(const go::context::Context& ctx, std::shared_ptr<go::net::Conn> c,
                                                       Config* cfg, bool generateCertificate) {
  if (generateCertificate) {
    auto [clientCert, err] = pkg::crypto::selfsign::GenerateSelfSigned();
    if (err) {
      return {nullptr, err};
    }
    cfg->Certificates = {clientCert};
  }
  cfg->InsecureSkipVerify = true;
  return ClientWithContext(ctx, std::move(c), cfg);
}

// pion: conn_test.go testServer
inline std::pair<std::shared_ptr<Conn>, go::error> testServer(const go::context::Context& ctx, std::shared_ptr<go::net::Conn> c,
                                                       Config* cfg, bool generateCertificate) {
  if (generateCertificate) {
    auto [serverCert, err] = pkg::crypto::selfsign::GenerateSelfSigned();
    if (err) {
      return {nullptr, err};
    }
    cfg->Certificates = {serverCert};
  }
  return ServerWithContext(ctx, std::move(c), cfg);
}

// pion: conn_test.go pipeConn
inline connPair pipeConn(std::shared_ptr<go::net::Conn> ca, std::shared_ptr<go::net::Conn> cb) {
  struct result {
    std::shared_ptr<Conn> c;
    go::error err;
  };

  auto c = go::make_chan<result>();
  auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), 10 * go::time::Second);

  // Setup client
  go::go([c, ctx = ctx, ca] {
    Config cfg;
    cfg.SRTPProtectionProfiles = {SRTP_AES128_CM_HMAC_SHA1_80};
    auto [client, err] = testClient(ctx, ca, &cfg, true);
    c.send({client, err});
  });

  // Setup server
  Config cfg;
  cfg.SRTPProtectionProfiles = {SRTP_AES128_CM_HMAC_SHA1_80};
  auto [server, err] = testServer(ctx, cb, &cfg, true);
  if (err) {
    c.recv();
    cancel();
    return {nullptr, nullptr, err};
  }

  // Receive client
  auto res = c.recv();
  cancel();
  if (res.err) {
    server->Close();
    return {nullptr, nullptr, res.err};
  }

  return {res.c, server, nullptr};
}

// pion: conn_test.go pipeMemory
inline connPair pipeMemory() {
  // In memory pipe
  auto [ca, cb] = internal::net::dpipe::Pipe();
  return pipeConn(ca, cb);
}

// Runs body in a fresh runtime and then checks, like Go's test.CheckRoutines, that every
// goroutine the test started has ended.
inline void runChecked(const std::function<void()>& body) {
  go::run({.threads = 2}, [&] {
    body();
    // Give exiting fibers a moment, as CheckRoutines retries for a while.
    for (int i = 0; i < 50 && go::num_goroutine() > 1; ++i) go::time::Sleep(10 * go::time::Millisecond);
    EXPECT_EQ(go::num_goroutine(), 1) << "leaked goroutines:\n" << go::stack_all();
  });
}

}  // namespace
}  // namespace dtls
