// pion: errors.go
#pragma once

#include <string>

#include "chan/error.hpp"
#include "chan/fmt.hpp"
#include "chan/context.hpp"
#include "dtls/internal/ciphersuite/ciphersuite.hpp"
#include "dtls/pkg/protocol/alert/alert.hpp"
#include "dtls/pkg/protocol/errors.hpp"

namespace dtls {

// pion: errors.go FatalError / InternalError / TemporaryError / TimeoutError / HandshakeError
// FatalError indicates that the DTLS connection is no longer available.
// It is mainly caused by wrong configuration of server or client.
using FatalError = pkg::protocol::FatalError;
// InternalError indicates and internal error caused by the implementation, and the DTLS connection is no longer available.
// It is mainly caused by bugs or tried to use unimplemented features.
using InternalError = pkg::protocol::InternalError;
// TemporaryError indicates that the DTLS connection is still available, but the request was failed temporary.
using TemporaryError = pkg::protocol::TemporaryError;
// TimeoutError indicates that the request was timed out.
using TimeoutError = pkg::protocol::TimeoutError;
// HandshakeError indicates that the handshake failed.
using HandshakeError = pkg::protocol::HandshakeError;

namespace detail {
inline go::error fatal(const char* s) { return go::make_error<FatalError>(go::errors::New(s)); }
inline go::error internal(const char* s) { return go::make_error<InternalError>(go::errors::New(s)); }
inline go::error temporary(const char* s) { return go::make_error<TemporaryError>(go::errors::New(s)); }
}  // namespace detail

// Typed errors
inline const go::error ErrConnClosed = detail::fatal("conn is closed");

inline const go::error errDeadlineExceeded =
    go::make_error<TimeoutError>(go::fmt::Errorf("read/write timeout: %w", go::context::DeadlineExceeded));
inline const go::error errInvalidContentType = detail::temporary("invalid content type");

inline const go::error errBufferTooSmall = detail::temporary("buffer is too small");
inline const go::error errContextUnsupported = detail::temporary("context is not supported for ExportKeyingMaterial");
inline const go::error errHandshakeInProgress = detail::temporary("handshake is in progress");
inline const go::error errReservedExportKeyingMaterial =
    detail::temporary("ExportKeyingMaterial can not be used with a reserved label");
inline const go::error errApplicationDataEpochZero = detail::temporary("ApplicationData with epoch of 0");
inline const go::error errUnhandledContextType = detail::temporary("unhandled contentType");

inline const go::error errCertificateVerifyNoCertificate =
    detail::fatal("client sent certificate verify but we have no certificate to verify");
inline const go::error errCipherSuiteNoIntersection = detail::fatal("client+server do not support any shared cipher suites");
inline const go::error errClientCertificateNotVerified = detail::fatal("client sent certificate but did not verify it");
inline const go::error errClientCertificateRequired = detail::fatal("server required client verification, but got none");
inline const go::error errClientNoMatchingSRTPProfile = detail::fatal("server responded with SRTP Profile we do not support");
inline const go::error errClientRequiredButNoServerEMS =
    detail::fatal("client required Extended Master Secret extension, but server does not support it");
inline const go::error errCookieMismatch = detail::fatal("client+server cookie does not match");
inline const go::error errIdentityNoPSK = detail::fatal("PSK Identity Hint provided but PSK is nil");
inline const go::error errInvalidCertificate = detail::fatal("no certificate provided");
inline const go::error errInvalidCipherSuite = detail::fatal("invalid or unknown cipher suite");
inline const go::error errInvalidECDSASignature = detail::fatal("ECDSA signature contained zero or negative values");
inline const go::error errInvalidPrivateKey = detail::fatal("invalid private key type");
inline const go::error errInvalidSignatureAlgorithm = detail::fatal("invalid signature algorithm");
inline const go::error errKeySignatureMismatch = detail::fatal("expected and actual key signature do not match");
inline const go::error errNilNextConn = detail::fatal("Conn can not be created with a nil nextConn");
inline const go::error errNoAvailableCipherSuites =
    detail::fatal("connection can not be created, no CipherSuites satisfy this Config");
inline const go::error errNoAvailablePSKCipherSuite =
    detail::fatal("connection can not be created, pre-shared key present but no compatible CipherSuite");
inline const go::error errNoAvailableCertificateCipherSuite =
    detail::fatal("connection can not be created, certificate present but no compatible CipherSuite");
inline const go::error errNoAvailableSignatureSchemes =
    detail::fatal("connection can not be created, no SignatureScheme satisfy this Config");
inline const go::error errNoCertificates = detail::fatal("no certificates configured");
inline const go::error errNoConfigProvided = detail::fatal("no config provided");
inline const go::error errNoSupportedEllipticCurves =
    detail::fatal("client requested zero or more elliptic curves that are not supported by the server");
inline const go::error errUnsupportedProtocolVersion = detail::fatal("unsupported protocol version");
inline const go::error errPSKAndIdentityMustBeSetForClient = detail::fatal("PSK and PSK Identity Hint must both be set for client");
inline const go::error errRequestedButNoSRTPExtension =
    detail::fatal("SRTP support was requested but server did not respond with use_srtp extension");
inline const go::error errServerNoMatchingSRTPProfile = detail::fatal("client requested SRTP but we have no matching profiles");
inline const go::error errServerRequiredButNoClientEMS =
    detail::fatal("server requires the Extended Master Secret extension, but the client does not support it");
inline const go::error errVerifyDataMismatch = detail::fatal("expected and actual verify data does not match");
inline const go::error errNotAcceptableCertificateChain = detail::fatal("certificate chain is not signed by an acceptable CA");

inline const go::error errInvalidFlight = detail::internal("invalid flight number");
inline const go::error errKeySignatureGenerateUnimplemented = detail::internal("unable to generate key signature, unimplemented");
inline const go::error errKeySignatureVerifyUnimplemented = detail::internal("unable to verify key signature, unimplemented");
inline const go::error errLengthMismatch = detail::internal("data length and declared length do not match");
inline const go::error errSequenceNumberOverflow = detail::internal("sequence number overflow");
inline const go::error errInvalidFSMTransition = detail::internal("invalid state machine transition");
inline const go::error errFailedToAccessPoolReadBuffer = detail::internal("failed to access pool read buffer");
inline const go::error errFragmentBufferOverflow = detail::internal("fragment buffer overflow");

// pion: errors.go invalidCipherSuiteError
// errInvalidCipherSuite indicates an attempt at using an unsupported cipher suite.
struct invalidCipherSuiteError final : go::error_value {
  explicit invalidCipherSuiteError(internal::ciphersuite::ID i) : id(i) {}
  internal::ciphersuite::ID id;
  // pion: errors.go invalidCipherSuiteError.Error
  std::string Error() const override {
    return go::fmt::Sprintf("CipherSuite with id(%d) is not valid", static_cast<unsigned>(id));
  }
  // pion: errors.go invalidCipherSuiteError.Is
  bool Is(const go::error& err) const override {
    if (auto* other = go::errors::As<invalidCipherSuiteError>(err)) return id == other->id;
    return false;
  }
};

// pion: errors.go alertError
// errAlert wraps DTLS alert notification as an error
struct alertError final : go::error_value {
  explicit alertError(pkg::protocol::alert::Alert a) : Alert(std::move(a)) {}
  pkg::protocol::alert::Alert Alert;
  // pion: errors.go alertError.Error
  std::string Error() const override { return go::fmt::Sprintf("alert: %s", Alert.String()); }
  // pion: errors.go alertError.IsFatalOrCloseNotify
  bool IsFatalOrCloseNotify() const {
    return Alert.Level == pkg::protocol::alert::Fatal || Alert.Description == pkg::protocol::alert::CloseNotify;
  }
  // pion: errors.go alertError.Is
  bool Is(const go::error& err) const override {
    if (auto* other = go::errors::As<alertError>(err)) {
      return Alert.Level == other->Alert.Level && Alert.Description == other->Alert.Description;
    }
    return false;
  }
};

// pion: errors.go netError
// netError translates an error from underlying Conn to corresponding net.Error.
go::error netError(const go::error& err);


}  // namespace dtls
