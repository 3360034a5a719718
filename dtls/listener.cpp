// pion: listener.go
#include "dtls/listener.hpp"

#include "chan/udp_listener.hpp"
#include "dtls/conn.hpp"
#include "dtls/pkg/protocol/content.hpp"
#include "dtls/pkg/protocol/recordlayer/header.hpp"
#include "dtls/pkg/protocol/recordlayer/recordlayer.hpp"

namespace dtls {

namespace recordlayer = pkg::protocol::recordlayer;

// pion: listener.go Listen
std::pair<std::shared_ptr<go::net::Listener>, go::error> Listen(std::string_view network, const go::net::UDPAddr* laddr,
                                                                const Config* config) {
  if (auto err = validateConfig(config); err) {
    return {nullptr, err};
  }

  pion::udp::ListenConfig lc;
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
  auto [parent, err] = lc.Listen(network, laddr);
  if (err) {
    return {nullptr, err};
  }
  return {std::make_shared<listener>(config, parent), nullptr};
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
  auto [conn, serr] = Server(c, &config);
  if (serr) {
    return {nullptr, serr};
  }
  return {conn, nullptr};
}

// pion: listener.go listener.Close
go::error listener::Close() { return parent->Close(); }

// pion: listener.go listener.Addr
std::shared_ptr<const go::net::Addr> listener::Addr() const { return parent->Addr(); }

}  // namespace dtls
