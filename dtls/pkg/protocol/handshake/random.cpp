// pion: pkg/protocol/handshake/random.go
#include "dtls/pkg/protocol/handshake/random.hpp"

#include <botan/system_rng.h>

#include <algorithm>
#include <exception>
#include <span>

#include "dtls/internal/util/util.hpp"

namespace dtls::pkg::protocol::handshake {

namespace util = dtls::internal::util;

// pion: pkg/protocol/handshake/random.go Random.MarshalFixed
// MarshalFixed encodes the Handshake
std::array<std::uint8_t, RandomLength> Random::MarshalFixed() const {
  std::array<std::uint8_t, RandomLength> out{};

  // time.Time.Unix(): whole seconds since the epoch, rounded towards negative infinity.
  const auto unix = std::chrono::floor<std::chrono::seconds>(GMTUnixTime.time_since_epoch()).count();
  util::PutBigEndianUint32(out, static_cast<std::uint32_t>(unix));
  std::copy(RandomBytes.begin(), RandomBytes.end(), out.begin() + 4);

  return out;
}

// pion: pkg/protocol/handshake/random.go Random.UnmarshalFixed
// UnmarshalFixed populates the message from encoded data
void Random::UnmarshalFixed(const std::array<std::uint8_t, RandomLength>& data) {
  GMTUnixTime = std::chrono::system_clock::time_point(
      std::chrono::seconds(static_cast<std::int64_t>(util::BigEndianUint32(data))));
  std::copy(data.begin() + 4, data.end(), RandomBytes.begin());
}

// pion: pkg/protocol/handshake/random.go Random.Populate
// Populate fills the handshakeRandom with random values
// may be called multiple times
go::error Random::Populate() {
  GMTUnixTime = std::chrono::system_clock::now();

  // crypto/rand.Read -> Botan's system RNG; a failure is reported as Go's rand.Read error would be.
  std::array<std::uint8_t, RandomBytesLength> tmp{};
  go::error err;
  try {
    Botan::system_rng().randomize(tmp.data(), tmp.size());
  } catch (const std::exception& e) {
    err = go::errors::New(e.what());
  }
  RandomBytes = tmp;

  return err;
}

}  // namespace dtls::pkg::protocol::handshake
