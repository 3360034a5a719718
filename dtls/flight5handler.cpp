// pion: flight5handler.go
#include <array>
#include <memory>
#include <utility>
#include <vector>

#include "dtls/config.hpp"
#include "dtls/crypto.hpp"
#include "dtls/errors.hpp"
#include "dtls/flighthandler.hpp"
#include "dtls/pkg/crypto/prf/prf.hpp"
#include "dtls/pkg/crypto/signaturehash/signaturehash.hpp"
#include "dtls/pkg/protocol/alert/alert.hpp"
#include "dtls/pkg/protocol/change_cipher_spec.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"
#include "dtls/pkg/protocol/handshake/message_certificate.hpp"
#include "dtls/pkg/protocol/handshake/message_certificate_request.hpp"
#include "dtls/pkg/protocol/handshake/message_certificate_verify.hpp"
#include "dtls/pkg/protocol/handshake/message_client_key_exchange.hpp"
#include "dtls/pkg/protocol/handshake/message_finished.hpp"
#include "dtls/pkg/protocol/handshake/message_server_key_exchange.hpp"
#include "dtls/pkg/protocol/recordlayer/recordlayer.hpp"
#include "dtls/pkg/protocol/version.hpp"
#include "dtls/session.hpp"

namespace dtls {

namespace {

namespace prf = pkg::crypto::prf;
namespace signaturehash = pkg::crypto::signaturehash;
namespace protocol = pkg::protocol;
namespace alert = pkg::protocol::alert;
namespace handshake = pkg::protocol::handshake;
namespace recordlayer = pkg::protocol::recordlayer;


// Port addition: Go dereferences state.localKeypair when no PSK callback is configured and would
// panic if it were nil (it is set by flight3's handleServerKeyExchange). Here that is an error.
const go::error errNoLocalKeypair =
    go::make_error<InternalError>(go::errors::New("no local keypair for ClientKeyExchange"));

// The ten rules of the client's Finished computation (flight5Parse, flight5Generate, flight6Generate).
std::array<handshakeCachePullRule, 10> finishedRules(const handshakeConfig& cfg) {
  const std::uint16_t e0 = cfg.initialEpoch;
  const auto e1 = static_cast<std::uint16_t>(cfg.initialEpoch + 1);
  return {{
      {handshake::TypeClientHello, e0, true, false},
      {handshake::TypeServerHello, e0, false, false},
      {handshake::TypeCertificate, e0, false, false},
      {handshake::TypeServerKeyExchange, e0, false, false},
      {handshake::TypeCertificateRequest, e0, false, false},
      {handshake::TypeServerHelloDone, e0, false, false},
      {handshake::TypeCertificate, e0, true, false},
      {handshake::TypeClientKeyExchange, e0, true, false},
      {handshake::TypeCertificateVerify, e0, true, false},
      {handshake::TypeFinished, e1, true, false},
  }};
}



}  // namespace

// pion: flight5handler.go flight5Parse
flightParserResult flight5Parse(const go::context::Context& /*ctx*/, flightConn& c, State& state, handshakeCache& cache,
                                handshakeConfig& cfg) {
  const handshakeCachePullRule finishedRule[] = {
      {handshake::TypeFinished, static_cast<std::uint16_t>(cfg.initialEpoch + 1), false, false},
  };
  auto [seq, msgs, ok] = cache.fullPullMap(state.handshakeRecvSequence, state.cipherSuite, finishedRule);
  (void)seq;
  if (!ok) {
    // No valid message received. Keep reading
    return {flightVal{}, std::nullopt, nullptr};
  }

  std::shared_ptr<handshake::MessageFinished> finished;
  if (auto it = msgs.find(handshake::TypeFinished); it != msgs.end()) {
    finished = std::dynamic_pointer_cast<handshake::MessageFinished>(it->second);
  }
  if (!finished) {
    return {flightVal{}, fatalAlert(alert::InternalError), nullptr};
  }
  if (!state.cipherSuite) {  // Go would panic on a nil cipher suite below
    return {flightVal{}, fatalAlert(alert::InternalError), errInvalidCipherSuite};
  }
  const auto rules = finishedRules(cfg);
  const std::vector<std::uint8_t> plainText = cache.pullAndMerge(rules);

  auto [expectedVerifyData, err] = prf::VerifyDataServer(state.masterSecret, plainText, state.cipherSuite->HashFunc());
  if (err) {
    return {flightVal{}, fatalAlert(alert::InternalError), err};
  }
  if (expectedVerifyData != finished->VerifyData) {
    return {flightVal{}, fatalAlert(alert::HandshakeFailure), errVerifyDataMismatch};
  }

  if (!state.SessionID.empty() && cfg.sessionStore) {  // (Go: SessionID is only set with a store)
    Session s{
        state.SessionID,
        state.masterSecret,
    };
    if (cfg.log) cfg.log->Tracef("[handshake] save new session: %x", s.ID);
    if (auto serr = cfg.sessionStore->Set(c.sessionKey(), s)) {
      return {flightVal{}, fatalAlert(alert::InternalError), serr};
    }
  }

  return {flight5, std::nullopt, nullptr};
}

// pion: flight5handler.go flight5Generate
flightGeneratorResult flight5Generate(flightConn& c, State& state, handshakeCache& cache,
                                      handshakeConfig& cfg) {  // NOLINT(readability-function-cognitive-complexity)
  std::shared_ptr<Botan::Private_Key> privateKey;
  std::vector<packet> pkts;
  if (state.remoteRequestedCertificate) {
    const handshakeCachePullRule reqRule[] = {
        {handshake::TypeCertificateRequest, cfg.initialEpoch, false, false},
    };
    auto [seq, msgs, ok] = cache.fullPullMap(state.handshakeRecvSequence - 2, state.cipherSuite, reqRule);
    (void)seq;
    if (!ok) {
      return {{}, fatalAlert(alert::HandshakeFailure), errClientCertificateRequired};
    }
    CertificateRequestInfo reqInfo{};
    std::shared_ptr<handshake::MessageCertificateRequest> r;
    if (auto it = msgs.find(handshake::TypeCertificateRequest); it != msgs.end()) {
      r = std::dynamic_pointer_cast<handshake::MessageCertificateRequest>(it->second);
    }
    if (r) {
      reqInfo.AcceptableCAs = r->CertificateAuthoritiesNames;
    } else {
      return {{}, fatalAlert(alert::HandshakeFailure), errClientCertificateRequired};
    }
    auto [certificate, err] = cfg.getClientCertificate(&reqInfo);
    if (err) {
      return {{}, fatalAlert(alert::HandshakeFailure), err};
    }
    if (!certificate) {
      return {{}, fatalAlert(alert::HandshakeFailure), errNotAcceptableCertificateChain};
    }
    // Go: certificate.Certificate ([][]byte DER); here the parsed chain, encoded back to DER.
    if (!certificate->chain.empty()) {
      privateKey = certificate->key;
    }
    auto msgCert = std::make_shared<handshake::MessageCertificate>();
    for (const auto& cert : certificate->chain) {
      msgCert->Certificate.push_back(cert.BER_encode());
    }
    pkts.push_back(packet{newRecord(0, newHandshake(msgCert))});
  }

  auto clientKeyExchange = std::make_shared<handshake::MessageClientKeyExchange>();
  if (!cfg.localPSKCallback) {
    if (!state.localKeypair) {
      return {{}, fatalAlert(alert::InternalError), errNoLocalKeypair};
    }
    clientKeyExchange->PublicKey = state.localKeypair->PublicKey;
  } else {
    clientKeyExchange->IdentityHint = cfg.localPSKIdentityHint;
  }
  if (state.localKeypair && !state.localKeypair->PublicKey.empty()) {
    clientKeyExchange->PublicKey = state.localKeypair->PublicKey;
  }

  pkts.push_back(packet{newRecord(0, newHandshake(clientKeyExchange))});

  const handshakeCachePullRule skxRule[] = {
      {handshake::TypeServerKeyExchange, cfg.initialEpoch, false, false},
  };
  const std::vector<std::uint8_t> serverKeyExchangeData = cache.pullAndMerge(skxRule);

  auto serverKeyExchange = std::make_shared<handshake::MessageServerKeyExchange>();

  // handshakeMessageServerKeyExchange is optional for PSK
  if (serverKeyExchangeData.empty()) {
    auto [alertP, err] = handleServerKeyExchange(c, state, cfg, handshake::MessageServerKeyExchange{});
    if (err) {
      return {{}, alertP, err};
    }
  } else {
    if (!state.cipherSuite) {  // Go would panic on a nil cipher suite
      return {{}, fatalAlert(alert::InternalError), errInvalidCipherSuite};
    }
    handshake::Handshake rawHandshake;
    rawHandshake.KeyExchangeAlgorithm = state.cipherSuite->KeyExchangeAlgorithm();
    if (auto err = rawHandshake.Unmarshal(serverKeyExchangeData)) {
      return {{}, fatalAlert(alert::UnexpectedMessage), err};
    }

    if (auto h = std::dynamic_pointer_cast<handshake::MessageServerKeyExchange>(rawHandshake.Message)) {
      serverKeyExchange = h;
    } else {
      return {{}, fatalAlert(alert::UnexpectedMessage), errInvalidContentType};
    }
  }

  // Append not-yet-sent packets
  std::vector<std::uint8_t> merged;
  auto seqPred = static_cast<std::uint16_t>(state.handshakeSendSequence);
  for (const auto& p : pkts) {
    auto h = std::dynamic_pointer_cast<handshake::Handshake>(p.record->Content);
    if (!h) {
      return {{}, fatalAlert(alert::InternalError), errInvalidContentType};
    }
    h->Header.MessageSequence = seqPred;
    seqPred++;
    auto [raw, err] = h->Marshal();
    if (err) {
      return {{}, fatalAlert(alert::InternalError), err};
    }
    merged.insert(merged.end(), raw.begin(), raw.end());
  }

  if (auto [alertP, err] = initalizeCipherSuite(state, cache, cfg, serverKeyExchange.get(), merged); err) {
    return {{}, alertP, err};
  }

  // If the client has sent a certificate with signing ability, a digitally-signed
  // CertificateVerify message is sent to explicitly verify possession of the
  // private key in the certificate.
  if (state.remoteRequestedCertificate && privateKey) {
    const auto e0 = cfg.initialEpoch;
    const handshakeCachePullRule cvRules[] = {
        {handshake::TypeClientHello, e0, true, false},
        {handshake::TypeServerHello, e0, false, false},
        {handshake::TypeCertificate, e0, false, false},
        {handshake::TypeServerKeyExchange, e0, false, false},
        {handshake::TypeCertificateRequest, e0, false, false},
        {handshake::TypeServerHelloDone, e0, false, false},
        {handshake::TypeCertificate, e0, true, false},
        {handshake::TypeClientKeyExchange, e0, true, false},
    };
    std::vector<std::uint8_t> plainText = cache.pullAndMerge(cvRules);
    plainText.insert(plainText.end(), merged.begin(), merged.end());

    // Find compatible signature scheme
    auto [signatureHashAlgo, err] = signaturehash::SelectSignatureScheme(cfg.localSignatureSchemes, privateKey);
    if (err) {
      return {{}, fatalAlert(alert::InsufficientSecurity), err};
    }

    auto [certVerify, cvErr] = generateCertificateVerify(plainText, privateKey, signatureHashAlgo.Hash);
    if (cvErr) {
      return {{}, fatalAlert(alert::InternalError), cvErr};
    }
    state.localCertificatesVerify = certVerify;

    auto msgVerify = std::make_shared<handshake::MessageCertificateVerify>();
    msgVerify->HashAlgorithm = signatureHashAlgo.Hash;
    msgVerify->SignatureAlgorithm = signatureHashAlgo.Signature;
    msgVerify->Signature = state.localCertificatesVerify;
    packet p{newRecord(0, newHandshake(msgVerify))};
    pkts.push_back(p);

    auto h = std::dynamic_pointer_cast<handshake::Handshake>(p.record->Content);
    if (!h) {
      return {{}, fatalAlert(alert::InternalError), errInvalidContentType};
    }
    h->Header.MessageSequence = seqPred;
    // seqPred++ // this is the last use of seqPred
    auto [raw, mErr] = h->Marshal();
    if (mErr) {
      return {{}, fatalAlert(alert::InternalError), mErr};
    }
    merged.insert(merged.end(), raw.begin(), raw.end());
  }

  pkts.push_back(packet{newRecord(0, std::make_shared<protocol::ChangeCipherSpec>())});

  if (state.localVerifyData.empty()) {
    const auto rules = finishedRules(cfg);
    std::vector<std::uint8_t> plainText = cache.pullAndMerge(rules);
    plainText.insert(plainText.end(), merged.begin(), merged.end());

    auto [verifyData, err] = prf::VerifyDataClient(state.masterSecret, plainText, state.cipherSuite->HashFunc());
    if (err) {
      return {{}, fatalAlert(alert::InternalError), err};
    }
    state.localVerifyData = std::move(verifyData);
  }

  auto finished = std::make_shared<handshake::MessageFinished>();
  finished->VerifyData = state.localVerifyData;
  pkts.push_back(packet{
      newRecord(1, newHandshake(finished)),
      /*shouldEncrypt=*/true,
      /*resetLocalSequenceNumber=*/true,
  });

  return {std::move(pkts), std::nullopt, nullptr};
}

// pion: flight5handler.go initalizeCipherSuite
std::pair<alertPtr, go::error> initalizeCipherSuite(State& state, handshakeCache& cache, handshakeConfig& cfg,
                                                    const handshake::MessageServerKeyExchange* h,
                                                    std::span<const std::uint8_t> sendingPlainText) {
  if (!state.cipherSuite) {  // Go would panic on a nil cipher suite
    return {fatalAlert(alert::InternalError), errInvalidCipherSuite};
  }
  if (state.cipherSuite->IsInitialized()) {
    return {std::nullopt, nullptr};
  }

  const auto clientRandom = state.localRandom.MarshalFixed();
  const auto serverRandom = state.remoteRandom.MarshalFixed();

  go::error err;

  if (state.extendedMasterSecret) {
    const std::vector<std::uint8_t> additional[] = {
        std::vector<std::uint8_t>(sendingPlainText.begin(), sendingPlainText.end())};
    auto [sessionHash, shErr] = cache.sessionHash(state.cipherSuite->HashFunc(), cfg.initialEpoch, additional);
    if (shErr) {
      return {fatalAlert(alert::InternalError), shErr};
    }

    std::tie(state.masterSecret, err) =
        prf::ExtendedMasterSecret(state.preMasterSecret, sessionHash, state.cipherSuite->HashFunc());
    if (err) {
      return {fatalAlert(alert::IllegalParameter), err};
    }
  } else {
    std::tie(state.masterSecret, err) =
        prf::MasterSecret(state.preMasterSecret, clientRandom, serverRandom, state.cipherSuite->HashFunc());
    if (err) {
      return {fatalAlert(alert::InternalError), err};
    }
  }

  if (state.cipherSuite->AuthenticationType() == CipherSuiteAuthenticationTypeCertificate) {
    // Verify that the pair of hash algorithm and signiture is listed.
    // (Port: a null h — Go would dereference nil — matches no scheme.)
    bool validSignatureScheme = false;
    if (h != nullptr) {
      for (const auto& ss : cfg.localSignatureSchemes) {
        if (ss.Hash == h->HashAlgorithm && ss.Signature == h->SignatureAlgorithm) {
          validSignatureScheme = true;
          break;
        }
      }
    }
    if (!validSignatureScheme) {
      return {fatalAlert(alert::InsufficientSecurity), errNoAvailableSignatureSchemes};
    }

    const std::vector<std::uint8_t> expectedMsg =
        valueKeyMessage(clientRandom, serverRandom, h->PublicKey, h->NamedCurve);
    if ((err = verifyKeySignature(expectedMsg, h->Signature, h->HashAlgorithm, state.PeerCertificates))) {
      return {fatalAlert(alert::BadCertificate), err};
    }
    std::vector<std::vector<go::x509::Certificate>> chains;
    if (!cfg.insecureSkipVerify) {
      std::tie(chains, err) = verifyServerCert(state.PeerCertificates, cfg.rootCAs, cfg.serverName);
      if (err) {
        return {fatalAlert(alert::BadCertificate), err};
      }
    }
    if (cfg.verifyPeerCertificate) {
      if ((err = cfg.verifyPeerCertificate(state.PeerCertificates, chains))) {
        return {fatalAlert(alert::BadCertificate), err};
      }
    }
  }
  if (cfg.verifyConnection) {
    if ((err = cfg.verifyConnection(state.clone().get()))) {
      return {fatalAlert(alert::BadCertificate), err};
    }
  }

  if ((err = state.cipherSuite->Init(state.masterSecret, clientRandom, serverRandom, true))) {
    return {fatalAlert(alert::InternalError), err};
  }

  cfg.writeKeyLog(keyLogLabelTLS12, clientRandom, state.masterSecret);

  return {std::nullopt, nullptr};
}

}  // namespace dtls
