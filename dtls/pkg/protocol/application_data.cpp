// pion: pkg/protocol/application_data.go
#include "dtls/pkg/protocol/application_data.hpp"

namespace dtls::pkg::protocol {

// pion: pkg/protocol/application_data.go ApplicationData.ContentType
protocol::ContentType ApplicationData::ContentType() const { return ContentTypeApplicationData; }

// pion: pkg/protocol/application_data.go ApplicationData.Marshal
std::pair<std::vector<std::uint8_t>, go::error> ApplicationData::Marshal() { return {Data, nullptr}; }

// pion: pkg/protocol/application_data.go ApplicationData.Unmarshal
go::error ApplicationData::Unmarshal(std::span<const std::uint8_t> data) {
  Data.assign(data.begin(), data.end());
  return nullptr;
}

}  // namespace dtls::pkg::protocol
