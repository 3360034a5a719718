// pion: pkg/protocol/recordlayer/errors.go
// Package recordlayer implements the TLS Record Layer https://tools.ietf.org/html/rfc5246#section-6
#pragma once

#include "chan/error.hpp"
#include "dtls/pkg/protocol/errors.hpp"

namespace dtls::pkg::protocol::recordlayer {

inline const go::error errBufferTooSmall =
    go::make_error<protocol::TemporaryError>(go::errors::New("buffer is too small"));
inline const go::error errInvalidPacketLength =
    go::make_error<protocol::TemporaryError>(go::errors::New("packet length and declared length do not match"));
inline const go::error errSequenceNumberOverflow =
    go::make_error<protocol::InternalError>(go::errors::New("sequence number overflow"));
inline const go::error errUnsupportedProtocolVersion =
    go::make_error<protocol::FatalError>(go::errors::New("unsupported protocol version"));
inline const go::error errInvalidContentType =
    go::make_error<protocol::TemporaryError>(go::errors::New("invalid content type"));

}  // namespace dtls::pkg::protocol::recordlayer
