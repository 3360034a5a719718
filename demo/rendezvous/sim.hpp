// The rendezvous demonstration's scenario: one DTLS handshake, then the client sends one message and
// the server echoes it, over the simulated Bridge with seeded loss, duplication and per-datagram delay (so reordering), in the
// deterministic runtime (virtual time, seeded scheduling). See port-notes/rendezvous.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "chan/time.hpp"
#include "dtls/config.hpp"

namespace rendezvous {

// Which side runs the variant under test; the other side is the faithful port with a
// browser-like retransmission timer (Config::FlightInterval = peer_interval).
enum class Side { Server, Client };

struct SimParams {
  dtls::HandshakeRendezvous variant = dtls::HandshakeRendezvous::Faithful;
  std::uint64_t seed = 1;
  double loss = 0.10;  // probability that a datagram is dropped (each direction, every datagram but application data)
  go::time::Duration delay_min = 10 * go::time::Millisecond;  // one-way delay, uniform in [min, max]
  go::time::Duration delay_max = 60 * go::time::Millisecond;
  // probability that a datagram that was not lost is also delivered a second time, with its own
  // delay (so the copy may arrive first). 0 draws nothing from the seed's generator, so runs
  // without duplication are the same as before the option existed.
  double duplicate = 0;
  go::time::Duration peer_interval = 100 * go::time::Millisecond;  // the peer's retransmission timer
  go::time::Duration handshake_timeout = 10 * go::time::Second;     // each side's connect context
  // After both handshakes succeeded. Generous on purpose: Pion's handshake fiber answers each
  // late retransmission only after a full retransmit interval (finish state), and the read loop
  // waits for it, so a backlog of the peer's retransmissions delays the echo by seconds; a
  // stuck run is one whose echo never comes.
  go::time::Duration echo_timeout = 120 * go::time::Second;
  Side side = Side::Server;
  bool trace = false;  // record the readAndBuffer trace and the final goroutine dump
};

enum class Result {
  Completed,        // both handshakes succeeded and the echo came back
  Stuck,            // both handshakes succeeded, the echo did not come back before echo_timeout
  HandshakeFailed,  // a handshake returned an error (e.g. the peer never got the last flight)
  Deadlock,         // every fiber blocked with nothing left to wake one (go::deadlock_error)
};

const char* to_string(Result r) noexcept;

struct SimOutcome {
  Result result = Result::HandshakeFailed;
  double handshake_ms = 0;  // virtual time until both handshakes returned
  std::string error;        // the first handshake/echo error, if any
  std::vector<std::string> trace;  // "t=...ms [server] readAndBuffer: ..." lines (when params.trace)
  std::string goroutines;          // go::stack_all() at the end of the run (when params.trace)
};

// Runs the scenario once, in its own deterministic runtime. Same params, same outcome and trace.
SimOutcome simulate(const SimParams& params);

const char* variant_name(dtls::HandshakeRendezvous v) noexcept;
// Parses "faithful", "webrtc-rs", "stopgap-check-done", "stopgap-biased", "oneshot-fix".
bool parse_variant(const std::string& s, dtls::HandshakeRendezvous* out) noexcept;
const std::vector<dtls::HandshakeRendezvous>& all_variants();

}  // namespace rendezvous
