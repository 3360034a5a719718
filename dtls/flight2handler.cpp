// pion: flight2handler.go
#include <algorithm>
#include <memory>
#include <vector>

#include "dtls/errors.hpp"
#include "dtls/flighthandler.hpp"
#include "dtls/pkg/protocol/alert/alert.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"
#include "dtls/pkg/protocol/handshake/message_client_hello.hpp"
#include "dtls/pkg/protocol/handshake/message_hello_verify_request.hpp"
#include "dtls/pkg/protocol/recordlayer/recordlayer.hpp"
#include "dtls/pkg/protocol/version.hpp"

namespace dtls {

namespace {
namespace protocol = pkg::protocol;
namespace alert = pkg::protocol::alert;
namespace handshake = pkg::protocol::handshake;
namespace recordlayer = pkg::protocol::recordlayer;
}  // namespace

// pion: flight2handler.go flight2Parse
flightParserResult flight2Parse(const go::context::Context& ctx, flightConn& c, State& state, handshakeCache& cache,
                                handshakeConfig& cfg) {
  const handshakeCachePullRule rules[] = {{handshake::TypeClientHello, cfg.initialEpoch, true, false}};
  auto [seq, msgs, ok] = cache.fullPullMap(state.handshakeRecvSequence, state.cipherSuite, rules);
  if (!ok) {
    // Client may retransmit the first ClientHello when HelloVerifyRequest is dropped.
    // Parse as flight 0 in this case.
    return flight0Parse(ctx, c, state, cache, cfg);
  }
  state.handshakeRecvSequence = seq;

  // Validate type
  auto it = msgs.find(handshake::TypeClientHello);
  auto clientHello = it == msgs.end() ? nullptr : std::dynamic_pointer_cast<handshake::MessageClientHello>(it->second);
  if (!clientHello) {
    return {flightVal{}, fatalAlert(alert::InternalError), nullptr};
  }

  if (!clientHello->Version.Equal(protocol::Version1_2)) {
    return {flightVal{}, fatalAlert(alert::ProtocolVersion), errUnsupportedProtocolVersion};
  }

  if (clientHello->Cookie.empty()) {
    return {flightVal{}, std::nullopt, nullptr};
  }
  if (state.cookie != clientHello->Cookie) {
    return {flightVal{}, fatalAlert(alert::AccessDenied), errCookieMismatch};
  }
  return {flight4, std::nullopt, nullptr};
}

// pion: flight2handler.go flight2Generate
flightGeneratorResult flight2Generate(flightConn& /*c*/, State& state, handshakeCache& /*cache*/, handshakeConfig& /*cfg*/) {
  state.handshakeSendSequence = 0;
  auto hvr = std::make_shared<handshake::MessageHelloVerifyRequest>();
  hvr->Version = protocol::Version1_2;
  hvr->Cookie = state.cookie;
  return {{packet{newRecord(0, newHandshake(hvr))}}, std::nullopt, nullptr};
}

}  // namespace dtls
