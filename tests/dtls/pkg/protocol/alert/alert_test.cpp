// pion: pkg/protocol/alert/alert_test.go
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "dtls/pkg/protocol/alert/alert.hpp"

namespace protocol = dtls::pkg::protocol;
namespace alert = dtls::pkg::protocol::alert;

// pion: pkg/protocol/alert/alert_test.go TestAlert
TEST(Alert, Alert) {
  struct test {
    std::string Name;
    std::vector<std::uint8_t> Data;
    alert::Alert Want;
    go::error WantUnmarshalError;
  };
  for (const auto& tc : std::vector<test>{
           {
               "Valid Alert",
               {0x02, 0x0A},
               alert::Alert{alert::Fatal, alert::UnexpectedMessage},
               nullptr,
           },
           {
               "Invalid alert length",
               {0x00},
               alert::Alert{},
               alert::errBufferTooSmall,
           },
       }) {
    alert::Alert a;
    auto err = a.Unmarshal(tc.Data);
    if (!go::errors::Is(err, tc.WantUnmarshalError)) {
      ADD_FAILURE() << "Unexpected Error " << tc.Name << ": exp: " << tc.WantUnmarshalError.Error()
                    << " got: " << err.Error();
    } else {
      EXPECT_EQ(a, tc.Want) << tc.Name << " alert.unmarshal: got " << a.String() << ", want " << tc.Want.String();
    }

    if (tc.WantUnmarshalError) {
      // Pion's test returns here (after its first error case, which is also its last).
      return;
    }

    auto [data, marshalErr] = a.Marshal();
    if (marshalErr) {
      ADD_FAILURE() << "Unexpected Error " << tc.Name << ": got: " << marshalErr.Error();
    } else {
      EXPECT_EQ(data, tc.Data) << tc.Name << " alert.marshal";
    }
  }
}

// Round trip, every truncation/extension, and strings (beyond Pion's test).
TEST(Alert, RoundTripAndBadInput) {
  alert::Alert a{alert::Warning, alert::CloseNotify};
  EXPECT_EQ(a.ContentType(), protocol::ContentTypeAlert);
  auto [raw, err] = a.Marshal();
  ASSERT_FALSE(err);
  EXPECT_EQ(raw, (std::vector<std::uint8_t>{0x01, 0x00}));
  alert::Alert b;
  ASSERT_FALSE(b.Unmarshal(raw));
  auto [raw2, err2] = b.Marshal();
  ASSERT_FALSE(err2);
  EXPECT_EQ(raw, raw2);

  for (std::size_t n = 0; n < raw.size(); ++n) {
    alert::Alert c;
    auto e = c.Unmarshal(std::span<const std::uint8_t>(raw).first(n));
    EXPECT_TRUE(go::errors::Is(e, alert::errBufferTooSmall)) << n;
    EXPECT_NE(go::errors::As<protocol::TemporaryError>(e), nullptr);
  }
  std::vector<std::uint8_t> longer{0x01, 0x00, 0x00};
  EXPECT_TRUE(go::errors::Is(b.Unmarshal(longer), alert::errBufferTooSmall));

  EXPECT_EQ(alert::Alert(alert::Fatal, alert::HandshakeFailure).String(), "Alert Fatal: HandshakeFailure");
  EXPECT_EQ(alert::String(static_cast<alert::Level>(9)), "Invalid alert level");
  EXPECT_EQ(alert::String(static_cast<alert::Description>(255)), "Invalid alert description");
  EXPECT_EQ(alert::String(alert::NoApplicationProtocol), "NoApplicationProtocol");
  EXPECT_EQ(alert::String(alert::InternalError), "InternalError");
}
