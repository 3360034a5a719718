// pion: github.com/pion/logging (logger.go, scoped.go)
//
// Pion's leveled logger. Go's variadic `Tracef(format string, args ...interface{})` becomes a
// template that formats with go::fmt::Sprintf (Go's verbs) only when the level is enabled, then
// calls the virtual single-string method, so a custom LeveledLogger implements just the ten
// methods Go's interface has (the five `f` forms are provided here).
//
// Output matches Go's log package as Pion configures it, except for the caller's file:line
// (Go's log.Lshortfile), which a variadic C++ call cannot capture cheaply:
//   Pion: dtls TRACE: 22:03:56.123456 handshaker.go:183: [handshake:client] Flight 1: Preparing
//   here: dtls TRACE: 22:03:56.123456 [handshake:client] Flight 1: Preparing
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "chan/fmt.hpp"
#include "chan/io.hpp"

namespace pion::logging {

// pion: scoped.go LogLevel
// LogLevel represents the level at which the logger will emit log messages
enum LogLevel : std::int32_t {
  // LogLevelDisabled completely disables logging of any events
  LogLevelDisabled = 0,
  // LogLevelError is for fatal errors which should be handled by user code,
  // but are logged to ensure that they are seen
  LogLevelError,
  // LogLevelWarn is for logging abnormal, but non-fatal library operation
  LogLevelWarn,
  // LogLevelInfo is for logging normal library operation (e.g. state transitions, etc.)
  LogLevelInfo,
  // LogLevelDebug is for logging low-level library information (e.g. internal operations)
  LogLevelDebug,
  // LogLevelTrace is for logging very low-level library information (e.g. network traces)
  LogLevelTrace,
};

// pion: scoped.go LogLevel.String
std::string String(LogLevel ll);

// pion: scoped.go LeveledLogger
// LeveledLogger is the basic pion Logger interface
class LeveledLogger {
 public:
  virtual ~LeveledLogger() = default;
  virtual void Trace(const std::string& msg) = 0;
  virtual void Debug(const std::string& msg) = 0;
  virtual void Info(const std::string& msg) = 0;
  virtual void Warn(const std::string& msg) = 0;
  virtual void Error(const std::string& msg) = 0;

  // Port addition: whether a message at `level` would be written. The `f` forms below skip the
  // formatting when it would not (Go formats inside the logger after the same check). Loggers
  // that do not know return true.
  virtual bool Enabled(LogLevel level) const {
    (void)level;
    return true;
  }

  template <class... Args>
  void Tracef(std::string_view format, const Args&... args) {
    if (Enabled(LogLevelTrace)) Trace(go::fmt::Sprintf(format, args...));
  }
  template <class... Args>
  void Debugf(std::string_view format, const Args&... args) {
    if (Enabled(LogLevelDebug)) Debug(go::fmt::Sprintf(format, args...));
  }
  template <class... Args>
  void Infof(std::string_view format, const Args&... args) {
    if (Enabled(LogLevelInfo)) Info(go::fmt::Sprintf(format, args...));
  }
  template <class... Args>
  void Warnf(std::string_view format, const Args&... args) {
    if (Enabled(LogLevelWarn)) Warn(go::fmt::Sprintf(format, args...));
  }
  template <class... Args>
  void Errorf(std::string_view format, const Args&... args) {
    if (Enabled(LogLevelError)) Error(go::fmt::Sprintf(format, args...));
  }
};

// pion: scoped.go LoggerFactory
// LoggerFactory is the basic pion LoggerFactory interface
class LoggerFactory {
 public:
  virtual ~LoggerFactory() = default;
  virtual std::shared_ptr<LeveledLogger> NewLogger(const std::string& scope) = 0;
};

// pion: logger.go DefaultLeveledLogger
// DefaultLeveledLogger encapsulates functionality for providing logging at
// user-defined levels
class DefaultLeveledLogger final : public LeveledLogger {
 public:
  // pion: logger.go NewDefaultLeveledLoggerForScope (writer null = standard output)
  DefaultLeveledLogger(std::string scope, LogLevel level, std::shared_ptr<go::io::Writer> writer);

  // SetLevel sets the logger's logging level
  void SetLevel(LogLevel newLevel) { level_.store(newLevel, std::memory_order_relaxed); }
  // WithOutput is a chainable configuration function which sets the logger's
  // logging output to the supplied io.Writer
  DefaultLeveledLogger& WithOutput(std::shared_ptr<go::io::Writer> output);

  void Trace(const std::string& msg) override { logf("TRACE", LogLevelTrace, msg, true); }
  void Debug(const std::string& msg) override { logf("DEBUG", LogLevelDebug, msg, true); }
  void Info(const std::string& msg) override { logf("INFO", LogLevelInfo, msg, false); }
  void Warn(const std::string& msg) override { logf("WARNING", LogLevelWarn, msg, false); }
  void Error(const std::string& msg) override { logf("ERROR", LogLevelError, msg, false); }
  bool Enabled(LogLevel level) const override { return level_.load(std::memory_order_relaxed) >= level; }

 private:
  // pion: logger.go DefaultLeveledLogger.logf. Trace and Debug lines carry a microsecond time
  // (log.Lmicroseconds), the others date and time (log.LstdFlags), as Pion configures them.
  void logf(const char* tag, LogLevel level, const std::string& msg, bool micro);

  std::string scope_;
  std::atomic<LogLevel> level_;
  std::mutex mu_;  // Go: loggerWriter.sync.RWMutex (serialises writes; never held across a park)
  std::shared_ptr<go::io::Writer> writer_;
};

// pion: logger.go NewDefaultLeveledLoggerForScope
std::shared_ptr<DefaultLeveledLogger> NewDefaultLeveledLoggerForScope(std::string scope, LogLevel level,
                                                                      std::shared_ptr<go::io::Writer> writer);

// pion: logger.go DefaultLoggerFactory
// DefaultLoggerFactory define levels by scopes and creates new DefaultLeveledLogger
class DefaultLoggerFactory final : public LoggerFactory {
 public:
  std::shared_ptr<go::io::Writer> Writer;  // null: standard output
  LogLevel DefaultLogLevel = LogLevelError;
  std::map<std::string, LogLevel> ScopeLevels;

  // pion: logger.go DefaultLoggerFactory.NewLogger
  // NewLogger returns a configured LeveledLogger for the given scope
  std::shared_ptr<LeveledLogger> NewLogger(const std::string& scope) override;
};

// pion: logger.go NewDefaultLoggerFactory
// NewDefaultLoggerFactory creates a new DefaultLoggerFactory, reading the levels from the
// environment as Pion does: PION_LOG_TRACE=all, PION_LOG_DEBUG=dtls,sctp, ... (or PIONS_LOG_*).
std::shared_ptr<DefaultLoggerFactory> NewDefaultLoggerFactory();

}  // namespace pion::logging
