// pion/transport: replaydetector/replaydetector.go, fixedbig.go
// Package replaydetector provides packet replay detection algorithm.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace pion::transport::replaydetector {

// pion/transport: replaydetector/fixedbig.go fixedBigInt
// fixedBigInt is the fix-sized multi-word integer.
class fixedBigInt {
 public:
  // newFixedBigInt creates a new fix-sized multi-word int.
  explicit fixedBigInt(unsigned n);
  // Lsh is the left shift operation.
  void Lsh(unsigned n);
  // Bit returns i-th bit of the fixedBigInt.
  unsigned Bit(unsigned i) const;
  // SetBit sets i-th bit to 1.
  void SetBit(unsigned i);
  // String returns string representation of fixedBigInt.
  std::string String() const;

 private:
  std::vector<std::uint64_t> bits;
  unsigned n;
  std::uint64_t msbMask;
};

// ReplayDetector is the interface of sequence replay detector.
class ReplayDetector {
 public:
  virtual ~ReplayDetector() = default;
  // Check returns true if given sequence number is not replayed.
  // Call accept() to mark the packet is received properly.
  virtual std::pair<std::function<void()>, bool> Check(std::uint64_t seq) = 0;
};

// New creates ReplayDetector.
// Created ReplayDetector doesn't allow wrapping.
// It can handle monotonically increasing sequence number up to
// full 64bit number. It is suitable for DTLS replay protection.
std::unique_ptr<ReplayDetector> New(unsigned windowSize, std::uint64_t maxSeq);

// WithWrap creates ReplayDetector allowing sequence wrapping.
// This is suitable for short bit width counter like SRTP and SRTCP.
std::unique_ptr<ReplayDetector> WithWrap(unsigned windowSize, std::uint64_t maxSeq);

}  // namespace pion::transport::replaydetector
