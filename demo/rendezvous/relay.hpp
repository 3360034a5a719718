// Part 2 of the demonstration: the scenario over real UDP sockets on loopback, through a lossy,
// delaying UDP relay (a small fiber-based proxy), on the multi-threaded runtime.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "demo/rendezvous/sim.hpp"
#include "dtls/config.hpp"

namespace rendezvous {

struct real_params {
  dtls::HandshakeRendezvous variant = dtls::HandshakeRendezvous::Faithful;
  Side side = Side::Server;
  std::string peer = "ours";  // ours | pion | openssl
  int runs = 20;
  double loss = 0.1;
  long delay_min_ms = 10, delay_max_ms = 60, peer_interval_ms = 100;
  std::uint64_t seed = 1;  // the relay's loss/delay stream of run i uses seed + i
  long echo_timeout_ms = 20000;  // see SimParams::echo_timeout: Pion's read loop can lag seconds behind
  long handshake_timeout_ms = 10000;
};

struct real_stats {
  dtls::HandshakeRendezvous variant;
  int runs = 0, completed = 0, stuck = 0, failed = 0;
  std::vector<double> hs_ms;  // wall-clock handshake time of the side under test
  std::string note;           // e.g. why a peer could not run
};

// Path of the Pion peer program (built with the project; see tests/interop/pion_peer.go).
std::string pion_peer_path();

// Runs every entry's runs, all at once (one fiber each) on a 2-thread runtime.
std::vector<real_stats> run_real(const std::vector<real_params>& all);

}  // namespace rendezvous
