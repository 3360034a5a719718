// pion: handshaker.go
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "chan/chan.hpp"
#include "chan/context.hpp"
#include "chan/error.hpp"
#include "chan/io.hpp"
#include "chan/sync.hpp"
#include "chan/time.hpp"
#include "dtls/certificate.hpp"
#include "dtls/cipher_suite.hpp"
#include "dtls/config.hpp"
#include "dtls/flight.hpp"
#include "dtls/go_x509.hpp"
#include "dtls/handshake_cache.hpp"
#include "dtls/packet.hpp"
#include "dtls/pkg/crypto/elliptic/elliptic.hpp"
#include "dtls/pkg/crypto/signaturehash/signaturehash.hpp"
#include "dtls/pkg/protocol/alert/alert.hpp"
#include "dtls/session.hpp"
#include "dtls/srtp_protection_profile.hpp"
#include "dtls/state.hpp"
#include "logging/logger.hpp"

namespace dtls {

/* [RFC6347 Section-4.2.4]
                      +-----------+
                +---> | PREPARING | <--------------------+
                |     +-----------+                      |
                |           |                            |
                |           | Buffer next flight         |
                |           |                            |
                |          \|/                           |
                |     +-----------+                      |
                |     |  SENDING  |<------------------+  | Send
                |     +-----------+                   |  | HelloRequest
        Receive |           |                         |  |
           next |           | Send flight             |  | or
         flight |  +--------+                         |  |
                |  |        | Set retransmit timer    |  | Receive
                |  |       \|/                        |  | HelloRequest
                |  |  +-----------+                   |  | Send
                +--)--|  WAITING  |-------------------+  | ClientHello
                |  |  +-----------+   Timer expires   |  |
                |  |         |                        |  |
                |  |         +------------------------+  |
        Receive |  | Send           Read retransmit      |
           last |  | last                                |
         flight |  | flight                              |
                |  |                                     |
               \|/\|/                                    |
            +-----------+                                |
            | FINISHED  | -------------------------------+
            +-----------+
                 |  /|\
                 |   |
                 +---+
              Read retransmit
           Retransmit last flight
*/

// pion: handshaker.go handshakeState
enum handshakeState : std::uint8_t {
  handshakeErrored = 0,
  handshakePreparing,
  handshakeSending,
  handshakeWaiting,
  handshakeFinished,
};

// pion: handshaker.go handshakeState.String
std::string String(handshakeState s);

// pion: handshaker.go handshakeConfig
struct handshakeConfig {
  PSKCallback localPSKCallback;
  std::optional<std::vector<std::uint8_t>> localPSKIdentityHint;
  std::vector<std::shared_ptr<CipherSuite>> localCipherSuites;                 // Available CipherSuites
  std::vector<pkg::crypto::signaturehash::Algorithm> localSignatureSchemes;    // Available signature schemes
  ExtendedMasterSecretType extendedMasterSecret = RequestExtendedMasterSecret;  // Policy for the Extended Master Support extension
  std::vector<SRTPProtectionProfile> localSRTPProtectionProfiles;  // Available SRTPProtectionProfiles, if empty no SRTP support
  std::string serverName;
  std::vector<std::string> supportedProtocols;
  ClientAuthType clientAuth = NoClientCert;  // If we are a client should we request a client certificate
  std::vector<go::tls::Certificate> localCertificates;
  // Go: map[string]*tls.Certificate; here the index into localCertificates. nullopt is Go's nil map.
  std::optional<std::map<std::string, std::size_t>> nameToCertificate;
  bool insecureSkipVerify = false;
  VerifyPeerCertificateFunc verifyPeerCertificate;
  VerifyConnectionFunc verifyConnection;
  std::shared_ptr<SessionStore> sessionStore;
  std::shared_ptr<go::x509::CertPool> rootCAs;
  std::shared_ptr<go::x509::CertPool> clientCAs;
  go::time::Duration retransmitInterval{0};
  CustomCipherSuitesFunc customCipherSuites;
  std::vector<pkg::crypto::elliptic::Curve> ellipticCurves;
  bool insecureSkipHelloVerify = false;
  // Port addition (hello_verifier.hpp): the listener has done the cookie exchange statelessly;
  // the server neither makes a cookie nor sends a HelloVerifyRequest.
  bool helloVerified = false;

  std::function<void(flightVal, handshakeState)> onFlightState;
  std::shared_ptr<pion::logging::LeveledLogger> log;
  std::shared_ptr<go::io::Writer> keyLogWriter;

  GetCertificateFunc localGetCertificate;
  GetClientCertificateFunc localGetClientCertificate;

  std::uint16_t initialEpoch = 0;

  // Port addition for the demonstration (HandshakeRendezvous other than Faithful): the handshake
  // fiber ends when the handshake first reaches Finished, as webrtc-rs v0.11's handshake task
  // does, instead of living until the Conn closes to answer retransmissions.
  bool endAtFirstFinished = false;

  go::sync::Mutex mu;

  // pion: handshaker.go handshakeConfig.writeKeyLog
  void writeKeyLog(const std::string& label, std::span<const std::uint8_t> clientRandom,
                   std::span<const std::uint8_t> secret);

  // pion: certificate.go handshakeConfig.setNameToCertificateLocked
  void setNameToCertificateLocked();
  // pion: certificate.go handshakeConfig.getCertificate
  // (Go returns a pointer into localCertificates or the callback's certificate; here a
  // shared_ptr, which for a local certificate is a copy — go::tls::Certificate is a handle type.)
  std::pair<std::shared_ptr<const go::tls::Certificate>, go::error> getCertificate(const ClientHelloInfo* clientHelloInfo);
  // pion: certificate.go handshakeConfig.getClientCertificate
  std::pair<std::shared_ptr<const go::tls::Certificate>, go::error> getClientCertificate(const CertificateRequestInfo* cri);
};

// pion: handshaker.go flightConn
class flightConn {
 public:
  virtual ~flightConn() = default;
  virtual go::error notify(const go::context::Context& ctx, pkg::protocol::alert::Level level,
                           pkg::protocol::alert::Description desc) = 0;
  virtual go::error writePackets(const go::context::Context& ctx, const std::vector<packet>& pkts) = 0;
  virtual go::recv_chan<go::chan<go::struct_>> recvHandshake() = 0;
  virtual void setLocalEpoch(std::uint16_t epoch) = 0;
  virtual go::error handleQueuedPackets(const go::context::Context& ctx) = 0;
  virtual std::vector<std::uint8_t> sessionKey() = 0;
};

// pion: handshaker.go srvCliStr
inline const char* srvCliStr(bool isClient) { return isClient ? "client" : "server"; }

// pion: handshaker.go handshakeFSM
class handshakeFSM {
 public:
  flightVal currentFlight{};
  std::vector<packet> flights;
  bool retransmit = false;
  State* state;
  handshakeCache* cache;
  handshakeConfig* cfg;
  go::chan<go::struct_> closed;
  // Port addition: the read loop's `done` for the message that finished the handshake, closed by
  // Run only after onFlightState has seen handshakeFinished (see handshakeFSM::wait).
  std::optional<go::chan<go::struct_>> finishedDone;

  // pion: handshaker.go newHandshakeFSM
  handshakeFSM(State* s, handshakeCache* cache, handshakeConfig* cfg, flightVal initialFlight);

  // pion: handshaker.go handshakeFSM.Run
  go::error Run(const go::context::Context& ctx, flightConn& c, handshakeState initialState);
  // pion: handshaker.go handshakeFSM.Done
  go::recv_chan<go::struct_> Done() const { return closed; }

  // pion: handshaker.go handshakeFSM.prepare
  std::pair<handshakeState, go::error> prepare(const go::context::Context& ctx, flightConn& c);
  // pion: handshaker.go handshakeFSM.send
  std::pair<handshakeState, go::error> send(const go::context::Context& ctx, flightConn& c);
  // pion: handshaker.go handshakeFSM.wait
  std::pair<handshakeState, go::error> wait(const go::context::Context& ctx, flightConn& c);
  // pion: handshaker.go handshakeFSM.finish
  std::pair<handshakeState, go::error> finish(const go::context::Context& ctx, flightConn& c);
};

}  // namespace dtls
