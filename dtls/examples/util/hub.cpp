// pion: examples/util/hub.go
#include "dtls/examples/util/hub.hpp"

#include <mutex>
#include <string_view>
#include <vector>

#include "chan/go.hpp"
#include "dtls/examples/util/util.hpp"

namespace dtls::examples::util {

// pion: hub.go NewHub
std::shared_ptr<Hub> NewHub() { return std::make_shared<Hub>(); }

// pion: hub.go Register
void Hub::Register(std::shared_ptr<go::net::Conn> conn) {
  Printf("Connected to %s\n", conn->RemoteAddr()->String());
  std::lock_guard lk(lock);

  conns[conn->RemoteAddr()->String()] = conn;

  go::go([self = shared_from_this(), conn] { self->readLoop(conn); });
}

// pion: hub.go readLoop
void Hub::readLoop(const std::shared_ptr<go::net::Conn>& conn) {
  std::vector<std::uint8_t> b(bufSize);
  for (;;) {
    auto [n, err] = conn->Read(b);
    if (err) {
      unregister(conn);
      return;
    }
    Printf("Got message: %s\n", std::string(b.begin(), b.begin() + n));
  }
}

// pion: hub.go unregister
void Hub::unregister(const std::shared_ptr<go::net::Conn>& conn) {
  std::lock_guard lk(lock);
  conns.erase(conn->RemoteAddr()->String());
  go::error err = conn->Close();
  if (err) {
    Printf("Failed to disconnect %s %v\n", conn->RemoteAddr()->String(), err);
  } else {
    Printf("Disconnected  %s\n", conn->RemoteAddr()->String());
  }
}

// pion: hub.go broadcast
void Hub::broadcast(std::span<const std::uint8_t> msg) {
  std::lock_guard lk(lock);
  for (const auto& [addr, conn] : conns) {
    auto [n, err] = conn->Write(msg);
    (void)n;
    if (err) {
      Printf("Failed to write message to %s: %v\n", conn->RemoteAddr()->String(), err);
    }
  }
}

// pion: hub.go Chat
void Hub::Chat() {
  StdinReader reader;
  for (;;) {
    auto [msg, err] = reader.ReadString('\n');
    Check(err);
    std::string_view trimmed = msg;
    while (!trimmed.empty() && std::string_view(" \t\n\v\f\r").find(trimmed.front()) != std::string_view::npos) {
      trimmed.remove_prefix(1);
    }
    while (!trimmed.empty() && std::string_view(" \t\n\v\f\r").find(trimmed.back()) != std::string_view::npos) {
      trimmed.remove_suffix(1);
    }
    if (trimmed == "exit") {
      return;
    }
    broadcast(std::span(reinterpret_cast<const std::uint8_t*>(msg.data()), msg.size()));
  }
}

}  // namespace dtls::examples::util
