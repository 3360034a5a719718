// pion: resume.go
#include "dtls/resume.hpp"

#include "chan/context.hpp"

namespace dtls {

// pion: resume.go Resume
// Resume imports an already established dtls connection using a specific dtls state
std::pair<std::shared_ptr<Conn>, go::error> Resume(State* state, std::shared_ptr<go::net::Conn> conn, const Config* config) {
  if (auto err = state->initCipherSuite(); err) {
    return {nullptr, err};
  }
  auto [c, err] = createConn(go::context::Background(), std::move(conn), config, state->isClient, state);
  if (err) {
    return {nullptr, err};
  }
  return {std::move(c), nullptr};
}

}  // namespace dtls
