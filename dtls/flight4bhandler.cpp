// pion: flight4bhandler.go
#include <memory>
#include <utility>
#include <vector>

#include "dtls/cipher_suite.hpp"
#include "dtls/compression_method.hpp"
#include "dtls/errors.hpp"
#include "dtls/flighthandler.hpp"
#include "dtls/pkg/crypto/prf/prf.hpp"
#include "dtls/pkg/protocol/alert/alert.hpp"
#include "dtls/pkg/protocol/change_cipher_spec.hpp"
#include "dtls/pkg/protocol/extension/alpn.hpp"
#include "dtls/pkg/protocol/extension/renegotiation_info.hpp"
#include "dtls/pkg/protocol/extension/use_master_secret.hpp"
#include "dtls/pkg/protocol/extension/use_srtp.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"
#include "dtls/pkg/protocol/handshake/message_finished.hpp"
#include "dtls/pkg/protocol/handshake/message_server_hello.hpp"
#include "dtls/pkg/protocol/recordlayer/recordlayer.hpp"
#include "dtls/pkg/protocol/version.hpp"

namespace dtls {

namespace {
namespace protocol = pkg::protocol;
namespace alert = pkg::protocol::alert;
namespace extension = pkg::protocol::extension;
namespace handshake = pkg::protocol::handshake;
namespace recordlayer = pkg::protocol::recordlayer;
namespace prf = pkg::crypto::prf;
}  // namespace

// pion: flight4bhandler.go flight4bParse
flightParserResult flight4bParse(const go::context::Context& /*ctx*/, flightConn& /*c*/, State& state, handshakeCache& cache,
                                 handshakeConfig& cfg) {
  const handshakeCachePullRule rules[] = {
      {handshake::TypeFinished, static_cast<std::uint16_t>(cfg.initialEpoch + 1), true, false}};
  auto [seq, msgs, ok] = cache.fullPullMap(state.handshakeRecvSequence, state.cipherSuite, rules);
  (void)seq;
  if (!ok) {
    // No valid message received. Keep reading
    return {flightVal{}, std::nullopt, nullptr};
  }

  auto it = msgs.find(handshake::TypeFinished);
  auto finished = it == msgs.end() ? nullptr : std::dynamic_pointer_cast<handshake::MessageFinished>(it->second);
  if (!finished) {
    return {flightVal{}, fatalAlert(alert::InternalError), nullptr};
  }
  if (!state.cipherSuite) {  // Go would dereference a nil cipher suite
    return {flightVal{}, fatalAlert(alert::InternalError), errInvalidCipherSuite};
  }

  const handshakeCachePullRule mergeRules[] = {
      {handshake::TypeClientHello, cfg.initialEpoch, true, false},
      {handshake::TypeServerHello, cfg.initialEpoch, false, false},
      {handshake::TypeFinished, static_cast<std::uint16_t>(cfg.initialEpoch + 1), false, false},
  };
  const auto plainText = cache.pullAndMerge(mergeRules);

  auto [expectedVerifyData, err] = prf::VerifyDataClient(state.masterSecret, plainText, state.cipherSuite->HashFunc());
  if (err) {
    return {flightVal{}, fatalAlert(alert::InternalError), err};
  }
  if (expectedVerifyData != finished->VerifyData) {
    return {flightVal{}, fatalAlert(alert::HandshakeFailure), errVerifyDataMismatch};
  }

  // Other party may re-transmit the last flight. Keep state to be flight4b.
  return {flight4b, std::nullopt, nullptr};
}

// pion: flight4bhandler.go flight4bGenerate
flightGeneratorResult flight4bGenerate(flightConn& /*c*/, State& state, handshakeCache& cache, handshakeConfig& cfg) {
  if (!state.cipherSuite) {  // Go would dereference a nil cipher suite
    return {{}, fatalAlert(alert::InternalError), errInvalidCipherSuite};
  }
  std::vector<packet> pkts;

  std::vector<std::shared_ptr<extension::Extension>> extensions;
  {
    auto ri = std::make_shared<extension::RenegotiationInfo>();
    ri->RenegotiatedConnection = 0;
    extensions.push_back(ri);
  }
  if ((cfg.extendedMasterSecret == RequestExtendedMasterSecret || cfg.extendedMasterSecret == RequireExtendedMasterSecret) &&
      state.extendedMasterSecret) {
    auto ems = std::make_shared<extension::UseExtendedMasterSecret>();
    ems->Supported = true;
    extensions.push_back(ems);
  }
  if (state.srtpProtectionProfile != SRTPProtectionProfile{}) {
    auto srtp = std::make_shared<extension::UseSRTP>();
    srtp->ProtectionProfiles = {state.srtpProtectionProfile};
    extensions.push_back(srtp);
  }

  auto [selectedProto, perr] = extension::ALPNProtocolSelection(cfg.supportedProtocols, state.peerSupportedProtocols);
  if (perr) {
    return {{}, fatalAlert(alert::NoApplicationProtocol), perr};
  }
  if (!selectedProto.empty()) {
    auto alpn = std::make_shared<extension::ALPN>();
    alpn->ProtocolNameList = {selectedProto};
    extensions.push_back(alpn);
    state.NegotiatedProtocol = selectedProto;
  }

  const auto cipherSuiteID = static_cast<std::uint16_t>(state.cipherSuite->ID());
  auto hello = std::make_shared<handshake::MessageServerHello>();
  hello->Version = protocol::Version1_2;
  hello->Random = state.localRandom;
  hello->SessionID = state.SessionID;
  hello->CipherSuiteID = cipherSuiteID;
  hello->CompressionMethod = defaultCompressionMethods()[0];
  hello->Extensions = std::move(extensions);
  auto serverHello = newHandshake(hello);

  serverHello->Header.MessageSequence = static_cast<std::uint16_t>(state.handshakeSendSequence);

  if (state.localVerifyData.empty()) {
    const handshakeCachePullRule mergeRules[] = {{handshake::TypeClientHello, cfg.initialEpoch, true, false}};
    auto plainText = cache.pullAndMerge(mergeRules);
    auto [raw, err] = serverHello->Marshal();
    if (err) {
      return {{}, fatalAlert(alert::InternalError), err};
    }
    plainText.insert(plainText.end(), raw.begin(), raw.end());

    auto [vd, verr] = prf::VerifyDataServer(state.masterSecret, plainText, state.cipherSuite->HashFunc());
    if (verr) {
      return {{}, fatalAlert(alert::InternalError), verr};
    }
    state.localVerifyData = std::move(vd);
  }

  auto finished = std::make_shared<handshake::MessageFinished>();
  finished->VerifyData = state.localVerifyData;
  pkts.push_back(packet{newRecord(0, serverHello)});
  pkts.push_back(packet{newRecord(0, std::make_shared<protocol::ChangeCipherSpec>())});
  pkts.push_back(packet{newRecord(1, newHandshake(finished)), true, true});

  return {std::move(pkts), std::nullopt, nullptr};
}

}  // namespace dtls
