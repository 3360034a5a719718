// pion: fragment_buffer.go
#include "dtls/fragment_buffer.hpp"

#include <algorithm>
#include <unordered_map>

#include "dtls/pkg/protocol/content.hpp"

namespace dtls {

namespace protocol = pkg::protocol;
namespace handshake = pkg::protocol::handshake;
namespace recordlayer = pkg::protocol::recordlayer;

// pion: fragment_buffer.go fragmentBuffer.size
// current total size of buffer
std::size_t fragmentBuffer::size() const { return totalSize; }

// pion: fragment_buffer.go fragmentBuffer.push
// Attempts to push a DTLS packet to the fragmentBuffer
// when it returns true it means the fragmentBuffer has inserted and the buffer shouldn't be handled
// when an error returns it is fatal, and the DTLS connection should be stopped
std::pair<bool, go::error> fragmentBuffer::push(std::span<const std::uint8_t> buf) {
  if (size() + buf.size() >= fragmentBufferMaxSize) {
    return {false, errFragmentBufferOverflow};
  }

  fragment frag;
  if (auto err = frag.recordLayerHeader.Unmarshal(buf)) {
    return {false, err};
  }

  // fragment isn't a handshake, we don't need to handle it
  if (frag.recordLayerHeader.ContentType != protocol::ContentTypeHandshake) {
    return {false, nullptr};
  }

  // (Unmarshal has checked that buf holds at least recordlayer.HeaderSize bytes.)
  // Go's `frag = new(fragment)` keeps nothing of the previous fragment, recordLayerHeader included:
  // only the first fragment of a record carries the record layer header.
  for (buf = buf.subspan(recordlayer::HeaderSize); !buf.empty(); frag = fragment{}) {
    if (auto err = frag.handshakeHeader.Unmarshal(buf)) {
      return {false, err};
    }

    auto& frags = cache[frag.handshakeHeader.MessageSequence];

    // end index should be the length of handshake header but if the handshake
    // was fragmented, we should keep them all
    std::size_t end = static_cast<std::size_t>(handshake::HeaderLength) + frag.handshakeHeader.Length;
    if (std::size_t size = buf.size(); end > size) {
      end = size;
    }

    // Discard all headers, when rebuilding the packet we will re-build
    frag.data.assign(buf.begin() + handshake::HeaderLength, buf.begin() + static_cast<std::ptrdiff_t>(end));
    totalSize += handshake::HeaderLength + frag.data.size();
    frags.push_back(std::move(frag));
    buf = buf.subspan(end);
  }

  return {true, nullptr};
}

// pion: fragment_buffer.go fragmentBuffer.pop
std::pair<std::vector<std::uint8_t>, std::uint16_t> fragmentBuffer::pop() {
  auto it = cache.find(currentMessageSequenceNumber);
  if (it == cache.end()) {
    return {{}, 0};
  }
  const auto& frags = it->second;
  if (frags.empty()) {
    return {{}, 0};
  }

  // Go collects the message with a recursive lambda, appendMessage(targetOffset): it takes the
  // first fragment whose FragmentOffset == targetOffset, recurses to that fragment's end unless
  // the fragment ends the message (or is empty), and prepends its data; a missing target fails
  // the whole pop. The port walks the same chain iteratively (a peer controls the chain's length,
  // which would bound the recursion depth only by the buffer size) and looks fragments up by
  // offset in an index holding the first fragment per offset, as Go's linear scan finds.
  std::unordered_map<std::uint32_t, const fragment*> firstAtOffset;
  firstAtOffset.reserve(frags.size());
  for (const auto& f : frags) {
    firstAtOffset.emplace(f.handshakeHeader.FragmentOffset, &f);
  }

  std::vector<const fragment*> chain;
  std::size_t messageSize = 0;
  // Recursively collect up
  for (std::uint32_t targetOffset = 0;;) {
    auto found = firstAtOffset.find(targetOffset);
    if (found == firstAtOffset.end()) {
      return {{}, 0};
    }
    const fragment* f = found->second;
    chain.push_back(f);
    messageSize += f->data.size();
    // Offsets and lengths are uint24, so the sum cannot wrap a uint32.
    std::uint32_t fragmentEnd = f->handshakeHeader.FragmentOffset + f->handshakeHeader.FragmentLength;
    if (fragmentEnd != f->handshakeHeader.Length && f->handshakeHeader.FragmentLength != 0) {
      // fragmentEnd > targetOffset here, so the walk always terminates.
      targetOffset = fragmentEnd;
      continue;
    }
    break;
  }

  handshake::Header firstHeader = frags[0].handshakeHeader;
  firstHeader.FragmentOffset = 0;
  firstHeader.FragmentLength = firstHeader.Length;

  auto [rawHeader, err] = firstHeader.Marshal();
  if (err) {
    return {{}, 0};
  }

  std::vector<std::uint8_t> content = std::move(rawHeader);
  content.reserve(content.size() + messageSize);
  for (const fragment* f : chain) {
    content.insert(content.end(), f->data.begin(), f->data.end());
  }

  std::uint16_t messageEpoch = frags[0].recordLayerHeader.Epoch;

  std::size_t removed = 0;
  for (const auto& f : frags) {
    removed += handshake::HeaderLength + f.data.size();
  }
  totalSize -= removed;
  cache.erase(it);
  currentMessageSequenceNumber++;
  return {std::move(content), messageEpoch};
}

}  // namespace dtls
