// pion: pkg/protocol/recordlayer/recordlayer.go
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/protocol/content.hpp"
#include "dtls/pkg/protocol/recordlayer/header.hpp"

namespace dtls::pkg::protocol::recordlayer {

// pion: pkg/protocol/recordlayer/recordlayer.go RecordLayer
// RecordLayer which handles all data transport.
// The record layer is assumed to sit directly on top of some
// reliable transport such as TCP. The record layer can carry four types of content:
//
// 1. Handshake messages—used for algorithm negotiation and key establishment.
// 2. ChangeCipherSpec messages—really part of the handshake but technically a separate kind of message.
// 3. Alert messages—used to signal that errors have occurred
// 4. Application layer data
//
// The DTLS record layer is extremely similar to that of TLS 1.1.  The
// only change is the inclusion of an explicit sequence number in the
// record.  This sequence number allows the recipient to correctly
// verify the TLS MAC.
//
// https://tools.ietf.org/html/rfc4347#section-4.1
struct RecordLayer {
  recordlayer::Header Header;
  std::shared_ptr<protocol::Content> Content;

  // Marshal encodes the RecordLayer to binary
  std::pair<std::vector<std::uint8_t>, go::error> Marshal();
  // Unmarshal populates the RecordLayer from binary
  go::error Unmarshal(std::span<const std::uint8_t> data);
};

// pion: pkg/protocol/recordlayer/recordlayer.go UnpackDatagram
// UnpackDatagram extracts all RecordLayer messages from a single datagram.
// Note that as with TLS, multiple handshake messages may be placed in
// the same DTLS record, provided that there is room and that they are
// part of the same flight.  Thus, there are two acceptable ways to pack
// two DTLS messages into the same datagram: in the same record or in
// separate records.
// https://tools.ietf.org/html/rfc6347#section-4.2.3
//
// Go returns sub-slices aliasing buf; here each record is a copy.
std::pair<std::vector<std::vector<std::uint8_t>>, go::error> UnpackDatagram(std::span<const std::uint8_t> buf);

}  // namespace dtls::pkg::protocol::recordlayer
