// The workers' local run queue (chan/src/runq.hpp; Go: runtime/proc.go runqput, runqget,
// runqputslow, runqsteal), on plain threads: one owner putting and getting, thieves stealing
// into their own queues, overflow to a shared list. Every entry must come out exactly once.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "../../chan/src/runq.hpp"

namespace {

using go::detail::runq;

struct item {
  std::atomic<int> taken{0};
};

}  // namespace

TEST(RunQueue, OwnerAlone) {
  runq<item> q;
  std::vector<item> items(runq<item>::kSize);
  EXPECT_TRUE(q.empty());
  for (auto& it : items) ASSERT_TRUE(q.put(&it));
  EXPECT_FALSE(q.put(&items[0])) << "a full queue takes no more";
  EXPECT_EQ(q.size(), runq<item>::kSize);
  // runqputslow's half: the oldest half, in order.
  item* half[runq<item>::kSize / 2];
  ASSERT_EQ(q.take_half(half), runq<item>::kSize / 2);
  for (std::uint32_t i = 0; i < runq<item>::kSize / 2; ++i) EXPECT_EQ(half[i], &items[i]);
  // FIFO for the rest.
  for (std::uint32_t i = runq<item>::kSize / 2; i < runq<item>::kSize; ++i) EXPECT_EQ(q.get(), &items[i]);
  EXPECT_EQ(q.get(), nullptr);
  EXPECT_TRUE(q.empty());
}

TEST(RunQueue, StealTakesTheOlderHalfRoundedUp) {
  runq<item> victim, thief;
  std::vector<item> items(7);
  for (auto& it : items) ASSERT_TRUE(victim.put(&it));
  // 7 - 7/2 = 4 stolen: three land in the thief's queue, the fourth is returned.
  EXPECT_EQ(thief.steal_from(victim), &items[3]);
  EXPECT_EQ(thief.size(), 3u);
  EXPECT_EQ(victim.size(), 3u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(thief.get(), &items[static_cast<std::size_t>(i)]);
  for (int i = 4; i < 7; ++i) EXPECT_EQ(victim.get(), &items[static_cast<std::size_t>(i)]);
  EXPECT_EQ(thief.steal_from(victim), nullptr) << "nothing left to steal";
}

// One owner puts 2,000,000 entries (half of them wrapping the ring many times over) and takes
// some back itself; on overflow it moves half of its queue to a shared list, as runqputslow
// does. Three thieves steal from it and consume from their own queues. Each entry is taken
// exactly once, and every one of them is taken.
TEST(RunQueue, OwnerAndThievesTakeEveryEntryOnce) {
  constexpr int kItems = 2'000'000;
  std::vector<item> items(kItems);
  runq<item> owner_q;
  std::mutex overflow_mu;
  std::vector<item*> overflow;
  std::atomic<int> consumed{0};
  std::atomic<bool> done_putting{false};

  auto consume = [&](item* it) {
    ASSERT_EQ(it->taken.fetch_add(1, std::memory_order_relaxed), 0) << "an entry came out twice";
    consumed.fetch_add(1, std::memory_order_relaxed);
  };

  std::vector<std::thread> thieves;
  for (int t = 0; t < 3; ++t) {
    thieves.emplace_back([&] {
      runq<item> mine;
      for (;;) {
        if (item* it = mine.get()) {
          consume(it);
          continue;
        }
        if (item* it = mine.steal_from(owner_q)) {
          consume(it);
          continue;
        }
        if (done_putting.load(std::memory_order_acquire) && owner_q.empty()) break;
      }
      while (item* it = mine.get()) consume(it);
    });
  }

  for (int i = 0; i < kItems; ++i) {
    item* it = &items[static_cast<std::size_t>(i)];
    while (!owner_q.put(it)) {
      item* half[runq<item>::kSize / 2 + 1];
      std::uint32_t n = owner_q.take_half(half);
      std::lock_guard lk(overflow_mu);
      overflow.insert(overflow.end(), half, half + n);
    }
    if (i % 3 == 0) {
      if (item* mine = owner_q.get()) consume(mine);
    }
  }
  while (item* it = owner_q.get()) consume(it);
  done_putting.store(true, std::memory_order_release);
  for (auto& t : thieves) t.join();
  for (item* it : overflow) consume(it);

  EXPECT_EQ(consumed.load(), kItems);
  int missing = 0;
  for (auto& it : items) missing += it.taken.load() == 0;
  EXPECT_EQ(missing, 0);
}
