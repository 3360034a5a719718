// pion: session.go
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"

namespace dtls {

// pion: session.go Session
// Session store data needed in resumption
struct Session {
  // ID store session id
  std::vector<std::uint8_t> ID;
  // Secret store session master secret
  std::vector<std::uint8_t> Secret;
};

// pion: session.go SessionStore
// SessionStore defines methods needed for session resumption.
class SessionStore {
 public:
  virtual ~SessionStore() = default;
  // Set save a session.
  // For client, use server name as key.
  // For server, use session id.
  virtual go::error Set(std::span<const std::uint8_t> key, Session s) = 0;
  // Get fetch a session.
  virtual std::pair<Session, go::error> Get(std::span<const std::uint8_t> key) = 0;
  // Del clean saved session.
  virtual go::error Del(std::span<const std::uint8_t> key) = 0;
};

}  // namespace dtls
