// The fuzz targets (tests/fuzz/README.md). Each is a plain function over one input, so the same
// code runs under libFuzzer (fuzz_main.cpp, CHAN_FUZZ builds) and in the regression replay
// (replay_test.cpp, every build). A target returns normally for any input: a crash, a sanitizer
// report, an uncaught exception or a hang is the finding. (Ours; no Go origin.)
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace dtls::fuzz {

using Target = void (*)(std::span<const std::uint8_t>);

// recordlayer.UnpackDatagram, then Header and RecordLayer Unmarshal (and Marshal of what parsed)
// of every record.
void RecordLayer(std::span<const std::uint8_t> in);
// handshake.Handshake.Unmarshal of the input, and the message selected by in[0] unmarshalled
// directly from in[1:] (every handshake message type).
void HandshakeMessage(std::span<const std::uint8_t> in);
// extension.Unmarshal (the list) of the input, and the extension selected by in[0] unmarshalled
// directly from in[1:] (every extension type).
void Extension(std::span<const std::uint8_t> in);
// fragmentBuffer: push every record of a datagram sequence (SplitDatagrams), pop after each.
void FragmentBuffer(std::span<const std::uint8_t> in);
// dtls::Listen's stateless cookie check (helloVerifier::admit) over each datagram; an answer must
// be a HelloVerifyRequest smaller than the datagram, and the datagram with that cookie admitted.
void HelloVerify(std::span<const std::uint8_t> in);
// A whole server (in[0] picks certificate or PSK) fed the datagram sequence, deterministic mode.
void Server(std::span<const std::uint8_t> in);
// A whole client (in[0] picks certificate or PSK) fed the datagram sequence after its ClientHello.
void Client(std::span<const std::uint8_t> in);
// dtlscat's ParseFlags over an argv made of the input's NUL-separated strings.
void DtlscatFlags(std::span<const std::uint8_t> in);
// PEM: PEMDecode over the input, X509KeyPair(cert, key) split at the first NUL, and
// CertPool.AppendCertsFromPEM.
void Pem(std::span<const std::uint8_t> in);

struct NamedTarget {
  std::string_view name;  // the corpus directory: tests/fuzz/corpus/<name>/
  Target fn;
};
inline constexpr NamedTarget kTargets[] = {
    {"record_layer", RecordLayer}, {"handshake", HandshakeMessage}, {"extension", Extension},
    {"fragment_buffer", FragmentBuffer}, {"server", Server}, {"client", Client},
    {"dtlscat_flags", DtlscatFlags}, {"pem", Pem}, {"hello_verify", HelloVerify},
};

// The datagram-sequence input format of fragment_buffer, server and client: repeated
// [u16 big-endian length][that many bytes]; a short tail is one last datagram.
std::vector<std::vector<std::uint8_t>> SplitDatagrams(std::span<const std::uint8_t> in);
// Its inverse (used to write the seed corpora).
std::vector<std::uint8_t> JoinDatagrams(const std::vector<std::vector<std::uint8_t>>& dgs);

}  // namespace dtls::fuzz
