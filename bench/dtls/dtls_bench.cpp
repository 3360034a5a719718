// Google Benchmark suite for the ported DTLS wire/crypto packages (not a Pion file).
//
//  - BM_Encrypt/<suite>/<size>, BM_Decrypt/<suite>/<size>: record protection through
//    internal/ciphersuite's CipherSuite::Encrypt/Decrypt, one row per distinct record cipher
//    (see kSuites below for which Pion suites share each row).
//  - BM_Marshal_<Message>, BM_Unmarshal_<Message>: every handshake message body.
//  - BM_RecordLayer*, BM_UnpackDatagram: record layer framing.
//  - BM_P256/*: dtls/go_p256's ECDSA and scalar multiplications (BM_Reference/BotanP256*: Botan's).
//  - BM_ParseCertificate/Cached: go::x509's parse cache (BM_Reference/BotanX509Parse: a parse).
//
// Run e.g.: dtls_bench --benchmark_min_time=0.2
#include <benchmark/benchmark.h>

#include <botan/aead.h>
#include <botan/ecdsa.h>
#include <botan/pubkey.h>
#include <botan/system_rng.h>
#include <botan/x509cert.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "dtls/go_p256.hpp"
#include "dtls/go_x509.hpp"
#include "dtls/internal/ciphersuite/ciphersuite.hpp"
#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_ccm.hpp"
#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_ccm8.hpp"
#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_gcm_sha256.hpp"
#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_cbc_sha.hpp"
#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_gcm_sha384.hpp"
#include "dtls/internal/ciphersuite/tls_psk_with_aes_128_cbc_sha256.hpp"
#include "dtls/internal/ciphersuite/tls_psk_with_aes_256_ccm8.hpp"
#include "dtls/internal/ciphersuite/types/key_exchange_algorithm.hpp"
#include "dtls/pkg/crypto/clientcertificate/client_certificate.hpp"
#include "dtls/pkg/crypto/elliptic/elliptic.hpp"
#include "dtls/pkg/crypto/hash/hash.hpp"
#include "dtls/pkg/crypto/selfsign/selfsign.hpp"
#include "dtls/pkg/crypto/signature/signature.hpp"
#include "dtls/pkg/crypto/signaturehash/signaturehash.hpp"
#include "dtls/pkg/protocol/application_data.hpp"
#include "dtls/pkg/protocol/compression_method.hpp"
#include "dtls/pkg/protocol/extension/renegotiation_info.hpp"
#include "dtls/pkg/protocol/extension/server_name.hpp"
#include "dtls/pkg/protocol/extension/srtp_protection_profile.hpp"
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
#include "dtls/pkg/protocol/recordlayer/header.hpp"
#include "dtls/pkg/protocol/recordlayer/recordlayer.hpp"
#include "dtls/pkg/protocol/version.hpp"

namespace {

namespace ciphersuite = dtls::internal::ciphersuite;
namespace types = dtls::internal::ciphersuite::types;
namespace protocol = dtls::pkg::protocol;
namespace recordlayer = dtls::pkg::protocol::recordlayer;
namespace handshake = dtls::pkg::protocol::handshake;
namespace extension = dtls::pkg::protocol::extension;
namespace elliptic = dtls::pkg::crypto::elliptic;
namespace hash = dtls::pkg::crypto::hash;
namespace signature = dtls::pkg::crypto::signature;
namespace signaturehash = dtls::pkg::crypto::signaturehash;
namespace clientcertificate = dtls::pkg::crypto::clientcertificate;
namespace selfsign = dtls::pkg::crypto::selfsign;

using bytes = std::vector<std::uint8_t>;

// Setup failures abort the run: a benchmark of an error path would be meaningless.
void check(const go::error& err, const char* what) {
  if (err) {
    std::cerr << what << ": " << err.Error() << "\n";
    std::abort();
  }
}

std::string hex(const bytes& b) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (auto x : b) {
    s += d[x >> 4];
    s += d[x & 15];
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// 1. Record protection per cipher suite
// ---------------------------------------------------------------------------------------------

// Same fixed secrets as tests/dtls/internal/ciphersuite/ciphersuite_test.cpp.
bytes masterSecret() {
  bytes b(48);
  for (std::size_t i = 0; i < b.size(); i++) b[i] = static_cast<std::uint8_t>(i * 3);
  return b;
}
bytes clientRandom() {
  bytes b(32);
  for (std::size_t i = 0; i < b.size(); i++) b[i] = static_cast<std::uint8_t>(0x40 + i);
  return b;
}
bytes serverRandom() {
  bytes b(32);
  for (std::size_t i = 0; i < b.size(); i++) b[i] = static_cast<std::uint8_t>(0x80 + i);
  return b;
}

struct suiteRow {
  const char* name;  // row label: the record cipher
  std::function<std::shared_ptr<ciphersuite::CipherSuite>()> make;
};

// One row per distinct record cipher (key size, mode, MAC / tag length). Suites sharing a row
// run exactly the same Encrypt/Decrypt code with the same key sizes; only the handshake differs.
const std::vector<suiteRow>& kSuites() {
  static const std::vector<suiteRow> rows = {
      // TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
      // TLS_PSK_WITH_AES_128_GCM_SHA256
      {"AES_128_GCM",
       [] { return std::make_shared<ciphersuite::TLSEcdheEcdsaWithAes128GcmSha256>(); }},
      // TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
      {"AES_256_GCM",
       [] { return std::make_shared<ciphersuite::TLSEcdheEcdsaWithAes256GcmSha384>(); }},
      // TLS_ECDHE_ECDSA_WITH_AES_128_CCM, TLS_PSK_WITH_AES_128_CCM (16-byte tag)
      {"AES_128_CCM", [] { return ciphersuite::NewTLSEcdheEcdsaWithAes128Ccm(); }},
      // TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, TLS_PSK_WITH_AES_128_CCM_8 (8-byte tag)
      {"AES_128_CCM_8", [] { return ciphersuite::NewTLSEcdheEcdsaWithAes128Ccm8(); }},
      // TLS_PSK_WITH_AES_256_CCM_8
      {"AES_256_CCM_8", [] { return ciphersuite::NewTLSPskWithAes256Ccm8(); }},
      // TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA
      {"AES_256_CBC_SHA1",
       [] { return std::make_shared<ciphersuite::TLSEcdheEcdsaWithAes256CbcSha>(); }},
      // TLS_PSK_WITH_AES_128_CBC_SHA256, TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256
      {"AES_128_CBC_SHA256", [] { return std::make_shared<ciphersuite::TLSPskWithAes128CbcSha256>(); }},
  };
  return rows;
}

recordlayer::RecordLayer appDataRecord(std::size_t payloadLen) {
  recordlayer::RecordLayer pkt;
  pkt.Header.ContentType = protocol::ContentTypeApplicationData;
  pkt.Header.Version = protocol::Version1_2;
  pkt.Header.Epoch = 1;
  pkt.Header.SequenceNumber = 42;
  pkt.Header.ContentLen = static_cast<std::uint16_t>(payloadLen);
  return pkt;
}

// Header + plaintext payload: the `raw` argument Pion's conn passes to CipherSuite.Encrypt.
bytes rawRecord(const recordlayer::RecordLayer& pkt, std::size_t payloadLen) {
  auto [hb, err] = pkt.Header.Marshal();
  check(err, "Header.Marshal");
  for (std::size_t i = 0; i < payloadLen; i++) hb.push_back(static_cast<std::uint8_t>(i * 7 + 1));
  return hb;
}

void BM_Encrypt(benchmark::State& state, const suiteRow* row) {
  const auto size = static_cast<std::size_t>(state.range(0));
  auto client = row->make();
  check(client->Init(masterSecret(), clientRandom(), serverRandom(), true), "Init");
  const auto pkt = appDataRecord(size);
  const auto raw = rawRecord(pkt, size);
  for (auto _ : state) {
    auto [enc, err] = client->Encrypt(pkt, raw);
    if (err) {
      state.SkipWithError("Encrypt failed");
      break;
    }
    benchmark::DoNotOptimize(enc.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(size));
}

void BM_Decrypt(benchmark::State& state, const suiteRow* row) {
  const auto size = static_cast<std::size_t>(state.range(0));
  auto client = row->make();
  auto server = row->make();
  check(client->Init(masterSecret(), clientRandom(), serverRandom(), true), "Init");
  check(server->Init(masterSecret(), clientRandom(), serverRandom(), false), "Init");
  const auto pkt = appDataRecord(size);
  auto [enc, eerr] = client->Encrypt(pkt, rawRecord(pkt, size));
  check(eerr, "Encrypt");
  {
    auto [dec, derr] = server->Decrypt(enc);
    check(derr, "Decrypt");
    if (dec.size() != recordlayer::HeaderSize + size) std::abort();
  }
  for (auto _ : state) {
    auto [dec, err] = server->Decrypt(enc);
    if (err) {
      state.SkipWithError("Decrypt failed");
      break;
    }
    benchmark::DoNotOptimize(dec.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(size));
}

// ---------------------------------------------------------------------------------------------
// 2. Handshake messages
// ---------------------------------------------------------------------------------------------

// A ClientHello shaped like the one Pion's flight1 sends (cookie from a HelloVerifyRequest,
// Pion's default cipher suites, SNI, curves, point formats, signature schemes, EMS,
// renegotiation_info, use_srtp).
std::shared_ptr<handshake::MessageClientHello> typicalClientHello() {
  auto m = std::make_shared<handshake::MessageClientHello>();
  m->Version = protocol::Version1_2;
  m->Random.GMTUnixTime = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
  for (std::size_t i = 0; i < m->Random.RandomBytes.size(); i++) {
    m->Random.RandomBytes[i] = static_cast<std::uint8_t>(0xa0 + i);
  }
  m->Cookie = bytes(20, 0x5a);
  m->CipherSuiteIDs = {0xc02b, 0xc02f, 0xc02c, 0xc030, 0xc00a, 0xc014, 0xc0ac, 0xc0ae, 0x00a8, 0xc0a8};
  m->CompressionMethods = {std::make_shared<protocol::CompressionMethod>()};

  auto sni = std::make_shared<extension::ServerName>();
  sni->ServerName = "example.com";
  auto curves = std::make_shared<extension::SupportedEllipticCurves>();
  curves->EllipticCurves = {elliptic::X25519, elliptic::P256, elliptic::P384};
  auto points = std::make_shared<extension::SupportedPointFormats>();
  points->PointFormats = {elliptic::CurvePointFormatUncompressed};
  auto sigs = std::make_shared<extension::SupportedSignatureAlgorithms>();
  sigs->SignatureHashAlgorithms = {
      {hash::SHA256, signature::ECDSA}, {hash::SHA384, signature::ECDSA}, {hash::SHA512, signature::ECDSA},
      {hash::SHA256, signature::RSA},   {hash::SHA384, signature::RSA},   {hash::SHA512, signature::RSA},
      {hash::Ed25519, signature::Ed25519},
  };
  auto ems = std::make_shared<extension::UseExtendedMasterSecret>();
  ems->Supported = true;
  auto reneg = std::make_shared<extension::RenegotiationInfo>();
  auto srtp = std::make_shared<extension::UseSRTP>();
  srtp->ProtectionProfiles = {extension::SRTP_AEAD_AES_128_GCM, extension::SRTP_AES128_CM_HMAC_SHA1_80};
  m->Extensions = {sni, curves, points, sigs, ems, reneg, srtp};
  return m;
}

std::shared_ptr<handshake::MessageServerHello> typicalServerHello() {
  auto m = std::make_shared<handshake::MessageServerHello>();
  m->Version = protocol::Version1_2;
  m->Random.GMTUnixTime = std::chrono::system_clock::time_point(std::chrono::seconds(1700000001));
  for (std::size_t i = 0; i < m->Random.RandomBytes.size(); i++) {
    m->Random.RandomBytes[i] = static_cast<std::uint8_t>(0x10 + i);
  }
  m->SessionID = {};
  m->CipherSuiteID = 0xc02b;
  m->CompressionMethod = std::make_shared<protocol::CompressionMethod>();
  auto points = std::make_shared<extension::SupportedPointFormats>();
  points->PointFormats = {elliptic::CurvePointFormatUncompressed};
  auto ems = std::make_shared<extension::UseExtendedMasterSecret>();
  ems->Supported = true;
  auto reneg = std::make_shared<extension::RenegotiationInfo>();
  auto srtp = std::make_shared<extension::UseSRTP>();
  srtp->ProtectionProfiles = {extension::SRTP_AEAD_AES_128_GCM};
  m->Extensions = {points, ems, reneg, srtp};
  return m;
}

// Byte vectors from Pion's message tests (tests/dtls/pkg/protocol/handshake/*).
const bytes rawHelloVerifyRequest = {
    0xfe, 0xff, 0x14, 0x25, 0xfb, 0xee, 0xb3, 0x7c, 0x95, 0xcf, 0x00,
    0xeb, 0xad, 0xe2, 0xef, 0xc7, 0xfd, 0xbb, 0xed, 0xf7, 0x1f, 0x6c, 0xcd,
};
const bytes rawServerKeyExchange = {
    0x03, 0x00, 0x1d, 0x41, 0x04, 0x0c, 0xb9, 0xa3, 0xb9, 0x90, 0x71, 0x35, 0x4a, 0x08, 0x66, 0xaf,
    0xd6, 0x88, 0x58, 0x29, 0x69, 0x98, 0xf1, 0x87, 0x0f, 0xb5, 0xa8, 0xcd, 0x92, 0xf6, 0x2b, 0x08,
    0x0c, 0xd4, 0x16, 0x5b, 0xcc, 0x81, 0xf2, 0x58, 0x91, 0x8e, 0x62, 0xdf, 0xc1, 0xec, 0x72, 0xe8,
    0x47, 0x24, 0x42, 0x96, 0xb8, 0x7b, 0xee, 0xe7, 0x0d, 0xdc, 0x44, 0xec, 0xf3, 0x97, 0x6b, 0x1b,
    0x45, 0x28, 0xac, 0x3f, 0x35, 0x02, 0x03, 0x00, 0x47, 0x30, 0x45, 0x02, 0x21, 0x00, 0xb2, 0x0b,
    0x22, 0x95, 0x3d, 0x56, 0x57, 0x6a, 0x3f, 0x85, 0x30, 0x6f, 0x55, 0xc3, 0xf4, 0x24, 0x1b, 0x21,
    0x07, 0xe5, 0xdf, 0xba, 0x24, 0x02, 0x68, 0x95, 0x1f, 0x6e, 0x13, 0xbd, 0x9f, 0xaa, 0x02, 0x20,
    0x49, 0x9c, 0x9d, 0xdf, 0x84, 0x60, 0x33, 0x27, 0x96, 0x9e, 0x58, 0x6d, 0x72, 0x13, 0xe7, 0x3a,
    0xe8, 0xdf, 0x43, 0x75, 0xc7, 0xb9, 0x37, 0x6e, 0x90, 0xe5, 0x3b, 0x81, 0xd4, 0xda, 0x68, 0xcd,
};
const bytes rawCertificateRequest = {
    0x02, 0x01, 0x40, 0x00, 0x0C, 0x04, 0x03, 0x04, 0x01, 0x05, 0x03, 0x05, 0x01,
    0x06, 0x01, 0x02, 0x01, 0x00, 0x06, 0x00, 0x04, 0x74, 0x65, 0x73, 0x74,
};
const bytes rawClientKeyExchange = {
    0x20, 0x26, 0x78, 0x4a, 0x78, 0x70, 0xc1, 0xf9, 0x71, 0xea, 0x50, 0x4a, 0xb5, 0xbb, 0x00, 0x76,
    0x02, 0x05, 0xda, 0xf7, 0xd0, 0x3f, 0xe3, 0xf7, 0x4e, 0x8a, 0x14, 0x6f, 0xb7, 0xe0, 0xc0, 0xff,
    0x54,
};
const bytes rawCertificateVerify = {
    0x04, 0x03, 0x00, 0x47, 0x30, 0x45, 0x02, 0x20, 0x6b, 0x63, 0x17, 0xad, 0xbe, 0xb7, 0x7b, 0x0f,
    0x86, 0x73, 0x39, 0x1e, 0xba, 0xb3, 0x50, 0x9c, 0xce, 0x9c, 0xe4, 0x8b, 0xe5, 0x13, 0x07, 0x59,
    0x18, 0x1f, 0xe5, 0xa0, 0x2b, 0xca, 0xa6, 0xad, 0x02, 0x21, 0x00, 0xd3, 0xb5, 0x01, 0xbe, 0x87,
    0x6c, 0x04, 0xa1, 0xdc, 0x28, 0xaa, 0x5f, 0xf7, 0x1e, 0x9c, 0xc0, 0x1e, 0x00, 0x2c, 0xe5, 0x94,
    0xbb, 0x03, 0x0e, 0xf1, 0xcb, 0x28, 0x22, 0x33, 0x23, 0x88, 0xad,
};

template <class M>
std::shared_ptr<M> parsed(const bytes& raw, types::KeyExchangeAlgorithm kea = types::KeyExchangeAlgorithmNone) {
  auto m = std::make_shared<M>();
  if constexpr (requires { m->KeyExchangeAlgorithm; }) m->KeyExchangeAlgorithm = kea;
  check(m->Unmarshal(raw), "Unmarshal");
  return m;
}

// Generated once, so every benchmark sees the same DER (ECDSA signatures vary in length).
std::shared_ptr<handshake::MessageCertificate> selfSignedCertificate() {
  static const std::vector<bytes> der = [] {
    auto [cert, err] = selfsign::GenerateSelfSigned();
    check(err, "GenerateSelfSigned");
    std::vector<bytes> out;
    for (const auto& c : cert.chain) out.push_back(c.BER_encode());
    return out;
  }();
  auto m = std::make_shared<handshake::MessageCertificate>();
  m->Certificate = der;
  return m;
}

std::shared_ptr<handshake::MessageFinished> finished() {
  auto m = std::make_shared<handshake::MessageFinished>();
  m->VerifyData = bytes(12, 0x3c);  // TLS 1.2 verify_data length
  return m;
}

// Every benchmarked message, built once: (name, message, key exchange algorithm for Unmarshal).
struct messageCase {
  const char* name;
  std::function<std::shared_ptr<handshake::Message>()> make;
  types::KeyExchangeAlgorithm kea = types::KeyExchangeAlgorithmNone;
  // Pion's extension.Unmarshal keeps only server_name, supported_groups, use_srtp, ALPN,
  // extended_master_secret and renegotiation_info; other extensions (ec_point_formats,
  // signature_algorithms) are skipped, so Unmarshal -> Marshal is not the identity for hellos
  // carrying them. For those the check is Marshal -> Unmarshal -> Marshal -> Unmarshal -> Marshal.
  bool lossy = false;
};

const std::vector<messageCase>& kMessages() {
  static const std::vector<messageCase> cases = {
      {"ClientHello", [] { return typicalClientHello(); }, types::KeyExchangeAlgorithmNone, true},
      {"ServerHello", [] { return typicalServerHello(); }, types::KeyExchangeAlgorithmNone, true},
      {"HelloVerifyRequest",
       [] { return parsed<handshake::MessageHelloVerifyRequest>(rawHelloVerifyRequest); }},
      {"Certificate", [] { return selfSignedCertificate(); }},
      {"ServerKeyExchange",
       [] {
         return parsed<handshake::MessageServerKeyExchange>(rawServerKeyExchange, types::KeyExchangeAlgorithmEcdhe);
       },
       types::KeyExchangeAlgorithmEcdhe},
      {"CertificateRequest",
       [] { return parsed<handshake::MessageCertificateRequest>(rawCertificateRequest); }},
      {"ServerHelloDone", [] { return std::make_shared<handshake::MessageServerHelloDone>(); }},
      {"ClientKeyExchange",
       [] {
         return parsed<handshake::MessageClientKeyExchange>(rawClientKeyExchange, types::KeyExchangeAlgorithmEcdhe);
       },
       types::KeyExchangeAlgorithmEcdhe},
      {"CertificateVerify", [] { return parsed<handshake::MessageCertificateVerify>(rawCertificateVerify); }},
      {"Finished", [] { return finished(); }},
  };
  return cases;
}

template <class M>
std::shared_ptr<handshake::Message> fresh(types::KeyExchangeAlgorithm kea) {
  auto m = std::make_shared<M>();
  if constexpr (requires { m->KeyExchangeAlgorithm; }) m->KeyExchangeAlgorithm = kea;
  return m;
}

// A new empty message of the same dynamic type, as Handshake.Unmarshal creates one per message.
std::shared_ptr<handshake::Message> emptyLike(const handshake::Message& m, types::KeyExchangeAlgorithm kea) {
  switch (m.Type()) {
    case handshake::TypeClientHello: return fresh<handshake::MessageClientHello>(kea);
    case handshake::TypeServerHello: return fresh<handshake::MessageServerHello>(kea);
    case handshake::TypeHelloVerifyRequest: return fresh<handshake::MessageHelloVerifyRequest>(kea);
    case handshake::TypeCertificate: return fresh<handshake::MessageCertificate>(kea);
    case handshake::TypeServerKeyExchange: return fresh<handshake::MessageServerKeyExchange>(kea);
    case handshake::TypeCertificateRequest: return fresh<handshake::MessageCertificateRequest>(kea);
    case handshake::TypeServerHelloDone: return fresh<handshake::MessageServerHelloDone>(kea);
    case handshake::TypeClientKeyExchange: return fresh<handshake::MessageClientKeyExchange>(kea);
    case handshake::TypeCertificateVerify: return fresh<handshake::MessageCertificateVerify>(kea);
    case handshake::TypeFinished: return fresh<handshake::MessageFinished>(kea);
    default: std::abort();
  }
}

void BM_Marshal(benchmark::State& state, const messageCase* c) {
  const auto m = c->make();
  auto [first, ferr] = m->Marshal();
  check(ferr, "Marshal");
  for (auto _ : state) {
    auto [out, err] = m->Marshal();
    benchmark::DoNotOptimize(out.data());
    benchmark::DoNotOptimize(err);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(first.size()));
  state.counters["msg_bytes"] = static_cast<double>(first.size());
}

void BM_Unmarshal(benchmark::State& state, const messageCase* c) {
  const auto proto = c->make();
  auto [raw, merr] = proto->Marshal();
  check(merr, "Marshal");
  {
    // The round trip must hold for the benchmark to mean anything.
    auto m = emptyLike(*proto, c->kea);
    check(m->Unmarshal(raw), "Unmarshal");
    auto [expect, aerr] = m->Marshal();
    check(aerr, "Marshal");
    bytes got = expect;
    if (c->lossy) {
      auto m2 = emptyLike(*proto, c->kea);
      check(m2->Unmarshal(expect), "Unmarshal");
      auto [again, aerr2] = m2->Marshal();
      check(aerr2, "Marshal");
      got = again;
    } else {
      expect = raw;
    }
    if (got != expect) {
      std::cerr << c->name << ": Unmarshal->Marshal does not reproduce the encoding\n"
                << hex(expect) << "\n" << hex(got) << "\n";
      std::abort();
    }
  }
  for (auto _ : state) {
    auto m = emptyLike(*proto, c->kea);
    auto err = m->Unmarshal(raw);
    benchmark::DoNotOptimize(err);
    benchmark::DoNotOptimize(m.get());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(raw.size()));
  state.counters["msg_bytes"] = static_cast<double>(raw.size());
}

// ---------------------------------------------------------------------------------------------
// 3. Record layer
// ---------------------------------------------------------------------------------------------

recordlayer::RecordLayer handshakeRecord(std::shared_ptr<handshake::Message> msg, std::uint16_t messageSequence,
                                         std::uint64_t seq) {
  recordlayer::RecordLayer r;
  r.Header.Version = protocol::Version1_2;
  r.Header.Epoch = 0;
  r.Header.SequenceNumber = seq;
  handshake::Header h;
  h.MessageSequence = messageSequence;
  r.Content = std::make_shared<handshake::Handshake>(h, std::move(msg));
  return r;
}

recordlayer::RecordLayer applicationRecord(std::size_t size) {
  recordlayer::RecordLayer r;
  r.Header.Version = protocol::Version1_2;
  r.Header.Epoch = 1;
  r.Header.SequenceNumber = 7;
  r.Content = std::make_shared<protocol::ApplicationData>(bytes(size, 0xab));
  return r;
}

void BM_RecordLayerMarshal(benchmark::State& state, recordlayer::RecordLayer (*make)()) {
  auto r = make();
  auto [first, ferr] = r.Marshal();
  check(ferr, "RecordLayer.Marshal");
  for (auto _ : state) {
    auto [out, err] = r.Marshal();
    benchmark::DoNotOptimize(out.data());
    benchmark::DoNotOptimize(err);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(first.size()));
}

void BM_RecordLayerUnmarshal(benchmark::State& state, recordlayer::RecordLayer (*make)()) {
  auto r = make();
  auto [raw, merr] = r.Marshal();
  check(merr, "RecordLayer.Marshal");
  {
    recordlayer::RecordLayer back;
    check(back.Unmarshal(raw), "RecordLayer.Unmarshal");
  }
  for (auto _ : state) {
    recordlayer::RecordLayer back;
    auto err = back.Unmarshal(raw);
    benchmark::DoNotOptimize(err);
    benchmark::DoNotOptimize(back.Content.get());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(raw.size()));
}

recordlayer::RecordLayer clientHelloRecord() { return handshakeRecord(typicalClientHello(), 1, 1); }
recordlayer::RecordLayer appData1024Record() { return applicationRecord(1024); }

// Server flight 4 in one datagram: ServerHello, Certificate, ServerKeyExchange,
// CertificateRequest, ServerHelloDone (5 records).
const bytes& flight4Datagram() {
  static const bytes d = [] {
    std::vector<std::shared_ptr<handshake::Message>> msgs = {
        typicalServerHello(),
        selfSignedCertificate(),
        parsed<handshake::MessageServerKeyExchange>(rawServerKeyExchange, types::KeyExchangeAlgorithmEcdhe),
        parsed<handshake::MessageCertificateRequest>(rawCertificateRequest),
        std::make_shared<handshake::MessageServerHelloDone>(),
    };
    bytes out;
    for (std::size_t i = 0; i < msgs.size(); i++) {
      auto r = handshakeRecord(msgs[i], static_cast<std::uint16_t>(1 + i), 1 + i);
      auto [b, err] = r.Marshal();
      check(err, "RecordLayer.Marshal");
      out.insert(out.end(), b.begin(), b.end());
    }
    return out;
  }();
  return d;
}

void BM_UnpackDatagram(benchmark::State& state) {
  const auto& d = flight4Datagram();
  {
    auto [pkts, err] = recordlayer::UnpackDatagram(d);
    check(err, "UnpackDatagram");
    if (pkts.size() != 5) std::abort();
  }
  for (auto _ : state) {
    auto [pkts, err] = recordlayer::UnpackDatagram(d);
    benchmark::DoNotOptimize(pkts.data());
    benchmark::DoNotOptimize(err);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(d.size()));
  state.counters["records"] = 5;
  state.counters["dgram_bytes"] = static_cast<double>(d.size());
}

// UnpackDatagram followed by RecordLayer.Unmarshal of each record (what conn's read path does
// for a plaintext flight).
void BM_UnpackDatagramAndUnmarshal(benchmark::State& state) {
  const auto& d = flight4Datagram();
  for (auto _ : state) {
    auto [pkts, err] = recordlayer::UnpackDatagram(d);
    if (err) {
      state.SkipWithError("UnpackDatagram failed");
      break;
    }
    for (const auto& p : pkts) {
      recordlayer::RecordLayer r;
      auto uerr = r.Unmarshal(p);
      benchmark::DoNotOptimize(uerr);
      benchmark::DoNotOptimize(r.Content.get());
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(d.size()));
}


// ---------------------------------------------------------------------------------------------
// 4. Reference: Botan alone (no port code), to separate the cipher's cost from the port's.
// ---------------------------------------------------------------------------------------------

// Botan AES-128/GCM seal of `size` bytes in place, reusing the buffer (no allocation per call).
void BM_Reference_BotanAES128GCMSeal(benchmark::State& state) {
  const auto size = static_cast<std::size_t>(state.range(0));
  auto mode = Botan::AEAD_Mode::create_or_throw("AES-128/GCM", Botan::ENCRYPTION);
  const bytes key(16, 0x11), nonce(12, 0x22), ad(13, 0x33);
  mode->set_key(key.data(), key.size());
  Botan::secure_vector<std::uint8_t> buf;
  buf.reserve(size + 16);
  for (auto _ : state) {
    buf.assign(size, 0x44);
    mode->set_associated_data(ad.data(), ad.size());
    mode->start(nonce.data(), nonce.size());
    mode->finish(buf);
    benchmark::DoNotOptimize(buf.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(size));
}

// The same seal the way the port's go::crypto::cipher GCM.Seal does it: plaintext copied into a
// fresh secure_vector without room for the tag (Botan's finish() appends the tag, reallocating),
// then copied out into a std::vector.
void BM_Reference_BotanAES128GCMSealCopyInOut(benchmark::State& state) {
  const auto size = static_cast<std::size_t>(state.range(0));
  auto mode = Botan::AEAD_Mode::create_or_throw("AES-128/GCM", Botan::ENCRYPTION);
  const bytes key(16, 0x11), nonce(12, 0x22), ad(13, 0x33), plaintext(size, 0x44);
  mode->set_key(key.data(), key.size());
  for (auto _ : state) {
    Botan::secure_vector<std::uint8_t> buf(plaintext.begin(), plaintext.end());
    mode->set_associated_data(ad.data(), ad.size());
    mode->start(nonce.data(), nonce.size());
    mode->finish(buf);
    bytes dst;
    dst.insert(dst.end(), buf.begin(), buf.end());
    benchmark::DoNotOptimize(dst.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(size));
}

// The 8-byte explicit nonce every AEAD/CBC Encrypt draws (go::crypto::rand::Read -> Botan::system_rng).
void BM_Reference_SystemRNG8(benchmark::State& state) {
  std::uint8_t b[8];
  for (auto _ : state) {
    Botan::system_rng().randomize(b, sizeof b);
    benchmark::DoNotOptimize(b);
  }
}

// ---------------------------------------------------------------------------------------------
// 5. P-256: dtls/go_p256 (what the port signs, verifies and agrees keys with) beside Botan's
//    ECDSA and ECDH on the same curve (what it used before). Go's own numbers for the same
//    operations: `go test -bench 'P256' crypto/ecdsa crypto/elliptic` (bench/README.md).
// ---------------------------------------------------------------------------------------------

struct p256Fixture {
  Botan::EC_Group group{"secp256r1"};
  Botan::ECDSA_PrivateKey key{Botan::system_rng(), group};
  std::array<std::uint8_t, 32> d = be32(key.private_value());
  std::array<std::uint8_t, 32> qx = be32(key.public_point().get_affine_x());
  std::array<std::uint8_t, 32> qy = be32(key.public_point().get_affine_y());
  std::vector<std::uint8_t> q = key.public_point().encode(Botan::PointGFp::UNCOMPRESSED);
  bytes hash = bytes(32, 0x5a);

  static std::array<std::uint8_t, 32> be32(const Botan::BigInt& v) {
    std::array<std::uint8_t, 32> out{};
    const auto b = Botan::BigInt::encode_1363(v, 32);
    std::copy(b.begin(), b.end(), out.begin());
    return out;
  }
  static const p256Fixture& get() {
    static const p256Fixture f;
    return f;
  }
};

void BM_P256_Sign(benchmark::State& state) {
  const auto& f = p256Fixture::get();
  for (auto _ : state) benchmark::DoNotOptimize(go::crypto::p256::SignASN1(f.d, f.hash));
}

void BM_P256_Verify(benchmark::State& state) {
  const auto& f = p256Fixture::get();
  const auto sig = go::crypto::p256::SignASN1(f.d, f.hash);
  const std::span<const std::uint8_t> r(sig.data() + 4, sig[3]);
  const std::span<const std::uint8_t> s(sig.data() + 6 + sig[3], sig[5 + sig[3]]);
  for (auto _ : state) {
    if (!go::crypto::p256::Verify(f.qx, f.qy, f.hash, r, s)) state.SkipWithError("signature did not verify");
  }
}

void BM_P256_ScalarBaseMult(benchmark::State& state) {
  const auto& f = p256Fixture::get();
  for (auto _ : state) benchmark::DoNotOptimize(go::crypto::p256::ScalarBaseMult(f.d));
}

void BM_P256_ScalarMult(benchmark::State& state) {
  const auto& f = p256Fixture::get();
  for (auto _ : state) benchmark::DoNotOptimize(go::crypto::p256::ScalarMultX(f.q, f.d));
}

void BM_Reference_BotanP256Sign(benchmark::State& state) {
  const auto& f = p256Fixture::get();
  Botan::PK_Signer signer(f.key, Botan::system_rng(), "Raw", Botan::DER_SEQUENCE);
  for (auto _ : state) benchmark::DoNotOptimize(signer.sign_message(f.hash, Botan::system_rng()));
}

void BM_Reference_BotanP256Verify(benchmark::State& state) {
  const auto& f = p256Fixture::get();
  Botan::PK_Signer signer(f.key, Botan::system_rng(), "Raw", Botan::DER_SEQUENCE);
  const auto sig = signer.sign_message(f.hash, Botan::system_rng());
  for (auto _ : state) {
    Botan::PK_Verifier verifier(f.key, "Raw", Botan::DER_SEQUENCE);
    if (!verifier.verify_message(f.hash, sig)) state.SkipWithError("signature did not verify");
  }
}

// go::x509::ParseCertificate of a certificate it parsed before (the handshake's case when a
// client reconnects to its server, or a server sees a client certificate again), and Botan's
// parse of the same DER (what every other certificate costs; Go's x509.ParseCertificate of a
// certificate like it: ~4 us here).
void BM_ParseCertificate_Cached(benchmark::State& state) {
  auto [crt, err] = dtls::pkg::crypto::selfsign::GenerateSelfSigned();
  const bytes der = crt.chain.front().BER_encode();
  for (auto _ : state) benchmark::DoNotOptimize(go::x509::ParseCertificate(der));
}

void BM_Reference_BotanX509Parse(benchmark::State& state) {
  auto [crt, err] = dtls::pkg::crypto::selfsign::GenerateSelfSigned();
  const bytes der = crt.chain.front().BER_encode();
  for (auto _ : state) {
    Botan::X509_Certificate c(der.data(), der.size());
    benchmark::DoNotOptimize(c.load_subject_public_key());
  }
}

void registerAll() {
  for (const auto& row : kSuites()) {
    for (auto* f : {&BM_Encrypt, &BM_Decrypt}) {
      const std::string name = std::string(f == &BM_Encrypt ? "BM_Encrypt/" : "BM_Decrypt/") + row.name;
      benchmark::RegisterBenchmark(name.c_str(), f, &row)->Arg(16)->Arg(128)->Arg(1024)->Arg(2048);
    }
  }
  for (const auto& c : kMessages()) {
    benchmark::RegisterBenchmark((std::string("BM_Marshal/") + c.name).c_str(), BM_Marshal, &c);
    benchmark::RegisterBenchmark((std::string("BM_Unmarshal/") + c.name).c_str(), BM_Unmarshal, &c);
  }
  benchmark::RegisterBenchmark("BM_RecordLayerMarshal/ClientHello", BM_RecordLayerMarshal, &clientHelloRecord);
  benchmark::RegisterBenchmark("BM_RecordLayerUnmarshal/ClientHello", BM_RecordLayerUnmarshal, &clientHelloRecord);
  benchmark::RegisterBenchmark("BM_RecordLayerMarshal/ApplicationData1024", BM_RecordLayerMarshal,
                               &appData1024Record);
  benchmark::RegisterBenchmark("BM_RecordLayerUnmarshal/ApplicationData1024", BM_RecordLayerUnmarshal,
                               &appData1024Record);
  benchmark::RegisterBenchmark("BM_UnpackDatagram/Flight4x5", BM_UnpackDatagram);
  benchmark::RegisterBenchmark("BM_UnpackDatagramAndUnmarshal/Flight4x5", BM_UnpackDatagramAndUnmarshal);
  benchmark::RegisterBenchmark("BM_Reference/BotanAES128GCMSeal", BM_Reference_BotanAES128GCMSeal)
      ->Arg(16)
      ->Arg(1024);
  benchmark::RegisterBenchmark("BM_Reference/BotanAES128GCMSealCopyInOut", BM_Reference_BotanAES128GCMSealCopyInOut)
      ->Arg(16)
      ->Arg(1024);
  benchmark::RegisterBenchmark("BM_Reference/SystemRNG8", BM_Reference_SystemRNG8);
  benchmark::RegisterBenchmark("BM_P256/Sign", BM_P256_Sign);
  benchmark::RegisterBenchmark("BM_P256/Verify", BM_P256_Verify);
  benchmark::RegisterBenchmark("BM_P256/ScalarBaseMult", BM_P256_ScalarBaseMult);
  benchmark::RegisterBenchmark("BM_P256/ScalarMult", BM_P256_ScalarMult);
  benchmark::RegisterBenchmark("BM_Reference/BotanP256Sign", BM_Reference_BotanP256Sign);
  benchmark::RegisterBenchmark("BM_Reference/BotanP256Verify", BM_Reference_BotanP256Verify);
  benchmark::RegisterBenchmark("BM_ParseCertificate/Cached", BM_ParseCertificate_Cached);
  benchmark::RegisterBenchmark("BM_Reference/BotanX509Parse", BM_Reference_BotanX509Parse);
}

}  // namespace

int main(int argc, char** argv) {
  registerAll();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
