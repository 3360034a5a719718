// pion: pkg/crypto/signaturehash/errors.go
#pragma once

#include "chan/error.hpp"

namespace dtls::pkg::crypto::signaturehash {

inline const go::error errNoAvailableSignatureSchemes =
    go::errors::New("connection can not be created, no SignatureScheme satisfy this Config");
inline const go::error errInvalidSignatureAlgorithm = go::errors::New("invalid signature algorithm");
inline const go::error errInvalidHashAlgorithm = go::errors::New("invalid hash algorithm");

}  // namespace dtls::pkg::crypto::signaturehash
