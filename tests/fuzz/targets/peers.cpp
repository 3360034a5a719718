// Whole-endpoint fuzz targets: our server or client on one end of an in-memory pipe (dpipe), the
// fuzzer's datagrams written on the other, in deterministic mode (one thread, seed 1, virtual
// time), so the fiber interleaving of a crash replays. What is not replayed: the endpoint's own
// randomness (its Random, cookie, keys), which comes from the crypto RNG; no fuzzer input can
// depend on it (a MAC or Finished that must match it fails either way). (Ours; no Go origin.)
#include <memory>
#include <string>

#include "chan/context.hpp"
#include "chan/dpipe.hpp"
#include "chan/go.hpp"
#include "chan/runtime.hpp"
#include "chan/time.hpp"
#include "dtls/config.hpp"
#include "dtls/conn.hpp"
#include "dtls/pkg/crypto/selfsign/selfsign.hpp"
#include "logging/logger.hpp"
#include "tests/fuzz/targets.hpp"

namespace dtls::fuzz {
namespace {

const go::tls::Certificate& certificate() {
  static const go::tls::Certificate cert = [] {
    auto [c, err] = pkg::crypto::selfsign::GenerateSelfSigned();
    if (err) {
      throw std::runtime_error("fuzz: GenerateSelfSigned: " + err.Error());
    }
    return c;
  }();
  return cert;
}

// in[0]: bit 0 PSK (else certificate), bit 1 the server skips HelloVerifyRequest (so that
// later flights are reachable without echoing a cookie the fuzzer cannot know).
Config configFor(std::uint8_t mode, bool server) {
  Config cfg;
  auto lf = std::make_shared<pion::logging::DefaultLoggerFactory>();
  lf->DefaultLogLevel = pion::logging::LogLevelDisabled;
  cfg.LoggerFactory = lf;
  if (mode & 1) {
    cfg.PSK = [](std::span<const std::uint8_t>) {
      return std::pair<std::vector<std::uint8_t>, go::error>{{0xAB, 0xC1, 0x23}, nullptr};
    };
    cfg.PSKIdentityHint = std::vector<std::uint8_t>{'f', 'u', 'z', 'z'};
    cfg.CipherSuites = std::vector<CipherSuiteID>{TLS_PSK_WITH_AES_128_CCM_8, TLS_PSK_WITH_AES_128_GCM_SHA256};
  } else {
    cfg.Certificates = {certificate()};
    cfg.InsecureSkipVerify = true;
  }
  if (server) {
    cfg.InsecureSkipVerifyHello = (mode & 2) != 0;
  }
  return cfg;
}

void runPeer(std::span<const std::uint8_t> in, bool server) {
  if (in.empty()) {
    return;
  }
  const std::uint8_t mode = in[0];
  auto datagrams = SplitDatagrams(in.subspan(1));
  certificate();  // outside the runtime: generated once per process
  go::run({.threads = 1,
           .seed = 1,
           .virtual_time = true,
           .virtual_timeout = std::chrono::seconds(600),
           .max_steps = 50'000'000},
          [&] {
            auto [victimEnd, attackerEnd] = internal::net::dpipe::Pipe();
            // The attacker: drains what the victim sends, writes the datagrams 5 ms apart.
            go::go([attackerEnd, datagrams] {
              go::go([attackerEnd] {
                std::vector<std::uint8_t> b(8192);
                while (!attackerEnd->Read(b).second) {
                }
              });
              for (const auto& d : datagrams) {
                go::time::Sleep(5 * go::time::Millisecond);
                if (attackerEnd->Write(d).second) {
                  return;
                }
              }
            });
            auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), 2 * go::time::Second);
            Config cfg = configFor(mode, server);
            auto [conn, err] = server ? ServerWithContext(ctx, victimEnd, &cfg) : ClientWithContext(ctx, victimEnd, &cfg);
            cancel();
            if (!err) {
              // Unreachable in practice (the fuzzer cannot produce a valid Finished): read what
              // else arrives, then close.
              (void)conn->SetReadDeadline(go::time::Now() + 50 * go::time::Millisecond);
              std::vector<std::uint8_t> b(8192);
              while (!conn->Read(b).second) {
              }
              (void)conn->Close();
            }
            (void)victimEnd->Close();
            (void)attackerEnd->Close();
          });
}

}  // namespace

void Server(std::span<const std::uint8_t> in) { runPeer(in, true); }
void Client(std::span<const std::uint8_t> in) { runPeer(in, false); }

}  // namespace dtls::fuzz
