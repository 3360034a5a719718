// pion: flight1handler.go
#include <memory>
#include <utility>
#include <vector>

#include "dtls/cipher_suite.hpp"
#include "dtls/compression_method.hpp"
#include "dtls/conn.hpp"
#include "dtls/errors.hpp"
#include "dtls/flighthandler.hpp"
#include "dtls/pkg/crypto/elliptic/elliptic.hpp"
#include "dtls/pkg/protocol/alert/alert.hpp"
#include "dtls/pkg/protocol/extension/alpn.hpp"
#include "dtls/pkg/protocol/extension/renegotiation_info.hpp"
#include "dtls/pkg/protocol/extension/server_name.hpp"
#include "dtls/pkg/protocol/extension/supported_elliptic_curves.hpp"
#include "dtls/pkg/protocol/extension/supported_point_formats.hpp"
#include "dtls/pkg/protocol/extension/supported_signature_algorithms.hpp"
#include "dtls/pkg/protocol/extension/use_master_secret.hpp"
#include "dtls/pkg/protocol/extension/use_srtp.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"
#include "dtls/pkg/protocol/handshake/message_client_hello.hpp"
#include "dtls/pkg/protocol/handshake/message_hello_verify_request.hpp"
#include "dtls/pkg/protocol/recordlayer/recordlayer.hpp"
#include "dtls/pkg/protocol/version.hpp"

namespace dtls {

namespace {
namespace protocol = pkg::protocol;
namespace alert = pkg::protocol::alert;
namespace extension = pkg::protocol::extension;
namespace handshake = pkg::protocol::handshake;
namespace recordlayer = pkg::protocol::recordlayer;
namespace elliptic = pkg::crypto::elliptic;
}  // namespace

// pion: flight1handler.go flight1Parse
flightParserResult flight1Parse(const go::context::Context& ctx, flightConn& c, State& state, handshakeCache& cache,
                                handshakeConfig& cfg) {
  // HelloVerifyRequest can be skipped by the server,
  // so allow ServerHello during flight1 also
  const handshakeCachePullRule rules[] = {
      {handshake::TypeHelloVerifyRequest, cfg.initialEpoch, false, true},
      {handshake::TypeServerHello, cfg.initialEpoch, false, true},
  };
  auto [seq, msgs, ok] = cache.fullPullMap(state.handshakeRecvSequence, state.cipherSuite, rules);
  if (!ok) {
    // No valid message received. Keep reading
    return {flightVal{}, std::nullopt, nullptr};
  }

  if (msgs.count(handshake::TypeServerHello)) {
    // Flight1 and flight2 were skipped.
    // Parse as flight3.
    return flight3Parse(ctx, c, state, cache, cfg);
  }

  auto it = msgs.find(handshake::TypeHelloVerifyRequest);
  if (auto h = it == msgs.end() ? nullptr : std::dynamic_pointer_cast<handshake::MessageHelloVerifyRequest>(it->second)) {
    // DTLS 1.2 clients must not assume that the server will use the protocol version
    // specified in HelloVerifyRequest message. RFC 6347 Section 4.2.1
    if (!h->Version.Equal(protocol::Version1_0) && !h->Version.Equal(protocol::Version1_2)) {
      return {flightVal{}, fatalAlert(alert::ProtocolVersion), errUnsupportedProtocolVersion};
    }
    state.cookie = h->Cookie;
    state.handshakeRecvSequence = seq;
    return {flight3, std::nullopt, nullptr};
  }

  return {flightVal{}, fatalAlert(alert::InternalError), nullptr};
}

// pion: flight1handler.go flight1Generate
flightGeneratorResult flight1Generate(flightConn& c, State& state, handshakeCache& /*cache*/, handshakeConfig& cfg) {
  state.localEpoch.store(0);
  state.remoteEpoch.store(0);
  state.namedCurve = defaultNamedCurve;
  state.cookie.clear();

  if (auto err = state.localRandom.Populate(); err) {
    return {{}, std::nullopt, err};
  }

  std::vector<std::shared_ptr<extension::Extension>> extensions;
  {
    auto sa = std::make_shared<extension::SupportedSignatureAlgorithms>();
    sa->SignatureHashAlgorithms = cfg.localSignatureSchemes;
    extensions.push_back(sa);
    auto ri = std::make_shared<extension::RenegotiationInfo>();
    ri->RenegotiatedConnection = 0;
    extensions.push_back(ri);
  }

  bool setEllipticCurveCryptographyClientHelloExtensions = false;
  for (const auto& cs : cfg.localCipherSuites) {
    if (cs->ECC()) {
      setEllipticCurveCryptographyClientHelloExtensions = true;
      break;
    }
  }

  if (setEllipticCurveCryptographyClientHelloExtensions) {
    auto ec = std::make_shared<extension::SupportedEllipticCurves>();
    ec->EllipticCurves = cfg.ellipticCurves;
    extensions.push_back(ec);
    auto pf = std::make_shared<extension::SupportedPointFormats>();
    pf->PointFormats = {elliptic::CurvePointFormatUncompressed};
    extensions.push_back(pf);
  }

  if (!cfg.localSRTPProtectionProfiles.empty()) {
    auto srtp = std::make_shared<extension::UseSRTP>();
    srtp->ProtectionProfiles = cfg.localSRTPProtectionProfiles;
    extensions.push_back(srtp);
  }

  if (cfg.extendedMasterSecret == RequestExtendedMasterSecret || cfg.extendedMasterSecret == RequireExtendedMasterSecret) {
    auto ems = std::make_shared<extension::UseExtendedMasterSecret>();
    ems->Supported = true;
    extensions.push_back(ems);
  }

  if (!cfg.serverName.empty()) {
    auto sn = std::make_shared<extension::ServerName>();
    sn->ServerName = cfg.serverName;
    extensions.push_back(sn);
  }

  if (!cfg.supportedProtocols.empty()) {
    auto alpn = std::make_shared<extension::ALPN>();
    alpn->ProtocolNameList = cfg.supportedProtocols;
    extensions.push_back(alpn);
  }

  if (cfg.sessionStore) {
    cfg.log->Tracef("[handshake] try to resume session");
    auto [s, err] = cfg.sessionStore->Get(c.sessionKey());
    if (err) {
      return {{}, fatalAlert(alert::InternalError), err};
    } else if (!s.ID.empty()) {
      cfg.log->Tracef("[handshake] get saved session: %x", s.ID);

      state.SessionID = s.ID;
      state.masterSecret = s.Secret;
    }
  }

  auto hello = std::make_shared<handshake::MessageClientHello>();
  hello->Version = protocol::Version1_2;
  hello->SessionID = state.SessionID;
  hello->Cookie = state.cookie;
  hello->Random = state.localRandom;
  hello->CipherSuiteIDs = cipherSuiteIDs(cfg.localCipherSuites);
  hello->CompressionMethods = defaultCompressionMethods();
  hello->Extensions = std::move(extensions);
  return {{packet{newRecord(0, newHandshake(hello))}}, std::nullopt, nullptr};
}

}  // namespace dtls
