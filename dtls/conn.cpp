// pion: conn.go
#include "dtls/conn.hpp"

#include <algorithm>
#include <utility>

#include "chan/fmt.hpp"
#include "chan/go.hpp"
#include "chan/select.hpp"
#include "dtls/cipher_suite.hpp"
#include "dtls/errors.hpp"
#include "dtls/flight.hpp"
#include "dtls/pkg/crypto/signaturehash/signaturehash.hpp"
#include "dtls/pkg/protocol/application_data.hpp"
#include "dtls/pkg/protocol/change_cipher_spec.hpp"
#include "dtls/pkg/protocol/recordlayer/header.hpp"
#include "dtls/pkg/protocol/version.hpp"
#include "dtls/util.hpp"
#include "transport/replaydetector/replaydetector.hpp"

namespace dtls {

namespace alert = pkg::protocol::alert;
namespace handshake = pkg::protocol::handshake;
namespace recordlayer = pkg::protocol::recordlayer;
namespace protocol = pkg::protocol;

// (invalidKeyingLabels / isInvalidKeyingLabel is defined in state.cpp beside its one user.)

Conn::Conn() = default;
Conn::~Conn() = default;

namespace {

// A rendezvous shape other than Pion's (config.hpp HandshakeRendezvous) uses webrtc-rs's
// handshake-task lifetime: the fiber ends at the first Finished.
bool endsAtFirstFinished(HandshakeRendezvous r) { return r != HandshakeRendezvous::Faithful; }

// webrtc-rs's mpsc::channel(1) for the handoff; every other shape hands off through a rendezvous.
long long handshakeRecvCapacity(HandshakeRendezvous r) {
  switch (r) {
    case HandshakeRendezvous::WebrtcRs:
    case HandshakeRendezvous::StopGapCheckDone:
    case HandshakeRendezvous::StopGapBiased:
      return 1;
    case HandshakeRendezvous::Faithful:
    case HandshakeRendezvous::OneshotFix:
      return 0;
  }
  return 0;
}

}  // namespace

// pion: conn.go createConn
std::pair<std::shared_ptr<Conn>, go::error> createConn(const go::context::Context& ctx, std::shared_ptr<go::net::Conn> nextConn,
                                                       const Config* config, bool isClient, const State* initialState,
                                                       bool helloVerified) {
  auto err = validateConfig(config);
  if (err) {
    return {nullptr, err};
  }

  if (!nextConn) {
    return {nullptr, errNilNextConn};
  }

  auto [cipherSuites, cerr] = parseCipherSuites(config->CipherSuites, config->CustomCipherSuites,
                                                config->includeCertificateSuites(), static_cast<bool>(config->PSK));
  if (cerr) {
    return {nullptr, cerr};
  }

  auto [signatureSchemes, serr] =
      pkg::crypto::signaturehash::ParseSignatureSchemes(config->SignatureSchemes, config->InsecureHashes);
  if (serr) {
    return {nullptr, serr};
  }

  go::time::Duration workerInterval = initialTickerInterval;
  if (config->FlightInterval != go::time::Duration{0}) {
    workerInterval = config->FlightInterval;
  }

  auto loggerFactory = config->LoggerFactory;
  if (!loggerFactory) {
    loggerFactory = pion::logging::NewDefaultLoggerFactory();
  }

  auto logger = loggerFactory->NewLogger("dtls");

  int mtu = config->MTU;
  if (mtu <= 0) {
    mtu = defaultMTU;
  }

  int replayProtectionWindow = config->ReplayProtectionWindow;
  if (replayProtectionWindow <= 0) {
    replayProtectionWindow = defaultReplayProtectionWindow;
  }

  auto c = std::make_shared<Conn>();
  c->nextConn = pion::transport::connctx::New(nextConn);
  c->maximumTransmissionUnit = mtu;
  c->decrypted = go::make_chan<decryptedItem>(1);
  c->log = logger;
  c->readDeadline = pion::transport::deadline::New();
  c->writeDeadline = pion::transport::deadline::New();
  c->reading = go::make_chan<go::struct_>(1);
  c->handshakeRecv = go::make_chan<go::chan<go::struct_>>(handshakeRecvCapacity(config->Rendezvous));
  c->closed = std::make_unique<internal::closer::Closer>();
  c->cancelHandshaker = [] {};
  c->cancelHandshakeReader = [] {};  // Go leaves it nil until handshake(); a no-op is safer to call
  c->replayProtectionWindow = static_cast<unsigned>(replayProtectionWindow);
  c->state.isClient = isClient;
  c->rendezvous = config->Rendezvous;
  c->rendezvousTrace = config->RendezvousTrace;

  c->setRemoteEpoch(0);
  c->setLocalEpoch(0);

  std::string serverName = config->ServerName;
  // Do not allow the use of an IP address literal as an SNI value.
  // See RFC 6066, Section 3.
  if (!go::net::ParseIP(serverName).empty()) {
    serverName = "";
  }

  auto curves = config->EllipticCurves;
  if (curves.empty()) {
    curves = defaultCurves;
  }

  auto hsCfg = std::make_shared<handshakeConfig>();
  hsCfg->localPSKCallback = config->PSK;
  hsCfg->localPSKIdentityHint = config->PSKIdentityHint;
  hsCfg->localCipherSuites = cipherSuites;
  hsCfg->localSignatureSchemes = signatureSchemes;
  hsCfg->extendedMasterSecret = config->ExtendedMasterSecret;
  hsCfg->localSRTPProtectionProfiles = config->SRTPProtectionProfiles;
  hsCfg->serverName = serverName;
  hsCfg->supportedProtocols = config->SupportedProtocols;
  hsCfg->clientAuth = config->ClientAuth;
  hsCfg->localCertificates = config->Certificates;
  hsCfg->insecureSkipVerify = config->InsecureSkipVerify;
  hsCfg->verifyPeerCertificate = config->VerifyPeerCertificate;
  hsCfg->verifyConnection = config->VerifyConnection;
  hsCfg->rootCAs = config->RootCAs;
  hsCfg->clientCAs = config->ClientCAs;
  hsCfg->customCipherSuites = config->CustomCipherSuites;
  hsCfg->retransmitInterval = workerInterval;
  hsCfg->log = logger;
  hsCfg->initialEpoch = 0;
  hsCfg->keyLogWriter = config->KeyLogWriter;
  hsCfg->sessionStore = config->SessionStore;
  hsCfg->ellipticCurves = curves;
  hsCfg->localGetCertificate = config->GetCertificate;
  hsCfg->localGetClientCertificate = config->GetClientCertificate;
  hsCfg->insecureSkipHelloVerify = config->InsecureSkipVerifyHello;
  hsCfg->helloVerified = helloVerified && !isClient && initialState == nullptr;
  c->awaitVerifiedHello = hsCfg->helloVerified;
  hsCfg->endAtFirstFinished = endsAtFirstFinished(config->Rendezvous);

  // rfc5246#section-7.4.3
  // In addition, the hash and signature algorithms MUST be compatible
  // with the key in the server's end-entity certificate.
  if (!isClient) {
    ClientHelloInfo empty;
    auto [cert, gerr] = hsCfg->getCertificate(&empty);
    if (gerr && !go::errors::Is(gerr, errNoCertificates)) {
      return {nullptr, gerr};
    }
    hsCfg->localCipherSuites = filterCipherSuitesForCertificate(cert.get(), cipherSuites);
  }

  flightVal initialFlight{};
  handshakeState initialFSMState{};

  if (initialState != nullptr) {
    if (c->state.isClient) {
      initialFlight = flight5;
    } else {
      initialFlight = flight6;
    }
    initialFSMState = handshakeFinished;

    c->state = *initialState;
  } else {
    if (c->state.isClient) {
      initialFlight = flight1;
    } else {
      initialFlight = flight0;
    }
    initialFSMState = handshakePreparing;
  }
  // Do handshake
  if (auto herr = c->handshake(ctx, hsCfg, initialFlight, initialFSMState); herr) {
    return {nullptr, herr};
  }

  c->log->Trace("Handshake Completed");

  return {std::move(c), nullptr};
}

// pion: conn.go Dial
std::pair<std::shared_ptr<Conn>, go::error> Dial(std::string_view network, const go::net::UDPAddr* raddr, const Config* config) {
  if (config == nullptr) {
    return {nullptr, errNoConfigProvided};  // Go would dereference nil in connectContextMaker
  }
  auto [ctx, cancel] = config->connectContextMaker();
  auto r = DialWithContext(ctx, network, raddr, config);
  cancel();
  return r;
}

// pion: conn.go Client
std::pair<std::shared_ptr<Conn>, go::error> Client(std::shared_ptr<go::net::Conn> conn, const Config* config) {
  if (config == nullptr) {
    return {nullptr, errNoConfigProvided};
  }
  auto [ctx, cancel] = config->connectContextMaker();
  auto r = ClientWithContext(ctx, std::move(conn), config);
  cancel();
  return r;
}

// pion: conn.go Server
std::pair<std::shared_ptr<Conn>, go::error> Server(std::shared_ptr<go::net::Conn> conn, const Config* config) {
  if (config == nullptr) {
    return {nullptr, errNoConfigProvided};
  }
  auto [ctx, cancel] = config->connectContextMaker();
  auto r = ServerWithContext(ctx, std::move(conn), config);
  cancel();
  return r;
}

// pion: conn.go DialWithContext
std::pair<std::shared_ptr<Conn>, go::error> DialWithContext(const go::context::Context& ctx, std::string_view network,
                                                            const go::net::UDPAddr* raddr, const Config* config) {
  auto [pConn, err] = go::net::DialUDP(network, nullptr, raddr);
  if (err) {
    return {nullptr, err};
  }
  return ClientWithContext(ctx, pConn, config);
}

// pion: conn.go ClientWithContext
std::pair<std::shared_ptr<Conn>, go::error> ClientWithContext(const go::context::Context& ctx, std::shared_ptr<go::net::Conn> conn,
                                                              const Config* config) {
  if (config == nullptr) {
    return {nullptr, errNoConfigProvided};
  } else if (config->PSK && !config->PSKIdentityHint) {
    return {nullptr, errPSKAndIdentityMustBeSetForClient};
  }

  return createConn(ctx, std::move(conn), config, true, nullptr);
}

// pion: conn.go ServerWithContext
std::pair<std::shared_ptr<Conn>, go::error> ServerWithContext(const go::context::Context& ctx, std::shared_ptr<go::net::Conn> conn,
                                                              const Config* config) {
  if (config == nullptr) {
    return {nullptr, errNoConfigProvided};
  }

  return createConn(ctx, std::move(conn), config, false, nullptr);
}

// pion: conn.go Conn.Read
std::pair<int, go::error> Conn::Read(std::span<std::uint8_t> p) {
  if (!isHandshakeCompletedSuccessfully()) {
    return {0, errHandshakeInProgress};
  }

  auto deadlineDone = readDeadline->Done();
  if (go::select(go::recv(deadlineDone), go::default_()) == 0) {
    return {0, errDeadlineExceeded};
  }

  for (;;) {
    std::optional<std::pair<int, go::error>> result;
    go::select(go::recv(deadlineDone, [&] { result = {0, errDeadlineExceeded}; }),
               go::recv(decrypted, [&](decryptedItem out, bool ok) {
                 if (!ok) {
                   result = {0, go::io::EOF_};
                   return;
                 }
                 if (auto* val = std::get_if<std::vector<std::uint8_t>>(&out)) {
                   if (p.size() < val->size()) {
                     result = {0, errBufferTooSmall};
                     return;
                   }
                   std::copy(val->begin(), val->end(), p.begin());
                   result = {static_cast<int>(val->size()), nullptr};
                   return;
                 }
                 result = {0, std::get<go::error>(out)};
               }));
    if (result) {
      return *result;
    }
  }
}

// pion: conn.go Conn.Write
std::pair<int, go::error> Conn::Write(std::span<const std::uint8_t> p) {
  // Deviation (see close): counted before the closed check, so that close either sees this Write
  // or this Write sees the Conn closed.
  writesInFlight.fetch_add(1);
  std::atomic_thread_fence(std::memory_order_seq_cst);
  struct inFlight {
    std::atomic<int>& n;
    ~inFlight() { n.fetch_sub(1); }
  } counted{writesInFlight};

  if (isConnectionClosed()) {
    return {0, ErrConnClosed};
  }

  if (go::select(go::recv(writeDeadline->Done()), go::default_()) == 0) {
    return {0, errDeadlineExceeded};
  }

  if (!isHandshakeCompletedSuccessfully()) {
    return {0, errHandshakeInProgress};
  }

  auto record = std::make_shared<recordlayer::RecordLayer>();
  record->Header.Epoch = state.getLocalEpoch();
  record->Header.Version = protocol::Version1_2;
  auto data = std::make_shared<protocol::ApplicationData>();
  data->Data.assign(p.begin(), p.end());
  record->Content = data;
  return {static_cast<int>(p.size()), writePackets(writeDeadline->AsContext(), {packet{record, true, false}})};
}

// pion: conn.go Conn.Close
go::error Conn::Close() {
  auto err = close(true);
  handshakeLoopsFinished.Wait();
  return err;
}

// pion: conn.go Conn.ConnectionState
State Conn::ConnectionState() {
  std::lock_guard<go::sync::Mutex> lk(lock);
  return *state.clone();
}

// pion: conn.go Conn.SelectedSRTPProtectionProfile
std::pair<SRTPProtectionProfile, bool> Conn::SelectedSRTPProtectionProfile() {
  std::lock_guard<go::sync::Mutex> lk(lock);

  if (state.srtpProtectionProfile == SRTPProtectionProfile{}) {
    return {SRTPProtectionProfile{}, false};
  }

  return {state.srtpProtectionProfile, true};
}

// pion: conn.go Conn.writePackets
go::error Conn::writePackets(const go::context::Context& ctx, const std::vector<packet>& pkts) {
  std::lock_guard<go::sync::Mutex> lk(lock);

  std::vector<std::vector<std::uint8_t>> rawPackets;

  for (const auto& p : pkts) {
    if (auto h = std::dynamic_pointer_cast<handshake::Handshake>(p.record->Content)) {
      auto [handshakeRaw, err] = p.record->Marshal();
      if (err) {
        return err;
      }

      log->Tracef("[handshake:%v] -> %s (epoch: %d, seq: %d)", srvCliStr(state.isClient), handshake::String(h->Header.Type),
                  p.record->Header.Epoch, h->Header.MessageSequence);
      handshakeCache_.push(std::span<const std::uint8_t>(handshakeRaw).subspan(recordlayer::HeaderSize),
                           p.record->Header.Epoch, h->Header.MessageSequence, h->Header.Type, state.isClient);

      auto [rawHandshakePackets, herr] = processHandshakePacket(p, *h);
      if (herr) {
        return herr;
      }
      for (auto& r : rawHandshakePackets) rawPackets.push_back(std::move(r));
    } else {
      auto [rawPacket, perr] = processPacket(p);
      if (perr) {
        return perr;
      }
      rawPackets.push_back(std::move(rawPacket));
    }
  }
  if (rawPackets.empty()) {
    return nullptr;
  }
  auto compactedRawPackets = compactRawPackets(std::move(rawPackets));

  for (const auto& compacted : compactedRawPackets) {
    if (auto [n, err] = nextConn->WriteContext(ctx, compacted); err) {
      return netError(err);
    }
  }

  return nullptr;
}

// pion: conn.go Conn.compactRawPackets
std::vector<std::vector<std::uint8_t>> Conn::compactRawPackets(std::vector<std::vector<std::uint8_t>> rawPackets) {
  std::vector<std::vector<std::uint8_t>> combinedRawPackets;
  std::vector<std::uint8_t> currentCombinedRawPacket;

  for (auto& rawPacket : rawPackets) {
    if (!currentCombinedRawPacket.empty() &&
        static_cast<int>(currentCombinedRawPacket.size() + rawPacket.size()) >= maximumTransmissionUnit) {
      combinedRawPackets.push_back(std::move(currentCombinedRawPacket));
      currentCombinedRawPacket = {};
    }
    // port: appending to an empty packet takes the raw packet itself (the same bytes as Go's
    // append, without a copy: a lone application-data record is never copied here).
    if (currentCombinedRawPacket.empty()) {
      currentCombinedRawPacket = std::move(rawPacket);
    } else {
      currentCombinedRawPacket.insert(currentCombinedRawPacket.end(), rawPacket.begin(), rawPacket.end());
    }
  }

  combinedRawPackets.push_back(std::move(currentCombinedRawPacket));

  return combinedRawPackets;
}

// pion: conn.go Conn.processPacket
std::pair<std::vector<std::uint8_t>, go::error> Conn::processPacket(const packet& p) {
  const auto epoch = p.record->Header.Epoch;
  while (state.localSequenceNumber.size() <= epoch) {
    state.localSequenceNumber.push_back(0);
  }
  // Go: atomic.AddUint64 — writePackets holds c.lock, which every writer of the counter takes.
  const std::uint64_t seq = state.localSequenceNumber[epoch]++;
  if (seq > recordlayer::MaxSequenceNumber) {
    // RFC 6347 Section 4.1.0
    // The implementation must either abandon an association or rehandshake
    // prior to allowing the sequence number to wrap.
    return {{}, errSequenceNumberOverflow};
  }
  p.record->Header.SequenceNumber = seq;

  auto [rawPacket, err] = p.record->Marshal();
  if (err) {
    return {{}, err};
  }

  if (p.shouldEncrypt) {
    auto [enc, eerr] = state.cipherSuite->Encrypt(*p.record, rawPacket);
    if (eerr) {
      return {{}, eerr};
    }
    rawPacket = std::move(enc);
  }

  return {std::move(rawPacket), nullptr};
}

// pion: conn.go Conn.processHandshakePacket
std::pair<std::vector<std::vector<std::uint8_t>>, go::error> Conn::processHandshakePacket(const packet& p,
                                                                                           const handshake::Handshake& h) {
  std::vector<std::vector<std::uint8_t>> rawPackets;

  auto [handshakeFragments, err] = fragmentHandshake(h);
  if (err) {
    return {{}, err};
  }
  const auto epoch = p.record->Header.Epoch;
  while (state.localSequenceNumber.size() <= epoch) {
    state.localSequenceNumber.push_back(0);
  }

  for (const auto& handshakeFragment : handshakeFragments) {
    const std::uint64_t seq = state.localSequenceNumber[epoch]++;
    if (seq > recordlayer::MaxSequenceNumber) {
      return {{}, errSequenceNumberOverflow};
    }

    recordlayer::Header recordlayerHeader;
    recordlayerHeader.Version = p.record->Header.Version;
    recordlayerHeader.ContentType = p.record->Header.ContentType;
    recordlayerHeader.ContentLen = static_cast<std::uint16_t>(handshakeFragment.size());
    recordlayerHeader.Epoch = p.record->Header.Epoch;
    recordlayerHeader.SequenceNumber = seq;

    auto [rawPacket, merr] = recordlayerHeader.Marshal();
    if (merr) {
      return {{}, merr};
    }

    p.record->Header = recordlayerHeader;

    rawPacket.insert(rawPacket.end(), handshakeFragment.begin(), handshakeFragment.end());
    if (p.shouldEncrypt) {
      auto [enc, eerr] = state.cipherSuite->Encrypt(*p.record, rawPacket);
      if (eerr) {
        return {{}, eerr};
      }
      rawPacket = std::move(enc);
    }

    rawPackets.push_back(std::move(rawPacket));
  }

  return {std::move(rawPackets), nullptr};
}

// pion: conn.go Conn.fragmentHandshake
std::pair<std::vector<std::vector<std::uint8_t>>, go::error> Conn::fragmentHandshake(const handshake::Handshake& h) {
  auto [content, err] = h.Message->Marshal();
  if (err) {
    return {{}, err};
  }

  std::vector<std::vector<std::uint8_t>> fragmentedHandshakes;

  auto contentFragments = splitBytes(content, maximumTransmissionUnit);
  if (contentFragments.empty()) {
    contentFragments = {std::vector<std::uint8_t>{}};
  }

  int offset = 0;
  for (const auto& contentFragment : contentFragments) {
    const int contentFragmentLen = static_cast<int>(contentFragment.size());

    handshake::Header headerFragment;
    headerFragment.Type = h.Header.Type;
    headerFragment.Length = h.Header.Length;
    headerFragment.MessageSequence = h.Header.MessageSequence;
    headerFragment.FragmentOffset = static_cast<std::uint32_t>(offset);
    headerFragment.FragmentLength = static_cast<std::uint32_t>(contentFragmentLen);

    offset += contentFragmentLen;

    auto [fragmentedHandshake, merr] = headerFragment.Marshal();
    if (merr) {
      return {{}, merr};
    }

    fragmentedHandshake.insert(fragmentedHandshake.end(), contentFragment.begin(), contentFragment.end());
    fragmentedHandshakes.push_back(std::move(fragmentedHandshake));
  }

  return {std::move(fragmentedHandshakes), nullptr};
}

// pion: conn.go Conn.readAndBuffer
go::error Conn::readAndBuffer(const go::context::Context& ctx) {
  // Go takes the buffer from a sync.Pool; one buffer per Conn serves the same purpose, as only the
  // read loop calls this.
  auto& b = readBuffer;
  if (b.size() != static_cast<std::size_t>(inboundBufferSize)) b.resize(inboundBufferSize);
  auto [i, err] = nextConn->ReadContext(ctx, b);
  if (err) {
    return netError(err);
  }

  auto [pkts, uerr] = recordlayer::UnpackDatagram(std::span<const std::uint8_t>(b.data(), static_cast<std::size_t>(i)));
  if (uerr) {
    return uerr;
  }

  bool hasHandshake = false;
  for (auto& p : pkts) {
    auto [hs, a, herr] = handleIncomingPacket(ctx, std::move(p), true);
    if (a) {
      if (auto alertErr = notify(ctx, a->Level, a->Description); alertErr) {
        if (!herr) {
          herr = alertErr;
        }
      }
    }
    if (hs) {
      hasHandshake = true;
    }

    if (auto* e = go::errors::As<alertError>(herr)) {
      if (e->IsFatalOrCloseNotify()) {
        return herr;
      }
    } else if (herr) {
      // Go returns `e`, a nil *alertError, here: a non-nil error whose Error() panics (fixed in
      // later Pion by returning err). The port returns the error itself.
      return herr;
    }
  }
  if (hasHandshake) {
    handoffHandshake(ctx);
  }
  return nullptr;
}

// The end of Pion's readAndBuffer: hand the handshake fiber a `done` channel and wait until it
// has dealt with what was just buffered. Faithful is Pion's select:
//
//	done := make(chan struct{})
//	select {
//	case c.handshakeRecv <- done:
//		// If the other party may retransmit the flight,
//		// we should respond even if it not a new message.
//		<-done
//	case <-c.fsm.Done():
//	}
//
// The other shapes (config.hpp HandshakeRendezvous) exist for the demonstration only; see
// port-notes/rendezvous.md. RendezvousTrace, when set, records each select: which cases were
// ready, which one ran, and what the reader then waits for. In those other shapes every wait
// also ends when the read loop's context is cancelled (by Close): webrtc-rs's reader task is
// cancelled as a whole when the connection closes, whatever it waits on.
void Conn::handoffHandshake(const go::context::Context& ctx) {
  auto done = go::make_chan<go::struct_>();
  auto fsmDone = fsm->Done();
  auto trace = [this](const std::string& s) {
    if (rendezvousTrace) rendezvousTrace(s);
  };
  auto snapshot = [&] {
    if (!rendezvousTrace) return std::string();
    return go::fmt::Sprintf("handshakeRecv <- done %s (len %d/cap %d), <-fsm.Done() %s",
                            go::debug::send_ready(handshakeRecv) ? "ready" : "not ready", handshakeRecv.len(),
                            handshakeRecv.cap(), go::debug::recv_ready(fsmDone) ? "ready" : "not ready");
  };

  if (rendezvous == HandshakeRendezvous::StopGapBiased) {
    // tokio::select! { biased; handshake_done_rx.recv() => {}, handshake_tx.send(done_tx) => ... }
    const std::string before = snapshot();
    if (go::select(go::recv(fsmDone), go::default_()) == 0) {
      trace("readAndBuffer biased select: " + before + "; chose <-fsm.Done() (polled first)");
      return;
    }
  }

  const std::string before = snapshot();
  const int chosen = go::select(go::send(handshakeRecv, done), go::recv(fsmDone));
  if (chosen == 1) {
    trace("readAndBuffer select: " + before + "; chose <-fsm.Done()");
    return;
  }
  trace("readAndBuffer select: " + before + "; chose handshakeRecv <- done; now waiting on <-done");
  switch (rendezvous) {
    case HandshakeRendezvous::Faithful:
      // If the other party may retransmit the flight,
      // we should respond even if it not a new message.
      done.recv();
      trace("readAndBuffer: <-done returned");
      break;
    case HandshakeRendezvous::OneshotFix:
    case HandshakeRendezvous::WebrtcRs:
    case HandshakeRendezvous::StopGapBiased:
      if (go::select(go::recv(done), go::recv(ctx->Done())) == 0) {
        trace("readAndBuffer: <-done returned");
      } else {
        trace("readAndBuffer: still waiting on <-done when the connection closed");
      }
      break;
    case HandshakeRendezvous::StopGapCheckDone:
      // The inner wait also returns when the handshake fiber has ended.
      switch (go::select(go::recv(done), go::recv(fsmDone), go::recv(ctx->Done()))) {
        case 0:
          trace("readAndBuffer: <-done returned");
          break;
        case 1:
          trace("readAndBuffer: inner select chose <-fsm.Done(); the buffered done is abandoned");
          break;
        default:
          trace("readAndBuffer: still waiting on <-done when the connection closed");
          break;
      }
      break;
  }
}

// pion: conn.go Conn.handleQueuedPackets
go::error Conn::handleQueuedPackets(const go::context::Context& ctx) {
  auto pkts = std::move(encryptedPackets);
  encryptedPackets.clear();

  for (auto& p : pkts) {
    auto [hs, a, err] = handleIncomingPacket(ctx, std::move(p), false);  // don't re-enqueue
    (void)hs;
    if (a) {
      if (auto alertErr = notify(ctx, a->Level, a->Description); alertErr) {
        if (!err) {
          err = alertErr;
        }
      }
    }
    if (auto* e = go::errors::As<alertError>(err)) {
      if (e->IsFatalOrCloseNotify()) {
        return err;
      }
    } else if (err) {
      // Go returns a nil *alertError here (see readAndBuffer); the port returns the error.
      return err;
    }
  }
  return nullptr;
}

// Port addition (createConn's helloVerified). The datagram dtls::Listen admitted begins with the
// ClientHello whose cookie it checked: message sequence 1 after one HelloVerifyRequest (RFC 6347
// 4.2.2), more after several. Pion's server reaches the same numbers by sending the
// HelloVerifyRequest itself (flight2Generate); here the fragment buffer, both handshake counters
// and the epoch-0 record sequence number start there. The handshake fiber reads the counters
// only after the read loop hands it this message through handshakeRecv, which orders the writes
// before those reads.
void Conn::startAtVerifiedHello(std::span<const std::uint8_t> record, std::uint64_t recordSequence) {
  handshake::Header hh;
  if (record.size() < recordlayer::HeaderSize || hh.Unmarshal(record.subspan(recordlayer::HeaderSize)) ||
      hh.Type != handshake::TypeClientHello) {
    return;
  }
  awaitVerifiedHello = false;
  fragmentBuffer_.startAt(hh.MessageSequence);
  state.handshakeRecvSequence = hh.MessageSequence;
  state.handshakeSendSequence = hh.MessageSequence;
  // Each HelloVerifyRequest carried the record sequence number of the ClientHello it answered
  // (RFC 6347 4.2.1), all below this ClientHello's; epoch 0 goes on from here so that the client's
  // replay window does not drop the ServerHello as a repeat of a HelloVerifyRequest.
  std::lock_guard<go::sync::Mutex> lk(lock);
  if (state.localSequenceNumber.empty()) {
    state.localSequenceNumber.push_back(0);
  }
  state.localSequenceNumber[0] = std::max(state.localSequenceNumber[0], recordSequence);
}

// pion: conn.go Conn.handleIncomingPacket
std::tuple<bool, std::optional<alert::Alert>, go::error> Conn::handleIncomingPacket(const go::context::Context& ctx,
                                                                                    std::vector<std::uint8_t> buf,
                                                                                    bool enqueue) {
  recordlayer::Header h;
  if (auto err = h.Unmarshal(buf); err) {
    // Decode error must be silently discarded
    // [RFC6347 Section-4.1.2.7]
    log->Debugf("discarded broken packet: %v", err);
    return {false, std::nullopt, nullptr};
  }

  // Validate epoch
  const auto remoteEpoch = state.getRemoteEpoch();
  if (h.Epoch > remoteEpoch) {
    if (h.Epoch > remoteEpoch + 1) {
      log->Debugf("discarded future packet (epoch: %d, seq: %d)", h.Epoch, h.SequenceNumber);
      return {false, std::nullopt, nullptr};
    }
    if (enqueue) {
      log->Debug("received packet of next epoch, queuing packet");
      encryptedPackets.push_back(std::move(buf));
    }
    return {false, std::nullopt, nullptr};
  }

  // Deviation from Pion (RFC 6347 4.1.2.7, "invalid records SHOULD be silently discarded";
  // port-notes/hardening.md): once the peer has moved to epoch 1 its alerts and data are
  // encrypted, so an epoch-0 record other than a handshake message or ChangeCipherSpec (which a
  // retransmitted final flight carries) is not from the peer: anyone who can spoof its address can
  // send one, and Pion answering it with a fatal alert (or closing on a forged fatal alert) let a
  // single datagram end the connection. Such records are dropped.
  if (h.Epoch == 0 && remoteEpoch > 0 && h.ContentType != protocol::ContentTypeHandshake &&
      h.ContentType != protocol::ContentTypeChangeCipherSpec) {
    log->Debugf("discarded epoch 0 record of content type %d after the epoch changed", static_cast<int>(h.ContentType));
    return {false, std::nullopt, nullptr};
  }

  // Anti-replay protection
  while (state.replayDetector.size() <= h.Epoch) {
    state.replayDetector.push_back(
        std::shared_ptr<pion::transport::replaydetector::ReplayDetector>(
            pion::transport::replaydetector::New(replayProtectionWindow, recordlayer::MaxSequenceNumber)));
  }
  auto [markPacketAsValid, ok] = state.replayDetector[h.Epoch]->Check(h.SequenceNumber);
  if (!ok) {
    log->Debugf("discarded duplicated packet (epoch: %d, seq: %d)", h.Epoch, h.SequenceNumber);
    return {false, std::nullopt, nullptr};
  }

  // Decrypt
  if (h.Epoch != 0) {
    if (!state.cipherSuite || !state.cipherSuite->IsInitialized()) {
      if (enqueue) {
        encryptedPackets.push_back(std::move(buf));
        log->Debug("handshake not finished, queuing packet");
      }
      return {false, std::nullopt, nullptr};
    }

    auto [dec, err] = state.cipherSuite->Decrypt(buf);
    if (err) {
      log->Debugf("%s: decrypt failed: %s", srvCliStr(state.isClient), err);
      return {false, std::nullopt, nullptr};
    }
    buf = std::move(dec);
  }

  if (awaitVerifiedHello && h.Epoch == 0 && h.ContentType == protocol::ContentTypeHandshake) {
    startAtVerifiedHello(buf, h.SequenceNumber);
  }

  auto [isHandshake, ferr] = fragmentBuffer_.push(buf);
  if (ferr) {
    // Decode error must be silently discarded
    // [RFC6347 Section-4.1.2.7]
    log->Debugf("defragment failed: %s", ferr);
    return {false, std::nullopt, nullptr};
  } else if (isHandshake) {
    markPacketAsValid();
    for (auto [out, epoch] = fragmentBuffer_.pop(); !out.empty(); std::tie(out, epoch) = fragmentBuffer_.pop()) {
      handshake::Header header;
      if (auto err = header.Unmarshal(out); err) {
        log->Debugf("%s: handshake parse failed: %s", srvCliStr(state.isClient), err);
        continue;
      }
      handshakeCache_.push(out, epoch, header.MessageSequence, header.Type, !state.isClient);
    }

    return {true, std::nullopt, nullptr};
  }

  recordlayer::RecordLayer r;
  if (auto err = r.Unmarshal(buf); err) {
    return {false, alert::Alert{alert::Fatal, alert::DecodeError}, err};
  }

  if (auto content = std::dynamic_pointer_cast<alert::Alert>(r.Content)) {
    log->Tracef("%s: <- %s", srvCliStr(state.isClient), content->String());
    std::optional<alert::Alert> a;
    if (content->Description == alert::CloseNotify) {
      // Respond with a close_notify [RFC5246 Section 7.2.1]
      a = alert::Alert{alert::Warning, alert::CloseNotify};
    }
    markPacketAsValid();
    return {false, a, go::make_error<alertError>(*content)};
  } else if (std::dynamic_pointer_cast<protocol::ChangeCipherSpec>(r.Content)) {
    if (!state.cipherSuite || !state.cipherSuite->IsInitialized()) {
      if (enqueue) {
        encryptedPackets.push_back(std::move(buf));
        log->Debugf("CipherSuite not initialized, queuing packet");
      }
      return {false, std::nullopt, nullptr};
    }

    const std::uint16_t newRemoteEpoch = static_cast<std::uint16_t>(h.Epoch + 1);
    log->Tracef("%s: <- ChangeCipherSpec (epoch: %d)", srvCliStr(state.isClient), newRemoteEpoch);

    if (state.getRemoteEpoch() + 1 == newRemoteEpoch) {
      setRemoteEpoch(newRemoteEpoch);
      markPacketAsValid();
    }
  } else if (auto data = std::dynamic_pointer_cast<protocol::ApplicationData>(r.Content)) {
    if (h.Epoch == 0) {
      return {false, alert::Alert{alert::Fatal, alert::UnexpectedMessage}, errApplicationDataEpochZero};
    }

    markPacketAsValid();

    go::select(go::send(decrypted, decryptedItem(std::move(data->Data))), go::recv(closed->Done()),
               go::recv(ctx->Done()));
  } else {
    return {false, alert::Alert{alert::Fatal, alert::UnexpectedMessage},
            go::fmt::Errorf("%w: %d", errUnhandledContextType, static_cast<int>(r.Content->ContentType()))};
  }
  return {false, std::nullopt, nullptr};
}

// pion: conn.go Conn.recvHandshake
go::recv_chan<go::chan<go::struct_>> Conn::recvHandshake() { return handshakeRecv; }

// pion: conn.go Conn.notify
go::error Conn::notify(const go::context::Context& ctx, alert::Level level, alert::Description desc) {
  if (level == alert::Fatal && !state.SessionID.empty()) {
    // According to the RFC, we need to delete the stored session.
    // https://datatracker.ietf.org/doc/html/rfc5246#section-7.2
    if (auto ss = fsm->cfg->sessionStore) {
      log->Tracef("clean invalid session: %s", state.SessionID);
      if (auto err = ss->Del(sessionKey()); err) {
        return err;
      }
    }
  }
  auto record = std::make_shared<recordlayer::RecordLayer>();
  record->Header.Epoch = state.getLocalEpoch();
  record->Header.Version = protocol::Version1_2;
  record->Content = std::make_shared<alert::Alert>(level, desc);
  return writePackets(ctx, {packet{record, isHandshakeCompletedSuccessfully(), false}});
}

// pion: conn.go Conn.setHandshakeCompletedSuccessfully
void Conn::setHandshakeCompletedSuccessfully() { handshakeCompletedSuccessfully.store(true); }

// pion: conn.go Conn.isHandshakeCompletedSuccessfully
bool Conn::isHandshakeCompletedSuccessfully() const { return handshakeCompletedSuccessfully.load(); }

// pion: conn.go Conn.handshake
go::error Conn::handshake(const go::context::Context& ctx, std::shared_ptr<handshakeConfig> cfg, flightVal initialFlight,
                          handshakeState initialState) {
  hsCfg = std::move(cfg);
  fsm = std::make_unique<handshakeFSM>(&state, &handshakeCache_, hsCfg.get(), initialFlight);

  auto done = go::make_chan<go::struct_>();
  auto [ctxRead, cancelRead] = go::context::WithCancel(go::context::Background());
  cancelHandshakeReader = cancelRead;
  std::weak_ptr<Conn> weak = weak_from_this();
  hsCfg->onFlightState = [weak, done](flightVal, handshakeState s) {
    auto c = weak.lock();
    if (c && s == handshakeFinished && !c->isHandshakeCompletedSuccessfully()) {
      c->setHandshakeCompletedSuccessfully();
      done.close();
    }
  };

  auto [ctxHs, cancel] = go::context::WithCancel(go::context::Background());
  cancelHandshaker = cancel;

  auto firstErr = go::make_chan<go::error>(1);

  handshakeLoopsFinished.Add(2);

  auto self = shared_from_this();
  // Handshake routine should be live until close.
  // The other party may request retransmission of the last flight to cope with packet drop.
  go::go([self, ctxHs, initialState, firstErr] {
    auto err = self->fsm->Run(ctxHs, *self, initialState);
    if (!err && self->hsCfg->endAtFirstFinished) {
      // Port addition (HandshakeRendezvous other than Faithful): the handshake fiber ended at
      // the first Finished, as webrtc-rs's task does; that is not an error to report.
      if (self->rendezvousTrace) self->rendezvousTrace("handshake fiber ended at Finished; fsm.Done() is closed");
    } else if (!go::errors::Is(err, go::context::Canceled)) {
      go::select(go::send(firstErr, err), go::default_());
    }
    self->handshakeLoopsFinished.Done();
  });
  go::go([self, ctxRead, cancel, firstErr] {
    for (;;) {
      auto err = self->readAndBuffer(ctxRead);
      if (!err) {
        continue;
      }
      const alertError* e = go::errors::As<alertError>(err);
      if (e) {
        if (!e->IsFatalOrCloseNotify()) {
          if (self->isHandshakeCompletedSuccessfully()) {
            // Pass the error to Read()
            go::select(go::send(self->decrypted, decryptedItem(err)), go::recv(self->closed->Done()),
                       go::recv(ctxRead->Done()));
          }
          continue;  // non-fatal alert must not stop read loop
        }
      } else {
        if (go::errors::Is(err, go::context::DeadlineExceeded) || go::errors::Is(err, go::context::Canceled) ||
            go::errors::Is(err, go::io::EOF_)) {
        } else {
          if (self->isHandshakeCompletedSuccessfully()) {
            // Keep read loop and pass the read error to Read()
            go::select(go::send(self->decrypted, decryptedItem(err)), go::recv(self->closed->Done()),
                       go::recv(ctxRead->Done()));
            continue;  // non-fatal alert must not stop read loop
          }
        }
      }

      go::select(go::send(firstErr, err), go::default_());

      if (e) {
        if (e->IsFatalOrCloseNotify()) {
          self->close(false);
        }
      }
      if (!self->isConnectionClosed() && go::errors::Is(err, go::context::Canceled)) {
        self->log->Trace("handshake timeouts - closing underline connection");
        self->close(false);
      }
      break;
    }
    // Go's defers, in their order: handshakeLoopsFinished.Done(), then (escaping read loop)
    // close(c.decrypted) and cancel().
    self->handshakeLoopsFinished.Done();
    // Escaping read loop.
    // It's safe to close decrypted channnel now.
    self->decrypted.close();

    // Force stop handshaker when the underlying connection is closed.
    cancel();
  });

  go::error result;
  go::select(go::recv(firstErr,
                      [&](go::error err) {
                        cancelRead();
                        cancel();
                        handshakeLoopsFinished.Wait();
                        result = translateHandshakeCtxError(err);
                      }),
             go::recv(ctx->Done(),
                      [&] {
                        cancelRead();
                        cancel();
                        handshakeLoopsFinished.Wait();
                        result = translateHandshakeCtxError(ctx->Err());
                      }),
             go::recv(done, [&] { result = nullptr; }));
  return result;
}

// pion: conn.go Conn.translateHandshakeCtxError
go::error Conn::translateHandshakeCtxError(const go::error& err) {
  if (!err) {
    return nullptr;
  }
  if (go::errors::Is(err, go::context::Canceled) && isHandshakeCompletedSuccessfully()) {
    return nullptr;
  }
  return go::make_error<HandshakeError>(err);
}

// pion: conn.go Conn.close
//
// Deviation (the order of v2.2.6's steps, as later Pion has it: pion/dtls f7c6ef6): v2.2.6 cancels
// the handshake reader first and marks the Conn closed last. The cancelled read loop then calls
// close(false) on its own fiber, finds the Conn not yet closed and closes nextConn, racing the
// user's close_notify: with two threads the alert was lost in 1-10% of sessions here, and in Pion
// v2.2.6 itself at GOMAXPROCS=2 (tests/dtls/close_notify_test.cpp). Marking the Conn closed
// first makes that close(false) a no-op, so the user's call sends close_notify and then closes
// nextConn. What each call returns is v2.2.6's: the first user Close nextConn's Close result
// (nil if the Conn was already closed), every later one ErrConnClosed.
go::error Conn::close(bool byUser) {
  closeLock.Lock();
  // Don't return ErrConnClosed at the first time of the call from user.
  const bool closedByUser = connectionClosedByUser;
  if (byUser) {
    connectionClosedByUser = true;
  }
  const bool isClosed = isConnectionClosed();
  closed->Close();
  closeLock.Unlock();

  cancelHandshaker();
  cancelHandshakeReader();

  if (closedByUser) {
    return ErrConnClosed;
  }

  if (isClosed) {
    return nullptr;
  }

  // Deviation, as crypto/tls's Conn.Close does (Pion sends close_notify with no bound): a Write
  // under way when Close is called may be blocked in the transport (a peer that stopped reading
  // a pipe) holding c.lock, which close_notify needs; Close then only closes the transport, which
  // makes that Write return. Otherwise close_notify gets closeNotifyTimeout to be written. Without
  // this Close could wait forever (nettest's CloseTimeout, now and then under load).
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (isHandshakeCompletedSuccessfully() && byUser && writesInFlight.load() == 0) {
    // Discard error from notify() to return non-error on the first user call of Close()
    // even if the underlying connection is already closed.
    auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), closeNotifyTimeout);
    notify(ctx, alert::Warning, alert::CloseNotify);
    cancel();
  }

  return nextConn->Close();
}

// pion: conn.go Conn.isConnectionClosed
bool Conn::isConnectionClosed() const { return go::select(go::recv(closed->Done()), go::default_()) == 0; }

// pion: conn.go Conn.setLocalEpoch
void Conn::setLocalEpoch(std::uint16_t epoch) { state.localEpoch.store(epoch); }

// pion: conn.go Conn.setRemoteEpoch
void Conn::setRemoteEpoch(std::uint16_t epoch) { state.remoteEpoch.store(epoch); }

// pion: conn.go Conn.LocalAddr
std::shared_ptr<const go::net::Addr> Conn::LocalAddr() const { return nextConn->LocalAddr(); }

// pion: conn.go Conn.RemoteAddr
std::shared_ptr<const go::net::Addr> Conn::RemoteAddr() const { return nextConn->RemoteAddr(); }

// pion: conn.go Conn.sessionKey
std::vector<std::uint8_t> Conn::sessionKey() {
  if (state.isClient) {
    // As ServerName can be like 0.example.com, it's better to add
    // delimiter character which is not allowed to be in
    // neither address or domain name.
    auto ra = nextConn->RemoteAddr();
    std::string key = (ra ? ra->String() : std::string("<nil>")) + "_" + fsm->cfg->serverName;
    return std::vector<std::uint8_t>(key.begin(), key.end());
  }
  return state.SessionID;
}

// pion: conn.go Conn.SetDeadline
go::error Conn::SetDeadline(go::time::Time t) {
  readDeadline->Set(t);
  return SetWriteDeadline(t);
}

// pion: conn.go Conn.SetReadDeadline
go::error Conn::SetReadDeadline(go::time::Time t) {
  readDeadline->Set(t);
  // Read deadline is fully managed by this layer.
  // Don't set read deadline to underlying connection.
  return nullptr;
}

// pion: conn.go Conn.SetWriteDeadline
go::error Conn::SetWriteDeadline(go::time::Time t) {
  writeDeadline->Set(t);
  // Write deadline is also fully managed by this layer.
  return nullptr;
}

}  // namespace dtls
