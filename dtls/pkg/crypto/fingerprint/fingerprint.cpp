// pion: pkg/crypto/fingerprint/fingerprint.go
#include "dtls/pkg/crypto/fingerprint/fingerprint.hpp"

#include <botan/hex.h>

#include <cstdint>
#include <vector>

namespace dtls::pkg::crypto::fingerprint {

// pion: pkg/crypto/fingerprint/fingerprint.go Fingerprint
// Fingerprint creates a fingerprint for a certificate using the specified hash algorithm
std::pair<std::string, go::error> Fingerprint(const Botan::X509_Certificate& cert, go::crypto::Hash algo) {
  if (!go::crypto::Available(algo)) {
    return {"", errHashUnavailable};
  }
  auto h = go::crypto::New(algo);
  // cert.Raw: the DER encoding
  const std::vector<std::uint8_t> raw = cert.BER_encode();
  h->update(raw.data(), raw.size());
  // fmt.Sprintf("%x", h.Sum(nil))
  const std::string digest = Botan::hex_encode(h->final(), false);

  const std::size_t digestlen = digest.size();
  if (digestlen == 0) {
    return {"", nullptr};
  }
  if (digestlen % 2 != 0) {
    return {"", errInvalidFingerprintLength};
  }
  std::string res((digestlen >> 1) + digestlen - 1, '\0');

  std::size_t pos = 0;
  for (std::size_t i = 0; i < digestlen; ++i) {
    res[pos] = digest[i];
    pos++;
    if ((i) % 2 != 0 && i < digestlen - 1) {
      res[pos] = ':';
      pos++;
    }
  }

  return {std::move(res), nullptr};
}

}  // namespace dtls::pkg::crypto::fingerprint
