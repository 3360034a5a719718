// pion: pkg/protocol/errors.go
#pragma once

#include "chan/error.hpp"
#include "chan/fmt.hpp"

namespace dtls::pkg::protocol {

// pion: pkg/protocol/errors.go FatalError
// FatalError indicates that the DTLS connection is no longer available.
// It is mainly caused by wrong configuration of server or client.
struct FatalError : go::net::Error {
  explicit FatalError(go::error e) : Err(std::move(e)) {}
  go::error Err;
  bool Timeout() const override { return false; }
  bool Temporary() const override { return false; }
  go::error Unwrap() const override { return Err; }
  std::string Error() const override { return go::fmt::Sprintf("dtls fatal: %v", Err); }
};

// pion: pkg/protocol/errors.go InternalError
// InternalError indicates and internal error caused by the implementation, and the DTLS connection
// is no longer available. It is mainly caused by bugs or tried to use unimplemented features.
struct InternalError : go::net::Error {
  explicit InternalError(go::error e) : Err(std::move(e)) {}
  go::error Err;
  bool Timeout() const override { return false; }
  bool Temporary() const override { return false; }
  go::error Unwrap() const override { return Err; }
  std::string Error() const override { return go::fmt::Sprintf("dtls internal: %v", Err); }
};

// pion: pkg/protocol/errors.go TemporaryError
// TemporaryError indicates that the DTLS connection is still available, but the request was failed
// temporary.
struct TemporaryError : go::net::Error {
  explicit TemporaryError(go::error e) : Err(std::move(e)) {}
  go::error Err;
  bool Timeout() const override { return false; }
  bool Temporary() const override { return true; }
  go::error Unwrap() const override { return Err; }
  std::string Error() const override { return go::fmt::Sprintf("dtls temporary: %v", Err); }
};

// pion: pkg/protocol/errors.go TimeoutError
// TimeoutError indicates that the request was timed out.
struct TimeoutError : go::net::Error {
  explicit TimeoutError(go::error e) : Err(std::move(e)) {}
  go::error Err;
  bool Timeout() const override { return true; }
  bool Temporary() const override { return true; }
  go::error Unwrap() const override { return Err; }
  std::string Error() const override { return go::fmt::Sprintf("dtls timeout: %v", Err); }
};

// pion: pkg/protocol/errors.go HandshakeError
// HandshakeError indicates that the handshake failed.
struct HandshakeError : go::net::Error {
  explicit HandshakeError(go::error e) : Err(std::move(e)) {}
  go::error Err;
  // pion: pkg/protocol/errors.go HandshakeError.Timeout
  bool Timeout() const override {
    if (auto* netErr = go::errors::As<go::net::Error>(Err)) return netErr->Timeout();
    return false;
  }
  // pion: pkg/protocol/errors.go HandshakeError.Temporary
  bool Temporary() const override {
    if (auto* netErr = go::errors::As<go::net::Error>(Err)) return netErr->Temporary();
    return false;
  }
  go::error Unwrap() const override { return Err; }
  std::string Error() const override { return go::fmt::Sprintf("handshake error: %v", Err); }
};

inline const go::error errBufferTooSmall =
    go::make_error<TemporaryError>(go::errors::New("buffer is too small"));
inline const go::error errInvalidCipherSpec =
    go::make_error<FatalError>(go::errors::New("cipher spec invalid"));

}  // namespace dtls::pkg::protocol
