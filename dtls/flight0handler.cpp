// pion: flight0handler.go
#include <memory>
#include <utility>
#include <vector>

#include "dtls/conn.hpp"
#include "dtls/errors.hpp"
#include "dtls/flighthandler.hpp"
#include "dtls/pkg/crypto/ccm/go_crypto.hpp"
#include "dtls/pkg/crypto/elliptic/elliptic.hpp"
#include "dtls/pkg/protocol/alert/alert.hpp"
#include "dtls/pkg/protocol/extension/alpn.hpp"
#include "dtls/pkg/protocol/extension/server_name.hpp"
#include "dtls/pkg/protocol/extension/supported_elliptic_curves.hpp"
#include "dtls/pkg/protocol/extension/use_master_secret.hpp"
#include "dtls/pkg/protocol/extension/use_srtp.hpp"
#include "dtls/pkg/protocol/handshake/message_client_hello.hpp"
#include "dtls/pkg/protocol/version.hpp"
#include "dtls/util.hpp"

namespace dtls {

namespace {
namespace protocol = pkg::protocol;
namespace alert = pkg::protocol::alert;
namespace extension = pkg::protocol::extension;
namespace handshake = pkg::protocol::handshake;
namespace elliptic = pkg::crypto::elliptic;
}  // namespace

// pion: flight0handler.go flight0Parse
flightParserResult flight0Parse(const go::context::Context& /*ctx*/, flightConn& /*c*/, State& state, handshakeCache& cache,
                                handshakeConfig& cfg) {
  const handshakeCachePullRule rules[] = {{handshake::TypeClientHello, cfg.initialEpoch, true, false}};
  // Port addition: after dtls::Listen's cookie exchange the ClientHello is not message 0 but the
  // one the read loop started at (Conn::startAtVerifiedHello).
  const int startSeq = cfg.helloVerified ? state.handshakeRecvSequence : 0;
  auto [seq, msgs, ok] = cache.fullPullMap(startSeq, state.cipherSuite, rules);
  if (!ok) {
    // No valid message received. Keep reading
    return {flightVal{}, std::nullopt, nullptr};
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

  state.remoteRandom = clientHello->Random;

  std::vector<std::shared_ptr<CipherSuite>> cipherSuites;
  for (auto id : clientHello->CipherSuiteIDs) {
    if (auto cs = cipherSuiteForID(static_cast<CipherSuiteID>(id), cfg.customCipherSuites)) {
      cipherSuites.push_back(cs);
    }
  }

  auto [cs, found] = findMatchingCipherSuite(cipherSuites, cfg.localCipherSuites);
  if (!found) {
    return {flightVal{}, fatalAlert(alert::InsufficientSecurity), errCipherSuiteNoIntersection};
  }
  state.cipherSuite = cs;

  for (const auto& val : clientHello->Extensions) {
    if (auto e = std::dynamic_pointer_cast<extension::SupportedEllipticCurves>(val)) {
      if (e->EllipticCurves.empty()) {
        return {flightVal{}, fatalAlert(alert::InsufficientSecurity), errNoSupportedEllipticCurves};
      }
      state.namedCurve = e->EllipticCurves[0];
    } else if (auto e = std::dynamic_pointer_cast<extension::UseSRTP>(val)) {
      auto [profile, pok] = findMatchingSRTPProfile(e->ProtectionProfiles, cfg.localSRTPProtectionProfiles);
      if (!pok) {
        return {flightVal{}, fatalAlert(alert::InsufficientSecurity), errServerNoMatchingSRTPProfile};
      }
      state.srtpProtectionProfile = profile;
    } else if (std::dynamic_pointer_cast<extension::UseExtendedMasterSecret>(val)) {
      if (cfg.extendedMasterSecret != DisableExtendedMasterSecret) {
        state.extendedMasterSecret = true;
      }
    } else if (auto e = std::dynamic_pointer_cast<extension::ServerName>(val)) {
      state.serverName = e->ServerName;  // remote server name
    } else if (auto e = std::dynamic_pointer_cast<extension::ALPN>(val)) {
      state.peerSupportedProtocols = e->ProtocolNameList;
    }
  }

  if (cfg.extendedMasterSecret == RequireExtendedMasterSecret && !state.extendedMasterSecret) {
    return {flightVal{}, fatalAlert(alert::InsufficientSecurity), errServerRequiredButNoClientEMS};
  }

  if (!state.localKeypair) {
    auto [kp, err] = elliptic::GenerateKeypair(state.namedCurve);
    if (err) {
      return {flightVal{}, fatalAlert(alert::IllegalParameter), err};
    }
    state.localKeypair = kp;
  }

  flightVal nextFlight = flight2;

  if (cfg.insecureSkipHelloVerify) {
    nextFlight = flight4;
  }
  // Port addition: dtls::Listen checked this ClientHello's cookie before making the Conn.
  if (cfg.helloVerified) {
    nextFlight = flight4;
  }

  return handleHelloResume(clientHello->SessionID, state, cfg, nextFlight);
}

// pion: flight0handler.go handleHelloResume
flightParserResult handleHelloResume(std::span<const std::uint8_t> sessionID, State& state, handshakeConfig& cfg,
                                     flightVal next) {
  if (!sessionID.empty() && cfg.sessionStore) {
    auto [s, err] = cfg.sessionStore->Get(sessionID);
    if (err) {
      return {flightVal{}, fatalAlert(alert::InternalError), err};
    } else if (!s.ID.empty()) {
      cfg.log->Tracef("[handshake] resume session: %x", std::vector<std::uint8_t>(sessionID.begin(), sessionID.end()));

      state.SessionID.assign(sessionID.begin(), sessionID.end());
      state.masterSecret = s.Secret;

      if (auto ierr = state.initCipherSuite(); ierr) {
        return {flightVal{}, fatalAlert(alert::InternalError), ierr};
      }

      const auto clientRandom = state.localRandom.MarshalFixed();
      cfg.writeKeyLog(keyLogLabelTLS12, clientRandom, state.masterSecret);

      return {flight4b, std::nullopt, nullptr};
    }
  }
  return {next, std::nullopt, nullptr};
}

// pion: flight0handler.go flight0Generate
flightGeneratorResult flight0Generate(flightConn& /*c*/, State& state, handshakeCache& /*cache*/, handshakeConfig& cfg) {
  // Initialize
  if (!cfg.insecureSkipHelloVerify && !cfg.helloVerified) {
    state.cookie.assign(cookieLength, 0);
    if (auto [n, err] = go::crypto::rand::Read(state.cookie); err) {
      return {{}, std::nullopt, err};
    }
  }

  state.localEpoch.store(0);
  state.remoteEpoch.store(0);
  state.namedCurve = defaultNamedCurve;

  if (auto err = state.localRandom.Populate(); err) {
    return {{}, std::nullopt, err};
  }

  return {{}, std::nullopt, nullptr};
}

}  // namespace dtls
