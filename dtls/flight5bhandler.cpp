// pion: flight5bhandler.go
#include <memory>
#include <utility>
#include <vector>

#include "dtls/errors.hpp"
#include "dtls/flighthandler.hpp"
#include "dtls/pkg/crypto/prf/prf.hpp"
#include "dtls/pkg/protocol/alert/alert.hpp"
#include "dtls/pkg/protocol/change_cipher_spec.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"
#include "dtls/pkg/protocol/handshake/message_finished.hpp"
#include "dtls/pkg/protocol/recordlayer/recordlayer.hpp"
#include "dtls/pkg/protocol/version.hpp"

namespace dtls {

namespace {

namespace prf = pkg::crypto::prf;
namespace protocol = pkg::protocol;
namespace alert = pkg::protocol::alert;
namespace handshake = pkg::protocol::handshake;
namespace recordlayer = pkg::protocol::recordlayer;


}  // namespace

// pion: flight5bhandler.go flight5bParse
flightParserResult flight5bParse(const go::context::Context& /*ctx*/, flightConn& /*c*/, State& state,
                                 handshakeCache& cache, handshakeConfig& cfg) {
  const handshakeCachePullRule finishedRule[] = {
      {handshake::TypeFinished, static_cast<std::uint16_t>(cfg.initialEpoch + 1), false, false},
  };
  auto [seq, msgs, ok] = cache.fullPullMap(state.handshakeRecvSequence - 1, state.cipherSuite, finishedRule);
  (void)seq;
  if (!ok) {
    // No valid message received. Keep reading
    return {flightVal{}, std::nullopt, nullptr};
  }

  auto it = msgs.find(handshake::TypeFinished);
  if (it == msgs.end() || !std::dynamic_pointer_cast<handshake::MessageFinished>(it->second)) {
    return {flightVal{}, fatalAlert(alert::InternalError), nullptr};
  }

  // Other party may re-transmit the last flight. Keep state to be flight5b.
  return {flight5b, std::nullopt, nullptr};
}

// pion: flight5bhandler.go flight5bGenerate
flightGeneratorResult flight5bGenerate(flightConn& /*c*/, State& state, handshakeCache& cache,
                                       handshakeConfig& cfg) {  // NOLINT(readability-function-cognitive-complexity)
  std::vector<packet> pkts;

  {
    auto record = std::make_shared<recordlayer::RecordLayer>();
    record->Header.Version = protocol::Version1_2;
    record->Content = std::make_shared<protocol::ChangeCipherSpec>();
    pkts.push_back(packet{record});
  }

  if (state.localVerifyData.empty()) {
    if (!state.cipherSuite) {  // Go would panic on a nil cipher suite
      return {{}, fatalAlert(alert::InternalError), errInvalidCipherSuite};
    }
    const handshakeCachePullRule rules[] = {
        {handshake::TypeClientHello, cfg.initialEpoch, true, false},
        {handshake::TypeServerHello, cfg.initialEpoch, false, false},
        {handshake::TypeFinished, static_cast<std::uint16_t>(cfg.initialEpoch + 1), false, false},
    };
    const std::vector<std::uint8_t> plainText = cache.pullAndMerge(rules);

    auto [verifyData, err] = prf::VerifyDataClient(state.masterSecret, plainText, state.cipherSuite->HashFunc());
    if (err) {
      return {{}, fatalAlert(alert::InternalError), err};
    }
    state.localVerifyData = std::move(verifyData);
  }

  {
    auto finished = std::make_shared<handshake::MessageFinished>();
    finished->VerifyData = state.localVerifyData;
    auto content = std::make_shared<handshake::Handshake>();
    content->Message = finished;
    auto record = std::make_shared<recordlayer::RecordLayer>();
    record->Header.Version = protocol::Version1_2;
    record->Header.Epoch = 1;
    record->Content = content;
    pkts.push_back(packet{
        record,
        /*shouldEncrypt=*/true,
        /*resetLocalSequenceNumber=*/true,
    });
  }

  return {std::move(pkts), std::nullopt, nullptr};
}

}  // namespace dtls
