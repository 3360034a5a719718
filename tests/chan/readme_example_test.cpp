// The README's Go-beside-C++ example, compiled and run, so the README cannot drift from the API.
#include <gtest/gtest.h>

#include <vector>

#include "chan/go.hpp"

namespace {

struct unit {};

void worker(go::recv_chan<int> jobs, go::send_chan<int> results, go::recv_chan<unit> done) {
  for (;;) {
    int j;
    bool ok;
    switch (go::select(go::recv(jobs, &j, &ok), go::recv(done))) {
      case 0:
        if (!ok) return;
        results.send(j * j);
        break;
      case 1:
        return;
    }
  }
}

TEST(Readme, WorkerExample) {
  std::vector<int> got;
  go::run([&] {
    auto jobs = go::make_chan<int>(10);
    auto results = go::make_chan<int>();
    auto done = go::make_chan<unit>();
    go::go([=] { worker(jobs, results, done); });
    for (int i = 1; i <= 3; i++) jobs.send(i);
    close(jobs);
    for (int i = 0; i < 3; i++) got.push_back(results.recv());
  });
  EXPECT_EQ(got, (std::vector<int>{1, 4, 9}));
}

}  // namespace
