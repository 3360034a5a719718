// libFuzzer's entry point for one target; FUZZ_TARGET names the function (tests/fuzz/targets.hpp).
// (Ours; no Go origin.)
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  dtls::fuzz::FUZZ_TARGET(std::span<const std::uint8_t>(data, size));
  return 0;
}
