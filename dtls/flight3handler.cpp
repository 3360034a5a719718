// pion: flight3handler.go
#include <memory>
#include <utility>
#include <vector>

#include "dtls/cipher_suite.hpp"
#include "dtls/compression_method.hpp"
#include "dtls/errors.hpp"
#include "dtls/flighthandler.hpp"
#include "dtls/internal/ciphersuite/types/key_exchange_algorithm.hpp"
#include "dtls/pkg/crypto/elliptic/elliptic.hpp"
#include "dtls/pkg/crypto/prf/prf.hpp"
#include "dtls/pkg/protocol/alert/alert.hpp"
#include "dtls/pkg/protocol/extension/alpn.hpp"
#include "dtls/pkg/protocol/extension/errors.hpp"
#include "dtls/pkg/protocol/extension/renegotiation_info.hpp"
#include "dtls/pkg/protocol/extension/server_name.hpp"
#include "dtls/pkg/protocol/extension/supported_elliptic_curves.hpp"
#include "dtls/pkg/protocol/extension/supported_point_formats.hpp"
#include "dtls/pkg/protocol/extension/supported_signature_algorithms.hpp"
#include "dtls/pkg/protocol/extension/use_master_secret.hpp"
#include "dtls/pkg/protocol/extension/use_srtp.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"
#include "dtls/pkg/protocol/handshake/message_certificate.hpp"
#include "dtls/pkg/protocol/handshake/message_certificate_request.hpp"
#include "dtls/pkg/protocol/handshake/message_client_hello.hpp"
#include "dtls/pkg/protocol/handshake/message_finished.hpp"
#include "dtls/pkg/protocol/handshake/message_hello_verify_request.hpp"
#include "dtls/pkg/protocol/handshake/message_server_hello.hpp"
#include "dtls/pkg/protocol/handshake/message_server_key_exchange.hpp"
#include "dtls/pkg/protocol/recordlayer/recordlayer.hpp"
#include "dtls/pkg/protocol/version.hpp"
#include "dtls/util.hpp"

namespace dtls {

namespace {
namespace protocol = pkg::protocol;
namespace alert = pkg::protocol::alert;
namespace extension = pkg::protocol::extension;
namespace handshake = pkg::protocol::handshake;
namespace recordlayer = pkg::protocol::recordlayer;
namespace elliptic = pkg::crypto::elliptic;
namespace prf = pkg::crypto::prf;
namespace types = internal::ciphersuite::types;


}  // namespace

// pion: flight3handler.go flight3Parse
flightParserResult flight3Parse(const go::context::Context& ctx, flightConn& c, State& state, handshakeCache& cache,
                                handshakeConfig& cfg) {
  // Clients may receive multiple HelloVerifyRequest messages with different cookies.
  // Clients SHOULD handle this by sending a new ClientHello with a cookie in response
  // to the new HelloVerifyRequest. RFC 6347 Section 4.2.1
  {
    const handshakeCachePullRule rules[] = {{handshake::TypeHelloVerifyRequest, cfg.initialEpoch, false, true}};
    auto [seq, msgs, ok] = cache.fullPullMap(state.handshakeRecvSequence, state.cipherSuite, rules);
    if (ok) {
      if (auto h = msgAs<handshake::MessageHelloVerifyRequest>(msgs, handshake::TypeHelloVerifyRequest)) {
        // DTLS 1.2 clients must not assume that the server will use the protocol version
        // specified in HelloVerifyRequest message. RFC 6347 Section 4.2.1
        if (!h->Version.Equal(protocol::Version1_0) && !h->Version.Equal(protocol::Version1_2)) {
          return {flightVal{}, fatalAlert(alert::ProtocolVersion), errUnsupportedProtocolVersion};
        }
        state.cookie = h->Cookie;
        state.handshakeRecvSequence = seq;
        return {flight3, std::nullopt, nullptr};
      }
    }
  }

  {
    const handshakeCachePullRule rules[] = {{handshake::TypeServerHello, cfg.initialEpoch, false, false}};
    auto [seq, msgs, ok] = cache.fullPullMap(state.handshakeRecvSequence, state.cipherSuite, rules);
    (void)seq;
    if (!ok) {
      // Don't have enough messages. Keep reading
      return {flightVal{}, std::nullopt, nullptr};
    }

    if (auto h = msgAs<handshake::MessageServerHello>(msgs, handshake::TypeServerHello)) {
      if (!h->Version.Equal(protocol::Version1_2)) {
        return {flightVal{}, fatalAlert(alert::ProtocolVersion), errUnsupportedProtocolVersion};
      }
      for (const auto& v : h->Extensions) {
        if (auto e = std::dynamic_pointer_cast<extension::UseSRTP>(v)) {
          auto [profile, found] = findMatchingSRTPProfile(e->ProtectionProfiles, cfg.localSRTPProtectionProfiles);
          if (!found) {
            return {flightVal{}, fatalAlert(alert::IllegalParameter), errClientNoMatchingSRTPProfile};
          }
          state.srtpProtectionProfile = profile;
        } else if (std::dynamic_pointer_cast<extension::UseExtendedMasterSecret>(v)) {
          if (cfg.extendedMasterSecret != DisableExtendedMasterSecret) {
            state.extendedMasterSecret = true;
          }
        } else if (auto e = std::dynamic_pointer_cast<extension::ALPN>(v)) {
          if (e->ProtocolNameList.size() != 1) {
            // Go: > 1 (the zero case is handled when unmarshalling, so [0] exists there)
            return {flightVal{}, fatalAlert(alert::InternalError), extension::ErrALPNInvalidFormat};  // Meh, internal error?
          }
          state.NegotiatedProtocol = e->ProtocolNameList[0];
        }
      }
      if (cfg.extendedMasterSecret == RequireExtendedMasterSecret && !state.extendedMasterSecret) {
        return {flightVal{}, fatalAlert(alert::InsufficientSecurity), errClientRequiredButNoServerEMS};
      }
      if (!cfg.localSRTPProtectionProfiles.empty() && state.srtpProtectionProfile == SRTPProtectionProfile{}) {
        return {flightVal{}, fatalAlert(alert::InsufficientSecurity), errRequestedButNoSRTPExtension};
      }

      if (!h->CipherSuiteID) {  // Go would dereference a nil pointer
        return {flightVal{}, fatalAlert(alert::InsufficientSecurity), errCipherSuiteNoIntersection};
      }
      auto remoteCipherSuite = cipherSuiteForID(static_cast<CipherSuiteID>(*h->CipherSuiteID), cfg.customCipherSuites);
      if (!remoteCipherSuite) {
        return {flightVal{}, fatalAlert(alert::InsufficientSecurity), errCipherSuiteNoIntersection};
      }

      auto [selectedCipherSuite, found] = findMatchingCipherSuite({remoteCipherSuite}, cfg.localCipherSuites);
      if (!found) {
        return {flightVal{}, fatalAlert(alert::InsufficientSecurity), errInvalidCipherSuite};
      }

      state.cipherSuite = selectedCipherSuite;
      state.remoteRandom = h->Random;
      cfg.log->Tracef("[handshake] use cipher suite: %s", selectedCipherSuite->String());

      if (!h->SessionID.empty() && state.SessionID == h->SessionID) {
        return handleResumption(ctx, c, state, cache, cfg);
      }

      if (!state.SessionID.empty()) {
        cfg.log->Tracef("[handshake] clean old session : %s", state.SessionID);
        if (cfg.sessionStore) {  // Go would call Del on a nil store (never reached there: SessionID needs a store)
          if (auto err = cfg.sessionStore->Del(state.SessionID); err) {
            return {flightVal{}, fatalAlert(alert::InternalError), err};
          }
        }
      }

      if (!cfg.sessionStore) {
        state.SessionID = {};
      } else {
        state.SessionID = h->SessionID;
      }

      state.masterSecret = {};
    }
  }

  int seq = 0;
  std::map<handshake::Type, std::shared_ptr<handshake::Message>> msgs;
  bool ok = false;
  if (cfg.localPSKCallback) {
    const handshakeCachePullRule rules[] = {
        {handshake::TypeServerKeyExchange, cfg.initialEpoch, false, true},
        {handshake::TypeServerHelloDone, cfg.initialEpoch, false, false},
    };
    std::tie(seq, msgs, ok) = cache.fullPullMap(state.handshakeRecvSequence + 1, state.cipherSuite, rules);
  } else {
    const handshakeCachePullRule rules[] = {
        {handshake::TypeCertificate, cfg.initialEpoch, false, true},
        {handshake::TypeServerKeyExchange, cfg.initialEpoch, false, false},
        {handshake::TypeCertificateRequest, cfg.initialEpoch, false, true},
        {handshake::TypeServerHelloDone, cfg.initialEpoch, false, false},
    };
    std::tie(seq, msgs, ok) = cache.fullPullMap(state.handshakeRecvSequence + 1, state.cipherSuite, rules);
  }
  if (!ok) {
    // Don't have enough messages. Keep reading
    return {flightVal{}, std::nullopt, nullptr};
  }
  state.handshakeRecvSequence = seq;

  if (!state.cipherSuite) {  // Go would dereference a nil cipher suite below
    return {flightVal{}, fatalAlert(alert::InsufficientSecurity), errInvalidCipherSuite};
  }
  if (auto h = msgAs<handshake::MessageCertificate>(msgs, handshake::TypeCertificate)) {
    state.PeerCertificates = h->Certificate;
  } else if (state.cipherSuite->AuthenticationType() == CipherSuiteAuthenticationTypeCertificate) {
    return {flightVal{}, fatalAlert(alert::NoCertificate), errInvalidCertificate};
  }

  if (auto h = msgAs<handshake::MessageServerKeyExchange>(msgs, handshake::TypeServerKeyExchange)) {
    auto [a, err] = handleServerKeyExchange(c, state, cfg, *h);
    if (err) {
      return {flightVal{}, a, err};
    }
  }

  if (msgAs<handshake::MessageCertificateRequest>(msgs, handshake::TypeCertificateRequest)) {
    state.remoteRequestedCertificate = true;
  }

  return {flight5, std::nullopt, nullptr};
}

// pion: flight3handler.go handleResumption
flightParserResult handleResumption(const go::context::Context& ctx, flightConn& c, State& state, handshakeCache& cache,
                                    handshakeConfig& cfg) {
  if (auto err = state.initCipherSuite(); err) {
    return {flightVal{}, fatalAlert(alert::InternalError), err};
  }

  // Now, encrypted packets can be handled
  if (auto err = c.handleQueuedPackets(ctx); err) {
    return {flightVal{}, fatalAlert(alert::InternalError), err};
  }

  const handshakeCachePullRule rules[] = {
      {handshake::TypeFinished, static_cast<std::uint16_t>(cfg.initialEpoch + 1), false, false}};
  auto [seq, msgs, ok] = cache.fullPullMap(state.handshakeRecvSequence + 1, state.cipherSuite, rules);
  (void)seq;
  if (!ok) {
    // No valid message received. Keep reading
    return {flightVal{}, std::nullopt, nullptr};
  }

  auto finished = msgAs<handshake::MessageFinished>(msgs, handshake::TypeFinished);
  if (!finished) {
    return {flightVal{}, fatalAlert(alert::InternalError), nullptr};
  }
  const handshakeCachePullRule mergeRules[] = {
      {handshake::TypeClientHello, cfg.initialEpoch, true, false},
      {handshake::TypeServerHello, cfg.initialEpoch, false, false},
  };
  const auto plainText = cache.pullAndMerge(mergeRules);

  auto [expectedVerifyData, err] = prf::VerifyDataServer(state.masterSecret, plainText, state.cipherSuite->HashFunc());
  if (err) {
    return {flightVal{}, fatalAlert(alert::InternalError), err};
  }
  if (expectedVerifyData != finished->VerifyData) {
    return {flightVal{}, fatalAlert(alert::HandshakeFailure), errVerifyDataMismatch};
  }

  const auto clientRandom = state.localRandom.MarshalFixed();
  cfg.writeKeyLog(keyLogLabelTLS12, clientRandom, state.masterSecret);

  return {flight5b, std::nullopt, nullptr};
}

// pion: flight3handler.go handleServerKeyExchange
std::pair<alertPtr, go::error> handleServerKeyExchange(flightConn& /*c*/, State& state, handshakeConfig& cfg,
                                                       const handshake::MessageServerKeyExchange& h) {
  if (!state.cipherSuite) {
    return {fatalAlert(alert::InsufficientSecurity), errInvalidCipherSuite};
  }
  if (cfg.localPSKCallback) {
    const std::vector<std::uint8_t> hint = h.IdentityHint.value_or(std::vector<std::uint8_t>{});
    auto [psk, err] = cfg.localPSKCallback(hint);
    if (err) {
      return {fatalAlert(alert::InternalError), err};
    }
    state.IdentityHint = hint;
    const auto kx = state.cipherSuite->KeyExchangeAlgorithm();
    if (kx == types::KeyExchangeAlgorithmPsk) {
      state.preMasterSecret = prf::PSKPreMasterSecret(psk);
    } else if (kx == (types::KeyExchangeAlgorithmEcdhe | types::KeyExchangeAlgorithmPsk)) {
      auto [kp, kerr] = elliptic::GenerateKeypair(h.NamedCurve);
      if (kerr) {
        return {fatalAlert(alert::InternalError), kerr};
      }
      state.localKeypair = kp;
      auto [pms, perr] =
          prf::EcdhePSKPreMasterSecret(psk, h.PublicKey, state.localKeypair->PrivateKey, state.localKeypair->Curve);
      if (perr) {
        return {fatalAlert(alert::InternalError), perr};
      }
      state.preMasterSecret = std::move(pms);
    } else {
      return {fatalAlert(alert::InsufficientSecurity), errInvalidCipherSuite};
    }
  } else {
    auto [kp, kerr] = elliptic::GenerateKeypair(h.NamedCurve);
    if (kerr) {
      return {fatalAlert(alert::InternalError), kerr};
    }
    state.localKeypair = kp;

    auto [pms, perr] = prf::PreMasterSecret(h.PublicKey, state.localKeypair->PrivateKey, state.localKeypair->Curve);
    if (perr) {
      return {fatalAlert(alert::InternalError), perr};
    }
    state.preMasterSecret = std::move(pms);
  }

  return {std::nullopt, nullptr};
}

// pion: flight3handler.go flight3Generate
flightGeneratorResult flight3Generate(flightConn& /*c*/, State& state, handshakeCache& /*cache*/, handshakeConfig& cfg) {
  std::vector<std::shared_ptr<extension::Extension>> extensions;
  {
    auto sa = std::make_shared<extension::SupportedSignatureAlgorithms>();
    sa->SignatureHashAlgorithms = cfg.localSignatureSchemes;
    extensions.push_back(sa);
    auto ri = std::make_shared<extension::RenegotiationInfo>();
    ri->RenegotiatedConnection = 0;
    extensions.push_back(ri);
  }
  if (state.namedCurve != elliptic::Curve{}) {
    auto ec = std::make_shared<extension::SupportedEllipticCurves>();
    ec->EllipticCurves = {elliptic::X25519, elliptic::P256, elliptic::P384};
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
