// pion: examples/util/hub.go
#pragma once

#include <map>
#include <memory>
#include <span>
#include <string>

#include "chan/net.hpp"
#include "chan/sync.hpp"

namespace dtls::examples::util {

// pion: hub.go Hub
// Hub is a helper to handle one to many chat
// (Go's sync.RWMutex is a go::sync::Mutex here: the library has no RWMutex, and the hub's
// readers are few. Go's *Hub is a shared_ptr, which readLoop's fibers keep alive.)
class Hub : public std::enable_shared_from_this<Hub> {
 public:
  // pion: hub.go Register
  // Register adds a new conn to the Hub
  void Register(std::shared_ptr<go::net::Conn> conn);
  // pion: hub.go Chat
  // Chat starts the stdin readloop to dispatch messages to the hub
  void Chat();

 private:
  // pion: hub.go readLoop
  void readLoop(const std::shared_ptr<go::net::Conn>& conn);
  // pion: hub.go unregister
  void unregister(const std::shared_ptr<go::net::Conn>& conn);
  // pion: hub.go broadcast
  void broadcast(std::span<const std::uint8_t> msg);

  std::map<std::string, std::shared_ptr<go::net::Conn>> conns;
  go::sync::Mutex lock;
};

// pion: hub.go NewHub
// NewHub builds a new hub
std::shared_ptr<Hub> NewHub();

}  // namespace dtls::examples::util
