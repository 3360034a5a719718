// pion: errors.go, errors_errno.go
#include "dtls/errors.hpp"

#include <cerrno>

#include "chan/context.hpp"
#include "chan/net.hpp"

namespace dtls {

namespace {

// pion: errors_errno.go isOpErrorTemporary
// For systems having syscall.Errno.
bool isOpErrorTemporary(const go::os::SyscallError& err) {
  // Go: errors.Is(err.Err, syscall.ECONNREFUSED). syscall.Errno is a value type compared with ==,
  // so errors.Is matches any Errno in the chain holding ECONNREFUSED.
  go::error e = err.Err;
  while (e) {
    if (auto* errno_ = dynamic_cast<const go::syscall::Errno*>(e.get())) {
      if (errno_->value() == ECONNREFUSED) return true;
    }
    e = e.get()->Unwrap();
  }
  return false;
}

}  // namespace

// pion: errors.go netError
// netError translates an error from underlying Conn to corresponding net.Error.
go::error netError(const go::error& err) {
  if (go::errors::Is(err, go::io::EOF_) || go::errors::Is(err, go::context::Canceled) ||
      go::errors::Is(err, go::context::DeadlineExceeded)) {
    // Return io.EOF and context errors as is.
    return err;
  }

  if (auto* opError = go::errors::As<go::net::OpError>(err)) {
    // Go: errors.As(opError, &se) walks from the OpError itself.
    if (auto* se = go::errors::As<go::os::SyscallError>(opError->Err)) {
      if (se->Timeout()) {
        return go::make_error<TimeoutError>(err);
      }
      if (isOpErrorTemporary(*se)) {
        return go::make_error<TemporaryError>(err);
      }
    }
  }

  if (go::errors::As<go::net::Error>(err)) {
    return err;
  }

  return go::make_error<FatalError>(err);
}

}  // namespace dtls
