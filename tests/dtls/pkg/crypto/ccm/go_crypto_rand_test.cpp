// go::crypto::rand::Read: small reads come from a per-thread pool of OS randomness; these tests
// pin that the pool never hands the same bytes out twice, including across fork.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <set>
#include <vector>

#include "dtls/pkg/crypto/ccm/go_crypto.hpp"

namespace {

namespace rand = go::crypto::rand;

TEST(CryptoRand, SmallReadsNeverRepeat) {
  std::set<std::array<std::uint8_t, 8>> seen;
  for (int i = 0; i < 5000; ++i) {  // crosses several 4 KiB refills
    std::array<std::uint8_t, 8> b{};
    auto [n, err] = rand::Read(b);
    ASSERT_EQ(err, nullptr);
    ASSERT_EQ(n, 8);
    EXPECT_TRUE(seen.insert(b).second) << "8 random bytes repeated at read " << i;
  }
}

TEST(CryptoRand, LargeAndEmptyReads) {
  std::vector<std::uint8_t> big(1000), big2(1000);
  EXPECT_EQ(rand::Read(big).first, 1000);
  EXPECT_EQ(rand::Read(big2).first, 1000);
  EXPECT_NE(big, big2);
  std::vector<std::uint8_t> none;
  auto [n, err] = rand::Read(none);
  EXPECT_EQ(n, 0);
  EXPECT_EQ(err, nullptr);
}

// A forked child must not hand out the bytes its parent will hand out next (it would repeat
// AEAD nonces): the child's first read differs from the parent's.
TEST(CryptoRand, ForkedChildDoesNotReuseTheParentsPool) {
  std::array<std::uint8_t, 8> warm{};
  rand::Read(warm);  // the parent's pool is now filled
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::array<std::uint8_t, 8> c{};
    rand::Read(c);
    (void)!::write(fds[1], c.data(), c.size());
    ::_exit(0);
  }
  std::array<std::uint8_t, 8> parent{}, child{};
  rand::Read(parent);
  ASSERT_EQ(::read(fds[0], child.data(), child.size()), 8);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(fds[0]);
  ::close(fds[1]);
  EXPECT_NE(parent, child);
}

}  // namespace
