// pion: listener.go
#pragma once

#include <memory>
#include <string_view>
#include <utility>

#include "chan/error.hpp"
#include "chan/net.hpp"
#include "chan/udp_listener.hpp"
#include "dtls/config.hpp"

namespace dtls {

// pion: listener.go Listen
// Listen creates a DTLS listener
// Port addition: lc, the pion/udp ListenConfig the listener is made with (Pion builds its own):
// its Backlog, ReadBufferSize and WriteBufferSize are the caller's; Listen sets AcceptFilter and
// Admit, replacing any given.
std::pair<std::shared_ptr<go::net::Listener>, go::error> Listen(std::string_view network, const go::net::UDPAddr* laddr,
                                                                const Config* config,
                                                                pion::udp::ListenConfig lc = {});

// pion: listener.go NewListener
// NewListener creates a DTLS listener which accepts connections from an inner Listener.
std::pair<std::shared_ptr<go::net::Listener>, go::error> NewListener(std::shared_ptr<go::net::Listener> inner,
                                                                     const Config* config);

// pion: listener.go listener
// listener represents a DTLS listener
class listener final : public go::net::Listener {
 public:
  listener(const Config* config, std::shared_ptr<go::net::Listener> parent);
  // Accept waits for and returns the next connection to the listener.
  // You have to either close or read on all connection that are created.
  // Connection handshake will timeout using ConnectContextMaker in the Config.
  // If you want to specify the timeout duration, set ConnectContextMaker.
  std::pair<std::shared_ptr<go::net::Conn>, go::error> Accept() override;
  // Close closes the listener.
  // Any blocked Accept operations will be unblocked and return errors.
  // Already Accepted connections are not closed.
  go::error Close() override;
  // Addr returns the listener's network address.
  std::shared_ptr<const go::net::Addr> Addr() const override;

 private:
  friend std::pair<std::shared_ptr<go::net::Listener>, go::error> Listen(std::string_view, const go::net::UDPAddr*,
                                                                         const Config*, pion::udp::ListenConfig);
  Config config;  // Go keeps the *Config; here a copy, so the caller's Config may go away
  std::shared_ptr<go::net::Listener> parent;
  // Port addition: Listen's parent admitted only ClientHellos with a valid cookie
  // (hello_verifier.hpp), so each Conn starts past the cookie exchange.
  bool helloVerified = false;
};

}  // namespace dtls
