// pion: fragment_buffer.go
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/errors.hpp"
#include "dtls/pkg/protocol/handshake/header.hpp"
#include "dtls/pkg/protocol/recordlayer/header.hpp"

namespace dtls {


// 2 megabytes
inline constexpr std::size_t fragmentBufferMaxSize = 2000000;

// pion: fragment_buffer.go fragment
struct fragment {
  pkg::protocol::recordlayer::Header recordLayerHeader;
  pkg::protocol::handshake::Header handshakeHeader;
  std::vector<std::uint8_t> data;
};

// pion: fragment_buffer.go fragmentBuffer
class fragmentBuffer {
 public:
  fragmentBuffer() = default;

  // pion: fragment_buffer.go fragmentBuffer.size
  // current total size of buffer
  //
  // Port note: counts, besides each fragment's data (all that Pion counts), handshake.HeaderLength
  // per stored fragment, so that a flood of zero-length fragments is bounded too (in Pion such
  // fragments cost nothing in size() and could accumulate without limit). The value is kept up to
  // date by push/pop instead of being recomputed over every fragment on each push.
  std::size_t size() const;

  // pion: fragment_buffer.go fragmentBuffer.push
  // Attempts to push a DTLS packet to the fragmentBuffer
  // when it returns true it means the fragmentBuffer has inserted and the buffer shouldn't be handled
  // when an error returns it is fatal, and the DTLS connection should be stopped
  std::pair<bool, go::error> push(std::span<const std::uint8_t> buf);

  // pion: fragment_buffer.go fragmentBuffer.pop
  // Returns (content, epoch); content is empty (Go: nil) when the current message is not complete.
  std::pair<std::vector<std::uint8_t>, std::uint16_t> pop();

  // Port addition: the next message pop() returns is the one with this sequence number (a Conn
  // made after a stateless cookie exchange starts at its verified ClientHello's).
  void startAt(std::uint16_t messageSequence) { currentMessageSequenceNumber = messageSequence; }

 private:
  // map of MessageSequenceNumbers that hold slices of fragments
  std::map<std::uint16_t, std::vector<fragment>> cache;

  std::uint16_t currentMessageSequenceNumber = 0;

  // Port addition: the running value of size().
  std::size_t totalSize = 0;
};

// pion: fragment_buffer.go newFragmentBuffer
// (Go returns *fragmentBuffer; here the value.)
inline fragmentBuffer newFragmentBuffer() { return fragmentBuffer{}; }

}  // namespace dtls
