// pion: state.go
#include "dtls/state.hpp"

#include <string>

#include "dtls/conn.hpp"
#include "dtls/errors.hpp"
#include "dtls/pkg/crypto/prf/prf.hpp"

namespace dtls {

namespace prf = pkg::crypto::prf;
namespace handshake = pkg::protocol::handshake;

namespace {

// Port additions: errors of this port's own State encoding (Go: whatever encoding/gob reports).
const go::error errStateEncodingBadMagic = go::errors::New("dtls: state: not a serialized State (bad magic)");
const go::error errStateEncodingVersion = go::errors::New("dtls: state: unsupported serialized State version");
const go::error errStateEncodingTruncated = go::errors::New("dtls: state: serialized State is truncated");
const go::error errStateEncodingTrailing = go::errors::New("dtls: state: trailing bytes after serialized State");
const go::error errStateEncodingBadBool = go::errors::New("dtls: state: invalid boolean in serialized State");
const go::error errStateNoCipherSuite = go::errors::New("dtls: state: no cipher suite has been chosen");
const go::error errStateNegativeLength = go::errors::New("dtls: state: negative keying material length");

// Layout (all integers big-endian):
//   "PDTS" magic, version byte (1),
//   LocalEpoch u16, RemoteEpoch u16, LocalRandom [32], RemoteRandom [32], CipherSuiteID u16,
//   MasterSecret bytes, SequenceNumber u64, SRTPProtectionProfile u16,
//   PeerCertificates: count u32 then each as bytes, IdentityHint bytes, SessionID bytes,
//   IsClient u8 (0 or 1).
// "bytes" is a u32 length followed by that many bytes.
constexpr std::uint8_t stateMagic[4] = {'P', 'D', 'T', 'S'};
constexpr std::uint8_t stateVersion = 1;

class writer {
 public:
  std::vector<std::uint8_t> out;
  void u8(std::uint8_t v) { out.push_back(v); }
  void u16(std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
  }
  void u32(std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
  }
  void u64(std::uint64_t v) {
    for (int s = 56; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
  }
  void raw(std::span<const std::uint8_t> b) { out.insert(out.end(), b.begin(), b.end()); }
  void bytes(std::span<const std::uint8_t> b) {
    u32(static_cast<std::uint32_t>(b.size()));
    raw(b);
  }
};

class reader {
 public:
  explicit reader(std::span<const std::uint8_t> d) : data(d) {}
  std::span<const std::uint8_t> data;
  std::size_t off = 0;

  std::size_t remaining() const { return data.size() - off; }
  bool u8(std::uint8_t& v) {
    if (remaining() < 1) return false;
    v = data[off++];
    return true;
  }
  bool u16(std::uint16_t& v) {
    if (remaining() < 2) return false;
    v = static_cast<std::uint16_t>((data[off] << 8) | data[off + 1]);
    off += 2;
    return true;
  }
  bool u32(std::uint32_t& v) {
    if (remaining() < 4) return false;
    v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | data[off + i];
    off += 4;
    return true;
  }
  bool u64(std::uint64_t& v) {
    if (remaining() < 8) return false;
    v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | data[off + i];
    off += 8;
    return true;
  }
  template <std::size_t N>
  bool fixed(std::array<std::uint8_t, N>& a) {
    if (remaining() < N) return false;
    std::copy_n(data.begin() + static_cast<std::ptrdiff_t>(off), N, a.begin());
    off += N;
    return true;
  }
  // A length-prefixed byte string; the length is checked against what is left before anything
  // is allocated.
  bool bytes(std::vector<std::uint8_t>& v) {
    std::uint32_t n = 0;
    if (!u32(n) || remaining() < n) return false;
    auto first = data.begin() + static_cast<std::ptrdiff_t>(off);
    v.assign(first, first + static_cast<std::ptrdiff_t>(n));
    off += n;
    return true;
  }
};

std::vector<std::uint8_t> encodeSerializedState(const serializedState& s) {
  writer w;
  w.raw(stateMagic);
  w.u8(stateVersion);
  w.u16(s.LocalEpoch);
  w.u16(s.RemoteEpoch);
  w.raw(s.LocalRandom);
  w.raw(s.RemoteRandom);
  w.u16(s.CipherSuiteID);
  w.bytes(s.MasterSecret);
  w.u64(s.SequenceNumber);
  w.u16(s.SRTPProtectionProfile);
  w.u32(static_cast<std::uint32_t>(s.PeerCertificates.size()));
  for (const auto& c : s.PeerCertificates) w.bytes(c);
  w.bytes(s.IdentityHint);
  w.bytes(s.SessionID);
  w.u8(s.IsClient ? 1 : 0);
  return std::move(w.out);
}

go::error decodeSerializedState(std::span<const std::uint8_t> data, serializedState& s) {
  reader r(data);
  std::array<std::uint8_t, 4> magic{};
  if (!r.fixed(magic)) return errStateEncodingTruncated;
  if (!std::equal(magic.begin(), magic.end(), std::begin(stateMagic))) return errStateEncodingBadMagic;
  std::uint8_t version = 0;
  if (!r.u8(version)) return errStateEncodingTruncated;
  if (version != stateVersion) return errStateEncodingVersion;

  if (!r.u16(s.LocalEpoch) || !r.u16(s.RemoteEpoch) || !r.fixed(s.LocalRandom) || !r.fixed(s.RemoteRandom) ||
      !r.u16(s.CipherSuiteID) || !r.bytes(s.MasterSecret) || !r.u64(s.SequenceNumber) ||
      !r.u16(s.SRTPProtectionProfile)) {
    return errStateEncodingTruncated;
  }
  std::uint32_t count = 0;
  if (!r.u32(count)) return errStateEncodingTruncated;
  // Every certificate takes at least its 4-byte length: a count the input cannot hold is
  // rejected before anything is reserved.
  if (count > r.remaining() / 4) return errStateEncodingTruncated;
  s.PeerCertificates.clear();
  s.PeerCertificates.reserve(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    std::vector<std::uint8_t> c;
    if (!r.bytes(c)) return errStateEncodingTruncated;
    s.PeerCertificates.push_back(std::move(c));
  }
  if (!r.bytes(s.IdentityHint) || !r.bytes(s.SessionID)) return errStateEncodingTruncated;
  std::uint8_t isClient = 0;
  if (!r.u8(isClient)) return errStateEncodingTruncated;
  if (isClient > 1) return errStateEncodingBadBool;
  s.IsClient = isClient == 1;
  if (r.remaining() != 0) return errStateEncodingTrailing;
  return nullptr;
}

}  // namespace

// pion: conn.go invalidKeyingLabels
// (declared in conn.hpp; defined here beside its one user, State.ExportKeyingMaterial.)
bool isInvalidKeyingLabel(const std::string& label) {
  return label == "client finished" || label == "server finished" || label == "master secret" ||
         label == "key expansion";
}

State::State(const State& o)
    : localEpoch(o.localEpoch.load()),
      remoteEpoch(o.remoteEpoch.load()),
      localSequenceNumber(o.localSequenceNumber),
      localRandom(o.localRandom),
      remoteRandom(o.remoteRandom),
      masterSecret(o.masterSecret),
      cipherSuite(o.cipherSuite),
      srtpProtectionProfile(o.srtpProtectionProfile),
      PeerCertificates(o.PeerCertificates),
      IdentityHint(o.IdentityHint),
      SessionID(o.SessionID),
      isClient(o.isClient),
      preMasterSecret(o.preMasterSecret),
      extendedMasterSecret(o.extendedMasterSecret),
      namedCurve(o.namedCurve),
      localKeypair(o.localKeypair),
      cookie(o.cookie),
      handshakeSendSequence(o.handshakeSendSequence),
      handshakeRecvSequence(o.handshakeRecvSequence),
      serverName(o.serverName),
      remoteRequestedCertificate(o.remoteRequestedCertificate),
      localCertificatesVerify(o.localCertificatesVerify),
      localVerifyData(o.localVerifyData),
      localKeySignature(o.localKeySignature),
      peerCertificatesVerified(o.peerCertificatesVerified),
      replayDetector(o.replayDetector),
      peerSupportedProtocols(o.peerSupportedProtocols),
      NegotiatedProtocol(o.NegotiatedProtocol) {}

State& State::operator=(const State& o) {
  if (this == &o) return *this;
  localEpoch.store(o.localEpoch.load());
  remoteEpoch.store(o.remoteEpoch.load());
  localSequenceNumber = o.localSequenceNumber;
  localRandom = o.localRandom;
  remoteRandom = o.remoteRandom;
  masterSecret = o.masterSecret;
  cipherSuite = o.cipherSuite;
  srtpProtectionProfile = o.srtpProtectionProfile;
  PeerCertificates = o.PeerCertificates;
  IdentityHint = o.IdentityHint;
  SessionID = o.SessionID;
  isClient = o.isClient;
  preMasterSecret = o.preMasterSecret;
  extendedMasterSecret = o.extendedMasterSecret;
  namedCurve = o.namedCurve;
  localKeypair = o.localKeypair;
  cookie = o.cookie;
  handshakeSendSequence = o.handshakeSendSequence;
  handshakeRecvSequence = o.handshakeRecvSequence;
  serverName = o.serverName;
  remoteRequestedCertificate = o.remoteRequestedCertificate;
  localCertificatesVerify = o.localCertificatesVerify;
  localVerifyData = o.localVerifyData;
  localKeySignature = o.localKeySignature;
  peerCertificatesVerified = o.peerCertificatesVerified;
  replayDetector = o.replayDetector;
  peerSupportedProtocols = o.peerSupportedProtocols;
  NegotiatedProtocol = o.NegotiatedProtocol;
  return *this;
}

// pion: state.go State.clone
std::shared_ptr<State> State::clone() const {
  auto serialized = serialize();
  auto state = std::make_shared<State>();
  state->deserialize(serialized);

  return state;
}

// pion: state.go State.serialize
serializedState State::serialize() const {
  // Marshal random values
  auto localRnd = localRandom.MarshalFixed();
  auto remoteRnd = remoteRandom.MarshalFixed();

  auto epoch = getLocalEpoch();
  serializedState s;
  s.LocalEpoch = getLocalEpoch();
  s.RemoteEpoch = getRemoteEpoch();
  // (Go panics on a nil cipherSuite or a missing sequence number; the port writes 0.)
  s.CipherSuiteID = cipherSuite ? static_cast<std::uint16_t>(cipherSuite->ID()) : 0;
  s.MasterSecret = masterSecret;
  s.SequenceNumber = epoch < localSequenceNumber.size() ? localSequenceNumber[epoch] : 0;
  s.LocalRandom = localRnd;
  s.RemoteRandom = remoteRnd;
  s.SRTPProtectionProfile = static_cast<std::uint16_t>(srtpProtectionProfile);
  s.PeerCertificates = PeerCertificates;
  s.IdentityHint = IdentityHint;
  s.SessionID = SessionID;
  s.IsClient = isClient;
  return s;
}

// pion: state.go State.deserialize
void State::deserialize(const serializedState& serialized) {
  // Set epoch values
  auto epoch = serialized.LocalEpoch;
  localEpoch.store(serialized.LocalEpoch);
  remoteEpoch.store(serialized.RemoteEpoch);

  // (at most 65536 entries: epoch is a uint16)
  while (localSequenceNumber.size() <= static_cast<std::size_t>(epoch)) {
    localSequenceNumber.push_back(0);
  }

  // Set random values
  handshake::Random lr;
  lr.UnmarshalFixed(serialized.LocalRandom);
  localRandom = lr;

  handshake::Random rr;
  rr.UnmarshalFixed(serialized.RemoteRandom);
  remoteRandom = rr;

  isClient = serialized.IsClient;

  // Set master secret
  masterSecret = serialized.MasterSecret;

  // Set cipher suite
  cipherSuite = cipherSuiteForID(static_cast<CipherSuiteID>(serialized.CipherSuiteID), nullptr);

  localSequenceNumber[epoch] = serialized.SequenceNumber;
  srtpProtectionProfile = static_cast<SRTPProtectionProfile>(serialized.SRTPProtectionProfile);

  // Set remote certificate
  PeerCertificates = serialized.PeerCertificates;
  IdentityHint = serialized.IdentityHint;
  SessionID = serialized.SessionID;
}

// pion: state.go State.initCipherSuite
go::error State::initCipherSuite() {
  // (Go panics on a nil cipherSuite, e.g. after deserializing an unknown suite ID.)
  if (!cipherSuite) {
    return errInvalidCipherSuite;
  }
  if (cipherSuite->IsInitialized()) {
    return nullptr;
  }

  auto lr = localRandom.MarshalFixed();
  auto rr = remoteRandom.MarshalFixed();

  go::error err;
  if (isClient) {
    err = cipherSuite->Init(masterSecret, lr, rr, true);
  } else {
    err = cipherSuite->Init(masterSecret, rr, lr, false);
  }
  if (err) {
    return err;
  }
  return nullptr;
}

// pion: state.go State.MarshalBinary
// MarshalBinary is a binary.BinaryMarshaler.MarshalBinary implementation
std::pair<std::vector<std::uint8_t>, go::error> State::MarshalBinary() const {
  // (Go's serialize panics on a nil cipherSuite.)
  if (!cipherSuite) {
    return {{}, errStateNoCipherSuite};
  }
  auto serialized = serialize();
  return {encodeSerializedState(serialized), nullptr};
}

// pion: state.go State.UnmarshalBinary
// UnmarshalBinary is a binary.BinaryUnmarshaler.UnmarshalBinary implementation
go::error State::UnmarshalBinary(std::span<const std::uint8_t> data) {
  serializedState serialized;
  if (auto err = decodeSerializedState(data, serialized)) {
    return err;
  }

  deserialize(serialized);
  if (auto err = initCipherSuite()) {
    return err;
  }
  return nullptr;
}

// pion: state.go State.ExportKeyingMaterial
// ExportKeyingMaterial returns length bytes of exported key material in a new
// slice as defined in RFC 5705.
// This allows protocols to use DTLS for key establishment, but
// then use some of the keying material for their own purposes
std::pair<std::vector<std::uint8_t>, go::error> State::ExportKeyingMaterial(const std::string& label,
                                                                            std::span<const std::uint8_t> context,
                                                                            int length) const {
  if (getLocalEpoch() == 0) {
    return {{}, errHandshakeInProgress};
  } else if (!context.empty()) {
    return {{}, errContextUnsupported};
  } else if (isInvalidKeyingLabel(label)) {
    return {{}, errReservedExportKeyingMaterial};
  }
  // (Go panics on these two.)
  if (!cipherSuite) {
    return {{}, errStateNoCipherSuite};
  }
  if (length < 0) {
    return {{}, errStateNegativeLength};
  }

  auto lr = localRandom.MarshalFixed();
  auto rr = remoteRandom.MarshalFixed();

  std::vector<std::uint8_t> seed(label.begin(), label.end());
  if (isClient) {
    seed.insert(seed.end(), lr.begin(), lr.end());
    seed.insert(seed.end(), rr.begin(), rr.end());
  } else {
    seed.insert(seed.end(), rr.begin(), rr.end());
    seed.insert(seed.end(), lr.begin(), lr.end());
  }
  return prf::PHash(masterSecret, seed, length, cipherSuite->HashFunc());
}

}  // namespace dtls
