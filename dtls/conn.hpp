// pion: conn.go
#pragma once

#include <atomic>
#include <functional>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "chan/chan.hpp"
#include "chan/context.hpp"
#include "chan/error.hpp"
#include "chan/net.hpp"
#include "chan/sync.hpp"
#include "chan/time.hpp"
#include "dtls/config.hpp"
#include "dtls/fragment_buffer.hpp"
#include "dtls/handshake_cache.hpp"
#include "dtls/handshaker.hpp"
#include "dtls/internal/closer/closer.hpp"
#include "dtls/packet.hpp"
#include "dtls/pkg/protocol/alert/alert.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"
#include "dtls/state.hpp"
#include "logging/logger.hpp"
#include "transport/connctx/connctx.hpp"

namespace dtls {

inline constexpr go::time::Duration initialTickerInterval = go::time::Second;
inline constexpr int cookieLength = 20;
// Port addition: how long Close waits for its close_notify to be written (crypto/tls's bound).
inline constexpr go::time::Duration closeNotifyTimeout = 5 * go::time::Second;
inline constexpr int sessionLength = 32;
inline constexpr pkg::crypto::elliptic::Curve defaultNamedCurve = pkg::crypto::elliptic::X25519;
inline constexpr int inboundBufferSize = 8192;
// Default replay protection window is specified by RFC 6347 Section 4.1.2.6
inline constexpr int defaultReplayProtectionWindow = 64;

// pion: conn.go invalidKeyingLabels
bool isInvalidKeyingLabel(const std::string& label);

// What Conn.decrypted carries (Go: chan interface{} holding []byte or error).
using decryptedItem = std::variant<std::vector<std::uint8_t>, go::error>;

// pion: conn.go Conn
// Conn represents a DTLS connection
//
// A Conn is always owned by a shared_ptr (createConn makes it); its two handshake fibers hold a
// reference until they exit, as Go's goroutines keep a *Conn alive. Close() stops them.
class Conn final : public go::net::Conn, public flightConn, public std::enable_shared_from_this<Conn> {
 public:
  Conn();
  ~Conn() override;
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  // pion: conn.go Conn.Read
  // Read reads data from the connection.
  std::pair<int, go::error> Read(std::span<std::uint8_t> p) override;
  // pion: conn.go Conn.Write
  // Write writes len(p) bytes from p to the DTLS connection
  std::pair<int, go::error> Write(std::span<const std::uint8_t> p) override;
  // pion: conn.go Conn.Close
  // Close closes the connection.
  go::error Close() override;
  // pion: conn.go Conn.ConnectionState
  // ConnectionState returns basic DTLS details about the connection.
  // Note that this replaced the `Export` function of v1.
  State ConnectionState();
  // pion: conn.go Conn.SelectedSRTPProtectionProfile
  // SelectedSRTPProtectionProfile returns the selected SRTPProtectionProfile
  std::pair<SRTPProtectionProfile, bool> SelectedSRTPProtectionProfile();
  // pion: conn.go Conn.LocalAddr
  // LocalAddr implements net.Conn.LocalAddr
  std::shared_ptr<const go::net::Addr> LocalAddr() const override;
  // pion: conn.go Conn.RemoteAddr
  // RemoteAddr implements net.Conn.RemoteAddr
  std::shared_ptr<const go::net::Addr> RemoteAddr() const override;
  // pion: conn.go Conn.SetDeadline
  // SetDeadline implements net.Conn.SetDeadline
  go::error SetDeadline(go::time::Time t) override;
  // pion: conn.go Conn.SetReadDeadline
  // SetReadDeadline implements net.Conn.SetReadDeadline
  go::error SetReadDeadline(go::time::Time t) override;
  // pion: conn.go Conn.SetWriteDeadline
  // SetWriteDeadline implements net.Conn.SetWriteDeadline
  go::error SetWriteDeadline(go::time::Time t) override;

  // flightConn
  go::error notify(const go::context::Context& ctx, pkg::protocol::alert::Level level,
                   pkg::protocol::alert::Description desc) override;
  go::error writePackets(const go::context::Context& ctx, const std::vector<packet>& pkts) override;
  go::recv_chan<go::chan<go::struct_>> recvHandshake() override;
  void setLocalEpoch(std::uint16_t epoch) override;
  go::error handleQueuedPackets(const go::context::Context& ctx) override;
  std::vector<std::uint8_t> sessionKey() override;

  // The rest mirrors conn.go's unexported methods and fields, public so that the ported tests
  // (which live in package dtls in Go) can reach them as Pion's tests do.

  // pion: conn.go Conn.compactRawPackets
  std::vector<std::vector<std::uint8_t>> compactRawPackets(std::vector<std::vector<std::uint8_t>> rawPackets);
  // pion: conn.go Conn.processPacket
  std::pair<std::vector<std::uint8_t>, go::error> processPacket(const packet& p);
  // pion: conn.go Conn.processHandshakePacket
  std::pair<std::vector<std::vector<std::uint8_t>>, go::error> processHandshakePacket(
      const packet& p, const pkg::protocol::handshake::Handshake& h);
  // pion: conn.go Conn.fragmentHandshake
  std::pair<std::vector<std::vector<std::uint8_t>>, go::error> fragmentHandshake(const pkg::protocol::handshake::Handshake& h);
  // pion: conn.go Conn.readAndBuffer
  go::error readAndBuffer(const go::context::Context& ctx);
  // The handoff at the end of readAndBuffer (Pion's select; other shapes for the demonstration).
  void handoffHandshake(const go::context::Context& ctx);
  // pion: conn.go Conn.handleIncomingPacket
  // Returns (isHandshake, alert (nullopt = nil), err).
  std::tuple<bool, std::optional<pkg::protocol::alert::Alert>, go::error> handleIncomingPacket(
      const go::context::Context& ctx, std::vector<std::uint8_t> buf, bool enqueue);
  // pion: conn.go Conn.setHandshakeCompletedSuccessfully
  void setHandshakeCompletedSuccessfully();
  // pion: conn.go Conn.isHandshakeCompletedSuccessfully
  bool isHandshakeCompletedSuccessfully() const;
  // pion: conn.go Conn.handshake
  go::error handshake(const go::context::Context& ctx, std::shared_ptr<handshakeConfig> cfg, flightVal initialFlight,
                      handshakeState initialState);
  // pion: conn.go Conn.translateHandshakeCtxError
  go::error translateHandshakeCtxError(const go::error& err);
  // pion: conn.go Conn.close
  go::error close(bool byUser);
  // pion: conn.go Conn.isConnectionClosed
  bool isConnectionClosed() const;
  // pion: conn.go Conn.setRemoteEpoch
  void setRemoteEpoch(std::uint16_t epoch);

  go::sync::Mutex lock;  // Internal lock (must not be public) — Go: sync.RWMutex
  std::shared_ptr<pion::transport::connctx::ConnCtx> nextConn;  // Embedded Conn, typically a udpconn we read/write from
  fragmentBuffer fragmentBuffer_;                               // out-of-order and missing fragment handling
  handshakeCache handshakeCache_;                               // caching of handshake messages for verifyData generation
  go::chan<decryptedItem> decrypted;                            // Decrypted Application Data or error, pull by calling `Read`

  State state;  // Internal state

  int maximumTransmissionUnit = 0;

  std::atomic<bool> handshakeCompletedSuccessfully{false};

  std::vector<std::vector<std::uint8_t>> encryptedPackets;

  bool connectionClosedByUser = false;
  go::sync::Mutex closeLock;
  // Deviation (crypto/tls's Conn.Close interlock, not in Pion): the user Writes under way. Close
  // skips close_notify while one is, so that a Write blocked in the transport cannot hold Close.
  std::atomic<int> writesInFlight{0};
  std::unique_ptr<internal::closer::Closer> closed;
  go::sync::WaitGroup handshakeLoopsFinished;

  std::shared_ptr<pion::transport::deadline::Deadline> readDeadline;
  std::shared_ptr<pion::transport::deadline::Deadline> writeDeadline;

  std::shared_ptr<pion::logging::LeveledLogger> log;

  go::chan<go::struct_> reading;
  go::chan<go::chan<go::struct_>> handshakeRecv;
  go::context::CancelFunc cancelHandshaker;
  go::context::CancelFunc cancelHandshakeReader;

  std::shared_ptr<handshakeConfig> hsCfg;  // owned here; Go's fsm.cfg pointer keeps it alive
  std::unique_ptr<handshakeFSM> fsm;

  unsigned replayProtectionWindow = 0;

  // Port additions: the read loop's buffer (Go: poolReadBuffer), and the handoff shape and its
  // trace (config.hpp HandshakeRendezvous; Faithful unless the demonstration sets another).
  std::vector<std::uint8_t> readBuffer;
  // Port addition (createConn's helloVerified): until the verified ClientHello arrives, the read
  // loop waits for it to learn the message sequence the handshake continues from.
  bool awaitVerifiedHello = false;
  void startAtVerifiedHello(std::span<const std::uint8_t> record, std::uint64_t recordSequence);
  HandshakeRendezvous rendezvous = HandshakeRendezvous::Faithful;
  std::function<void(const std::string&)> rendezvousTrace;
};

// pion: conn.go createConn (initialState may be null)
// Port addition: helloVerified (server only) says the cookie exchange was done before the Conn
// existed, by dtls::Listen's helloVerifier; the first ClientHello the Conn reads carries the cookie.
std::pair<std::shared_ptr<Conn>, go::error> createConn(const go::context::Context& ctx, std::shared_ptr<go::net::Conn> nextConn,
                                                       const Config* config, bool isClient, const State* initialState,
                                                       bool helloVerified = false);

// pion: conn.go Dial
// Dial connects to the given network address and establishes a DTLS connection on top.
// Connection handshake will timeout using ConnectContextMaker in the Config.
// If you want to specify the timeout duration, use DialWithContext() instead.
std::pair<std::shared_ptr<Conn>, go::error> Dial(std::string_view network, const go::net::UDPAddr* raddr, const Config* config);

// pion: conn.go Client
// Client establishes a DTLS connection over an existing connection.
// Connection handshake will timeout using ConnectContextMaker in the Config.
// If you want to specify the timeout duration, use ClientWithContext() instead.
std::pair<std::shared_ptr<Conn>, go::error> Client(std::shared_ptr<go::net::Conn> conn, const Config* config);

// pion: conn.go Server
// Server listens for incoming DTLS connections.
// Connection handshake will timeout using ConnectContextMaker in the Config.
// If you want to specify the timeout duration, use ServerWithContext() instead.
std::pair<std::shared_ptr<Conn>, go::error> Server(std::shared_ptr<go::net::Conn> conn, const Config* config);

// pion: conn.go DialWithContext
// DialWithContext connects to the given network address and establishes a DTLS connection on top.
std::pair<std::shared_ptr<Conn>, go::error> DialWithContext(const go::context::Context& ctx, std::string_view network,
                                                            const go::net::UDPAddr* raddr, const Config* config);

// pion: conn.go ClientWithContext
// ClientWithContext establishes a DTLS connection over an existing connection.
std::pair<std::shared_ptr<Conn>, go::error> ClientWithContext(const go::context::Context& ctx, std::shared_ptr<go::net::Conn> conn,
                                                              const Config* config);

// pion: conn.go ServerWithContext
// ServerWithContext listens for incoming DTLS connections.
std::pair<std::shared_ptr<Conn>, go::error> ServerWithContext(const go::context::Context& ctx, std::shared_ptr<go::net::Conn> conn,
                                                              const Config* config);

}  // namespace dtls
