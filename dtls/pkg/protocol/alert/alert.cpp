// pion: pkg/protocol/alert/alert.go
#include "dtls/pkg/protocol/alert/alert.hpp"

#include "chan/fmt.hpp"

namespace dtls::pkg::protocol::alert {

// pion: pkg/protocol/alert/alert.go Level.String
std::string String(Level l) {
  switch (l) {
    case Warning:
      return "Warning";
    case Fatal:
      return "Fatal";
    default:
      return "Invalid alert level";
  }
}

// pion: pkg/protocol/alert/alert.go Description.String
std::string String(Description d) {
  switch (d) {
    case CloseNotify:
      return "CloseNotify";
    case UnexpectedMessage:
      return "UnexpectedMessage";
    case BadRecordMac:
      return "BadRecordMac";
    case DecryptionFailed:
      return "DecryptionFailed";
    case RecordOverflow:
      return "RecordOverflow";
    case DecompressionFailure:
      return "DecompressionFailure";
    case HandshakeFailure:
      return "HandshakeFailure";
    case NoCertificate:
      return "NoCertificate";
    case BadCertificate:
      return "BadCertificate";
    case UnsupportedCertificate:
      return "UnsupportedCertificate";
    case CertificateRevoked:
      return "CertificateRevoked";
    case CertificateExpired:
      return "CertificateExpired";
    case CertificateUnknown:
      return "CertificateUnknown";
    case IllegalParameter:
      return "IllegalParameter";
    case UnknownCA:
      return "UnknownCA";
    case AccessDenied:
      return "AccessDenied";
    case DecodeError:
      return "DecodeError";
    case DecryptError:
      return "DecryptError";
    case ExportRestriction:
      return "ExportRestriction";
    case ProtocolVersion:
      return "ProtocolVersion";
    case InsufficientSecurity:
      return "InsufficientSecurity";
    case InternalError:
      return "InternalError";
    case UserCanceled:
      return "UserCanceled";
    case NoRenegotiation:
      return "NoRenegotiation";
    case UnsupportedExtension:
      return "UnsupportedExtension";
    case NoApplicationProtocol:
      return "NoApplicationProtocol";
    default:
      return "Invalid alert description";
  }
}

// pion: pkg/protocol/alert/alert.go Alert.ContentType
protocol::ContentType Alert::ContentType() const { return protocol::ContentTypeAlert; }

// pion: pkg/protocol/alert/alert.go Alert.Marshal
std::pair<std::vector<std::uint8_t>, go::error> Alert::Marshal() {
  return {std::vector<std::uint8_t>{static_cast<std::uint8_t>(Level), static_cast<std::uint8_t>(Description)},
          nullptr};
}

// pion: pkg/protocol/alert/alert.go Alert.Unmarshal
go::error Alert::Unmarshal(std::span<const std::uint8_t> data) {
  if (data.size() != 2) {
    return errBufferTooSmall;
  }

  Level = static_cast<alert::Level>(data[0]);
  Description = static_cast<alert::Description>(data[1]);
  return nullptr;
}

// pion: pkg/protocol/alert/alert.go Alert.String
std::string Alert::String() const {
  return go::fmt::Sprintf("Alert %s: %s", alert::String(Level), alert::String(Description));
}

}  // namespace dtls::pkg::protocol::alert
