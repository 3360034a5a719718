// pion: config.go
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "chan/context.hpp"
#include "chan/error.hpp"
#include "chan/io.hpp"
#include "chan/time.hpp"
#include "dtls/certificate.hpp"
#include "dtls/cipher_suite.hpp"
#include "dtls/go_x509.hpp"
#include "dtls/pkg/crypto/elliptic/elliptic.hpp"
#include "dtls/pkg/crypto/signaturehash/go_tls.hpp"
#include "dtls/session.hpp"
#include "dtls/srtp_protection_profile.hpp"
#include "logging/logger.hpp"

namespace dtls {

class State;

inline constexpr const char* keyLogLabelTLS12 = "CLIENT_RANDOM";

// pion: config.go PSKCallback
// PSKCallback is called once we have the remote's PSKIdentityHint.
// If the remote provided none it will be nil (here: empty).
using PSKCallback = std::function<std::pair<std::vector<std::uint8_t>, go::error>(std::span<const std::uint8_t>)>;

// pion: config.go ClientAuthType
// ClientAuthType declares the policy the server will follow for
// TLS Client Authentication.
enum ClientAuthType : int {
  NoClientCert = 0,
  RequestClientCert,
  RequireAnyClientCert,
  VerifyClientCertIfGiven,
  RequireAndVerifyClientCert,
};

// pion: config.go ExtendedMasterSecretType
// ExtendedMasterSecretType declares the policy the client and server
// will follow for the Extended Master Secret extension
enum ExtendedMasterSecretType : int {
  RequestExtendedMasterSecret = 0,
  RequireExtendedMasterSecret,
  DisableExtendedMasterSecret,
};

// Go: func(rawCerts [][]byte, verifiedChains [][]*x509.Certificate) error
using VerifyPeerCertificateFunc = std::function<go::error(const std::vector<std::vector<std::uint8_t>>& rawCerts,
                                                          const std::vector<std::vector<go::x509::Certificate>>& verifiedChains)>;
// Go: func(*State) error
using VerifyConnectionFunc = std::function<go::error(const State*)>;
// Go: func(*ClientHelloInfo) (*tls.Certificate, error)
using GetCertificateFunc =
    std::function<std::pair<std::shared_ptr<const go::tls::Certificate>, go::error>(const ClientHelloInfo*)>;
// Go: func(*CertificateRequestInfo) (*tls.Certificate, error)
using GetClientCertificateFunc =
    std::function<std::pair<std::shared_ptr<const go::tls::Certificate>, go::error>(const CertificateRequestInfo*)>;
// Go: func() (context.Context, func())
using ConnectContextMakerFunc = std::function<std::pair<go::context::Context, go::context::CancelFunc>()>;

// Port addition (not in Pion): how Conn.readAndBuffer hands each handshake datagram to the
// handshake fiber. Only the default is Pion; the others reproduce, in this port and with this
// channel library, the shapes discussed in port-notes/rendezvous.md, so that `make demo` can show
// what each one does. Nothing but the demonstration and its tests should set this.
enum class HandshakeRendezvous {
  // Pion: handshakeRecv is unbuffered; readAndBuffer does
  //   select { case c.handshakeRecv <- done: <-done  case <-c.fsm.Done(): }
  // and the handshake fiber runs until the Conn closes.
  Faithful,
  // webrtc-rs v0.11: handshakeRecv has capacity 1, the handshake task ends (and its done signal
  // fires) when the handshake first reaches Finished, and after the send branch the reader waits
  // for `done` alone.
  WebrtcRs,
  // Stop-gap 1: WebrtcRs, but the reader's wait for `done` also returns on the done signal.
  StopGapCheckDone,
  // Stop-gap 2: WebrtcRs with a biased select that polls the done signal before the send.
  StopGapBiased,
  // The fix that landed upstream: WebrtcRs with the handoff made a rendezvous again (the send
  // completes only when the handshake task takes the datagram).
  OneshotFix,
};

// pion: config.go Config
// Config is used to configure a DTLS client or server.
// After a Config is passed to a DTLS function it must not be modified.
//
// Port notes: Go's nil slices that mean "use the default" (CipherSuites) or that are checked
// against nil (PSKIdentityHint) are std::optional; nil funcs are empty std::functions; nil
// pointers/interfaces are null shared_ptrs.
struct Config {
  // Certificates contains certificate chain to present to the other side of the connection.
  // Server MUST set this if PSK is non-nil
  // client SHOULD sets this so CertificateRequests can be handled if PSK is non-nil
  std::vector<go::tls::Certificate> Certificates;

  // CipherSuites is a list of supported cipher suites.
  // If CipherSuites is nil, a default list is used
  std::optional<std::vector<CipherSuiteID>> CipherSuites;

  // CustomCipherSuites is a list of CipherSuites that can be
  // provided by the user. This allow users to user Ciphers that are reserved
  // for private usage.
  CustomCipherSuitesFunc CustomCipherSuites;

  // SignatureSchemes contains the signature and hash schemes that the peer requests to verify.
  std::vector<go::tls::SignatureScheme> SignatureSchemes;

  // SRTPProtectionProfiles are the supported protection profiles
  // Clients will send this via use_srtp and assert that the server properly responds
  // Servers will assert that clients send one of these profiles and will respond as needed
  std::vector<SRTPProtectionProfile> SRTPProtectionProfiles;

  // ClientAuth determines the server's policy for
  // TLS Client Authentication. The default is NoClientCert.
  ClientAuthType ClientAuth = NoClientCert;

  // RequireExtendedMasterSecret determines if the "Extended Master Secret" extension
  // should be disabled, requested, or required (default requested).
  ExtendedMasterSecretType ExtendedMasterSecret = RequestExtendedMasterSecret;

  // FlightInterval controls how often we send outbound handshake messages
  // defaults to time.Second
  go::time::Duration FlightInterval{0};

  // PSK sets the pre-shared key used by this DTLS connection
  // If PSK is non-nil only PSK CipherSuites will be used
  PSKCallback PSK;
  std::optional<std::vector<std::uint8_t>> PSKIdentityHint;

  // InsecureSkipVerify controls whether a client verifies the
  // server's certificate chain and host name.
  // If InsecureSkipVerify is true, TLS accepts any certificate
  // presented by the server and any host name in that certificate.
  // In this mode, TLS is susceptible to man-in-the-middle attacks.
  // This should be used only for testing.
  bool InsecureSkipVerify = false;

  // InsecureHashes allows the use of hashing algorithms that are known
  // to be vulnerable.
  bool InsecureHashes = false;

  // VerifyPeerCertificate, if not nil, is called after normal
  // certificate verification by either a client or server. It
  // receives the certificate provided by the peer and also a flag
  // that tells if normal verification has succeedded. If it returns a
  // non-nil error, the handshake is aborted and that error results.
  //
  // If normal verification fails then the handshake will abort before
  // considering this callback. If normal verification is disabled by
  // setting InsecureSkipVerify, or (for a server) when ClientAuth is
  // RequestClientCert or RequireAnyClientCert, then this callback will
  // be considered but the verifiedChains will always be nil.
  VerifyPeerCertificateFunc VerifyPeerCertificate;

  // VerifyConnection, if not nil, is called after normal certificate
  // verification/PSK and after VerifyPeerCertificate by either a TLS client
  // or server. If it returns a non-nil error, the handshake is aborted
  // and that error results.
  //
  // If normal verification fails then the handshake will abort before
  // considering this callback. This callback will run for all connections
  // regardless of InsecureSkipVerify or ClientAuth settings.
  VerifyConnectionFunc VerifyConnection;

  // RootCAs defines the set of root certificate authorities
  // that one peer uses when verifying the other peer's certificates.
  // If RootCAs is nil, TLS uses the host's root CA set.
  std::shared_ptr<go::x509::CertPool> RootCAs;

  // ClientCAs defines the set of root certificate authorities
  // that servers use if required to verify a client certificate
  // by the policy in ClientAuth.
  std::shared_ptr<go::x509::CertPool> ClientCAs;

  // ServerName is used to verify the hostname on the returned
  // certificates unless InsecureSkipVerify is given.
  std::string ServerName;

  std::shared_ptr<pion::logging::LoggerFactory> LoggerFactory;

  // ConnectContextMaker is a function to make a context used in Dial(),
  // Client(), Server(), and Accept(). If nil, the default ConnectContextMaker
  // is used (a 30-second timeout).
  ConnectContextMakerFunc ConnectContextMaker;

  // MTU is the length at which handshake messages will be fragmented to
  // fit within the maximum transmission unit (default is 1200 bytes)
  int MTU = 0;

  // ReplayProtectionWindow is the size of the replay attack protection window.
  // Duplication of the sequence number is checked in this window size.
  // Packet with sequence number older than this value compared to the latest
  // accepted packet will be discarded. (default is 64)
  int ReplayProtectionWindow = 0;

  // KeyLogWriter optionally specifies a destination for TLS master secrets
  // in NSS key log format that can be used to allow external programs
  // such as Wireshark to decrypt TLS connections.
  // See https://developer.mozilla.org/en-US/docs/Mozilla/Projects/NSS/Key_Log_Format.
  // Use of KeyLogWriter compromises security and should only be
  // used for debugging.
  std::shared_ptr<go::io::Writer> KeyLogWriter;

  // SessionStore is the container to store session for resumption.
  std::shared_ptr<dtls::SessionStore> SessionStore;

  // List of application protocols the peer supports, for ALPN
  std::vector<std::string> SupportedProtocols;

  // List of Elliptic Curves to use
  //
  // If an ECC ciphersuite is configured and EllipticCurves is empty
  // it will default to X25519, P-256, P-384 in this specific order.
  std::vector<pkg::crypto::elliptic::Curve> EllipticCurves;

  // GetCertificate returns a Certificate based on the given
  // ClientHelloInfo. It will only be called if the client supplies SNI
  // information or if Certificates is empty.
  //
  // If GetCertificate is nil or returns nil, then the certificate is
  // retrieved from NameToCertificate. If NameToCertificate is nil, the
  // best element of Certificates will be used.
  GetCertificateFunc GetCertificate;

  // GetClientCertificate, if not nil, is called when a server requests a
  // certificate from a client. If set, the contents of Certificates will
  // be ignored.
  //
  // If GetClientCertificate returns an error, the handshake will be
  // aborted and that error will be returned. Otherwise
  // GetClientCertificate must return a non-nil Certificate. If
  // Certificate.Certificate is empty then no certificate will be sent to
  // the server. If this is unacceptable to the server then it may abort
  // the handshake.
  GetClientCertificateFunc GetClientCertificate;

  // InsecureSkipVerifyHello, if true and when acting as server, allow client to
  // skip hello verify phase and receive ServerHello after initial ClientHello.
  // This have implication on DoS attack resistance.
  bool InsecureSkipVerifyHello = false;

  // Port addition: see HandshakeRendezvous. Default: Pion's.
  HandshakeRendezvous Rendezvous = HandshakeRendezvous::Faithful;
  // Port addition: when set, readAndBuffer reports each handoff decision (which select cases were
  // ready, which fired, where the reader waits) as one line, for the demonstration's traces.
  std::function<void(const std::string&)> RendezvousTrace;

  // pion: config.go Config.connectContextMaker
  std::pair<go::context::Context, go::context::CancelFunc> connectContextMaker() const;
  // pion: config.go Config.includeCertificateSuites
  bool includeCertificateSuites() const;
};

// pion: config.go defaultConnectContextMaker
std::pair<go::context::Context, go::context::CancelFunc> defaultConnectContextMaker();

inline constexpr int defaultMTU = 1200;  // bytes

// pion: config.go defaultCurves
inline const std::vector<pkg::crypto::elliptic::Curve> defaultCurves = {
    pkg::crypto::elliptic::X25519, pkg::crypto::elliptic::P256, pkg::crypto::elliptic::P384};

// pion: config.go validateConfig (config may be null: errNoConfigProvided)
go::error validateConfig(const Config* config);

}  // namespace dtls
