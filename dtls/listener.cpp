// pion: listener.go
#include "dtls/listener.hpp"

#include <exception>

#include "chan/udp_listener.hpp"
#include "dtls/conn.hpp"
#include "dtls/hello_verifier.hpp"
#include "dtls/pkg/protocol/content.hpp"
#include "dtls/pkg/protocol/recordlayer/header.hpp"
#include "dtls/pkg/protocol/recordlayer/recordlayer.hpp"

namespace dtls {

namespace recordlayer = pkg::protocol::recordlayer;

// pion: listener.go Listen
std::pair<std::shared_ptr<go::net::Listener>, go::error> Listen(std::string_view network, const go::net::UDPAddr* laddr,
                                                                const Config* config, pion::udp::ListenConfig lc) {
  if (auto err = validateConfig(config); err) {
    return {nullptr, err};
  }

  lc.AcceptFilter = [](std::span<const std::uint8_t> packet) {
    auto [pkts, err] = recordlayer::UnpackDatagram(packet);
    if (err || pkts.size() < 1) {
      return false;
    }
    recordlayer::Header h;
    if (auto herr = h.Unmarshal(pkts[0]); herr) {
      return false;
    }
    return h.ContentType == pkg::protocol::ContentTypeHandshake;
  };
  // Port addition (hello_verifier.hpp): the cookie exchange happens here, before a Conn exists,
  // unless the Config skips it.
  lc.Admit = nullptr;
  std::shared_ptr<const helloVerifier> verifier;
  if (!config->InsecureSkipVerifyHello) {
    try {
      verifier = std::make_shared<helloVerifier>();
    } catch (const std::exception& e) {  // no random bytes for its secret
      return {nullptr, go::errors::New(e.what())};
    }
    lc.Admit = [verifier](std::span<const std::uint8_t> packet, const go::net::Addr& from,
                          std::vector<std::uint8_t>& reply) { return verifier->admit(packet, from, reply); };
  }
  auto [parent, err] = lc.Listen(network, laddr);
  if (err) {
    return {nullptr, err};
  }
  auto l = std::make_shared<listener>(config, parent);
  l->helloVerified = static_cast<bool>(verifier);
  return {std::move(l), nullptr};
}

// pion: listener.go NewListener
std::pair<std::shared_ptr<go::net::Listener>, go::error> NewListener(std::shared_ptr<go::net::Listener> inner,
                                                                     const Config* config) {
  if (auto err = validateConfig(config); err) {
    return {nullptr, err};
  }
  return {std::make_shared<listener>(config, std::move(inner)), nullptr};
}

listener::listener(const Config* config_, std::shared_ptr<go::net::Listener> parent_)
    : config(*config_), parent(std::move(parent_)) {}

// pion: listener.go listener.Accept
std::pair<std::shared_ptr<go::net::Conn>, go::error> listener::Accept() {
  auto [c, err] = parent->Accept();
  if (err) {
    return {nullptr, err};
  }
  // Go: Server(c, l.config); createConn directly when the cookie exchange was done here.
  auto [ctx, cancel] = config.connectContextMaker();
  auto [conn, serr] = createConn(ctx, c, &config, false, nullptr, helloVerified);
  cancel();
  if (serr) {
    return {nullptr, serr};
  }
  return {std::move(conn), nullptr};
}

// pion: listener.go listener.Close
go::error listener::Close() { return parent->Close(); }

// pion: listener.go listener.Addr
std::shared_ptr<const go::net::Addr> listener::Addr() const { return parent->Addr(); }

}  // namespace dtls
