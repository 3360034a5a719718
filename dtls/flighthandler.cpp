// pion: flighthandler.go
#include "dtls/flighthandler.hpp"

#include "dtls/errors.hpp"

namespace dtls {

// pion: flighthandler.go flightVal.getFlightParser
std::pair<flightParser, go::error> getFlightParser(flightVal f) {
  switch (f) {
    case flight0: return {flight0Parse, nullptr};
    case flight1: return {flight1Parse, nullptr};
    case flight2: return {flight2Parse, nullptr};
    case flight3: return {flight3Parse, nullptr};
    case flight4: return {flight4Parse, nullptr};
    case flight4b: return {flight4bParse, nullptr};
    case flight5: return {flight5Parse, nullptr};
    case flight5b: return {flight5bParse, nullptr};
    case flight6: return {flight6Parse, nullptr};
  }
  return {nullptr, errInvalidFlight};
}

// pion: flighthandler.go flightVal.getFlightGenerator
std::tuple<flightGenerator, bool, go::error> getFlightGenerator(flightVal f) {
  switch (f) {
    case flight0: return {flight0Generate, true, nullptr};
    case flight1: return {flight1Generate, true, nullptr};
    case flight2:
      // https://tools.ietf.org/html/rfc6347#section-3.2.1
      // HelloVerifyRequests must not be retransmitted.
      return {flight2Generate, false, nullptr};
    case flight3: return {flight3Generate, true, nullptr};
    case flight4: return {flight4Generate, true, nullptr};
    case flight4b: return {flight4bGenerate, true, nullptr};
    case flight5: return {flight5Generate, true, nullptr};
    case flight5b: return {flight5bGenerate, true, nullptr};
    case flight6: return {flight6Generate, true, nullptr};
  }
  return {nullptr, false, errInvalidFlight};
}

}  // namespace dtls
