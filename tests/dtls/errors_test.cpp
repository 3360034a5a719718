// pion: errors_test.go, errors_errno_test.go
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "chan/context.hpp"
#include "chan/go.hpp"
#include "chan/net.hpp"
#include "dtls/errors.hpp"

namespace {

const go::error errExample = go::errors::New("an example error");

// pion: errors_test.go TestErrorUnwrap
TEST(Errors, ErrorUnwrap) {
  struct testCase {
    const char* name;
    go::error err;
    std::vector<go::error> errUnwrapped;
  };
  const std::vector<testCase> cases = {
      {"FatalError", go::make_error<dtls::FatalError>(errExample), {errExample}},
      {"TemporaryError", go::make_error<dtls::TemporaryError>(errExample), {errExample}},
      {"InternalError", go::make_error<dtls::InternalError>(errExample), {errExample}},
      {"TimeoutError", go::make_error<dtls::TimeoutError>(errExample), {errExample}},
      {"HandshakeError", go::make_error<dtls::HandshakeError>(errExample), {errExample}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    go::error err = c.err;
    for (const auto& unwrapped : c.errUnwrapped) {
      go::error e = go::errors::Unwrap(err);
      EXPECT_TRUE(go::errors::Is(e, unwrapped))
          << "Unwrapped error is expected to be '" << unwrapped.Error() << "', got '" << e.Error() << "'";
    }
  }
}

// pion: errors_test.go TestErrorNetError
TEST(Errors, ErrorNetError) {
  struct testCase {
    const char* name;
    go::error err;
    std::string str;
    bool timeout, temporary;
  };
  const std::vector<testCase> cases = {
      {"FatalError", go::make_error<dtls::FatalError>(errExample), "dtls fatal: an example error", false, false},
      {"TemporaryError", go::make_error<dtls::TemporaryError>(errExample), "dtls temporary: an example error", false,
       true},
      {"InternalError", go::make_error<dtls::InternalError>(errExample), "dtls internal: an example error", false, false},
      {"TimeoutError", go::make_error<dtls::TimeoutError>(errExample), "dtls timeout: an example error", true, true},
      {"HandshakeError", go::make_error<dtls::HandshakeError>(errExample), "handshake error: an example error", false,
       false},
      {"HandshakeError(TimeoutError)",
       go::make_error<dtls::HandshakeError>(go::make_error<dtls::TimeoutError>(errExample)),
       "handshake error: dtls timeout: an example error", true, true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto* ne = go::errors::As<go::net::Error>(c.err);
    ASSERT_NE(ne, nullptr) << c.name << " doesn't implement net.Error";
    EXPECT_EQ(ne->Timeout(), c.timeout) << c.name << ".Timeout() should be " << c.timeout;
    EXPECT_EQ(ne->Temporary(), c.temporary) << c.name << ".Temporary() should be " << c.temporary;
    EXPECT_EQ(static_cast<const go::error_value*>(ne)->Error(), c.str) << c.name << ".Error() should be " << c.str;
  }
}

// pion: errors_errno_test.go TestErrorsTemporary
TEST(Errors, ErrorsTemporary) {
  go::run([] {
    auto [addrListen, errListen] = go::net::ResolveUDPAddr("udp", "localhost:0");
    ASSERT_FALSE(errListen) << "Unexpected error: " << errListen.Error();
    // Server is not listening.
    auto [conn, errDial] = go::net::DialUDP("udp", nullptr, addrListen.get());
    ASSERT_FALSE(errDial) << "Unexpected error: " << errDial.Error();

    const std::uint8_t trigger[] = {0x00};
    (void)conn->Write(trigger);  // trigger
    std::uint8_t buf[10];
    // (Go's test reads without a deadline; a deadline here keeps a system that never reports
    // ECONNREFUSED from hanging the test — it then skips as Go's does on a nil error.)
    (void)conn->SetReadDeadline(go::time::Now() + 2 * go::time::Second);
    auto [_, err] = conn->Read(buf);
    (void)conn->Close();

    if (!err || go::net::IsTimeout(err)) {
      GTEST_SKIP() << "ECONNREFUSED is not set by system";
    }

    const go::error translated = dtls::netError(err);
    auto* ne = go::errors::As<go::net::Error>(translated);
    ASSERT_NE(ne, nullptr) << "netError must return net.Error";
    EXPECT_FALSE(ne->Timeout()) << err.Error() << " must not be timeout error";
    EXPECT_TRUE(ne->Temporary()) << err.Error() << " must be temporary error";
  });
}

// Port addition: netError's other branches (errors.go netError).
TEST(Errors, NetErrorTranslation) {
  // io.EOF and context errors are returned as is.
  EXPECT_EQ(dtls::netError(go::io::EOF_), go::io::EOF_);
  EXPECT_EQ(dtls::netError(go::context::Canceled), go::context::Canceled);
  EXPECT_EQ(dtls::netError(go::context::DeadlineExceeded), go::context::DeadlineExceeded);
  // A net.Error is returned as is.
  EXPECT_EQ(dtls::netError(go::net::ErrClosed), go::net::ErrClosed);
  // Anything else becomes a FatalError wrapping it.
  go::error other = dtls::netError(errExample);
  ASSERT_NE(go::errors::As<dtls::FatalError>(other), nullptr);
  EXPECT_TRUE(go::errors::Is(other, errExample));
  // An OpError wrapping a timing-out SyscallError becomes a TimeoutError.
  auto op = std::make_shared<go::net::OpError>();
  op->Op = "read";
  op->Net = "udp";
  op->Err = go::os::NewSyscallError("recvfrom", go::make_error<go::syscall::Errno>(EAGAIN));
  go::error opErr(op);
  ASSERT_TRUE(go::errors::As<go::os::SyscallError>(op->Err)->Timeout());  // Go: Errno(EAGAIN).Timeout()
  go::error te = dtls::netError(opErr);
  ASSERT_NE(go::errors::As<dtls::TimeoutError>(te), nullptr) << te.Error();
  EXPECT_TRUE(go::errors::Is(te, opErr));
  // ECONNREFUSED inside an OpError becomes a TemporaryError.
  auto op2 = std::make_shared<go::net::OpError>();
  op2->Op = "read";
  op2->Net = "udp";
  op2->Err = go::os::NewSyscallError("recvfrom", go::make_error<go::syscall::Errno>(ECONNREFUSED));
  go::error tmp = dtls::netError(go::error(op2));
  ASSERT_NE(go::errors::As<dtls::TemporaryError>(tmp), nullptr) << tmp.Error();
}

}  // namespace
