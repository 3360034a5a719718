// pion: handshaker.go (handshakeConfig.writeKeyLog lives in handshaker_keylog.cpp)
#include "dtls/handshaker.hpp"

#include <memory>

#include "chan/select.hpp"
#include "chan/time.hpp"
#include "dtls/errors.hpp"
#include "dtls/flighthandler.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"

namespace dtls {

namespace alert = pkg::protocol::alert;
namespace handshake = pkg::protocol::handshake;

// pion: handshaker.go handshakeState.String
std::string String(handshakeState s) {
  switch (s) {
    case handshakeErrored: return "Errored";
    case handshakePreparing: return "Preparing";
    case handshakeSending: return "Sending";
    case handshakeWaiting: return "Waiting";
    case handshakeFinished: return "Finished";
  }
  return "Unknown";
}

// pion: handshaker.go newHandshakeFSM
handshakeFSM::handshakeFSM(State* s, handshakeCache* cache_, handshakeConfig* cfg_, flightVal initialFlight)
    : currentFlight(initialFlight), state(s), cache(cache_), cfg(cfg_), closed(go::make_chan<go::struct_>()) {}

// pion: handshaker.go handshakeFSM.Run
go::error handshakeFSM::Run(const go::context::Context& ctx, flightConn& c, handshakeState initialState) {
  handshakeState st = initialState;
  struct closeOnReturn {  // Go: defer func() { close(s.closed) }()
    go::chan<go::struct_>& ch;
    ~closeOnReturn() { go::close(ch); }
  } deferClose{closed};
  for (;;) {
    cfg->log->Tracef("[handshake:%s] %s: %s", srvCliStr(state->isClient), String(currentFlight), String(st));
    if (cfg->onFlightState) {
      cfg->onFlightState(currentFlight, st);
    }
    if (finishedDone) {  // port addition: see wait()
      go::close(*finishedDone);
      finishedDone.reset();
    }
    if (cfg->endAtFirstFinished && st == handshakeFinished) {
      // Port addition (webrtc-rs's handshake-task lifetime; see handshakeConfig): the fiber
      // ends here and Done() fires; nobody receives from handshakeRecv any more.
      return nullptr;
    }
    std::pair<handshakeState, go::error> r;
    switch (st) {
      case handshakePreparing:
        r = prepare(ctx, c);
        break;
      case handshakeSending:
        r = send(ctx, c);
        break;
      case handshakeWaiting:
        r = wait(ctx, c);
        break;
      case handshakeFinished:
        r = finish(ctx, c);
        break;
      default:
        return errInvalidFSMTransition;
    }
    st = r.first;
    if (r.second) {
      return r.second;
    }
  }
}

// pion: handshaker.go handshakeFSM.prepare
std::pair<handshakeState, go::error> handshakeFSM::prepare(const go::context::Context& ctx, flightConn& c) {
  flights.clear();
  // Prepare flights
  alertPtr a;
  go::error err;
  std::vector<packet> pkts;
  auto [gen, retransmit_, errFlight] = getFlightGenerator(currentFlight);
  if (errFlight) {
    err = errFlight;
    a = alert::Alert{alert::Fatal, alert::InternalError};
  } else {
    std::tie(pkts, a, err) = gen(c, *state, *cache, *cfg);
    retransmit = retransmit_;
  }
  if (a) {
    if (go::error alertErr = c.notify(ctx, a->Level, a->Description)) {
      if (err) {
        err = alertErr;
      }
    }
  }
  if (err) {
    return {handshakeErrored, err};
  }

  flights = std::move(pkts);
  std::uint16_t epoch = cfg->initialEpoch;
  std::uint16_t nextEpoch = epoch;
  for (auto& p : flights) {
    p.record->Header.Epoch += epoch;
    if (p.record->Header.Epoch > nextEpoch) {
      nextEpoch = p.record->Header.Epoch;
    }
    if (auto h = std::dynamic_pointer_cast<handshake::Handshake>(p.record->Content)) {
      h->Header.MessageSequence = static_cast<std::uint16_t>(state->handshakeSendSequence);
      state->handshakeSendSequence++;
    }
  }
  if (epoch != nextEpoch) {
    cfg->log->Tracef("[handshake:%s] -> changeCipherSpec (epoch: %d)", srvCliStr(state->isClient), nextEpoch);
    c.setLocalEpoch(nextEpoch);
  }
  return {handshakeSending, nullptr};
}

// pion: handshaker.go handshakeFSM.send
std::pair<handshakeState, go::error> handshakeFSM::send(const go::context::Context& ctx, flightConn& c) {
  // Send flights
  if (go::error err = c.writePackets(ctx, flights)) {
    return {handshakeErrored, err};
  }

  if (isLastSendFlight(currentFlight)) {
    return {handshakeFinished, nullptr};
  }
  return {handshakeWaiting, nullptr};
}

// pion: handshaker.go handshakeFSM.wait
std::pair<handshakeState, go::error> handshakeFSM::wait(const go::context::Context& ctx, flightConn& c) {
  auto [parse, errFlight] = getFlightParser(currentFlight);
  if (errFlight) {
    if (go::error alertErr = c.notify(ctx, alert::Fatal, alert::InternalError)) {
      if (errFlight) {
        return {handshakeErrored, alertErr};
      }
    }
    return {handshakeErrored, errFlight};
  }

  auto retransmitTimer = go::time::NewTimer(cfg->retransmitInterval);
  for (;;) {
    go::chan<go::struct_> done;
    switch (go::select(go::recv(c.recvHandshake(), &done), go::recv(retransmitTimer->C), go::recv(ctx->Done()))) {
      case 0: {  // case done := <-c.recvHandshake():
        auto [nextFlight, alert_, err] = parse(ctx, c, *state, *cache, *cfg);
        // Port addition: when this message finishes the handshake, the read loop is released only
        // after the Conn has recorded it (Run closes `done` after onFlightState). Pion closes
        // `done` here; the read loop could then read a close_notify that followed the peer's last
        // flight and fail the handshake on it before this fiber marked the handshake complete
        // (Pion's TestMultipleServerCertificates and TestCipherSuiteMatchesCertificateType close
        // the server right after its handshake and failed that way now and then at 2 threads).
        if (!alert_ && !err && nextFlight != 0 && isLastRecvFlight(nextFlight) && currentFlight == nextFlight) {
          finishedDone = done;
        } else {
          go::close(done);
        }
        if (alert_) {
          if (go::error alertErr = c.notify(ctx, alert_->Level, alert_->Description)) {
            if (err) {
              err = alertErr;
            }
          }
        }
        if (err) {
          return {handshakeErrored, err};
        }
        if (nextFlight == 0) {
          break;  // Go: `break` leaves the select; the for loop waits again
        }
        cfg->log->Tracef("[handshake:%s] %s -> %s", srvCliStr(state->isClient), String(currentFlight), String(nextFlight));
        if (isLastRecvFlight(nextFlight) && currentFlight == nextFlight) {
          return {handshakeFinished, nullptr};
        }
        currentFlight = nextFlight;
        return {handshakePreparing, nullptr};
      }
      case 1:  // case <-retransmitTimer.C:
        if (!retransmit) {
          return {handshakeWaiting, nullptr};
        }
        return {handshakeSending, nullptr};
      case 2:  // case <-ctx.Done():
        return {handshakeErrored, ctx->Err()};
    }
  }
}

// pion: handshaker.go handshakeFSM.finish
std::pair<handshakeState, go::error> handshakeFSM::finish(const go::context::Context& ctx, flightConn& c) {
  auto [parse, errFlight] = getFlightParser(currentFlight);
  if (errFlight) {
    if (go::error alertErr = c.notify(ctx, alert::Fatal, alert::InternalError)) {
      if (errFlight) {
        return {handshakeErrored, alertErr};
      }
    }
    return {handshakeErrored, errFlight};
  }

  auto retransmitTimer = go::time::NewTimer(cfg->retransmitInterval);
  go::chan<go::struct_> done;
  switch (go::select(go::recv(c.recvHandshake(), &done), go::recv(ctx->Done()))) {
    case 0: {  // case done := <-c.recvHandshake():
      auto [nextFlight, alert_, err] = parse(ctx, c, *state, *cache, *cfg);
      go::close(done);
      if (alert_) {
        if (go::error alertErr = c.notify(ctx, alert_->Level, alert_->Description)) {
          if (err) {
            err = alertErr;
          }
        }
      }
      if (err) {
        return {handshakeErrored, err};
      }
      if (nextFlight == 0) {
        break;
      }
      if (isLastRecvFlight(nextFlight) && currentFlight == nextFlight) {
        return {handshakeFinished, nullptr};
      }
      retransmitTimer->C.recv();  // <-retransmitTimer.C
      // Retransmit last flight
      return {handshakeSending, nullptr};
    }
    case 1:  // case <-ctx.Done():
      return {handshakeErrored, ctx->Err()};
  }
  return {handshakeFinished, nullptr};
}

}  // namespace dtls
