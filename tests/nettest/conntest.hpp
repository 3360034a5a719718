// go: golang.org/x/net/nettest conntest.go — TestConn's conformance tests for a net.Conn pair,
// shared by the tests that run them (pion's dpipe_test.go, conn's nettest_test.go, the
// transport Bridge's bridge_test.go TestNetTest). Each tester takes the two ends; timeoutWrapper
// makes a pair with a MakePipe and stops it afterwards. Include from one test file per binary
// area; everything is internal to that file.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "chan/go.hpp"
#include "chan/net.hpp"
#include "chan/select.hpp"
#include "chan/sync.hpp"
#include "chan/time.hpp"

namespace nettest {
namespace {

using namespace std::chrono_literals;
namespace gtime = go::time;
using ConnPtr = std::shared_ptr<go::net::Conn>;
using bytes = std::vector<std::uint8_t>;


// go: nettest aLongTimeAgo = time.Unix(233431200, 0); neverTimeout = time.Time{}
const gtime::Time aLongTimeAgo = gtime::Time{} + 1s;
const gtime::Time neverTimeout = gtime::Time{};

using Reader = std::function<std::pair<int, go::error>(std::span<std::uint8_t>)>;
using Writer = std::function<std::pair<int, go::error>(std::span<const std::uint8_t>)>;

Reader reader(ConnPtr c) {
  return [c](std::span<std::uint8_t> b) { return c->Read(b); };
}
Writer writer(ConnPtr c) {
  return [c](std::span<const std::uint8_t> b) { return c->Write(b); };
}
// go: rand.New(rand.NewSource(0)) as an io.Reader
Reader randReader() {
  auto rng = std::make_shared<std::mt19937>(0);
  return [rng](std::span<std::uint8_t> b) {
    for (auto& x : b) x = static_cast<std::uint8_t>((*rng)());
    return std::pair<int, go::error>{static_cast<int>(b.size()), nullptr};
  };
}
// go: ioutil.Discard
Writer discard() {
  return [](std::span<const std::uint8_t> b) { return std::pair<int, go::error>{static_cast<int>(b.size()), nullptr}; };
}

// go: conntest.go chunkedCopy — io.CopyBuffer with a 1024-byte buffer.
go::error chunkedCopy(const Writer& w, const Reader& r) {
  bytes b(1024);
  for (;;) {
    auto [n, err] = r(b);
    if (n > 0) {
      auto [wn, werr] = w(std::span<const std::uint8_t>(b.data(), static_cast<std::size_t>(n)));
      if (werr) return werr;
      if (wn != n) return go::errors::New("short write");
    }
    if (err) return err == go::io::EOF_ ? go::error() : err;
  }
}

// go: io.ReadFull
std::pair<int, go::error> readFull(const ConnPtr& c, std::span<std::uint8_t> buf) {
  std::size_t got = 0;
  while (got < buf.size()) {
    auto [n, err] = c->Read(buf.subspan(got));
    got += static_cast<std::size_t>(n);
    if (err) {
      if (got == buf.size()) break;
      if (err == go::io::EOF_ && got > 0) return {static_cast<int>(got), go::errors::New("unexpected EOF")};
      return {static_cast<int>(got), err};
    }
  }
  return {static_cast<int>(got), nullptr};
}

// go: conntest.go checkForTimeoutError
void checkForTimeoutError(const go::error& err) {
  auto* nerr = dynamic_cast<const go::net::Error*>(err.get());
  if (nerr == nullptr) {
    ADD_FAILURE() << "got " << err.Error() << ", want net.Error";
  } else if (!nerr->Timeout()) {
    ADD_FAILURE() << "got error: " << err.Error() << ", want err.Timeout() = true";
  }
}

// go: conntest.go testRoundtrip
void testRoundtrip(const ConnPtr& c) {
  EXPECT_FALSE(c->SetDeadline(neverTimeout));
  const std::string s = "Hello, world!";
  bytes buf(s.begin(), s.end());
  EXPECT_FALSE(c->Write(buf).second) << "roundtrip Write error";
  auto [n, err] = readFull(c, buf);
  EXPECT_FALSE(err) << "roundtrip Read error: " << err.Error();
  EXPECT_EQ(std::string(buf.begin(), buf.end()), s) << "roundtrip data mismatch";
}

// go: conntest.go resyncConn
void resyncConn(const ConnPtr& c) {
  c->SetDeadline(neverTimeout);
  auto errCh = go::make_chan<go::error>();
  go::go([c, errCh] { errCh.send(c->Write(bytes{0xff}).second); });
  bytes buf(1024);
  for (;;) {
    auto [n, err] = c->Read(buf);
    if (n > 0) {
      auto* p = static_cast<std::uint8_t*>(std::memchr(buf.data(), 0xff, static_cast<std::size_t>(n)));
      if (p != nullptr && p - buf.data() == n - 1) break;
    }
    if (err) {
      ADD_FAILURE() << "unexpected Read error: " << err.Error();
      break;
    }
  }
  go::error err = errCh.recv();
  EXPECT_FALSE(err) << "unexpected Write error: " << err.Error();
}

// go: conntest.go testBasicIO
void testBasicIO(ConnPtr c1, ConnPtr c2) {
  bytes want(1 << 20);
  randReader()(want);
  auto dataCh = go::make_chan<bytes>();
  go::go([=] {
    auto pos = std::make_shared<std::size_t>(0);
    Reader rd = [&want, pos](std::span<std::uint8_t> b) {
      std::size_t n = std::min(b.size(), want.size() - *pos);
      if (n == 0) return std::pair<int, go::error>{0, go::io::EOF_};
      std::memcpy(b.data(), want.data() + *pos, n);
      *pos += n;
      return std::pair<int, go::error>{static_cast<int>(n), nullptr};
    };
    if (go::error err = chunkedCopy(writer(c1), rd)) ADD_FAILURE() << "unexpected c1.Write error: " << err.Error();
    if (go::error err = c1->Close()) ADD_FAILURE() << "unexpected c1.Close error: " << err.Error();
  });
  go::go([=] {
    auto wr = std::make_shared<bytes>();
    Writer w = [wr](std::span<const std::uint8_t> b) {
      wr->insert(wr->end(), b.begin(), b.end());
      return std::pair<int, go::error>{static_cast<int>(b.size()), nullptr};
    };
    if (go::error err = chunkedCopy(w, reader(c2))) ADD_FAILURE() << "unexpected c2.Read error: " << err.Error();
    if (go::error err = c2->Close()) ADD_FAILURE() << "unexpected c2.Close error: " << err.Error();
    dataCh.send(*wr);
  });
  EXPECT_TRUE(dataCh.recv() == want) << "transmitted data differs";
}

// go: conntest.go testPingPong
void testPingPong(ConnPtr c1, ConnPtr c2) {
  go::sync::WaitGroup wg;
  auto pingPonger = [&wg](ConnPtr c) {
    bytes buf(8);
    std::uint64_t prev = 0;
    for (;;) {
      auto [n, err] = readFull(c, buf);
      if (err) {
        if (err == go::io::EOF_) break;
        ADD_FAILURE() << "unexpected Read error: " << err.Error();
      }
      std::uint64_t v = 0;
      for (int i = 7; i >= 0; --i) v = (v << 8) | buf[static_cast<std::size_t>(i)];  // LittleEndian.Uint64
      std::uint64_t v1 = v + 1;
      for (int i = 0; i < 8; ++i) buf[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v1 >> (8 * i));
      if (prev != 0 && prev + 2 != v) ADD_FAILURE() << "mismatching value: got " << v << ", want " << prev + 2;
      prev = v;
      if (v == 1000) break;
      if (auto [wn, werr] = c->Write(buf); werr) {
        ADD_FAILURE() << "unexpected Write error: " << werr.Error();
        break;
      }
    }
    if (go::error err = c->Close()) ADD_FAILURE() << "unexpected Close error: " << err.Error();
    wg.Done();
  };
  wg.Add(2);
  go::go([=] { pingPonger(c1); });
  go::go([=] { pingPonger(c2); });
  // Start off the chain reaction.
  EXPECT_FALSE(c1->Write(bytes(8)).second) << "unexpected c1.Write error";
  wg.Wait();
}

// go: conntest.go testRacyRead
void testRacyRead(ConnPtr c1, ConnPtr c2) {
  go::go([=] { chunkedCopy(writer(c2), randReader()); });
  go::sync::WaitGroup wg;
  c1->SetReadDeadline(gtime::Now() + 1ms);
  for (int i = 0; i < 10; i++) {
    wg.Add(1);
    go::go([&wg, c1] {
      bytes b1(1024), b2(1024);
      for (int j = 0; j < 100; j++) {
        auto [n, err] = c1->Read(b1);
        b1 = b2;  // Mutate b1 to trigger potential race
        if (err) {
          checkForTimeoutError(err);
          c1->SetReadDeadline(gtime::Now() + 1ms);
        }
      }
      wg.Done();
    });
  }
  wg.Wait();
}

// go: conntest.go testRacyWrite
void testRacyWrite(ConnPtr c1, ConnPtr c2) {
  go::go([=] { chunkedCopy(discard(), reader(c2)); });
  go::sync::WaitGroup wg;
  c1->SetWriteDeadline(gtime::Now() + 1ms);
  for (int i = 0; i < 10; i++) {
    wg.Add(1);
    go::go([&wg, c1] {
      bytes b1(1024), b2(1024);
      for (int j = 0; j < 100; j++) {
        auto [n, err] = c1->Write(b1);
        b1 = b2;  // Mutate b1 to trigger potential race
        if (err) {
          checkForTimeoutError(err);
          c1->SetWriteDeadline(gtime::Now() + 1ms);
        }
      }
      wg.Done();
    });
  }
  wg.Wait();
}

// go: conntest.go testReadTimeout — Read timeouts do not affect Write.
void testReadTimeout(ConnPtr c1, ConnPtr c2) {
  go::go([=] { chunkedCopy(discard(), reader(c2)); });
  c1->SetReadDeadline(aLongTimeAgo);
  bytes b(1024);
  checkForTimeoutError(c1->Read(b).second);
  EXPECT_FALSE(c1->Write(bytes(1024)).second) << "unexpected Write error";
}

// go: conntest.go testWriteTimeout — Write timeouts do not affect Read.
void testWriteTimeout(ConnPtr c1, ConnPtr c2) {
  go::go([=] { chunkedCopy(writer(c2), randReader()); });
  c1->SetWriteDeadline(aLongTimeAgo);
  checkForTimeoutError(c1->Write(bytes(1024)).second);
  bytes b(1024);
  EXPECT_FALSE(c1->Read(b).second) << "unexpected Read error";
}

// go: conntest.go testPastTimeout
void testPastTimeout(ConnPtr c1, ConnPtr c2) {
  go::go([=] { chunkedCopy(writer(c2), reader(c2)); });
  testRoundtrip(c1);
  c1->SetDeadline(aLongTimeAgo);
  auto [n, err] = c1->Write(bytes(1024));
  EXPECT_EQ(n, 0) << "unexpected Write count";
  checkForTimeoutError(err);
  bytes b(1024);
  std::tie(n, err) = c1->Read(b);
  EXPECT_EQ(n, 0) << "unexpected Read count";
  checkForTimeoutError(err);
  testRoundtrip(c1);
}

// go: conntest.go testPresentTimeout
void testPresentTimeout(ConnPtr c1, ConnPtr) {
  go::sync::WaitGroup wg;
  wg.Add(3);
  auto deadlineSet = go::make_chan<bool>(1);
  go::go([&wg, c1, deadlineSet] {
    gtime::Sleep(100ms);
    deadlineSet.send(true);
    c1->SetReadDeadline(aLongTimeAgo);
    c1->SetWriteDeadline(aLongTimeAgo);
    wg.Done();
  });
  go::go([&wg, c1, deadlineSet] {
    bytes b(1024);
    auto [n, err] = c1->Read(b);
    EXPECT_EQ(n, 0) << "unexpected Read count";
    checkForTimeoutError(err);
    EXPECT_NE(go::len(deadlineSet), 0) << "Read timed out before deadline is set";
    wg.Done();
  });
  go::go([&wg, c1, deadlineSet] {
    go::error err;
    while (!err) err = c1->Write(bytes(1024)).second;
    checkForTimeoutError(err);
    EXPECT_NE(go::len(deadlineSet), 0) << "Write timed out before deadline is set";
    wg.Done();
  });
  wg.Wait();
}

// go: conntest.go testFutureTimeout
void testFutureTimeout(ConnPtr c1, ConnPtr c2) {
  go::sync::WaitGroup wg;
  wg.Add(2);
  c1->SetDeadline(gtime::Now() + 100ms);
  go::go([&wg, c1] {
    bytes b(1024);
    checkForTimeoutError(c1->Read(b).second);
    wg.Done();
  });
  go::go([&wg, c1] {
    go::error err;
    while (!err) err = c1->Write(bytes(1024)).second;
    checkForTimeoutError(err);
    wg.Done();
  });
  wg.Wait();
  go::go([=] { chunkedCopy(writer(c2), reader(c2)); });
  resyncConn(c1);
  testRoundtrip(c1);
}

// go: conntest.go testCloseTimeout
void testCloseTimeout(ConnPtr c1, ConnPtr c2) {
  go::go([=] { chunkedCopy(writer(c2), reader(c2)); });
  go::sync::WaitGroup wg;
  wg.Add(3);
  // Test for cancelation upon connection closure.
  c1->SetDeadline(neverTimeout);
  go::go([&wg, c1] {
    gtime::Sleep(100ms);
    c1->Close();
    wg.Done();
  });
  go::go([&wg, c1] {
    go::error err;
    bytes buf(1024);
    while (!err) err = c1->Read(buf).second;
    wg.Done();
  });
  go::go([&wg, c1] {
    go::error err;
    bytes buf(1024);
    while (!err) err = c1->Write(buf).second;
    wg.Done();
  });
  wg.Wait();
}

// go: conntest.go testConcurrentMethods
void testConcurrentMethods(ConnPtr c1, ConnPtr c2) {
  go::go([=] { chunkedCopy(writer(c2), reader(c2)); });
  // The results of the calls may be nonsensical, but this should not crash.
  go::sync::WaitGroup wg;
  for (int i = 0; i < 100; i++) {
    wg.Add(7);
    go::go([&wg, c1] {
      bytes b(1024);
      c1->Read(b);
      wg.Done();
    });
    go::go([&wg, c1] {
      c1->Write(bytes(1024));
      wg.Done();
    });
    go::go([&wg, c1] {
      c1->SetDeadline(gtime::Now() + 10ms);
      wg.Done();
    });
    go::go([&wg, c1] {
      c1->SetReadDeadline(aLongTimeAgo);
      wg.Done();
    });
    go::go([&wg, c1] {
      c1->SetWriteDeadline(aLongTimeAgo);
      wg.Done();
    });
    go::go([&wg, c1] {
      c1->LocalAddr();
      wg.Done();
    });
    go::go([&wg, c1] {
      c1->RemoteAddr();
      wg.Done();
    });
  }
  wg.Wait();  // At worst, the deadline is set 10ms into the future
  resyncConn(c1);
  testRoundtrip(c1);
}

using MakePipe = std::function<std::tuple<ConnPtr, ConnPtr, std::function<void()>>()>;
using connTester = void (*)(ConnPtr, ConnPtr);

// go: conntest.go timeoutWrapper (Go's limit is a minute; here 20 s).
void timeoutWrapper(const MakePipe& mp, connTester f) {
  auto [c1, c2, stop] = mp();
  auto once = std::make_shared<go::sync::Once>();
  auto timer = gtime::AfterFunc(20s, [once, stop = stop] {
    once->Do([&] {
      ADD_FAILURE() << "test timed out; terminating pipe";
      stop();
    });
  });
  f(c1, c2);
  timer->Stop();
  once->Do([&] { stop(); });
}


// nettest.TestConn's subtests, by name.
struct NetTestCase {
  const char* name;
  connTester f;
};
const NetTestCase netTests[] = {
    {"BasicIO", testBasicIO},
    {"PingPong", testPingPong},
    {"RacyRead", testRacyRead},
    {"RacyWrite", testRacyWrite},
    {"ReadTimeout", testReadTimeout},
    {"WriteTimeout", testWriteTimeout},
    {"PastTimeout", testPastTimeout},
    {"PresentTimeout", testPresentTimeout},
    {"FutureTimeout", testFutureTimeout},
    {"CloseTimeout", testCloseTimeout},
    {"ConcurrentMethods", testConcurrentMethods},
};

}  // namespace
}  // namespace nettest
