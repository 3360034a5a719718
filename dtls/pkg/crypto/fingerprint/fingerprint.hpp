// pion: pkg/crypto/fingerprint/fingerprint.go
// Package fingerprint provides a helper to create fingerprint string from certificate
#pragma once

#include <botan/x509cert.h>

#include <string>
#include <utility>

#include "chan/error.hpp"
#include "dtls/pkg/crypto/hash/go_crypto_hash.hpp"

namespace dtls::pkg::crypto::fingerprint {

inline const go::error errHashUnavailable =
    go::errors::New("fingerprint: hash algorithm is not linked into the binary");
inline const go::error errInvalidFingerprintLength = go::errors::New("fingerprint: invalid fingerprint length");

// pion: pkg/crypto/fingerprint/fingerprint.go Fingerprint
// Fingerprint creates a fingerprint for a certificate using the specified hash algorithm
// (cert.Raw is cert.BER_encode(), the certificate's DER.)
std::pair<std::string, go::error> Fingerprint(const Botan::X509_Certificate& cert, go::crypto::Hash algo);

}  // namespace dtls::pkg::crypto::fingerprint
