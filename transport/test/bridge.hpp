// pion: github.com/pion/transport/v2 test/bridge.go
// Package test: a simulated network between two endpoints (Bridge), for tests and the
// deterministic demonstration. Datagrams written on one end wait in a queue until Tick() or
// Process() hands them to the other end's reader; the queues can be dropped from, reordered,
// filtered, and made lossy.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "chan/chan.hpp"
#include "chan/error.hpp"
#include "chan/net.hpp"
#include "chan/sync.hpp"
#include "chan/time.hpp"

namespace pion::transport::test {

class Bridge;
std::shared_ptr<Bridge> NewBridge(std::uint64_t seed);
class closePropagator;  // bridge_test.go's (tests/transport/bridge_test.cpp)
struct bridgeTestAccess;

// pion: test/bridge.go inverse (unexported; declared here for bridge_test.go's "inverse error")
go::error inverse(std::vector<std::vector<std::uint8_t>>& s);

// pion: test/bridge.go bridgeConnAddr
struct bridgeConnAddr final : go::net::Addr {
  explicit bridgeConnAddr(int id) : id(id) {}
  int id;
  std::string Network() const override { return "udp"; }
  std::string String() const override { return "a" + std::to_string(id); }
};

// pion: test/bridge.go bridgeConn
// bridgeConn is a net.Conn that represents an endpoint of the bridge.
class bridgeConn final : public go::net::Conn {
 public:
  bridgeConn(std::weak_ptr<Bridge> br, int id);

  // Read reads data, block until the data becomes available.
  std::pair<int, go::error> Read(std::span<std::uint8_t> b) override;
  // Write writes data to the bridge.
  std::pair<int, go::error> Write(std::span<const std::uint8_t> b) override;
  // Close closes the bridge (releases resources used).
  go::error Close() override;
  // LocalAddr is not used
  std::shared_ptr<const go::net::Addr> LocalAddr() const override;
  // RemoteAddr is not used
  std::shared_ptr<const go::net::Addr> RemoteAddr() const override { return nullptr; }
  // SetDeadline sets deadline of Read/Write operation.
  // Setting zero means no deadline.
  go::error SetDeadline(go::time::Time t) override;
  // SetReadDeadline sets deadline of Read operation.
  // Setting zero means no deadline.
  go::error SetReadDeadline(go::time::Time t) override;
  // SetWriteDeadline sets deadline of Write operation.
  // Setting zero means no deadline.
  go::error SetWriteDeadline(go::time::Time t) override;

 private:
  friend class Bridge;
  // bridge_test.go is in package test and reaches the unexported fields.
  friend class closePropagator;
  friend struct bridgeTestAccess;
  bool isClosed();

  std::weak_ptr<Bridge> br;  // Go: *Bridge (a weak reference: the Bridge owns its conns)
  int id;
  bool closeReq = false;
  bool closing = false;
  bool closed = false;
  go::sync::Mutex mutex;  // Go: sync.RWMutex
  go::chan<std::vector<std::uint8_t>> readCh;
  int lossChance = 0;
  std::shared_ptr<pion::transport::deadline::Deadline> readDeadline;
  std::shared_ptr<pion::transport::deadline::Deadline> writeDeadline;
};

// pion: test/bridge.go Bridge
// Bridge represents a network between the two endpoints.
class Bridge : public std::enable_shared_from_this<Bridge> {
 public:
  using FilterFunc = std::function<bool(const std::vector<std::uint8_t>&)>;

  // Use NewBridge (the conns need the Bridge to be owned by a shared_ptr).
  explicit Bridge(std::uint64_t seed);

  // GetConn0 returns an endpoint of the bridge, conn0.
  std::shared_ptr<go::net::Conn> GetConn0() { return conn0; }
  // GetConn1 returns an endpoint of the bridge, conn1.
  std::shared_ptr<go::net::Conn> GetConn1() { return conn1; }
  // Len returns number of queued packets.
  int Len(int fromID);
  // Push pushes a packet into the specified queue.
  bool Push(std::span<const std::uint8_t> packet, int fromID);
  // Reorder inverses the order of packets currently in the specified queue.
  go::error Reorder(int fromID);
  // Drop drops the specified number of packets from the given offset index
  // of the specified queue.
  void Drop(int fromID, int offset, int n);
  // DropNextNWrites drops the next n packets that will be written
  // to the specified queue.
  void DropNextNWrites(int fromID, int n);
  // ReorderNextNWrites drops the next n packets that will be written
  // to the specified queue.
  void ReorderNextNWrites(int fromID, int n);
  // Tick attempts to hand a packet from the queue for each directions, to readers,
  // if there are waiting on the queue. If there's no reader, it will return
  // immediately.
  int Tick();
  // Process repeats tick() calls until no more outstanding packet in the queues.
  void Process();
  // SetLossChance sets the probability of writes being discard (to introduce artificial loss)
  go::error SetLossChance(int chance);
  // Filter filters (drops) packets based on return value of the given callback.
  void Filter(int fromID, FilterFunc cb);

 private:
  friend class bridgeConn;
  friend struct bridgeTestAccess;  // bridge_test.go calls br.clear()
  friend std::shared_ptr<Bridge> NewBridge(std::uint64_t seed);
  void clear();
  bool lose(int chance);  // Go: rand.Intn(100) < chance, from this Bridge's seeded source

  go::sync::Mutex mutex;  // Go: sync.RWMutex
  std::shared_ptr<bridgeConn> conn0;
  std::shared_ptr<bridgeConn> conn1;

  std::vector<std::vector<std::uint8_t>> queue0to1;
  std::vector<std::vector<std::uint8_t>> queue1to0;

  int dropNWrites0 = 0;
  int dropNWrites1 = 0;
  int reorderNWrites0 = 0;
  int reorderNWrites1 = 0;
  std::vector<std::vector<std::uint8_t>> stack0;
  std::vector<std::vector<std::uint8_t>> stack1;
  FilterFunc filterCB0;
  FilterFunc filterCB1;
  go::error err;  // last error

  std::mutex rngMu;
  std::mt19937_64 rng;
};

// pion: test/bridge.go NewBridge
// NewBridge creates a new bridge with two endpoints. Port addition: `seed` seeds the source of
// SetLossChance's random drops (Go uses the global math/rand, reseeded from the clock), so that a
// run replays; 0 takes a seed from the OS.
//   br := test.NewBridge()   auto br = pion::transport::test::NewBridge(0);
std::shared_ptr<Bridge> NewBridge(std::uint64_t seed);

}  // namespace pion::transport::test
