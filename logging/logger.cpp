// pion: github.com/pion/logging (logger.go, scoped.go)
#include "logging/logger.hpp"

#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <utility>

namespace pion::logging {

// pion: scoped.go LogLevel.String
std::string String(LogLevel ll) {
  switch (ll) {
    case LogLevelDisabled: return "Disabled";
    case LogLevelError: return "Error";
    case LogLevelWarn: return "Warn";
    case LogLevelInfo: return "Info";
    case LogLevelDebug: return "Debug";
    case LogLevelTrace: return "Trace";
  }
  return "UNKNOWN";
}

namespace {
// Go's os.Stdout as an io.Writer.
class stdoutWriter final : public go::io::Writer {
 public:
  std::pair<int, go::error> Write(std::span<const std::uint8_t> p) override {
    std::size_t off = 0;
    while (off < p.size()) {
      ssize_t n = ::write(1, p.data() + off, p.size() - off);
      if (n <= 0) return {static_cast<int>(off), go::errors::New("write /dev/stdout failed")};
      off += static_cast<std::size_t>(n);
    }
    return {static_cast<int>(off), nullptr};
  }
};
}  // namespace

DefaultLeveledLogger::DefaultLeveledLogger(std::string scope, LogLevel level, std::shared_ptr<go::io::Writer> writer)
    : scope_(std::move(scope)), level_(level), writer_(writer ? std::move(writer) : std::make_shared<stdoutWriter>()) {}

DefaultLeveledLogger& DefaultLeveledLogger::WithOutput(std::shared_ptr<go::io::Writer> output) {
  std::lock_guard lk(mu_);
  // (Go stores a nil writer and panics on the next log line; null is standard output here, as in
  // NewDefaultLeveledLoggerForScope.)
  writer_ = output ? std::move(output) : std::make_shared<stdoutWriter>();
  return *this;
}

// pion: logger.go DefaultLeveledLogger.logf
void DefaultLeveledLogger::logf(const char* tag, LogLevel level, const std::string& msg, bool micro) {
  if (level_.load(std::memory_order_relaxed) < level) {
    return;
  }
  // Go's log prefix: "<scope> <TAG>: " then the time (log.Lmicroseconds: 15:04:05.000000; log.LstdFlags:
  // 2006/01/02 15:04:05), then the message and a newline if it has none.
  timeval tv{};
  ::gettimeofday(&tv, nullptr);
  std::tm tm{};
  ::localtime_r(&tv.tv_sec, &tm);
  char ts[64];
  if (micro) {
    std::snprintf(ts, sizeof ts, "%02d:%02d:%02d.%06ld", tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long>(tv.tv_usec));
  } else {
    std::snprintf(ts, sizeof ts, "%04d/%02d/%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec);
  }
  std::string line = scope_ + " " + tag + ": " + ts + " " + msg;
  if (line.empty() || line.back() != '\n') line.push_back('\n');
  std::lock_guard lk(mu_);
  auto [n, err] = writer_->Write(std::span(reinterpret_cast<const std::uint8_t*>(line.data()), line.size()));
  (void)n;
  if (err) {
    std::fprintf(stderr, "Unable to log: %s", err.Error().c_str());
  }
}

// pion: logger.go NewDefaultLeveledLoggerForScope
std::shared_ptr<DefaultLeveledLogger> NewDefaultLeveledLoggerForScope(std::string scope, LogLevel level,
                                                                      std::shared_ptr<go::io::Writer> writer) {
  return std::make_shared<DefaultLeveledLogger>(std::move(scope), level, std::move(writer));
}

// pion: logger.go NewDefaultLoggerFactory
std::shared_ptr<DefaultLoggerFactory> NewDefaultLoggerFactory() {
  auto factory = std::make_shared<DefaultLoggerFactory>();
  factory->DefaultLogLevel = LogLevelError;

  const std::pair<const char*, LogLevel> logLevels[] = {
      {"DISABLE", LogLevelDisabled}, {"ERROR", LogLevelError}, {"WARN", LogLevelWarn},
      {"INFO", LogLevelInfo},        {"DEBUG", LogLevelDebug}, {"TRACE", LogLevelTrace},
  };

  for (const auto& [name, level] : logLevels) {
    const char* env = std::getenv((std::string("PION_LOG_") + name).c_str());
    if (env == nullptr || *env == '\0') {
      env = std::getenv((std::string("PIONS_LOG_") + name).c_str());
    }
    if (env == nullptr || *env == '\0') {
      continue;
    }
    std::string lower(env);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
    if (lower == "all") {
      factory->DefaultLogLevel = level;
      continue;
    }
    // Go: strings.Split(strings.ToLower(env), ",") — every piece, empty ones included.
    std::size_t start = 0;
    for (;;) {
      const std::size_t comma = lower.find(',', start);
      factory->ScopeLevels[lower.substr(start, comma == std::string::npos ? std::string::npos : comma - start)] = level;
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return factory;
}

// pion: logger.go DefaultLoggerFactory.NewLogger
std::shared_ptr<LeveledLogger> DefaultLoggerFactory::NewLogger(const std::string& scope) {
  LogLevel logLevel = DefaultLogLevel;
  if (auto it = ScopeLevels.find(scope); it != ScopeLevels.end()) {
    logLevel = it->second;
  }
  return NewDefaultLeveledLoggerForScope(scope, logLevel, Writer);
}

}  // namespace pion::logging
