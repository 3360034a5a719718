// pion: state.go
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/cipher_suite.hpp"
#include "dtls/pkg/crypto/elliptic/elliptic.hpp"
#include "dtls/pkg/protocol/handshake/random.hpp"
#include "dtls/srtp_protection_profile.hpp"
#include "transport/replaydetector/replaydetector.hpp"

namespace dtls {

// pion: state.go serializedState
struct serializedState {
  std::uint16_t LocalEpoch = 0;
  std::uint16_t RemoteEpoch = 0;
  std::array<std::uint8_t, pkg::protocol::handshake::RandomLength> LocalRandom{};
  std::array<std::uint8_t, pkg::protocol::handshake::RandomLength> RemoteRandom{};
  std::uint16_t CipherSuiteID = 0;
  std::vector<std::uint8_t> MasterSecret;
  std::uint64_t SequenceNumber = 0;
  std::uint16_t SRTPProtectionProfile = 0;
  std::vector<std::vector<std::uint8_t>> PeerCertificates;
  std::vector<std::uint8_t> IdentityHint;
  std::vector<std::uint8_t> SessionID;
  bool IsClient = false;
};

// pion: state.go State
// State holds the dtls connection state and implements both encoding.BinaryMarshaler and encoding.BinaryUnmarshaler
//
// Port notes: Go's atomic.Value epochs are std::atomic<uint16_t>. localSequenceNumber is a plain
// vector: every access is under Conn.lock (writePackets, ConnectionState) or before the Conn is
// shared. Copying a State copies what Go's struct copy copies (slices and interface values share
// their backing objects).
class State {
 public:
  State() = default;
  State(const State& o);
  State& operator=(const State& o);

  std::atomic<std::uint16_t> localEpoch{0}, remoteEpoch{0};
  std::vector<std::uint64_t> localSequenceNumber;  // uint48
  pkg::protocol::handshake::Random localRandom, remoteRandom;
  std::vector<std::uint8_t> masterSecret;
  std::shared_ptr<CipherSuite> cipherSuite;  // nil if a cipherSuite hasn't been chosen

  SRTPProtectionProfile srtpProtectionProfile{};  // Negotiated SRTPProtectionProfile
  std::vector<std::vector<std::uint8_t>> PeerCertificates;
  std::vector<std::uint8_t> IdentityHint;
  std::vector<std::uint8_t> SessionID;

  bool isClient = false;

  std::vector<std::uint8_t> preMasterSecret;
  bool extendedMasterSecret = false;

  pkg::crypto::elliptic::Curve namedCurve{};
  std::shared_ptr<pkg::crypto::elliptic::Keypair> localKeypair;
  std::vector<std::uint8_t> cookie;
  int handshakeSendSequence = 0;
  int handshakeRecvSequence = 0;
  std::string serverName;
  bool remoteRequestedCertificate = false;    // Did we get a CertificateRequest
  std::vector<std::uint8_t> localCertificatesVerify;  // cache CertificateVerify
  std::vector<std::uint8_t> localVerifyData;          // cached VerifyData
  std::vector<std::uint8_t> localKeySignature;        // cached keySignature
  bool peerCertificatesVerified = false;

  std::vector<std::shared_ptr<pion::transport::replaydetector::ReplayDetector>> replayDetector;

  std::vector<std::string> peerSupportedProtocols;
  std::string NegotiatedProtocol;

  // pion: state.go State.clone
  std::shared_ptr<State> clone() const;
  // pion: state.go State.serialize
  serializedState serialize() const;
  // pion: state.go State.deserialize
  void deserialize(const serializedState& serialized);
  // pion: state.go State.initCipherSuite
  go::error initCipherSuite();

  // pion: state.go State.MarshalBinary
  // MarshalBinary is a binary.BinaryMarshaler.MarshalBinary implementation
  // (Port note: Go encodes serializedState with encoding/gob; this port uses its own versioned
  // length-prefixed encoding of the same fields — see port-notes/pion-files/top-level.md.)
  std::pair<std::vector<std::uint8_t>, go::error> MarshalBinary() const;
  // pion: state.go State.UnmarshalBinary
  // UnmarshalBinary is a binary.BinaryUnmarshaler.UnmarshalBinary implementation
  go::error UnmarshalBinary(std::span<const std::uint8_t> data);

  // pion: state.go State.ExportKeyingMaterial
  // ExportKeyingMaterial returns length bytes of exported key material in a new
  // slice as defined in RFC 5705.
  // This allows protocols to use DTLS for key establishment, but
  // then use some of the keying material for their own purposes
  std::pair<std::vector<std::uint8_t>, go::error> ExportKeyingMaterial(const std::string& label,
                                                                       std::span<const std::uint8_t> context,
                                                                       int length) const;

  // pion: state.go State.getRemoteEpoch
  std::uint16_t getRemoteEpoch() const { return remoteEpoch.load(); }
  // pion: state.go State.getLocalEpoch
  std::uint16_t getLocalEpoch() const { return localEpoch.load(); }
};

}  // namespace dtls
