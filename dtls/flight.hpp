// pion: flight.go
#pragma once

#include <cstdint>
#include <string>

namespace dtls {

/*
  DTLS messages are grouped into a series of message flights, according
  to the diagrams below.  Although each flight of messages may consist
  of a number of messages, they should be viewed as monolithic for the
  purpose of timeout and retransmission.
  https://tools.ietf.org/html/rfc4347#section-4.2.4

  Message flights for full handshake:

  Client                                          Server
  ------                                          ------
                                      Waiting                 Flight 0

  ClientHello             -------->                           Flight 1

                          <-------    HelloVerifyRequest      Flight 2

  ClientHello              -------->                           Flight 3

                                             ServerHello    \
                                            Certificate*     \
                                      ServerKeyExchange*      Flight 4
                                     CertificateRequest*     /
                          <--------      ServerHelloDone    /

  Certificate*                                              \
  ClientKeyExchange                                          \
  CertificateVerify*                                          Flight 5
  [ChangeCipherSpec]                                         /
  Finished                -------->                         /

                                      [ChangeCipherSpec]    \ Flight 6
                          <--------             Finished    /

  Message flights for session-resuming handshake (no cookie exchange):

  Client                                          Server
  ------                                          ------
                                      Waiting                 Flight 0

  ClientHello             -------->                           Flight 1

                                             ServerHello    \
                                      [ChangeCipherSpec]      Flight 4b
                          <--------             Finished    /

  [ChangeCipherSpec]                                        \ Flight 5b
  Finished                -------->                         /

                                      [ChangeCipherSpec]    \ Flight 6
                          <--------             Finished    /
*/

// pion: flight.go flightVal (0 is Go's zero value: "no next flight")
enum flightVal : std::uint8_t {
  flight0 = 1,
  flight1,
  flight2,
  flight3,
  flight4,
  flight4b,
  flight5,
  flight5b,
  flight6,
};

// pion: flight.go flightVal.String
std::string String(flightVal f);

// pion: flight.go flightVal.isLastSendFlight
inline bool isLastSendFlight(flightVal f) { return f == flight6 || f == flight5b; }

// pion: flight.go flightVal.isLastRecvFlight
inline bool isLastRecvFlight(flightVal f) { return f == flight5 || f == flight4b; }

}  // namespace dtls
