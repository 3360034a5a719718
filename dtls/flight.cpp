// pion: flight.go
#include "dtls/flight.hpp"

namespace dtls {

// pion: flight.go flightVal.String
std::string String(flightVal f) {
  switch (f) {
    case flight0:
      return "Flight 0";
    case flight1:
      return "Flight 1";
    case flight2:
      return "Flight 2";
    case flight3:
      return "Flight 3";
    case flight4:
      return "Flight 4";
    case flight4b:
      return "Flight 4b";
    case flight5:
      return "Flight 5";
    case flight5b:
      return "Flight 5b";
    case flight6:
      return "Flight 6";
    default:
      return "Invalid Flight";
  }
}

}  // namespace dtls
