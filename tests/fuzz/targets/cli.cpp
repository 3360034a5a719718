// The command-line tool's input parsing: dtlscat's flags (dtls/cmd/dtlscat/flags.cpp, already a
// function of argv) and the PEM parsing dtlscat does through the examples' util (PEMDecode,
// X509KeyPair) and x509.CertPool. (Ours; no Go origin.)
#include <string>
#include <string_view>
#include <vector>

#include "dtls/cmd/dtlscat/flags.hpp"
#include "dtls/examples/util/util.hpp"
#include "dtls/go_x509.hpp"
#include "tests/fuzz/targets.hpp"

namespace dtls::fuzz {

void DtlscatFlags(std::span<const std::uint8_t> in) {
  // argv[0], then the input's NUL-separated strings.
  std::vector<std::string> args{"dtlscat"};
  std::string cur;
  for (auto b : in) {
    if (b == 0) {
      args.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(static_cast<char>(b));
    }
  }
  if (!cur.empty()) {
    args.push_back(cur);
  }
  std::vector<char*> argv;
  for (auto& a : args) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  dtlscat::Options o;
  std::string error;
  const bool ok = dtlscat::ParseFlags(static_cast<int>(args.size()), argv.data(), o, error);
  if (!ok && error.empty()) {
    __builtin_trap();  // a usage error always carries its message
  }
  if (!ok && error.find('\n') != std::string::npos) {
    __builtin_trap();  // ... on one line
  }
}

void Pem(std::span<const std::uint8_t> in) {
  const std::string_view all(reinterpret_cast<const char*>(in.data()), in.size());
  {
    std::string_view rest = all;
    dtls::examples::util::PEMBlock block;
    std::size_t guard = 0;
    while (dtls::examples::util::PEMDecode(rest, block)) {
      if (++guard > all.size() + 1) {
        __builtin_trap();  // PEMDecode must consume input on every block
      }
    }
  }
  const auto nul = all.find('\0');
  const std::string_view certPEM = all.substr(0, nul);
  const std::string_view keyPEM = nul == std::string_view::npos ? std::string_view{} : all.substr(nul + 1);
  (void)dtls::examples::util::X509KeyPair(certPEM, keyPEM);
  auto pool = go::x509::NewCertPool();
  (void)pool->AppendCertsFromPEM(in);
}

}  // namespace dtls::fuzz
