// pion: flighthandler.go, and the declarations of flight0handler.go … flight6handler.go
#pragma once

#include <optional>
#include <memory>
#include <map>
#include <tuple>
#include <utility>
#include <vector>

#include "chan/context.hpp"
#include "chan/error.hpp"
#include "dtls/flight.hpp"
#include "dtls/handshake_cache.hpp"
#include "dtls/handshaker.hpp"
#include "dtls/packet.hpp"
#include "dtls/pkg/protocol/alert/alert.hpp"
#include "dtls/pkg/protocol/version.hpp"
#include "dtls/pkg/protocol/recordlayer/recordlayer.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"
#include "dtls/pkg/protocol/handshake/message_server_key_exchange.hpp"
#include "dtls/state.hpp"

namespace dtls {

// Go's *alert.Alert result: std::nullopt is nil.
using alertPtr = std::optional<pkg::protocol::alert::Alert>;

// pion: flighthandler.go flightParser
// Parse received handshakes and return next flightVal
using flightParserResult = std::tuple<flightVal, alertPtr, go::error>;
using flightParser = flightParserResult (*)(const go::context::Context&, flightConn&, State&, handshakeCache&,
                                            handshakeConfig&);

// pion: flighthandler.go flightGenerator
// Generate flights
using flightGeneratorResult = std::tuple<std::vector<packet>, alertPtr, go::error>;
using flightGenerator = flightGeneratorResult (*)(flightConn&, State&, handshakeCache&, handshakeConfig&);

// Port helpers shared by the flight handlers (Go writes these inline as composite literals):
// &alert.Alert{Level: alert.Fatal, Description: d}
inline alertPtr fatalAlert(pkg::protocol::alert::Description d) {
  return pkg::protocol::alert::Alert{pkg::protocol::alert::Fatal, d};
}
// msgs[t].(*M) from handshakeCache.fullPullMap: null when absent or of another type.
template <class M>
std::shared_ptr<M> msgAs(const std::map<pkg::protocol::handshake::Type, std::shared_ptr<pkg::protocol::handshake::Message>>& msgs,
                         pkg::protocol::handshake::Type t) {
  auto it = msgs.find(t);
  return it == msgs.end() ? nullptr : std::dynamic_pointer_cast<M>(it->second);
}
// &recordlayer.RecordLayer{Header: recordlayer.Header{Version: protocol.Version1_2, Epoch: epoch}, Content: content}
inline std::shared_ptr<pkg::protocol::recordlayer::RecordLayer> newRecord(std::uint16_t epoch,
                                                                        std::shared_ptr<pkg::protocol::Content> content) {
  auto r = std::make_shared<pkg::protocol::recordlayer::RecordLayer>();
  r->Header.Version = pkg::protocol::Version1_2;
  r->Header.Epoch = epoch;
  r->Content = std::move(content);
  return r;
}
// &handshake.Handshake{Message: msg}
inline std::shared_ptr<pkg::protocol::handshake::Handshake> newHandshake(std::shared_ptr<pkg::protocol::handshake::Message> msg) {
  auto h = std::make_shared<pkg::protocol::handshake::Handshake>();
  h->Message = std::move(msg);
  return h;
}


// pion: flighthandler.go flightVal.getFlightParser
std::pair<flightParser, go::error> getFlightParser(flightVal f);

// pion: flighthandler.go flightVal.getFlightGenerator
// Returns (gen, retransmit, err).
std::tuple<flightGenerator, bool, go::error> getFlightGenerator(flightVal f);

// pion: flight0handler.go
flightParserResult flight0Parse(const go::context::Context& ctx, flightConn& c, State& state, handshakeCache& cache,
                                handshakeConfig& cfg);
flightParserResult handleHelloResume(std::span<const std::uint8_t> sessionID, State& state, handshakeConfig& cfg,
                                     flightVal next);
flightGeneratorResult flight0Generate(flightConn& c, State& state, handshakeCache& cache, handshakeConfig& cfg);

// pion: flight1handler.go
flightParserResult flight1Parse(const go::context::Context& ctx, flightConn& c, State& state, handshakeCache& cache,
                                handshakeConfig& cfg);
flightGeneratorResult flight1Generate(flightConn& c, State& state, handshakeCache& cache, handshakeConfig& cfg);

// pion: flight2handler.go
flightParserResult flight2Parse(const go::context::Context& ctx, flightConn& c, State& state, handshakeCache& cache,
                                handshakeConfig& cfg);
flightGeneratorResult flight2Generate(flightConn& c, State& state, handshakeCache& cache, handshakeConfig& cfg);

// pion: flight3handler.go
flightParserResult flight3Parse(const go::context::Context& ctx, flightConn& c, State& state, handshakeCache& cache,
                                handshakeConfig& cfg);
flightParserResult handleResumption(const go::context::Context& ctx, flightConn& c, State& state, handshakeCache& cache,
                                    handshakeConfig& cfg);
std::pair<alertPtr, go::error> handleServerKeyExchange(flightConn& c, State& state, handshakeConfig& cfg,
                                                       const pkg::protocol::handshake::MessageServerKeyExchange& h);
flightGeneratorResult flight3Generate(flightConn& c, State& state, handshakeCache& cache, handshakeConfig& cfg);

// pion: flight4handler.go
flightParserResult flight4Parse(const go::context::Context& ctx, flightConn& c, State& state, handshakeCache& cache,
                                handshakeConfig& cfg);
flightGeneratorResult flight4Generate(flightConn& c, State& state, handshakeCache& cache, handshakeConfig& cfg);

// pion: flight4bhandler.go
flightParserResult flight4bParse(const go::context::Context& ctx, flightConn& c, State& state, handshakeCache& cache,
                                 handshakeConfig& cfg);
flightGeneratorResult flight4bGenerate(flightConn& c, State& state, handshakeCache& cache, handshakeConfig& cfg);

// pion: flight5handler.go
flightParserResult flight5Parse(const go::context::Context& ctx, flightConn& c, State& state, handshakeCache& cache,
                                handshakeConfig& cfg);
flightGeneratorResult flight5Generate(flightConn& c, State& state, handshakeCache& cache, handshakeConfig& cfg);
// (Pion's spelling kept.) sendingPlainText: the ServerKeyExchange message may be null (Go: nil *).
std::pair<alertPtr, go::error> initalizeCipherSuite(State& state, handshakeCache& cache, handshakeConfig& cfg,
                                                    const pkg::protocol::handshake::MessageServerKeyExchange* h,
                                                    std::span<const std::uint8_t> sendingPlainText);

// pion: flight5bhandler.go
flightParserResult flight5bParse(const go::context::Context& ctx, flightConn& c, State& state, handshakeCache& cache,
                                 handshakeConfig& cfg);
flightGeneratorResult flight5bGenerate(flightConn& c, State& state, handshakeCache& cache, handshakeConfig& cfg);

// pion: flight6handler.go
flightParserResult flight6Parse(const go::context::Context& ctx, flightConn& c, State& state, handshakeCache& cache,
                                handshakeConfig& cfg);
flightGeneratorResult flight6Generate(flightConn& c, State& state, handshakeCache& cache, handshakeConfig& cfg);

}  // namespace dtls
