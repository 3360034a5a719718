// pion: flight4handler.go
#include <memory>
#include <utility>
#include <vector>

#include "dtls/cipher_suite.hpp"
#include "dtls/compression_method.hpp"
#include "dtls/conn.hpp"
#include "dtls/crypto.hpp"
#include "dtls/errors.hpp"
#include "dtls/flighthandler.hpp"
#include "dtls/internal/ciphersuite/types/key_exchange_algorithm.hpp"
#include "dtls/pkg/crypto/ccm/go_crypto.hpp"
#include "dtls/pkg/crypto/clientcertificate/client_certificate.hpp"
#include "dtls/pkg/crypto/elliptic/elliptic.hpp"
#include "dtls/pkg/crypto/prf/prf.hpp"
#include "dtls/pkg/crypto/signaturehash/signaturehash.hpp"
#include "dtls/pkg/protocol/alert/alert.hpp"
#include "dtls/pkg/protocol/extension/alpn.hpp"
#include "dtls/pkg/protocol/extension/renegotiation_info.hpp"
#include "dtls/pkg/protocol/extension/supported_point_formats.hpp"
#include "dtls/pkg/protocol/extension/use_master_secret.hpp"
#include "dtls/pkg/protocol/extension/use_srtp.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"
#include "dtls/pkg/protocol/handshake/message_certificate.hpp"
#include "dtls/pkg/protocol/handshake/message_certificate_request.hpp"
#include "dtls/pkg/protocol/handshake/message_certificate_verify.hpp"
#include "dtls/pkg/protocol/handshake/message_client_key_exchange.hpp"
#include "dtls/pkg/protocol/handshake/message_finished.hpp"
#include "dtls/pkg/protocol/handshake/message_server_hello.hpp"
#include "dtls/pkg/protocol/handshake/message_server_hello_done.hpp"
#include "dtls/pkg/protocol/handshake/message_server_key_exchange.hpp"
#include "dtls/pkg/protocol/recordlayer/recordlayer.hpp"
#include "dtls/pkg/protocol/version.hpp"
#include "dtls/session.hpp"

namespace dtls {

namespace {
namespace protocol = pkg::protocol;
namespace alert = pkg::protocol::alert;
namespace extension = pkg::protocol::extension;
namespace handshake = pkg::protocol::handshake;
namespace recordlayer = pkg::protocol::recordlayer;
namespace elliptic = pkg::crypto::elliptic;
namespace prf = pkg::crypto::prf;
namespace signaturehash = pkg::crypto::signaturehash;
namespace clientcertificate = pkg::crypto::clientcertificate;
namespace types = internal::ciphersuite::types;



}  // namespace

// pion: flight4handler.go flight4Parse
flightParserResult flight4Parse(const go::context::Context& ctx, flightConn& c, State& state, handshakeCache& cache,
                                handshakeConfig& cfg) {
  const handshakeCachePullRule rules[] = {
      {handshake::TypeCertificate, cfg.initialEpoch, true, true},
      {handshake::TypeClientKeyExchange, cfg.initialEpoch, true, false},
      {handshake::TypeCertificateVerify, cfg.initialEpoch, true, true},
  };
  auto [seq, msgs, ok] = cache.fullPullMap(state.handshakeRecvSequence, state.cipherSuite, rules);
  if (!ok) {
    // No valid message received. Keep reading
    return {flightVal{}, std::nullopt, nullptr};
  }

  // Validate type
  auto clientKeyExchange = msgAs<handshake::MessageClientKeyExchange>(msgs, handshake::TypeClientKeyExchange);
  if (!clientKeyExchange) {
    return {flightVal{}, fatalAlert(alert::InternalError), nullptr};
  }

  if (auto h = msgAs<handshake::MessageCertificate>(msgs, handshake::TypeCertificate)) {
    state.PeerCertificates = h->Certificate;
    // If the client offer its certificate, just disable session resumption.
    // Otherwise, we have to store the certificate identitfication and expire time.
    // And we have to check whether this certificate expired, revoked or changed.
    //
    // https://curl.se/docs/CVE-2016-5419.html
    state.SessionID.clear();
  }

  if (auto h = msgAs<handshake::MessageCertificateVerify>(msgs, handshake::TypeCertificateVerify)) {
    if (state.PeerCertificates.empty()) {
      return {flightVal{}, fatalAlert(alert::NoCertificate), errCertificateVerifyNoCertificate};
    }

    const handshakeCachePullRule mergeRules[] = {
        {handshake::TypeClientHello, cfg.initialEpoch, true, false},
        {handshake::TypeServerHello, cfg.initialEpoch, false, false},
        {handshake::TypeCertificate, cfg.initialEpoch, false, false},
        {handshake::TypeServerKeyExchange, cfg.initialEpoch, false, false},
        {handshake::TypeCertificateRequest, cfg.initialEpoch, false, false},
        {handshake::TypeServerHelloDone, cfg.initialEpoch, false, false},
        {handshake::TypeCertificate, cfg.initialEpoch, true, false},
        {handshake::TypeClientKeyExchange, cfg.initialEpoch, true, false},
    };
    const auto plainText = cache.pullAndMerge(mergeRules);

    // Verify that the pair of hash algorithm and signiture is listed.
    bool validSignatureScheme = false;
    for (const auto& ss : cfg.localSignatureSchemes) {
      if (ss.Hash == h->HashAlgorithm && ss.Signature == h->SignatureAlgorithm) {
        validSignatureScheme = true;
        break;
      }
    }
    if (!validSignatureScheme) {
      return {flightVal{}, fatalAlert(alert::InsufficientSecurity), errNoAvailableSignatureSchemes};
    }

    if (auto err = verifyCertificateVerify(plainText, h->HashAlgorithm, h->Signature, state.PeerCertificates); err) {
      return {flightVal{}, fatalAlert(alert::BadCertificate), err};
    }
    std::vector<std::vector<go::x509::Certificate>> chains;
    bool verified = false;
    if (cfg.clientAuth >= VerifyClientCertIfGiven) {
      auto [ch, err] = verifyClientCert(state.PeerCertificates, cfg.clientCAs);
      if (err) {
        return {flightVal{}, fatalAlert(alert::BadCertificate), err};
      }
      chains = std::move(ch);
      verified = true;
    }
    if (cfg.verifyPeerCertificate) {
      if (auto err = cfg.verifyPeerCertificate(state.PeerCertificates, chains); err) {
        return {flightVal{}, fatalAlert(alert::BadCertificate), err};
      }
    }
    state.peerCertificatesVerified = verified;
  } else if (!state.PeerCertificates.empty()) {
    // A certificate was received, but we haven't seen a CertificateVerify
    // keep reading until we receive one
    return {flightVal{}, std::nullopt, nullptr};
  }

  if (!state.cipherSuite) {  // Go would dereference a nil cipher suite
    return {flightVal{}, fatalAlert(alert::InternalError), errInvalidCipherSuite};
  }
  if (!state.cipherSuite->IsInitialized()) {
    const auto serverRandom = state.localRandom.MarshalFixed();
    const auto clientRandom = state.remoteRandom.MarshalFixed();

    std::vector<std::uint8_t> preMasterSecret;
    if (state.cipherSuite->AuthenticationType() == CipherSuiteAuthenticationTypePreSharedKey) {
      if (!cfg.localPSKCallback) {  // Go would call a nil func
        return {flightVal{}, fatalAlert(alert::InternalError), errIdentityNoPSK};
      }
      const std::vector<std::uint8_t> identity = clientKeyExchange->IdentityHint.value_or(std::vector<std::uint8_t>{});
      auto [psk, err] = cfg.localPSKCallback(identity);
      if (err) {
        return {flightVal{}, fatalAlert(alert::InternalError), err};
      }
      state.IdentityHint = identity;
      const auto kx = state.cipherSuite->KeyExchangeAlgorithm();
      if (kx == CipherSuiteKeyExchangeAlgorithmPsk) {
        preMasterSecret = prf::PSKPreMasterSecret(psk);
      } else if (kx == (CipherSuiteKeyExchangeAlgorithmPsk | CipherSuiteKeyExchangeAlgorithmEcdhe)) {
        if (!state.localKeypair) {
          return {flightVal{}, fatalAlert(alert::InternalError), errInvalidPrivateKey};
        }
        auto [pms, perr] = prf::EcdhePSKPreMasterSecret(psk, clientKeyExchange->PublicKey.value_or(std::vector<std::uint8_t>{}), state.localKeypair->PrivateKey,
                                                        state.localKeypair->Curve);
        if (perr) {
          return {flightVal{}, fatalAlert(alert::InternalError), perr};
        }
        preMasterSecret = std::move(pms);
      } else {
        return {flightVal{}, fatalAlert(alert::InternalError), errInvalidCipherSuite};
      }
    } else {
      if (!state.localKeypair) {
        return {flightVal{}, fatalAlert(alert::InternalError), errInvalidPrivateKey};
      }
      auto [pms, perr] =
          prf::PreMasterSecret(clientKeyExchange->PublicKey.value_or(std::vector<std::uint8_t>{}), state.localKeypair->PrivateKey, state.localKeypair->Curve);
      if (perr) {
        return {flightVal{}, fatalAlert(alert::IllegalParameter), perr};
      }
      preMasterSecret = std::move(pms);
    }

    if (state.extendedMasterSecret) {
      auto [sessionHash, err] = cache.sessionHash(state.cipherSuite->HashFunc(), cfg.initialEpoch);
      if (err) {
        return {flightVal{}, fatalAlert(alert::InternalError), err};
      }

      auto [ms, merr] = prf::ExtendedMasterSecret(preMasterSecret, sessionHash, state.cipherSuite->HashFunc());
      if (merr) {
        return {flightVal{}, fatalAlert(alert::InternalError), merr};
      }
      state.masterSecret = std::move(ms);
    } else {
      auto [ms, merr] = prf::MasterSecret(preMasterSecret, clientRandom, serverRandom, state.cipherSuite->HashFunc());
      if (merr) {
        return {flightVal{}, fatalAlert(alert::InternalError), merr};
      }
      state.masterSecret = std::move(ms);
    }

    if (auto err = state.cipherSuite->Init(state.masterSecret, clientRandom, serverRandom, false); err) {
      return {flightVal{}, fatalAlert(alert::InternalError), err};
    }
    cfg.writeKeyLog(keyLogLabelTLS12, clientRandom, state.masterSecret);
  }

  if (!state.SessionID.empty()) {
    Session s{state.SessionID, state.masterSecret};
    cfg.log->Tracef("[handshake] save new session: %x", s.ID);
    if (cfg.sessionStore) {  // Go: SessionID is only set when there is a store
      if (auto err = cfg.sessionStore->Set(state.SessionID, s); err) {
        return {flightVal{}, fatalAlert(alert::InternalError), err};
      }
    }
  }

  // Now, encrypted packets can be handled
  if (auto err = c.handleQueuedPackets(ctx); err) {
    return {flightVal{}, fatalAlert(alert::InternalError), err};
  }

  const handshakeCachePullRule finishedRule[] = {
      {handshake::TypeFinished, static_cast<std::uint16_t>(cfg.initialEpoch + 1), true, false}};
  auto [seq2, msgs2, ok2] = cache.fullPullMap(seq, state.cipherSuite, finishedRule);
  if (!ok2) {
    // No valid message received. Keep reading
    return {flightVal{}, std::nullopt, nullptr};
  }
  state.handshakeRecvSequence = seq2;

  if (!msgAs<handshake::MessageFinished>(msgs2, handshake::TypeFinished)) {
    return {flightVal{}, fatalAlert(alert::InternalError), nullptr};
  }

  if (state.cipherSuite->AuthenticationType() == CipherSuiteAuthenticationTypeAnonymous) {
    if (cfg.verifyConnection) {
      auto snapshot = state.clone();
      if (auto err = cfg.verifyConnection(snapshot.get()); err) {
        return {flightVal{}, fatalAlert(alert::BadCertificate), err};
      }
    }
    return {flight6, std::nullopt, nullptr};
  }

  switch (cfg.clientAuth) {
    case RequireAnyClientCert:
      if (state.PeerCertificates.empty()) {
        return {flightVal{}, fatalAlert(alert::NoCertificate), errClientCertificateRequired};
      }
      break;
    case VerifyClientCertIfGiven:
      if (!state.PeerCertificates.empty() && !state.peerCertificatesVerified) {
        return {flightVal{}, fatalAlert(alert::BadCertificate), errClientCertificateNotVerified};
      }
      break;
    case RequireAndVerifyClientCert:
      if (state.PeerCertificates.empty()) {
        return {flightVal{}, fatalAlert(alert::NoCertificate), errClientCertificateRequired};
      }
      if (!state.peerCertificatesVerified) {
        return {flightVal{}, fatalAlert(alert::BadCertificate), errClientCertificateNotVerified};
      }
      break;
    case NoClientCert:
    case RequestClientCert:
      // go to flight6
      break;
  }
  if (cfg.verifyConnection) {
    auto snapshot = state.clone();
    if (auto err = cfg.verifyConnection(snapshot.get()); err) {
      return {flightVal{}, fatalAlert(alert::BadCertificate), err};
    }
  }

  return {flight6, std::nullopt, nullptr};
}

// pion: flight4handler.go flight4Generate
flightGeneratorResult flight4Generate(flightConn& /*c*/, State& state, handshakeCache& /*cache*/, handshakeConfig& cfg) {
  if (!state.cipherSuite) {  // Go would dereference a nil cipher suite
    return {{}, fatalAlert(alert::InternalError), errInvalidCipherSuite};
  }
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
  if (state.cipherSuite->AuthenticationType() == CipherSuiteAuthenticationTypeCertificate) {
    auto pf = std::make_shared<extension::SupportedPointFormats>();
    pf->PointFormats = {elliptic::CurvePointFormatUncompressed};
    extensions.push_back(pf);
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

  std::vector<packet> pkts;
  const auto cipherSuiteID = static_cast<std::uint16_t>(state.cipherSuite->ID());

  if (cfg.sessionStore) {
    state.SessionID.assign(sessionLength, 0);
    if (auto [n, err] = go::crypto::rand::Read(state.SessionID); err) {
      return {{}, fatalAlert(alert::InternalError), err};
    }
  }

  {
    auto hello = std::make_shared<handshake::MessageServerHello>();
    hello->Version = protocol::Version1_2;
    hello->Random = state.localRandom;
    hello->SessionID = state.SessionID;
    hello->CipherSuiteID = cipherSuiteID;
    hello->CompressionMethod = defaultCompressionMethods()[0];
    hello->Extensions = std::move(extensions);
    pkts.push_back(packet{newRecord(0, newHandshake(hello))});
  }

  const auto kx = state.cipherSuite->KeyExchangeAlgorithm();
  if (state.cipherSuite->AuthenticationType() == CipherSuiteAuthenticationTypeCertificate) {
    ClientHelloInfo info;
    info.ServerName = state.serverName;
    info.CipherSuites = {state.cipherSuite->ID()};
    auto [certificate, err] = cfg.getCertificate(&info);
    if (err) {
      return {{}, fatalAlert(alert::HandshakeFailure), err};
    }

    {
      auto msgCert = std::make_shared<handshake::MessageCertificate>();
      for (const auto& cert : certificate->chain) msgCert->Certificate.push_back(cert.BER_encode());
      pkts.push_back(packet{newRecord(0, newHandshake(msgCert))});
    }

    const auto serverRandom = state.localRandom.MarshalFixed();
    const auto clientRandom = state.remoteRandom.MarshalFixed();

    // Find compatible signature scheme
    auto [signatureHashAlgo, serr] = signaturehash::SelectSignatureScheme(cfg.localSignatureSchemes, certificate->key);
    if (serr) {
      return {{}, fatalAlert(alert::InsufficientSecurity), serr};
    }

    if (!state.localKeypair) {
      return {{}, fatalAlert(alert::InternalError), errInvalidPrivateKey};
    }
    auto [signature, gerr] = generateKeySignature(clientRandom, serverRandom, state.localKeypair->PublicKey, state.namedCurve,
                                                  certificate->key, signatureHashAlgo.Hash);
    if (gerr) {
      return {{}, fatalAlert(alert::InternalError), gerr};
    }
    state.localKeySignature = signature;

    {
      auto ske = std::make_shared<handshake::MessageServerKeyExchange>();
      ske->EllipticCurveType = elliptic::CurveTypeNamedCurve;
      ske->NamedCurve = state.namedCurve;
      ske->PublicKey = state.localKeypair->PublicKey;
      ske->HashAlgorithm = signatureHashAlgo.Hash;
      ske->SignatureAlgorithm = signatureHashAlgo.Signature;
      ske->Signature = state.localKeySignature;
      pkts.push_back(packet{newRecord(0, newHandshake(ske))});
    }

    if (cfg.clientAuth > NoClientCert) {
      // An empty list of certificateAuthorities signals to
      // the client that it may send any certificate in response
      // to our request. When we know the CAs we trust, then
      // we can send them down, so that the client can choose
      // an appropriate certificate to give to us.
      std::vector<std::vector<std::uint8_t>> certificateAuthorities;
      if (cfg.clientCAs) {
        // Go: cfg.clientCAs.Subjects(), the DER subject of every certificate in the pool
        for (const auto& ca : cfg.clientCAs->Certs()) certificateAuthorities.push_back(ca.raw_subject_dn());
      }
      auto req = std::make_shared<handshake::MessageCertificateRequest>();
      req->CertificateTypes = {clientcertificate::RSASign, clientcertificate::ECDSASign};
      req->SignatureHashAlgorithms = cfg.localSignatureSchemes;
      req->CertificateAuthoritiesNames = std::move(certificateAuthorities);
      pkts.push_back(packet{newRecord(0, newHandshake(req))});
    }
  } else if (cfg.localPSKIdentityHint || types::Has(kx, CipherSuiteKeyExchangeAlgorithmEcdhe)) {
    // To help the client in selecting which identity to use, the server
    // can provide a "PSK identity hint" in the ServerKeyExchange message.
    // If no hint is provided and cipher suite doesn't use elliptic curve,
    // the ServerKeyExchange message is omitted.
    //
    // https://tools.ietf.org/html/rfc4279#section-2
    auto srvExchange = std::make_shared<handshake::MessageServerKeyExchange>();
    srvExchange->IdentityHint = cfg.localPSKIdentityHint;
    if (types::Has(kx, CipherSuiteKeyExchangeAlgorithmEcdhe)) {
      if (!state.localKeypair) {
        return {{}, fatalAlert(alert::InternalError), errInvalidPrivateKey};
      }
      srvExchange->EllipticCurveType = elliptic::CurveTypeNamedCurve;
      srvExchange->NamedCurve = state.namedCurve;
      srvExchange->PublicKey = state.localKeypair->PublicKey;
    }
    pkts.push_back(packet{newRecord(0, newHandshake(srvExchange))});
  }

  pkts.push_back(packet{newRecord(0, newHandshake(std::make_shared<handshake::MessageServerHelloDone>()))});

  return {std::move(pkts), std::nullopt, nullptr};
}

}  // namespace dtls
