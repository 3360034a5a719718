// pion/logging: logging_test.go
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "chan/io.hpp"
#include "logging/logger.hpp"

namespace {

namespace logging = pion::logging;

// go: bytes.Buffer as an io.Writer
class buffer final : public go::io::Writer {
 public:
  std::pair<int, go::error> Write(std::span<const std::uint8_t> p) override {
    data.append(reinterpret_cast<const char*>(p.data()), p.size());
    return {static_cast<int>(p.size()), nullptr};
  }
  std::size_t Len() const { return data.size(); }
  const std::string& String() const { return data; }
  std::string data;
};

bool contains(const std::string& s, const std::string& sub) { return s.find(sub) != std::string::npos; }

void testNoDebugLevel(logging::DefaultLeveledLogger& logger) {
  auto outBuf = std::make_shared<buffer>();
  logger.WithOutput(outBuf);

  logger.Debug("this shouldn't be logged");
  EXPECT_EQ(outBuf->Len(), 0u) << "Debug was logged when it shouldn't have been";
  logger.Debugf("this shouldn't be logged");
  EXPECT_EQ(outBuf->Len(), 0u) << "Debug was logged when it shouldn't have been";
}

void testDebugLevel(logging::DefaultLeveledLogger& logger) {
  auto outBuf = std::make_shared<buffer>();
  logger.WithOutput(outBuf);

  const std::string dbgMsg = "this is a debug message";
  logger.Debug(dbgMsg);
  EXPECT_TRUE(contains(outBuf->String(), dbgMsg)) << "Expected to find " << dbgMsg << " in " << outBuf->String();
  logger.Debugf(dbgMsg);
  EXPECT_TRUE(contains(outBuf->String(), dbgMsg)) << "Expected to find " << dbgMsg << " in " << outBuf->String();
}

void testWarnLevel(logging::DefaultLeveledLogger& logger) {
  auto outBuf = std::make_shared<buffer>();
  logger.WithOutput(outBuf);

  const std::string warnMsg = "this is a warning message";
  logger.Warn(warnMsg);
  EXPECT_TRUE(contains(outBuf->String(), warnMsg)) << "Expected to find " << warnMsg << " in " << outBuf->String();
  logger.Warnf(warnMsg);
  EXPECT_TRUE(contains(outBuf->String(), warnMsg)) << "Expected to find " << warnMsg << " in " << outBuf->String();
}

void testErrorLevel(logging::DefaultLeveledLogger& logger) {
  auto outBuf = std::make_shared<buffer>();
  logger.WithOutput(outBuf);

  const std::string errMsg = "this is an error message";
  logger.Error(errMsg);
  EXPECT_TRUE(contains(outBuf->String(), errMsg)) << "Expected to find " << errMsg << " in " << outBuf->String();
  logger.Errorf(errMsg);
  EXPECT_TRUE(contains(outBuf->String(), errMsg)) << "Expected to find " << errMsg << " in " << outBuf->String();
}

// pion/logging: logging_test.go TestDefaultLoggerFactory
TEST(Logging, DefaultLoggerFactory) {
  logging::DefaultLoggerFactory f;
  f.Writer = nullptr;  // os.Stdout
  f.DefaultLogLevel = logging::LogLevelWarn;
  f.ScopeLevels = {{"foo", logging::LogLevelDebug}};

  auto logger = f.NewLogger("baz");
  auto bazLogger = std::dynamic_pointer_cast<logging::DefaultLeveledLogger>(logger);
  ASSERT_NE(bazLogger, nullptr) << "Invalid logger type";

  testNoDebugLevel(*bazLogger);
  testWarnLevel(*bazLogger);

  logger = f.NewLogger("foo");
  auto fooLogger = std::dynamic_pointer_cast<logging::DefaultLeveledLogger>(logger);
  ASSERT_NE(fooLogger, nullptr) << "Invalid logger type";

  testDebugLevel(*fooLogger);
}

// pion/logging: logging_test.go TestDefaultLogger
TEST(Logging, DefaultLogger) {
  auto logger = logging::NewDefaultLeveledLoggerForScope("test1", logging::LogLevelWarn, nullptr);

  testNoDebugLevel(*logger);
  testWarnLevel(*logger);
  testErrorLevel(*logger);
}

// pion/logging: logging_test.go TestSetLevel
TEST(Logging, SetLevel) {
  auto logger = logging::NewDefaultLeveledLoggerForScope("testSetLevel", logging::LogLevelWarn, nullptr);

  testNoDebugLevel(*logger);
  logger->SetLevel(logging::LogLevelDebug);
  testDebugLevel(*logger);
}

// Port addition: the line format (Go's log package as Pion configures it, without Lshortfile):
// "<scope> <TAG>: <time> <msg>\n", and the `f` forms format with Go's verbs.
TEST(Logging, LineFormat) {
  auto out = std::make_shared<buffer>();
  auto logger = logging::NewDefaultLeveledLoggerForScope("dtls", logging::LogLevelTrace, out);
  logger->Tracef("flight %d: %s", 3, "x");
  ASSERT_FALSE(out->data.empty());
  EXPECT_EQ(out->data.rfind("dtls TRACE: ", 0), 0u) << out->data;
  EXPECT_TRUE(contains(out->data, " flight 3: x\n")) << out->data;
  out->data.clear();
  logger->Warn("w\n");
  EXPECT_EQ(out->data.rfind("dtls WARNING: ", 0), 0u) << out->data;
  EXPECT_EQ(out->data.back(), '\n');
  EXPECT_FALSE(contains(out->data, "w\n\n")) << "a trailing newline is not doubled";
}

// Port addition: NewDefaultLoggerFactory reads PION_LOG_<LEVEL> as Go does (strings.Split keeps
// every comma-separated scope) and "all" sets the default.
TEST(Logging, FactoryFromEnvironment) {
  ::setenv("PION_LOG_DEBUG", "DTLS,sctp", 1);
  ::setenv("PIONS_LOG_TRACE", "all", 1);
  auto f = logging::NewDefaultLoggerFactory();
  ::unsetenv("PION_LOG_DEBUG");
  ::unsetenv("PIONS_LOG_TRACE");
  EXPECT_EQ(f->DefaultLogLevel, logging::LogLevelTrace);
  ASSERT_EQ(f->ScopeLevels.count("dtls"), 1u);
  EXPECT_EQ(f->ScopeLevels.at("dtls"), logging::LogLevelDebug);
  EXPECT_EQ(f->ScopeLevels.at("sctp"), logging::LogLevelDebug);
}

}  // namespace
