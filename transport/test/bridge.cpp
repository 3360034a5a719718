// pion: github.com/pion/transport/v2 test/bridge.go
#include "transport/test/bridge.hpp"

#include <algorithm>
#include <mutex>

#include "chan/select.hpp"

namespace pion::transport::test {

namespace {

constexpr go::time::Duration tickWait = 10 * go::time::Microsecond;

const go::error errIOTimeout = go::errors::New("i/o timeout");
const go::error errBridgeConnClosed = go::errors::New("bridgeConn closed");
const go::error errBridgeAlreadyClosed = go::errors::New("bridge has already been closed");
const go::error errInverseArrayWithOne = go::errors::New("inverse requires more than one item in the array");
const go::error errBadLossChanceRange = go::errors::New("loss must be < 100 && > 0");

// pion: test/bridge.go netError
struct netError final : go::net::Error {
  netError(go::error e, bool timeout, bool temporary) : err(std::move(e)), timeout(timeout), temporary(temporary) {}
  go::error err;
  bool timeout, temporary;
  std::string Error() const override { return err.Error(); }
  bool Timeout() const override { return timeout; }
  bool Temporary() const override { return temporary; }
  go::error Unwrap() const override { return err; }
};

go::error newNetError(const go::error& e, bool timeout, bool temporary) {
  return go::make_error<netError>(e, timeout, temporary);
}

// pion: test/bridge.go drop
// drop n packets from the slice starting from offset
void drop(std::vector<std::vector<std::uint8_t>>& s, int offset, int n) {
  if (offset < 0 || n <= 0 || static_cast<std::size_t>(offset) >= s.size()) {
    return;  // Go would panic slicing past the end; nothing to drop
  }
  if (static_cast<std::size_t>(offset + n) > s.size()) {
    n = static_cast<int>(s.size()) - offset;
  }
  s.erase(s.begin() + offset, s.begin() + offset + n);
}

}  // namespace

// pion: test/bridge.go inverse
go::error inverse(std::vector<std::vector<std::uint8_t>>& s) {
  if (s.size() < 2) {
    return errInverseArrayWithOne;
  }
  std::reverse(s.begin(), s.end());
  return nullptr;
}

bridgeConn::bridgeConn(std::weak_ptr<Bridge> br_, int id_)
    : br(std::move(br_)),
      id(id_),
      readCh(go::make_chan<std::vector<std::uint8_t>>()),
      readDeadline(pion::transport::deadline::New()),
      writeDeadline(pion::transport::deadline::New()) {}

// pion: test/bridge.go bridgeConn.Read
std::pair<int, go::error> bridgeConn::Read(std::span<std::uint8_t> b) {
  auto deadlineDone = readDeadline->Done();
  if (go::select(go::recv(deadlineDone), go::default_()) == 0) {
    return {0, newNetError(errIOTimeout, true, true)};
  }

  std::pair<int, go::error> r{0, nullptr};
  go::select(go::recv(readCh,
                      [&](std::vector<std::uint8_t> data, bool ok) {
                        if (!ok) {
                          r = {0, go::io::EOF_};
                          return;
                        }
                        const std::size_t n = std::min(b.size(), data.size());
                        std::copy_n(data.begin(), n, b.begin());
                        r = {static_cast<int>(n), nullptr};
                      }),
             go::recv(deadlineDone, [&] { r = {0, newNetError(errIOTimeout, true, true)}; }));
  return r;
}

// pion: test/bridge.go bridgeConn.Write
std::pair<int, go::error> bridgeConn::Write(std::span<const std::uint8_t> b) {
  if (go::select(go::recv(writeDeadline->Done()), go::default_()) == 0) {
    return {0, newNetError(errIOTimeout, true, true)};
  }

  auto bridge = br.lock();
  if (!bridge) {
    return {0, newNetError(errBridgeConnClosed, false, false)};
  }

  if (bridge->lose(lossChance)) {
    return {static_cast<int>(b.size()), nullptr};
  }

  if (!bridge->Push(b, id)) {
    return {0, newNetError(errBridgeConnClosed, false, false)};
  }
  return {static_cast<int>(b.size()), nullptr};
}

// pion: test/bridge.go bridgeConn.Close
go::error bridgeConn::Close() {
  std::lock_guard<go::sync::Mutex> lk(mutex);

  if (closeReq) {
    return newNetError(errBridgeAlreadyClosed, false, false);
  }

  closeReq = true;
  closing = true;
  return nullptr;
}

// pion: test/bridge.go bridgeConn.LocalAddr
std::shared_ptr<const go::net::Addr> bridgeConn::LocalAddr() const { return std::make_shared<bridgeConnAddr>(id); }

// pion: test/bridge.go bridgeConn.SetDeadline
go::error bridgeConn::SetDeadline(go::time::Time t) {
  writeDeadline->Set(t);
  readDeadline->Set(t);
  return nullptr;
}

// pion: test/bridge.go bridgeConn.SetReadDeadline
go::error bridgeConn::SetReadDeadline(go::time::Time t) {
  readDeadline->Set(t);
  return nullptr;
}

// pion: test/bridge.go bridgeConn.SetWriteDeadline
go::error bridgeConn::SetWriteDeadline(go::time::Time t) {
  writeDeadline->Set(t);
  return nullptr;
}

// pion: test/bridge.go bridgeConn.isClosed
bool bridgeConn::isClosed() {
  std::lock_guard<go::sync::Mutex> lk(mutex);
  return closed;
}

Bridge::Bridge(std::uint64_t seed) : rng(seed ? seed : std::random_device{}()) {}

// pion: test/bridge.go NewBridge
std::shared_ptr<Bridge> NewBridge(std::uint64_t seed) {
  auto br = std::make_shared<Bridge>(seed);
  br->conn0 = std::make_shared<bridgeConn>(br, 0);
  br->conn1 = std::make_shared<bridgeConn>(br, 1);
  return br;
}

bool Bridge::lose(int chance) {
  if (chance <= 0) return false;
  std::lock_guard<std::mutex> lk(rngMu);
  return std::uniform_int_distribution<int>(0, 99)(rng) < chance;
}

// pion: test/bridge.go Bridge.Len
int Bridge::Len(int fromID) {
  std::lock_guard<go::sync::Mutex> lk(mutex);

  if (fromID == 0) {
    return static_cast<int>(queue0to1.size());
  }
  return static_cast<int>(queue1to0.size());
}

// pion: test/bridge.go Bridge.Push
bool Bridge::Push(std::span<const std::uint8_t> packet, int fromID) {
  std::vector<std::uint8_t> d(packet.begin(), packet.end());

  // Push rate should be limited as same as Tick rate.
  // Otherwise, queue grows too fast on free running Write.
  go::time::Sleep(tickWait);

  std::lock_guard<go::sync::Mutex> lk(mutex);

  bool closing0, closing1;
  {
    std::lock_guard<go::sync::Mutex> l0(conn0->mutex);
    std::lock_guard<go::sync::Mutex> l1(conn1->mutex);
    closing0 = conn0->closing;
    closing1 = conn1->closing;
  }

  if (closing0 || closing1) {
    if (fromID == 0 && closing0) {
      return false;
    }
    if (fromID == 1 && closing1) {
      return false;
    }
    return true;
  }

  if (fromID == 0) {
    if (dropNWrites0 > 0) {
      dropNWrites0--;
    } else if (reorderNWrites0 > 0) {
      reorderNWrites0--;
      stack0.push_back(std::move(d));
      if (reorderNWrites0 == 0) {
        if (auto e = inverse(stack0); !e) {
          queue0to1.insert(queue0to1.end(), stack0.begin(), stack0.end());
        } else {
          err = e;
        }
      }
    } else if (filterCB0 && !filterCB0(d)) {
      // filtered out
    } else {
      queue0to1.push_back(std::move(d));
    }
  } else {
    if (dropNWrites1 > 0) {
      dropNWrites1--;
    } else if (reorderNWrites1 > 0) {
      reorderNWrites1--;
      stack1.push_back(std::move(d));
      if (reorderNWrites1 == 0) {
        if (auto e = inverse(stack1); e) {
          err = e;
        }
        queue1to0.insert(queue1to0.end(), stack1.begin(), stack1.end());
      }
    } else if (filterCB1 && !filterCB1(d)) {
      // filtered out
    } else {
      queue1to0.push_back(std::move(d));
    }
  }
  return true;
}

// pion: test/bridge.go Bridge.Reorder
go::error Bridge::Reorder(int fromID) {
  std::lock_guard<go::sync::Mutex> lk(mutex);

  if (fromID == 0) {
    return inverse(queue0to1);
  }
  return inverse(queue1to0);
}

// pion: test/bridge.go Bridge.Drop
void Bridge::Drop(int fromID, int offset, int n) {
  std::lock_guard<go::sync::Mutex> lk(mutex);

  if (fromID == 0) {
    drop(queue0to1, offset, n);
  } else {
    drop(queue1to0, offset, n);
  }
}

// pion: test/bridge.go Bridge.DropNextNWrites
void Bridge::DropNextNWrites(int fromID, int n) {
  std::lock_guard<go::sync::Mutex> lk(mutex);

  if (fromID == 0) {
    dropNWrites0 = n;
  } else {
    dropNWrites1 = n;
  }
}

// pion: test/bridge.go Bridge.ReorderNextNWrites
void Bridge::ReorderNextNWrites(int fromID, int n) {
  std::lock_guard<go::sync::Mutex> lk(mutex);

  if (fromID == 0) {
    reorderNWrites0 = n;
  } else {
    reorderNWrites1 = n;
  }
}

// pion: test/bridge.go Bridge.clear
void Bridge::clear() {
  std::lock_guard<go::sync::Mutex> lk(mutex);

  queue1to0.clear();
  queue0to1.clear();
}

// pion: test/bridge.go Bridge.Tick
int Bridge::Tick() {
  std::lock_guard<go::sync::Mutex> lk(mutex);

  {
    std::lock_guard<go::sync::Mutex> l0(conn0->mutex);
    if (conn0->closing && !conn0->closed && queue1to0.empty()) {
      conn0->closed = true;
      conn0->readCh.close();
    }
  }
  {
    std::lock_guard<go::sync::Mutex> l1(conn1->mutex);
    if (conn1->closing && !conn1->closed && queue0to1.empty()) {
      conn1->closed = true;
      conn1->readCh.close();
    }
  }

  int n = 0;
  if (!queue0to1.empty() && !conn1->isClosed()) {
    if (go::select(go::send(conn1->readCh, queue0to1.front()), go::default_()) == 0) {
      n++;
      queue0to1.erase(queue0to1.begin());
    }
  }

  if (!queue1to0.empty() && !conn0->isClosed()) {
    if (go::select(go::send(conn0->readCh, queue1to0.front()), go::default_()) == 0) {
      n++;
      queue1to0.erase(queue1to0.begin());
    }
  }

  return n;
}

// pion: test/bridge.go Bridge.Process
void Bridge::Process() {
  for (;;) {
    go::time::Sleep(tickWait);
    Tick();
    if (Len(0) == 0 && Len(1) == 0) {
      break;
    }
  }
}

// pion: test/bridge.go Bridge.SetLossChance
go::error Bridge::SetLossChance(int chance) {
  if (chance > 100 || chance < 0) {
    return errBadLossChanceRange;
  }

  conn0->lossChance = chance;
  conn1->lossChance = chance;
  return nullptr;
}

// pion: test/bridge.go Bridge.Filter
void Bridge::Filter(int fromID, FilterFunc cb) {
  std::lock_guard<go::sync::Mutex> lk(mutex);

  if (fromID == 0) {
    filterCB0 = std::move(cb);
  } else {
    filterCB1 = std::move(cb);
  }
}

}  // namespace pion::transport::test
