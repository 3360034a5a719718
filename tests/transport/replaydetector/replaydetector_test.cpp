// pion/transport: replaydetector/replaydetector_test.go, fixedbig_test.go
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "transport/replaydetector/replaydetector.hpp"

namespace rd = pion::transport::replaydetector;

namespace {

struct testCase {
  const char* name;
  unsigned windowSize;
  std::uint64_t maxSeq;
  std::vector<std::uint64_t> input;
  std::vector<bool> valid;
  std::vector<std::uint64_t> expected;
  std::optional<std::vector<std::uint64_t>> expectedWrap;  // nullopt means it's same as expected
};

// pion/transport: replaydetector/replaydetector_test.go TestReplayDetector
TEST(ReplayDetector, Table) {
  const std::uint64_t largeSeq = 0x100000000000;
  const std::vector<testCase> cases = {
    {"Continuous",
      16, 0x0000FFFFFFFFFFFF,
      std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20},
      std::vector<bool>{
        true, true, true, true, true, true, true, true, true, true,
        true, true, true, true, true, true, true, true, true, true,
        true,
      },
      std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20},
      std::nullopt,
    },
    {"ValidLargeJump",
      16, 0x0000FFFFFFFFFFFF,
      std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, largeSeq, 11, largeSeq + 1, largeSeq + 2, largeSeq + 3},
      std::vector<bool>{
        true, true, true, true, true, true, true, true, true, true,
        true, true, true, true, true,
      },
      std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, largeSeq, largeSeq + 1, largeSeq + 2, largeSeq + 3},
      std::nullopt,
    },
    {"InvalidLargeJump",
      16, 0x0000FFFFFFFFFFFF,
      std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, largeSeq, 11, 12, 13, 14, 15},
      std::vector<bool>{
        true, true, true, true, true, true, true, true, true, true,
        false, true, true, true, true, true,
      },
      std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15},
      std::nullopt,
    },
    {"DuplicateAfterValidJump",
      196, 0x0000FFFFFFFFFFFF,
      std::vector<std::uint64_t>{0, 1, 2, 129, 0, 1, 2},
      std::vector<bool>{
        true, true, true, true, true, true, true,
      },
      std::vector<std::uint64_t>{0, 1, 2, 129},
      std::nullopt,
    },
    {"DuplicateAfterInvalidJump",
      196, 0x0000FFFFFFFFFFFF,
      std::vector<std::uint64_t>{0, 1, 2, 128, 0, 1, 2},
      std::vector<bool>{
        true, true, true, false, true, true, true,
      },
      std::vector<std::uint64_t>{0, 1, 2},
      std::nullopt,
    },
    {"ContinuousOffset",
      16, 0x0000FFFFFFFFFFFF,
      std::vector<std::uint64_t>{100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114},
      std::vector<bool>{
        true, true, true, true, true, true, true, true, true, true,
        true, true, true, true, true,
      },
      std::vector<std::uint64_t>{100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114},
      std::nullopt,
    },
    {"Reordered",
      128, 0x0000FFFFFFFFFFFF,
      std::vector<std::uint64_t>{96, 64, 16, 80, 32, 48, 8, 24, 88, 40, 128, 56, 72, 112, 104, 120},
      std::vector<bool>{
        true, true, true, true, true, true, true, true, true, true,
        true, true, true, true, true, true,
      },
      std::vector<std::uint64_t>{96, 64, 16, 80, 32, 48, 8, 24, 88, 40, 128, 56, 72, 112, 104, 120},
      std::nullopt,
    },
    {"Old",
      100, 0x0000FFFFFFFFFFFF,
      std::vector<std::uint64_t>{24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120, 128, 8, 16},
      std::vector<bool>{
        true, true, true, true, true, true, true, true, true, true,
        true, true, true, true, true, true,
      },
      std::vector<std::uint64_t>{24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120, 128},
      std::nullopt,
    },
    {"ContinuousReplayed",
      8, 0x0000FFFFFFFFFFFF,
      std::vector<std::uint64_t>{16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25},
      std::vector<bool>{
        true, true, true, true, true, true, true, true, true, true,
        true, true, true, true, true, true, true, true, true, true,
      },
      std::vector<std::uint64_t>{16, 17, 18, 19, 20, 21, 22, 23, 24, 25},
      std::nullopt,
    },
    {"ReplayedLater",
      128, 0x0000FFFFFFFFFFFF,
      std::vector<std::uint64_t>{16, 32, 48, 64, 80, 96, 112, 128, 16, 32, 48, 64, 80, 96, 112, 128},
      std::vector<bool>{
        true, true, true, true, true, true, true, true, true, true,
        true, true, true, true, true, true,
      },
      std::vector<std::uint64_t>{16, 32, 48, 64, 80, 96, 112, 128},
      std::nullopt,
    },
    {"ReplayedQuick",
      128, 0x0000FFFFFFFFFFFF,
      std::vector<std::uint64_t>{16, 16, 32, 32, 48, 48, 64, 64, 80, 80, 96, 96, 112, 112, 128, 128},
      std::vector<bool>{
        true, true, true, true, true, true, true, true, true, true,
        true, true, true, true, true, true,
      },
      std::vector<std::uint64_t>{16, 32, 48, 64, 80, 96, 112, 128},
      std::nullopt,
    },
    {"Strict",
      0, 0x0000FFFFFFFFFFFF,
      std::vector<std::uint64_t>{1, 3, 2, 4, 5, 6, 7, 8, 9, 10},
      std::vector<bool>{
        true, true, true, true, true, true, true, true, true, true,
      },
      std::vector<std::uint64_t>{1, 3, 4, 5, 6, 7, 8, 9, 10},
      std::nullopt,
    },
    {"Overflow",
      128, 0x0000FFFFFFFFFFFF,
      std::vector<std::uint64_t>{0x0000FFFFFFFFFFFE, 0x0000FFFFFFFFFFFF, 0x0001000000000000, 0x0001000000000001},
      std::vector<bool>{
        true, true, true, true,
      },
      std::vector<std::uint64_t>{0x0000FFFFFFFFFFFE, 0x0000FFFFFFFFFFFF},
      std::nullopt,
    },
    {"WrapContinuous",
      64, 0xFFFF,
      std::vector<std::uint64_t>{0xFFFC, 0xFFFD, 0xFFFE, 0xFFFF, 0x0000, 0x0001, 0x0002, 0x0003},
      std::vector<bool>{
        true, true, true, true, true, true, true, true,
      },
      std::vector<std::uint64_t>{0xFFFC, 0xFFFD, 0xFFFE, 0xFFFF},
      std::vector<std::uint64_t>{0xFFFC, 0xFFFD, 0xFFFE, 0xFFFF, 0x0000, 0x0001, 0x0002, 0x0003},
    },
    {"WrapReordered",
      64, 0xFFFF,
      std::vector<std::uint64_t>{0xFFFD, 0xFFFC, 0x0002, 0xFFFE, 0x0000, 0x0001, 0xFFFF, 0x0003},
      std::vector<bool>{
        true, true, true, true, true, true, true, true,
      },
      std::vector<std::uint64_t>{0xFFFD, 0xFFFC, 0xFFFE, 0xFFFF},
      std::vector<std::uint64_t>{0xFFFD, 0xFFFC, 0x0002, 0xFFFE, 0x0000, 0x0001, 0xFFFF, 0x0003},
    },
    {"WrapReorderedReplayed",
      64, 0xFFFF,
      std::vector<std::uint64_t>{0xFFFD, 0xFFFC, 0xFFFC, 0x0002, 0xFFFE, 0xFFFC, 0x0000, 0x0001, 0x0001, 0xFFFF, 0x0001, 0x0003},
      std::vector<bool>{
        true, true, true, true, true, true, true, true, true, true, true, true,
      },
      std::vector<std::uint64_t>{0xFFFD, 0xFFFC, 0xFFFE, 0xFFFF},
      std::vector<std::uint64_t>{0xFFFD, 0xFFFC, 0x0002, 0xFFFE, 0x0000, 0x0001, 0xFFFF, 0x0003},
    },
  };
  for (const auto& c : cases) {
    const auto expectedWrap = c.expectedWrap ? *c.expectedWrap : c.expected;
    struct kind {
      const char* name;
      std::unique_ptr<rd::ReplayDetector> (*newFunc)(unsigned, std::uint64_t);
      std::vector<std::uint64_t> expected;
    };
    for (const auto& typ : {kind{"NoWrap", rd::New, c.expected}, kind{"Wrap", rd::WithWrap, expectedWrap}}) {
      auto det = typ.newFunc(c.windowSize, c.maxSeq);
      std::vector<std::uint64_t> out;
      for (std::size_t i = 0; i < c.input.size(); ++i) {
        auto [accept, ok] = det->Check(c.input[i]);
        if (ok && c.valid[i]) {
          out.push_back(c.input[i]);
          accept();
        }
      }
      EXPECT_EQ(typ.expected, out) << c.name << "/" << typ.name;
    }
  }
}

}  // namespace
