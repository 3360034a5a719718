// pion: pkg/crypto/ciphersuite/ciphersuite.go
// Package ciphersuite provides the crypto operations needed for a DTLS CipherSuite
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/protocol/errors.hpp"
#include "dtls/pkg/protocol/recordlayer/header.hpp"

namespace dtls::pkg::crypto::ciphersuite {

inline const go::error errNotEnoughRoomForNonce =
    go::make_error<protocol::InternalError>(go::errors::New("buffer not long enough to contain nonce"));
inline const go::error errDecryptPacket =
    go::make_error<protocol::TemporaryError>(go::errors::New("failed to decrypt packet"));
inline const go::error errInvalidMAC = go::make_error<protocol::TemporaryError>(go::errors::New("invalid mac"));
inline const go::error errFailedToCast = go::make_error<protocol::FatalError>(go::errors::New("failed to cast"));

// pion: pkg/crypto/ciphersuite/ciphersuite.go generateAEADAdditionalData
// port: Go returns a 13-byte slice; the fixed-size array is the same bytes without a heap allocation.
std::array<std::uint8_t, 13> generateAEADAdditionalData(const protocol::recordlayer::Header& h, int payloadLen);

// pion: pkg/crypto/ciphersuite/ciphersuite.go examinePadding
// examinePadding returns, in constant time, the length of the padding to remove
// from the end of payload. It also returns a byte which is equal to 255 if the
// padding was valid and 0 otherwise. See RFC 2246, Section 6.2.3.2.
//
// https://github.com/golang/go/blob/039c2081d1178f90a8fa2f4e6958693129f8de33/src/crypto/tls/conn.go#L245
std::pair<int, std::uint8_t> examinePadding(std::span<const std::uint8_t> payload);

}  // namespace dtls::pkg::crypto::ciphersuite
