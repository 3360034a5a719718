// dtlscat's command line: the subcommand, the address and every flag, parsed and checked before
// anything touches the network, so that a usage error always ends with a one-line message and
// exit status 2. (Ours; no Go origin.)
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chan/net.hpp"
#include "chan/time.hpp"
#include "dtls/config.hpp"

namespace dtlscat {

enum class Mode { Connect, Listen, Ciphers, Help };

struct Options {
  Mode mode = Mode::Help;
  std::string address;                     // as given
  std::string host;                        // HOST of HOST:PORT (connect), for --server-name's default
  std::shared_ptr<go::net::UDPAddr> addr;  // resolved

  std::string certFile, keyFile, caFile;
  std::optional<std::vector<std::uint8_t>> psk;
  std::string pskIdentity = "dtlscat";
  std::optional<std::vector<dtls::CipherSuiteID>> ciphers;
  std::vector<std::string> alpn;
  std::vector<dtls::SRTPProtectionProfile> srtp;
  std::optional<dtls::ClientAuthType> clientAuth;
  dtls::ExtendedMasterSecretType ems = dtls::RequestExtendedMasterSecret;
  std::optional<std::string> serverName;
  int mtu = 0;
  go::time::Duration timeout = 30 * go::time::Second;
  go::time::Duration linger{0};
  std::string ekmLabel;
  int ekmLength = 0;
  std::string keylogFile;
  bool verbose = false;
  bool quiet = false;
  bool acceptMany = false;
};

// Parses argv. On a usage error returns false with `error` set to a one-line message (no
// "dtlscat: " prefix, no newline).
bool ParseFlags(int argc, char** argv, Options& o, std::string& error);

// The --help text.
std::string Usage();

// `dtlscat ciphers`: the cipher suites and SRTP profiles this build knows, by name.
std::string CipherList();

// go: time/format.go ParseDuration ("300ms", "1.5s", "1m30s"; units ns, us, µs, ms, s, m, h).
bool ParseDuration(const std::string& s, go::time::Duration& d);

// The name of an SRTP protection profile (Pion's constant name), or its hex value.
std::string SRTPProfileName(dtls::SRTPProtectionProfile p);

}  // namespace dtlscat
