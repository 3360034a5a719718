// pion: resume.go
#pragma once

#include <memory>
#include <utility>

#include "chan/error.hpp"
#include "chan/net.hpp"
#include "dtls/config.hpp"
#include "dtls/conn.hpp"
#include "dtls/state.hpp"

namespace dtls {

// pion: resume.go Resume
// Resume imports an already established dtls connection using a specific dtls state
std::pair<std::shared_ptr<Conn>, go::error> Resume(State* state, std::shared_ptr<go::net::Conn> conn, const Config* config);

}  // namespace dtls
