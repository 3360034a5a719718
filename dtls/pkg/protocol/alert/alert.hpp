// pion: pkg/protocol/alert/alert.go
// Package alert implements TLS alert protocol https://tools.ietf.org/html/rfc5246#section-7.2
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/protocol/content.hpp"
#include "dtls/pkg/protocol/errors.hpp"

namespace dtls::pkg::protocol::alert {

inline const go::error errBufferTooSmall =
    go::make_error<protocol::TemporaryError>(go::errors::New("buffer is too small"));

// pion: pkg/protocol/alert/alert.go Level
// Level is the level of the TLS Alert
enum Level : std::uint8_t {
  // Level enums
  Warning = 1,
  Fatal = 2,
};

// pion: pkg/protocol/alert/alert.go Level.String
std::string String(Level l);

// pion: pkg/protocol/alert/alert.go Description
// Description is the extended info of the TLS Alert
enum Description : std::uint8_t {
  // Description enums
  CloseNotify = 0,
  UnexpectedMessage = 10,
  BadRecordMac = 20,
  DecryptionFailed = 21,
  RecordOverflow = 22,
  DecompressionFailure = 30,
  HandshakeFailure = 40,
  NoCertificate = 41,
  BadCertificate = 42,
  UnsupportedCertificate = 43,
  CertificateRevoked = 44,
  CertificateExpired = 45,
  CertificateUnknown = 46,
  IllegalParameter = 47,
  UnknownCA = 48,
  AccessDenied = 49,
  DecodeError = 50,
  DecryptError = 51,
  ExportRestriction = 60,
  ProtocolVersion = 70,
  InsufficientSecurity = 71,
  InternalError = 80,
  UserCanceled = 90,
  NoRenegotiation = 100,
  UnsupportedExtension = 110,
  NoApplicationProtocol = 120,
};

// pion: pkg/protocol/alert/alert.go Description.String
std::string String(Description d);

// pion: pkg/protocol/alert/alert.go Alert
// Alert is one of the content types supported by the TLS record layer.
// Alert messages convey the severity of the message
// (warning or fatal) and a description of the alert.  Alert messages
// with a level of fatal result in the immediate termination of the
// connection.  In this case, other connections corresponding to the
// session may continue, but the session identifier MUST be invalidated,
// preventing the failed session from being used to establish new
// connections.  Like other messages, alert messages are encrypted and
// compressed, as specified by the current connection state.
// https://tools.ietf.org/html/rfc5246#section-7.2
class Alert : public protocol::Content {
 public:
  Alert() = default;
  Alert(alert::Level level, alert::Description description) : Level(level), Description(description) {}

  alert::Level Level{};
  alert::Description Description{};

  // ContentType returns the ContentType of this Content
  protocol::ContentType ContentType() const override;
  // Marshal returns the encoded alert
  std::pair<std::vector<std::uint8_t>, go::error> Marshal() override;
  // Unmarshal populates the alert from binary data
  go::error Unmarshal(std::span<const std::uint8_t> data) override;

  std::string String() const;

  // Go's struct comparison (==).
  bool operator==(const Alert& o) const { return Level == o.Level && Description == o.Description; }
};

}  // namespace dtls::pkg::protocol::alert
