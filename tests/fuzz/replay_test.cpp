// Replays every committed input of every fuzz target (tests/fuzz/corpus/<target>/ and the
// crashers kept in tests/fuzz/regressions/<target>/) through the target function, in the normal
// build: a regression crashes or hangs this test. (Ours; no Go origin.)
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/fuzz/targets.hpp"

namespace dtls::fuzz {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> filesIn(const fs::path& dir) {
  std::vector<fs::path> out;
  if (fs::is_directory(dir)) {
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.is_regular_file() && e.path().filename().string()[0] != '.') out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::uint8_t> readAll(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

class FuzzReplay : public ::testing::TestWithParam<NamedTarget> {};

TEST_P(FuzzReplay, CorpusAndRegressions) {
  const auto& t = GetParam();
  const auto corpus = filesIn(fs::path(FUZZ_DIR) / "corpus" / std::string(t.name));
  // Every target has a seed corpus (so this replay is never empty).
  ASSERT_FALSE(corpus.empty()) << "no seed corpus for " << t.name;
  auto all = corpus;
  for (auto& p : filesIn(fs::path(FUZZ_DIR) / "regressions" / std::string(t.name))) all.push_back(p);
  for (const auto& p : all) {
    SCOPED_TRACE(p.string());
    const auto in = readAll(p);
    t.fn(in);  // returns for every input; a crash or hang is the failure
  }
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzReplay, ::testing::ValuesIn(kTargets),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace dtls::fuzz
