// pion/transport: replaydetector/replaydetector.go, fixedbig.go
#include "transport/replaydetector/replaydetector.hpp"

#include <algorithm>
#include <cstdio>

#include "chan/chan.hpp"

namespace pion::transport::replaydetector {

namespace {

// Go defines x << n and x >> n for n >= 64 as 0; C++ leaves it undefined.
constexpr std::uint64_t shl(std::uint64_t x, unsigned n) { return n >= 64 ? 0 : x << n; }
constexpr std::uint64_t shr(std::uint64_t x, unsigned n) { return n >= 64 ? 0 : x >> n; }

}  // namespace

// pion/transport: replaydetector/fixedbig.go newFixedBigInt
fixedBigInt::fixedBigInt(unsigned n_) : n(n_) {
  unsigned chunkSize = (n + 63) / 64;
  if (chunkSize == 0) chunkSize = 1;
  bits.assign(chunkSize, 0);
  msbMask = shl(1, 64 - n % 64) - 1;
}

// pion/transport: replaydetector/fixedbig.go fixedBigInt.Lsh
void fixedBigInt::Lsh(unsigned shift) {
  if (shift == 0) return;
  int nChunk = static_cast<int>(shift / 64);
  unsigned nN = shift % 64;
  for (int i = static_cast<int>(bits.size()) - 1; i >= 0; i--) {
    std::uint64_t carry = 0;
    if (i - nChunk >= 0) {
      carry = shl(bits[i - nChunk], nN);
      if (i - nChunk - 1 >= 0) carry |= shr(bits[i - nChunk - 1], 64 - nN);
    }
    bits[i] = shl(bits[i], shift) | carry;
  }
  bits.back() &= msbMask;
}

// pion/transport: replaydetector/fixedbig.go fixedBigInt.Bit
unsigned fixedBigInt::Bit(unsigned i) const {
  if (i >= n) return 0;
  unsigned chunk = i / 64;
  unsigned pos = i % 64;
  return (bits[chunk] & (std::uint64_t{1} << pos)) != 0 ? 1 : 0;
}

// pion/transport: replaydetector/fixedbig.go fixedBigInt.SetBit
void fixedBigInt::SetBit(unsigned i) {
  if (i >= n) return;
  unsigned chunk = i / 64;
  unsigned pos = i % 64;
  bits[chunk] |= std::uint64_t{1} << pos;
}

// pion/transport: replaydetector/fixedbig.go fixedBigInt.String
std::string fixedBigInt::String() const {
  std::string out;
  for (int i = static_cast<int>(bits.size()) - 1; i >= 0; i--) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llX", static_cast<unsigned long long>(bits[i]));
    out += buf;
  }
  return out;
}

namespace {

// pion/transport: replaydetector/replaydetector.go slidingWindowDetector
class slidingWindowDetector final : public ReplayDetector {
 public:
  slidingWindowDetector(unsigned windowSize_, std::uint64_t maxSeq_)
      : maxSeq(maxSeq_), windowSize(windowSize_), mask(windowSize_) {}

  // pion/transport: replaydetector/replaydetector.go slidingWindowDetector.Check
  std::pair<std::function<void()>, bool> Check(std::uint64_t seq) override {
    if (seq > maxSeq) {
      // Exceeded upper limit.
      return {[] {}, false};
    }
    if (seq <= latestSeq) {
      if (latestSeq >= std::uint64_t{windowSize} + seq) return {[] {}, false};
      if (mask.Bit(static_cast<unsigned>(latestSeq - seq)) != 0) {
        // The sequence number is duplicated.
        return {[] {}, false};
      }
    }
    return {[this, seq] {
              if (seq > latestSeq) {
                // Update the head of the window.
                mask.Lsh(static_cast<unsigned>(std::min<std::uint64_t>(seq - latestSeq, ~0u)));
                latestSeq = seq;
              }
              // Go panics on a modulo by zero; so do we (as go::panic_error).
              if (maxSeq == 0) throw go::panic_error("runtime error: integer divide by zero");
              std::uint64_t diff = (latestSeq - seq) % maxSeq;
              mask.SetBit(static_cast<unsigned>(std::min<std::uint64_t>(diff, ~0u)));
            },
            true};
  }

 private:
  std::uint64_t latestSeq = 0;
  std::uint64_t maxSeq;
  unsigned windowSize;
  fixedBigInt mask;
};

// pion/transport: replaydetector/replaydetector.go wrappedSlidingWindowDetector
class wrappedSlidingWindowDetector final : public ReplayDetector {
 public:
  wrappedSlidingWindowDetector(unsigned windowSize_, std::uint64_t maxSeq_)
      : maxSeq(maxSeq_), windowSize(windowSize_), mask(windowSize_) {}

  // pion/transport: replaydetector/replaydetector.go wrappedSlidingWindowDetector.Check
  std::pair<std::function<void()>, bool> Check(std::uint64_t seq) override {
    if (seq > maxSeq) {
      // Exceeded upper limit.
      return {[] {}, false};
    }
    if (!init) {
      if (seq != 0) {
        latestSeq = seq - 1;
      } else {
        latestSeq = maxSeq;
      }
      init = true;
    }

    std::int64_t diff = static_cast<std::int64_t>(latestSeq) - static_cast<std::int64_t>(seq);
    // Wrap the number.
    if (diff > static_cast<std::int64_t>(maxSeq) / 2) {
      diff -= static_cast<std::int64_t>(maxSeq + 1);
    } else if (diff <= -static_cast<std::int64_t>(maxSeq) / 2) {
      diff += static_cast<std::int64_t>(maxSeq + 1);
    }

    if (diff >= static_cast<std::int64_t>(windowSize)) {
      // Too old.
      return {[] {}, false};
    }
    if (diff >= 0) {
      if (mask.Bit(static_cast<unsigned>(diff)) != 0) {
        // The sequence number is duplicated.
        return {[] {}, false};
      }
    }

    return {[this, seq, diff] {
              if (diff < 0) {
                // Update the head of the window.
                mask.Lsh(static_cast<unsigned>(std::min<std::int64_t>(-diff, ~0u)));
                latestSeq = seq;
              }
              mask.SetBit(static_cast<unsigned>(std::min<std::uint64_t>(latestSeq - seq, ~0u)));
            },
            true};
  }

 private:
  std::uint64_t latestSeq = 0;
  std::uint64_t maxSeq;
  unsigned windowSize;
  fixedBigInt mask;
  bool init = false;
};

}  // namespace

// pion/transport: replaydetector/replaydetector.go New
std::unique_ptr<ReplayDetector> New(unsigned windowSize, std::uint64_t maxSeq) {
  return std::make_unique<slidingWindowDetector>(windowSize, maxSeq);
}

// pion/transport: replaydetector/replaydetector.go WithWrap
std::unique_ptr<ReplayDetector> WithWrap(unsigned windowSize, std::uint64_t maxSeq) {
  return std::make_unique<wrappedSlidingWindowDetector>(windowSize, maxSeq);
}

}  // namespace pion::transport::replaydetector
