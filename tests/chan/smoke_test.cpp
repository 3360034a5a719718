#include <gtest/gtest.h>

#include <string>

#include "chan/go.hpp"

TEST(Smoke, PingPong) {
  int sum = 0;
  go::run([&] {
    auto c = go::make_chan<int>();
    auto d = go::make_chan<std::string>(1);
    go::go([=] {
      for (int i = 0; i < 100; ++i) c.send(i);
      c.close();
      d.send("done");
    });
    for (int v : c) sum += v;
    EXPECT_EQ(d.recv(), "done");
  });
  EXPECT_EQ(sum, 4950);
}

TEST(Smoke, SelectAndShutdown) {
  go::run({.threads = 2}, [&] {
    auto a = go::make_chan<int>();
    auto b = go::make_chan<int>();
    go::chan<int> nil;
    go::go([=] { a.send(1); });
    go::go([=] { b.send(2); });
    go::go([=] { nil.send(3); });  // blocks forever; unwound at exit
    int got = 0;
    for (int i = 0; i < 2; ++i) {
      go::select(go::recv(a, [&](int v) { got += v; }), go::recv(b, [&](int v) { got += v; }),
                 go::recv(nil, [&](int) { got += 100; }));
    }
    EXPECT_EQ(got, 3);
    int idx = go::select(go::recv(a), go::default_());
    EXPECT_EQ(idx, 1);
  });
}
