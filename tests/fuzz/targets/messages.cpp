// Message-level fuzz targets: no fibers, no runtime. (Ours; no Go origin.)
#include <memory>

#include "chan/net.hpp"
#include "dtls/fragment_buffer.hpp"
#include "dtls/hello_verifier.hpp"
#include "dtls/pkg/protocol/alert/alert.hpp"
#include "dtls/pkg/protocol/application_data.hpp"
#include "dtls/pkg/protocol/change_cipher_spec.hpp"
#include "dtls/pkg/protocol/extension/alpn.hpp"
#include "dtls/pkg/protocol/extension/extension.hpp"
#include "dtls/pkg/protocol/extension/renegotiation_info.hpp"
#include "dtls/pkg/protocol/extension/server_name.hpp"
#include "dtls/pkg/protocol/extension/supported_elliptic_curves.hpp"
#include "dtls/pkg/protocol/extension/supported_point_formats.hpp"
#include "dtls/pkg/protocol/extension/supported_signature_algorithms.hpp"
#include "dtls/pkg/protocol/extension/use_master_secret.hpp"
#include "dtls/pkg/protocol/extension/use_srtp.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"
#include "dtls/pkg/protocol/handshake/message_certificate.hpp"
#include "dtls/pkg/protocol/handshake/message_certificate_request.hpp"
#include "dtls/pkg/protocol/handshake/message_certificate_verify.hpp"
#include "dtls/pkg/protocol/handshake/message_client_hello.hpp"
#include "dtls/pkg/protocol/handshake/message_client_key_exchange.hpp"
#include "dtls/pkg/protocol/handshake/message_finished.hpp"
#include "dtls/pkg/protocol/handshake/message_hello_verify_request.hpp"
#include "dtls/pkg/protocol/handshake/message_server_hello.hpp"
#include "dtls/pkg/protocol/handshake/message_server_hello_done.hpp"
#include "dtls/pkg/protocol/handshake/message_server_key_exchange.hpp"
#include "dtls/pkg/protocol/recordlayer/recordlayer.hpp"
#include "tests/fuzz/targets.hpp"

namespace dtls::fuzz {

namespace hs = pkg::protocol::handshake;
namespace ext = pkg::protocol::extension;
namespace rl = pkg::protocol::recordlayer;
using KEA = internal::ciphersuite::types::KeyExchangeAlgorithm;

std::vector<std::vector<std::uint8_t>> SplitDatagrams(std::span<const std::uint8_t> in) {
  std::vector<std::vector<std::uint8_t>> out;
  while (!in.empty()) {
    if (in.size() < 2) {
      out.emplace_back(in.begin(), in.end());
      break;
    }
    std::size_t n = (std::size_t{in[0]} << 8) | in[1];
    in = in.subspan(2);
    n = std::min(n, in.size());
    out.emplace_back(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(n));
    in = in.subspan(n);
  }
  return out;
}

std::vector<std::uint8_t> JoinDatagrams(const std::vector<std::vector<std::uint8_t>>& dgs) {
  std::vector<std::uint8_t> out;
  for (const auto& d : dgs) {
    out.push_back(static_cast<std::uint8_t>(d.size() >> 8));
    out.push_back(static_cast<std::uint8_t>(d.size()));
    out.insert(out.end(), d.begin(), d.end());
  }
  return out;
}

// Whatever parsed must also encode (the encoders see the decoders' every output).
template <class T>
static void unmarshalThenMarshal(T& m, std::span<const std::uint8_t> in) {
  if (!m.Unmarshal(in)) {
    (void)m.Marshal();
  }
}

void RecordLayer(std::span<const std::uint8_t> in) {
  auto [pkts, err] = rl::UnpackDatagram(in);
  if (err) {
    return;
  }
  for (const auto& p : pkts) {
    rl::Header h;
    if (!h.Unmarshal(p)) {
      (void)h.Marshal();
    }
    rl::RecordLayer r;
    if (!r.Unmarshal(p)) {
      (void)r.Marshal();
    }
    // The content types the record layer does not parse itself.
    if (p.size() > rl::HeaderSize) {
      auto body = std::span<const std::uint8_t>(p).subspan(rl::HeaderSize);
      pkg::protocol::alert::Alert a;
      unmarshalThenMarshal(a, body);
      pkg::protocol::ChangeCipherSpec c;
      unmarshalThenMarshal(c, body);
      pkg::protocol::ApplicationData d;
      unmarshalThenMarshal(d, body);
    }
  }
}

void HandshakeMessage(std::span<const std::uint8_t> in) {
  {
    hs::Handshake h;
    if (!h.Unmarshal(in)) {
      (void)h.Marshal();
    }
  }
  if (in.empty()) {
    return;
  }
  const std::uint8_t sel = in[0];
  const auto body = in.subspan(1);
  const KEA kea = (sel & 0x80) ? KEA::KeyExchangeAlgorithmPsk
                  : (sel & 0x40) ? KEA::KeyExchangeAlgorithmEcdhe
                                 : KEA::KeyExchangeAlgorithmNone;
  switch ((sel & 0x3f) % 11) {
    case 0: break;  // HelloRequest has no message type in Pion (renegotiation is refused)
    case 1: { hs::MessageClientHello m; unmarshalThenMarshal(m, body); break; }
    case 2: { hs::MessageServerHello m; unmarshalThenMarshal(m, body); break; }
    case 3: { hs::MessageHelloVerifyRequest m; unmarshalThenMarshal(m, body); break; }
    case 4: { hs::MessageCertificate m; unmarshalThenMarshal(m, body); break; }
    case 5: { hs::MessageServerKeyExchange m; m.KeyExchangeAlgorithm = kea; unmarshalThenMarshal(m, body); break; }
    case 6: { hs::MessageCertificateRequest m; unmarshalThenMarshal(m, body); break; }
    case 7: { hs::MessageServerHelloDone m; unmarshalThenMarshal(m, body); break; }
    case 8: { hs::MessageCertificateVerify m; unmarshalThenMarshal(m, body); break; }
    case 9: { hs::MessageClientKeyExchange m; m.KeyExchangeAlgorithm = kea; unmarshalThenMarshal(m, body); break; }
    case 10: { hs::MessageFinished m; unmarshalThenMarshal(m, body); break; }
  }
}

void Extension(std::span<const std::uint8_t> in) {
  {
    auto [exts, err] = ext::Unmarshal(in);
    if (!err) {
      (void)ext::Marshal(exts);
    }
  }
  if (in.empty()) {
    return;
  }
  const auto body = in.subspan(1);
  switch (in[0] % 9) {
    case 0: { ext::ServerName m; unmarshalThenMarshal(m, body); break; }
    case 1: { ext::SupportedEllipticCurves m; unmarshalThenMarshal(m, body); break; }
    case 2: { ext::SupportedPointFormats m; unmarshalThenMarshal(m, body); break; }
    case 3: { ext::SupportedSignatureAlgorithms m; unmarshalThenMarshal(m, body); break; }
    case 4: { ext::UseSRTP m; unmarshalThenMarshal(m, body); break; }
    case 5: { ext::ALPN m; unmarshalThenMarshal(m, body); break; }
    case 6: { ext::UseExtendedMasterSecret m; unmarshalThenMarshal(m, body); break; }
    case 7: { ext::RenegotiationInfo m; unmarshalThenMarshal(m, body); break; }
    default: break;
  }
}

void FragmentBuffer(std::span<const std::uint8_t> in) {
  auto fb = newFragmentBuffer();
  for (const auto& dg : SplitDatagrams(in)) {
    auto [pkts, err] = rl::UnpackDatagram(dg);
    if (err) {
      continue;
    }
    for (const auto& p : pkts) {
      auto [isHandshake, perr] = fb.push(p);
      if (perr) {
        return;  // fatal for a connection: the buffer is dropped with it
      }
      if (!isHandshake) {
        continue;
      }
      for (;;) {
        auto [out, epoch] = fb.pop();
        (void)epoch;
        if (out.empty()) {
          break;
        }
        hs::Handshake h;  // what conn.go does with a popped message
        (void)h.Unmarshal(out);
      }
    }
    if (fb.size() > fragmentBufferMaxSize + 64 * 1024) {
      __builtin_trap();  // the buffer's bound must hold
    }
  }
}

void HelloVerify(std::span<const std::uint8_t> in) {
  static const helloVerifier v;  // one secret for the process: an input's cookie is checked
  static const go::net::UDPAddr from(go::net::IPv4(192, 0, 2, 1), 5684);
  std::vector<std::uint8_t> reply;
  for (const auto& dg : SplitDatagrams(in)) {
    const bool admitted = v.admit(dg, from, reply);
    if (reply.empty()) {
      continue;
    }
    // An answer is only ever a HelloVerifyRequest, never with a Conn, never larger than what it
    // answers (no amplification).
    if (admitted || reply.size() >= dg.size()) {
      __builtin_trap();
    }
    rl::RecordLayer r;
    if (r.Unmarshal(reply)) {
      __builtin_trap();
    }
    auto h = std::dynamic_pointer_cast<hs::Handshake>(r.Content);
    if (!h || !std::dynamic_pointer_cast<hs::MessageHelloVerifyRequest>(h->Message)) {
      __builtin_trap();
    }
    // The ClientHello again with the cookie just given (the bytes after the record and handshake
    // headers are the hello; its cookie field is rewritten): now admitted, with no answer.
    const auto& cookie = std::dynamic_pointer_cast<hs::MessageHelloVerifyRequest>(h->Message)->Cookie;
    constexpr std::size_t head = rl::HeaderSize + hs::HeaderLength;
    const std::size_t sidAt = head + 2 + hs::RandomLength;
    const std::size_t cookieAt = sidAt + 1 + dg[sidAt];
    std::vector<std::uint8_t> again(dg.begin(), dg.begin() + static_cast<std::ptrdiff_t>(cookieAt));
    again.push_back(static_cast<std::uint8_t>(cookie.size()));
    again.insert(again.end(), cookie.begin(), cookie.end());
    again.insert(again.end(), dg.begin() + static_cast<std::ptrdiff_t>(cookieAt + 1 + dg[cookieAt]), dg.end());
    // The lengths that cover the cookie grow or shrink with it.
    const auto put24 = [&](std::size_t at, std::size_t v24) {
      again[at] = static_cast<std::uint8_t>(v24 >> 16);
      again[at + 1] = static_cast<std::uint8_t>(v24 >> 8);
      again[at + 2] = static_cast<std::uint8_t>(v24);
    };
    const std::size_t content = (std::size_t{dg[11]} << 8 | dg[12]) + again.size() - dg.size();
    if (content > 0xffff) {
      continue;  // the record could not hold the longer cookie
    }
    again[11] = static_cast<std::uint8_t>(content >> 8);
    again[12] = static_cast<std::uint8_t>(content);
    hs::Header hh;
    (void)hh.Unmarshal(std::span(dg).subspan(rl::HeaderSize));
    const std::size_t length = hh.Length + again.size() - dg.size();
    const std::size_t fragmentLength = hh.FragmentLength + again.size() - dg.size();
    // A declared length near 0xffffff would wrap in 24 bits: hold it at the most the field can say
    // (the verifier reads min(fragment length, what the record holds), so the cookie stays covered).
    put24(rl::HeaderSize + 1, std::min<std::size_t>(length, 0xffffff));
    put24(rl::HeaderSize + 9, std::min<std::size_t>(fragmentLength, 0xffffff));
    if (!v.admit(again, from, reply) || !reply.empty()) {
      __builtin_trap();
    }
  }
}

}  // namespace dtls::fuzz
