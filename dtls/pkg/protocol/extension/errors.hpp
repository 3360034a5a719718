// pion: pkg/protocol/extension/errors.go
#pragma once

#include "chan/error.hpp"
#include "dtls/pkg/protocol/errors.hpp"

namespace dtls::pkg::protocol::extension {

// ErrALPNInvalidFormat is raised when the ALPN format is invalid
inline const go::error ErrALPNInvalidFormat =
    go::make_error<protocol::FatalError>(go::errors::New("invalid alpn format"));
inline const go::error errALPNNoAppProto =
    go::make_error<protocol::FatalError>(go::errors::New("no application protocol"));
inline const go::error errBufferTooSmall =
    go::make_error<protocol::TemporaryError>(go::errors::New("buffer is too small"));
inline const go::error errInvalidExtensionType =
    go::make_error<protocol::FatalError>(go::errors::New("invalid extension type"));
inline const go::error errInvalidSNIFormat =
    go::make_error<protocol::FatalError>(go::errors::New("invalid server name format"));
inline const go::error errLengthMismatch =
    go::make_error<protocol::InternalError>(go::errors::New("data length and declared length do not match"));

}  // namespace dtls::pkg::protocol::extension
