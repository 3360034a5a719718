#include "demo/rendezvous/relay.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "chan/chan.hpp"
#include "chan/context.hpp"
#include "chan/go.hpp"
#include "chan/net.hpp"
#include "chan/runtime.hpp"
#include "chan/select.hpp"
#include "chan/sync.hpp"
#include "chan/time.hpp"
#include "dtls/cipher_suite.hpp"
#include "dtls/conn.hpp"
#include "dtls/listener.hpp"
#include "tests/interop/subprocess.hpp"

#ifndef PION_PEER
#define PION_PEER "pion_peer"
#endif

namespace rendezvous {

namespace {

using clk = std::chrono::steady_clock;
constexpr std::uint8_t kApplicationData = 23;
const std::vector<std::uint8_t> kPSK = {0xAB, 0xC1, 0x23};
const char* kPSKHex = "abc123";
const char* kIdentity = "demo";

double ms_between(clk::time_point a, clk::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

dtls::Config psk_config(long flight_interval_ms, long handshake_timeout_ms) {
  dtls::Config c;
  c.PSK = [](std::span<const std::uint8_t>) -> std::pair<std::vector<std::uint8_t>, go::error> { return {kPSK, nullptr}; };
  c.PSKIdentityHint = std::vector<std::uint8_t>(kIdentity, kIdentity + 4);
  c.CipherSuites = std::vector<dtls::CipherSuiteID>{dtls::TLS_PSK_WITH_AES_128_GCM_SHA256};
  c.FlightInterval = flight_interval_ms * go::time::Millisecond;
  c.ConnectContextMaker = [handshake_timeout_ms] {
    return go::context::WithTimeout(go::context::Background(), handshake_timeout_ms * go::time::Millisecond);
  };
  return c;
}

// One direction's loss and delay, from its own seeded stream (the two directions run on
// different fibers, possibly on different threads).
struct impairment {
  impairment(const real_params& p, std::uint64_t seed) : p_(p), rng_(seed) {}
  // Returns false to drop; else the delay to apply.
  bool decide(const std::uint8_t* d, std::size_t n, go::time::Duration* delay) {
    std::lock_guard<std::mutex> lk(mu_);
    bool app = n > 0 && d[0] == kApplicationData;
    if (!app && std::uniform_real_distribution<double>(0, 1)(rng_) < p_.loss) return false;
    long span = p_.delay_max_ms - p_.delay_min_ms;
    long ms = p_.delay_min_ms + (span > 0 ? std::uniform_int_distribution<long>(0, span)(rng_) : 0);
    *delay = ms * go::time::Millisecond;
    return true;
  }
  const real_params& p_;
  std::mutex mu_;
  std::mt19937_64 rng_;
};

// A UDP relay between a client (whatever first sends to `front`) and the server at `server`.
class udp_relay : public std::enable_shared_from_this<udp_relay> {
 public:
  udp_relay(const real_params& p, std::uint64_t seed, std::shared_ptr<go::net::UDPAddr> server)
      : up_(p, seed * 2 + 1), down_(p, seed * 2 + 2) {
    go::net::UDPAddr any(go::net::IPv4(127, 0, 0, 1), 0);
    auto [f, err] = go::net::ListenUDP("udp", &any);
    if (err) throw std::runtime_error("relay: listen: " + err.Error());
    front_ = f;
    auto [b, err2] = go::net::DialUDP("udp", nullptr, server.get());
    if (err2) throw std::runtime_error("relay: dial: " + err2.Error());
    back_ = b;
  }
  std::string addr() const { return front_->LocalAddr()->String(); }

  void start() {
    go::go([self = shared_from_this()] {  // client -> server
      std::vector<std::uint8_t> buf(65536);
      for (;;) {
        auto [n, from, err] = self->front_->ReadFrom(buf);
        if (err) return;
        {
          std::lock_guard<std::mutex> lk(self->mu_);
          self->client_ = std::dynamic_pointer_cast<const go::net::UDPAddr>(from);
        }
        self->forward(self->up_, std::vector<std::uint8_t>(buf.begin(), buf.begin() + n), true);
      }
    });
    go::go([self = shared_from_this()] {  // server -> client
      std::vector<std::uint8_t> buf(65536);
      for (;;) {
        auto [n, err] = self->back_->Read(buf);
        if (err) return;
        self->forward(self->down_, std::vector<std::uint8_t>(buf.begin(), buf.begin() + n), false);
      }
    });
  }
  void stop() {
    front_->Close();
    back_->Close();
  }

 private:
  void forward(impairment& imp, std::vector<std::uint8_t> d, bool to_server) {
    go::time::Duration delay{};
    if (!imp.decide(d.data(), d.size(), &delay)) return;
    auto front = front_;
    auto back = back_;
    std::shared_ptr<const go::net::UDPAddr> client;
    {
      std::lock_guard<std::mutex> lk(mu_);
      client = client_;
    }
    go::time::AfterFunc(delay, [front, back, client, d = std::move(d), to_server] {
      if (to_server) back->Write(d);
      else if (client) front->WriteTo(d, *client);
    });
  }

  impairment up_, down_;
  std::shared_ptr<go::net::UDPConn> front_, back_;
  std::mutex mu_;
  std::shared_ptr<const go::net::UDPAddr> client_;
};

enum class outcome { completed, stuck, failed };

struct one_result {
  outcome o = outcome::failed;
  double hs_ms = 0;
  std::string detail;
};

// Our server side: Listen, Accept (the handshake), then echo one message and close. The fiber
// owns what it uses (the run may stop waiting for it), and `finished` says it is gone.
struct our_server : std::enable_shared_from_this<our_server> {
  std::shared_ptr<go::net::Listener> ln;
  go::chan<std::pair<double, bool>> accepted = go::make_chan<std::pair<double, bool>>(1);  // (ms, ok)
  go::chan<go::struct_> finished = go::make_chan<go::struct_>(1);
  std::mutex mu;
  std::shared_ptr<go::net::Conn> conn;  // the accepted one, for stop()

  // Ends the run's server side: no more Accept, and the accepted conn (if any) closed, which
  // ends its Read; then waits for the fiber.
  void stop() {
    ln->Close();
    std::shared_ptr<go::net::Conn> c;
    {
      std::lock_guard<std::mutex> lk(mu);
      c = conn;
    }
    if (c) c->Close();
    finished.recv();
  }

  void start(const dtls::Config* cfg, go::time::Duration serve_for) {
    go::net::UDPAddr any(go::net::IPv4(127, 0, 0, 1), 0);
    auto [l, err] = dtls::Listen("udp", &any, cfg);
    if (err) throw std::runtime_error("listen: " + err.Error());
    ln = l;
    go::go([self = shared_from_this(), serve_for] {
      auto t0 = clk::now();
      auto [c, err] = self->ln->Accept();
      self->accepted.send({ms_between(t0, clk::now()), !err});
      if (!err) {
        {
          std::lock_guard<std::mutex> lk(self->mu);
          self->conn = c;
        }
        c->SetReadDeadline(go::time::Now() + serve_for);
        std::vector<std::uint8_t> buf(1500);
        // Echo until the client goes away (closing right after the echo would let our
        // close_notify overtake the echo on the reordering relay).
        for (;;) {
          auto [n, rerr] = c->Read(buf);
          if (rerr) break;
          c->Write(std::span<const std::uint8_t>(buf.data(), static_cast<std::size_t>(n)));
        }
        c->Close();
      }
      self->finished.send(go::struct_{});
    });
  }
  std::shared_ptr<go::net::UDPAddr> addr() const {
    auto a = std::dynamic_pointer_cast<const go::net::UDPAddr>(ln->Addr());
    return std::make_shared<go::net::UDPAddr>(*a);
  }
};

// Runs a peer program on a plain thread (it blocks on pipes) and delivers its exit code and output.
struct peer_process {
  go::chan<std::pair<int, std::string>> done = go::make_chan<std::pair<int, std::string>>(1);
  std::thread th;
  void start(std::vector<std::string> argv, std::string stdin_text, long timeout_ms) {
    th = std::thread([this, argv = std::move(argv), stdin_text, timeout_ms] {
      go::external_waker w;
      interop::Subprocess proc(argv);
      int rc;
      if (!stdin_text.empty()) {
        proc.Write(stdin_text);
        // openssl s_client: wait for the echo, then end the session.
        proc.WaitFor(stdin_text, std::chrono::milliseconds(timeout_ms));
        proc.CloseStdin();
        rc = proc.Wait(std::chrono::milliseconds(2000));
      } else {
        rc = proc.Wait(std::chrono::milliseconds(timeout_ms));
      }
      done.send({rc, proc.Output()});
    });
  }
  ~peer_process() {
    if (th.joinable()) th.join();
  }
};

// One run, inside the shared runtime: our side, the relay, and the peer (ours in-process, or a
// Pion/OpenSSL process), then the echo.
one_result run_once(const real_params& p, int i) {
  one_result r;
  const std::uint64_t seed = p.seed + static_cast<std::uint64_t>(i);
  dtls::Config ours = psk_config(0, p.handshake_timeout_ms);
  ours.Rendezvous = p.variant;
  dtls::Config peer = psk_config(p.peer_interval_ms, p.handshake_timeout_ms);
  const bool variant_is_server = p.side == Side::Server;

  const auto serve_for = (p.handshake_timeout_ms + p.echo_timeout_ms) * go::time::Millisecond;
  if (p.peer == "ours") {
    auto srv = std::make_shared<our_server>();
    srv->start(variant_is_server ? &ours : &peer, serve_for);
    auto relay = std::make_shared<udp_relay>(p, seed, srv->addr());
    relay->start();
    auto [raddr, aerr] = go::net::ResolveUDPAddr("udp", relay->addr());
    auto t0 = clk::now();
    auto [c, err] = dtls::Dial("udp", raddr.get(), variant_is_server ? &peer : &ours);
    double client_ms = ms_between(t0, clk::now());
    auto [server_ms, server_ok] = srv->accepted.recv();
    r.hs_ms = variant_is_server ? server_ms : client_ms;
    if (err || !server_ok) {
      r.o = outcome::failed;
      r.detail = err ? "client: " + err.Error() : "server handshake failed";
    } else {
      const std::string ping = "ping";
      c->Write(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(ping.data()), ping.size()));
      c->SetReadDeadline(go::time::Now() + p.echo_timeout_ms * go::time::Millisecond);
      std::vector<std::uint8_t> buf(1500);
      auto [n, rerr] = c->Read(buf);
      r.o = (!rerr && std::string(buf.begin(), buf.begin() + n) == ping) ? outcome::completed : outcome::stuck;
      if (rerr) r.detail = rerr.Error();
    }
    if (c) c->Close();
    srv->stop();
    relay->stop();
    return r;
  }

  if (!variant_is_server) throw std::runtime_error("real peers play the client; use --side=server");
  auto srv = std::make_shared<our_server>();
  srv->start(&ours, serve_for);
  auto relay = std::make_shared<udp_relay>(p, seed, srv->addr());
  relay->start();
  peer_process proc;
  const long timeout = p.handshake_timeout_ms + p.echo_timeout_ms + 2000;
  if (p.peer == "pion") {
    proc.start({pion_peer_path(), "-mode", "client", "-addr", relay->addr(), "-psk", kPSKHex, "-identity", kIdentity,
                "-suites", "a8", "-msg", "ping", "-flight-interval", std::to_string(p.peer_interval_ms) + "ms",
                "-echo-timeout", std::to_string(p.echo_timeout_ms) + "ms"},
               "", timeout);
  } else {
    // Not -quiet: s_client then prints "Cipher is ..." once its handshake is done, which tells a
    // stuck read loop on our side from a handshake the peer never finished.
    proc.start({"openssl", "s_client", "-dtls1_2", "-connect", relay->addr(), "-psk", kPSKHex, "-psk_identity", kIdentity,
                "-cipher", "PSK-AES128-GCM-SHA256"},
               "ping\n", timeout);
  }
  bool server_ok = false;
  double server_ms = 0;
  go::select(go::recv(srv->accepted, [&](std::pair<double, bool> v) { std::tie(server_ms, server_ok) = v; }),
             go::recv(go::time::After(timeout * go::time::Millisecond)));
  auto [rc, output] = proc.done.recv();
  r.hs_ms = server_ms;
  if (!server_ok) {
    r.o = outcome::failed;
    r.detail = "our server's handshake did not complete";
  } else if (p.peer == "pion") {
    if (rc == 0 && output.find("OK ") != std::string::npos) r.o = outcome::completed;
    else if (output.find("pion_peer: read:") != std::string::npos) r.o = outcome::stuck;
    else r.o = outcome::failed;
    r.detail = output.substr(0, 200);
  } else {
    const bool peer_done = output.find("Cipher is") != std::string::npos;
    // The echo comes back as a line of its own ("ping\n"), after the session summary.
    const auto summary_end = output.find("Cipher is");
    const bool echoed = peer_done && output.find("\nping\n", summary_end) != std::string::npos;
    r.o = echoed ? outcome::completed : peer_done ? outcome::stuck : outcome::failed;
    r.detail = output.substr(0, 300);
  }
  srv->stop();
  relay->stop();
  return r;
}

}  // namespace

std::string pion_peer_path() {
  if (const char* env = std::getenv("PION_PEER")) return env;
  return PION_PEER;
}

std::vector<real_stats> run_real(const std::vector<real_params>& all) {
  std::vector<real_stats> stats(all.size());
  std::vector<std::vector<one_result>> results(all.size());
  for (std::size_t v = 0; v < all.size(); ++v) {
    stats[v].variant = all[v].variant;
    results[v].resize(static_cast<std::size_t>(all[v].runs));
  }
  // Every run of every variant at once, each a fiber of one multi-threaded runtime: the wall
  // time is that of the slowest run (a stuck one waits out echo_timeout), not the sum.
  go::run({.threads = 2}, [&] {
    go::sync::WaitGroup wg;
    std::mutex mu;
    for (std::size_t v = 0; v < all.size(); ++v) {
      for (int i = 0; i < all[v].runs; ++i) {
        wg.Add(1);
        go::go([&, v, i] {
          one_result r;
          try {
            r = run_once(all[v], i);
          } catch (const std::exception& e) {
            std::lock_guard<std::mutex> lk(mu);
            stats[v].note = e.what();
            r.o = outcome::failed;
          }
          if (std::getenv("RENDEZVOUS_DEBUG") && r.o != outcome::completed) std::fprintf(stderr, "run %s/%d: %s\n", variant_name(all[v].variant), i, r.detail.c_str());
          results[v][static_cast<std::size_t>(i)] = r;
          wg.Done();
        });
      }
    }
    wg.Wait();
  });
  for (std::size_t v = 0; v < all.size(); ++v) {
    for (const auto& r : results[v]) {
      ++stats[v].runs;
      switch (r.o) {
        case outcome::completed: ++stats[v].completed; break;
        case outcome::stuck: ++stats[v].stuck; break;
        case outcome::failed: ++stats[v].failed; break;
      }
      if (r.o != outcome::failed) stats[v].hs_ms.push_back(r.hs_ms);
    }
  }
  return stats;
}

}  // namespace rendezvous
