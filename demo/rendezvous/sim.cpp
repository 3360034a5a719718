#include "demo/rendezvous/sim.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "chan/chan.hpp"
#include "chan/context.hpp"
#include "chan/go.hpp"
#include "chan/runtime.hpp"
#include "chan/select.hpp"
#include "chan/time.hpp"
#include "dtls/cipher_suite.hpp"
#include "dtls/conn.hpp"
#include "transport/test/bridge.hpp"

namespace rendezvous {

using dtls::HandshakeRendezvous;
namespace gotime = go::time;

const char* to_string(Result r) noexcept {
  switch (r) {
    case Result::Completed: return "completed";
    case Result::Stuck: return "stuck";
    case Result::HandshakeFailed: return "handshake-failed";
    case Result::Deadlock: return "deadlock";
  }
  return "?";
}

namespace {

struct variant_entry {
  HandshakeRendezvous v;
  const char* name;
};
constexpr variant_entry kVariants[] = {
    {HandshakeRendezvous::Faithful, "faithful"},
    {HandshakeRendezvous::WebrtcRs, "webrtc-rs"},
    {HandshakeRendezvous::StopGapCheckDone, "stopgap-check-done"},
    {HandshakeRendezvous::StopGapBiased, "stopgap-biased"},
    {HandshakeRendezvous::OneshotFix, "oneshot-fix"},
};

// DTLS record content types (RFC 6347 §4.1): application data is never dropped, so that a run
// that does not echo is one whose read loop stopped, not one whose message was lost.
constexpr std::uint8_t kApplicationData = 23;

// The seeded network between the two Bridge ends: every datagram is dropped with probability
// `loss` (application data excepted) or held for a uniform one-way delay and then pushed into
// the Bridge's queue, and with probability `duplicate` a second copy follows its own delay;
// independent delays reorder datagrams. A pump fiber hands queued datagrams to the readers
// (Bridge.Tick).
class sim_link {
 public:
  sim_link(const SimParams& p, std::uint64_t seed) : p_(p), rng_(seed), br_(pion::transport::test::NewBridge(seed)) {
    for (int from = 0; from < 2; ++from) {
      br_->Filter(from, [this, from](const std::vector<std::uint8_t>& d) { return admit(d, from); });
    }
  }

  std::shared_ptr<go::net::Conn> conn(int id) { return id == 0 ? br_->GetConn0() : br_->GetConn1(); }

  // The pump: hands queued datagrams to waiting readers until `stop` is closed. Like a socket
  // buffer, a queued datagram waits while its reader is busy; the pump then backs off (up to
  // 20 ms) instead of polling a reader that may never come back.
  void pump(go::chan<go::struct_> stop) {
    gotime::Duration backoff = 100 * gotime::Microsecond;
    for (;;) {
      bool stopped = false;
      if (go::select(go::recv(stop, [&] { stopped = true; }), go::recv(wake_), go::default_()) == 1) {
        backoff = 100 * gotime::Microsecond;  // a new datagram: look again soon
      }
      if (stopped) return;
      if (br_->Len(0) == 0 && br_->Len(1) == 0) {
        // Idle: wait for the next push (or the stop).
        go::select(go::recv(stop, [&] { stopped = true; }), go::recv(wake_));
        if (stopped) return;
        backoff = 100 * gotime::Microsecond;
        continue;
      }
      if (br_->Tick() > 0) {
        backoff = 100 * gotime::Microsecond;
      } else {
        backoff = std::min<gotime::Duration>(backoff * 2, 20 * gotime::Millisecond);
      }
      go::select(go::recv(stop, [&] { stopped = true; }), go::recv(wake_), go::recv(gotime::After(backoff)));
      if (stopped) return;
    }
  }

 private:
  // The Bridge's filter: true lets the datagram into the queue now.
  bool admit(const std::vector<std::uint8_t>& d, int from) {
    auto again = released_.find(d);
    if (again != released_.end()) {  // a delayed datagram coming back: queue it
      released_.erase(again);
      poke();
      return true;
    }
    bool app_data = !d.empty() && d[0] == kApplicationData;
    if (!app_data && std::uniform_real_distribution<double>(0, 1)(rng_) < p_.loss) return false;  // lost
    const int copies = p_.duplicate > 0 && std::uniform_real_distribution<double>(0, 1)(rng_) < p_.duplicate ? 2 : 1;
    for (int i = 0; i < copies; ++i) {
      auto span = (p_.delay_max - p_.delay_min).count();
      auto delay =
          p_.delay_min + gotime::Duration(span > 0 ? std::uniform_int_distribution<long long>(0, span)(rng_) : 0);
      auto br = br_;
      gotime::AfterFunc(delay, [this, br, d, from] {
        released_.insert(d);
        br->Push(d, from);
      });
    }
    return false;
  }

  void poke() { go::select(go::send(wake_, go::struct_{}), go::default_()); }

  const SimParams& p_;
  std::mt19937_64 rng_;
  std::shared_ptr<pion::transport::test::Bridge> br_;
  std::multiset<std::vector<std::uint8_t>> released_;
  go::chan<go::struct_> wake_ = go::make_chan<go::struct_>(1);
};

dtls::Config psk_config(go::time::Duration flight_interval) {
  dtls::Config c;
  c.PSK = [](std::span<const std::uint8_t>) -> std::pair<std::vector<std::uint8_t>, go::error> {
    return {{0xAB, 0xC1, 0x23}, nullptr};
  };
  c.PSKIdentityHint = std::vector<std::uint8_t>{'d', 'e', 'm', 'o'};
  c.CipherSuites = std::vector<dtls::CipherSuiteID>{dtls::TLS_PSK_WITH_AES_128_GCM_SHA256};
  c.FlightInterval = flight_interval;
  return c;
}

struct hs_result {
  std::shared_ptr<dtls::Conn> conn;
  go::error err;
};

}  // namespace

const char* variant_name(HandshakeRendezvous v) noexcept {
  for (const auto& e : kVariants)
    if (e.v == v) return e.name;
  return "?";
}

bool parse_variant(const std::string& s, HandshakeRendezvous* out) noexcept {
  for (const auto& e : kVariants) {
    if (s == e.name) {
      *out = e.v;
      return true;
    }
  }
  return false;
}

const std::vector<HandshakeRendezvous>& all_variants() {
  static const std::vector<HandshakeRendezvous> v = [] {
    std::vector<HandshakeRendezvous> r;
    for (const auto& e : kVariants) r.push_back(e.v);
    return r;
  }();
  return v;
}

SimOutcome simulate(const SimParams& p) {
  SimOutcome out;
  go::config cfg;
  cfg.threads = 1;
  cfg.virtual_time = true;
  cfg.seed = p.seed;
  cfg.deadlock_throws = true;
  try {
  go::run(cfg, [&] {
    const auto t0 = gotime::Now();
    auto ms_since_start = [t0] { return std::chrono::duration<double, std::milli>(gotime::Now() - t0).count(); };
    // The link's randomness is its own stream, derived from the seed, so that changing the
    // scheduler's use of randomness does not change which datagrams are lost.
    // Shared with the pump fiber, which may still be parked on the link's channels when this
    // function's frame ends (a deadlock report unwinds it first); main also waits for the pump
    // to return before it returns (pump_done), so the link outlives every use of it.
    auto link_owner = std::make_shared<sim_link>(p, p.seed * 0x9E3779B97F4A7C15ull + 1);
    sim_link& link = *link_owner;
    auto stop = go::make_chan<go::struct_>();
    auto pump_done = go::make_chan<go::struct_>();
    go::go([link_owner, stop, pump_done] {
      link_owner->pump(stop);
      pump_done.close();
    });

    const bool variant_is_server = p.side == Side::Server;
    dtls::Config ours = psk_config(0 * gotime::Second);  // Pion's default interval (1 s)
    ours.Rendezvous = p.variant;
    const char* our_name = variant_is_server ? "server" : "client";
    if (p.trace) {
      ours.RendezvousTrace = [&out, ms_since_start, our_name](const std::string& line) {
        char head[48];
        std::snprintf(head, sizeof head, "t=%8.1fms [%s] ", ms_since_start(), our_name);
        out.trace.push_back(head + line);
      };
    }
    dtls::Config peer = psk_config(p.peer_interval);
    const dtls::Config& server_cfg = variant_is_server ? ours : peer;
    const dtls::Config& client_cfg = variant_is_server ? peer : ours;

    auto server_done = go::make_chan<hs_result>(1);
    auto client_done = go::make_chan<hs_result>(1);
    go::go([&] {
      auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), p.handshake_timeout);
      auto [c, err] = dtls::ServerWithContext(ctx, link.conn(1), &server_cfg);
      cancel();
      server_done.send({c, err});
    });
    go::go([&] {
      auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), p.handshake_timeout);
      auto [c, err] = dtls::ClientWithContext(ctx, link.conn(0), &client_cfg);
      cancel();
      client_done.send({c, err});
    });
    hs_result server = server_done.recv();
    hs_result client = client_done.recv();
    out.handshake_ms = ms_since_start();

    if (server.err || client.err) {
      out.result = Result::HandshakeFailed;
      out.error = server.err ? "server: " + server.err.Error() : "client: " + client.err.Error();
    } else {
      if (p.trace) out.trace.push_back("---- both handshakes done; the client sends \"ping\", the server echoes it");
      // The server echoes one message; the client waits for it until echo_timeout.
      go::go([s = server.conn] {
        std::vector<std::uint8_t> buf(1500);
        auto [n, err] = s->Read(buf);
        if (!err) s->Write(std::span<const std::uint8_t>(buf.data(), static_cast<std::size_t>(n)));
      });
      const std::string ping = "ping";
      auto [wn, werr] = client.conn->Write(std::span<const std::uint8_t>(
          reinterpret_cast<const std::uint8_t*>(ping.data()), ping.size()));
      (void)wn;
      client.conn->SetReadDeadline(gotime::Now() + p.echo_timeout);
      std::vector<std::uint8_t> buf(1500);
      auto [n, err] = werr ? std::pair<int, go::error>{0, werr} : client.conn->Read(buf);
      if (!err && std::string(buf.begin(), buf.begin() + n) == ping) {
        out.result = Result::Completed;
      } else {
        out.result = Result::Stuck;
        out.error = err ? "client read: " + err.Error() : "client read: wrong echo";
      }
    }
    if (p.trace) out.goroutines = go::stack_all();
    // Close ends every fiber of both conns, stuck or not (a stuck reader's wait also ends on
    // Close: see Conn::handoffHandshake); then the pump.
    if (server.conn) server.conn->Close();
    if (client.conn) client.conn->Close();
    stop.close();
    pump_done.recv();
  });
  } catch (const go::deadlock_error& e) {
    out.result = Result::Deadlock;
    out.error = "deadlock";
    out.goroutines = e.what();
  }
  return out;
}

}  // namespace rendezvous
