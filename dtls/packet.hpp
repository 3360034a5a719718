// pion: packet.go
#pragma once

#include <memory>

#include "dtls/pkg/protocol/recordlayer/recordlayer.hpp"

namespace dtls {

// pion: packet.go packet
// (Go passes []*packet; the record is what is shared and mutated — its header's epoch and sequence
// number are filled in as the flight is prepared and sent — so here a packet is a small value
// holding the record by shared_ptr, and flights are std::vector<packet>.)
struct packet {
  std::shared_ptr<pkg::protocol::recordlayer::RecordLayer> record;
  bool shouldEncrypt = false;
  bool resetLocalSequenceNumber = false;
};

}  // namespace dtls
