// pion: pkg/protocol/handshake/errors.go
#pragma once

#include "chan/error.hpp"
#include "dtls/pkg/protocol/errors.hpp"

namespace dtls::pkg::protocol::handshake {

// Typed errors
inline const go::error errUnableToMarshalFragmented = go::make_error<protocol::InternalError>(
    go::errors::New("unable to marshal fragmented handshakes"));
inline const go::error errHandshakeMessageUnset = go::make_error<protocol::InternalError>(
    go::errors::New("handshake message unset, unable to marshal"));
inline const go::error errBufferTooSmall =
    go::make_error<protocol::TemporaryError>(go::errors::New("buffer is too small"));
inline const go::error errLengthMismatch = go::make_error<protocol::InternalError>(
    go::errors::New("data length and declared length do not match"));
inline const go::error errInvalidClientKeyExchange = go::make_error<protocol::FatalError>(
    go::errors::New("unable to determine if ClientKeyExchange is a public key or PSK Identity"));
inline const go::error errInvalidHashAlgorithm =
    go::make_error<protocol::FatalError>(go::errors::New("invalid hash algorithm"));
inline const go::error errInvalidSignatureAlgorithm =
    go::make_error<protocol::FatalError>(go::errors::New("invalid signature algorithm"));
inline const go::error errCookieTooLong =
    go::make_error<protocol::FatalError>(go::errors::New("cookie must not be longer then 255 bytes"));
inline const go::error errInvalidEllipticCurveType =
    go::make_error<protocol::FatalError>(go::errors::New("invalid or unknown elliptic curve type"));
inline const go::error errInvalidNamedCurve =
    go::make_error<protocol::FatalError>(go::errors::New("invalid named curve"));
inline const go::error errCipherSuiteUnset = go::make_error<protocol::FatalError>(
    go::errors::New("server hello can not be created without a cipher suite"));
inline const go::error errCompressionMethodUnset = go::make_error<protocol::FatalError>(
    go::errors::New("server hello can not be created without a compression method"));
inline const go::error errInvalidCompressionMethod =
    go::make_error<protocol::FatalError>(go::errors::New("invalid or unknown compression method"));
inline const go::error errNotImplemented =
    go::make_error<protocol::InternalError>(go::errors::New("feature has not been implemented yet"));

}  // namespace dtls::pkg::protocol::handshake
