// pion: nettest_test.go TestNetTest — golang.org/x/net/nettest.TestConn over two DTLS Conns
// connected through an in-memory pipe (pipeMemory), one gtest per nettest subtest.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <tuple>

#include "dtls/conn_test_helpers.hpp"
#include "nettest/conntest.hpp"

namespace dtls {
namespace {

class NetTest : public ::testing::TestWithParam<nettest::NetTestCase> {};

// pion: nettest_test.go TestNetTest
TEST_P(NetTest, TestConn) {
  auto tc = GetParam();
  go::run({.threads = 2}, [tc] {
    nettest::timeoutWrapper(
        [] {
          auto [c1, c2, err] = pipeMemory();
          EXPECT_EQ(err, nullptr) << err.Error();
          std::function<void()> stop = [c1 = c1, c2 = c2] {
            if (c1) c1->Close();
            if (c2) c2->Close();
          };
          return std::tuple<nettest::ConnPtr, nettest::ConnPtr, std::function<void()>>{c1, c2, stop};
        },
        tc.f);
  });
}

INSTANTIATE_TEST_SUITE_P(TestNetTest, NetTest, ::testing::ValuesIn(nettest::netTests),
                         [](const ::testing::TestParamInfo<nettest::NetTestCase>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace dtls
