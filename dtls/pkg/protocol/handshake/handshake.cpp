// pion: pkg/protocol/handshake/handshake.go
#include "dtls/pkg/protocol/handshake/handshake.hpp"

#include "dtls/internal/util/util.hpp"
#include "dtls/pkg/protocol/handshake/errors.hpp"
#include "dtls/pkg/protocol/handshake/message_certificate.hpp"
#include "dtls/pkg/protocol/handshake/message_certificate_request.hpp"
#include "dtls/pkg/protocol/handshake/message_certificate_verify.hpp"
#include "dtls/pkg/protocol/handshake/message_client_hello.hpp"
#include "dtls/pkg/protocol/handshake/message_client_key_exchange.hpp"
#include "dtls/pkg/protocol/handshake/message_finished.hpp"
#include "dtls/pkg/protocol/handshake/message_hello_verify_request.hpp"
#include "dtls/pkg/protocol/handshake/message_server_hello.hpp"
#include "dtls/pkg/protocol/handshake/message_server_hello_done.hpp"
#include "dtls/pkg/protocol/handshake/message_server_key_exchange.hpp"

namespace dtls::pkg::protocol::handshake {

namespace util = dtls::internal::util;

// pion: pkg/protocol/handshake/handshake.go Type.String
// String returns the string representation of this type
std::string String(Type t) {
  switch (t) {
    case TypeHelloRequest:
      return "HelloRequest";
    case TypeClientHello:
      return "ClientHello";
    case TypeServerHello:
      return "ServerHello";
    case TypeHelloVerifyRequest:
      return "HelloVerifyRequest";
    case TypeCertificate:
      return "TypeCertificate";
    case TypeServerKeyExchange:
      return "ServerKeyExchange";
    case TypeCertificateRequest:
      return "CertificateRequest";
    case TypeServerHelloDone:
      return "ServerHelloDone";
    case TypeCertificateVerify:
      return "CertificateVerify";
    case TypeClientKeyExchange:
      return "ClientKeyExchange";
    case TypeFinished:
      return "Finished";
  }
  return "";
}

// pion: pkg/protocol/handshake/handshake.go Handshake.ContentType
// ContentType returns what kind of content this message is carying
protocol::ContentType Handshake::ContentType() const { return protocol::ContentTypeHandshake; }

// pion: pkg/protocol/handshake/handshake.go Handshake.Marshal
// Marshal encodes a handshake into a binary message
std::pair<std::vector<std::uint8_t>, go::error> Handshake::Marshal() {
  if (Message == nullptr) {
    return {{}, errHandshakeMessageUnset};
  } else if (Header.FragmentOffset != 0) {
    return {{}, errUnableToMarshalFragmented};
  }

  auto [msg, err] = Message->Marshal();
  if (err) {
    return {{}, err};
  }

  Header.Length = static_cast<std::uint32_t>(msg.size());
  Header.FragmentLength = Header.Length;
  Header.Type = Message->Type();
  auto [header, herr] = Header.Marshal();
  if (herr) {
    return {{}, herr};
  }

  header.insert(header.end(), msg.begin(), msg.end());
  return {std::move(header), nullptr};
}

// pion: pkg/protocol/handshake/handshake.go Handshake.Unmarshal
// Unmarshal decodes a handshake from a binary message
go::error Handshake::Unmarshal(std::span<const std::uint8_t> data) {
  if (auto err = Header.Unmarshal(data)) {
    return err;
  }

  const std::uint32_t reportedLen = util::BigEndianUint24(data.subspan(1));
  if (static_cast<std::uint32_t>(data.size() - HeaderLength) != reportedLen) {
    return errLengthMismatch;
  } else if (reportedLen != Header.FragmentLength) {
    return errLengthMismatch;
  }

  switch (static_cast<handshake::Type>(data[0])) {
    case TypeHelloRequest:
      return errNotImplemented;
    case TypeClientHello:
      Message = std::make_shared<MessageClientHello>();
      break;
    case TypeHelloVerifyRequest:
      Message = std::make_shared<MessageHelloVerifyRequest>();
      break;
    case TypeServerHello:
      Message = std::make_shared<MessageServerHello>();
      break;
    case TypeCertificate:
      Message = std::make_shared<MessageCertificate>();
      break;
    case TypeServerKeyExchange: {
      auto m = std::make_shared<MessageServerKeyExchange>();
      m->KeyExchangeAlgorithm = KeyExchangeAlgorithm;
      Message = std::move(m);
      break;
    }
    case TypeCertificateRequest:
      Message = std::make_shared<MessageCertificateRequest>();
      break;
    case TypeServerHelloDone:
      Message = std::make_shared<MessageServerHelloDone>();
      break;
    case TypeClientKeyExchange: {
      auto m = std::make_shared<MessageClientKeyExchange>();
      m->KeyExchangeAlgorithm = KeyExchangeAlgorithm;
      Message = std::move(m);
      break;
    }
    case TypeFinished:
      Message = std::make_shared<MessageFinished>();
      break;
    case TypeCertificateVerify:
      Message = std::make_shared<MessageCertificateVerify>();
      break;
    default:
      return errNotImplemented;
  }
  return Message->Unmarshal(data.subspan(HeaderLength));
}

}  // namespace dtls::pkg::protocol::handshake
