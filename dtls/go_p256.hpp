// NIST P-256 for the port's ECDSA and ECDHE: the parts of Go's crypto/elliptic (P256()),
// crypto/internal/nistec (P256Point) and crypto/ecdsa that Pion reaches with a P-256 key or
// curve, in fixed-size arithmetic of our own (go_p256.cpp). Botan 2's P-256 goes through its
// generic BigInt point code: 100-150 us a signature and 240-310 us a verification here, against
// Go's 26 and 70, which was most of the gap between our ECDSA handshake and Pion's
// (bench/README.md). Every other curve stays on Botan.
//
// Constant time where secrets are involved (signing, key generation, ECDH): no branch and no
// memory index depends on a scalar or a private key. Verification handles only public values.
// Per port-notes/conventions.md Go standard-library names live under go::<pkg>.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace go::crypto::p256 {

// The order of the group (N), big-endian.
extern const std::array<std::uint8_t, 32> N;

// elliptic.P256().ScalarBaseMult(k) + elliptic.Marshal: the uncompressed point k*G
// (0x04 || X || Y). k is a 32-byte big-endian scalar, taken modulo N; a multiple of N gives the
// point at infinity, which Go marshals as (0, 0): 0x04 followed by 64 zero bytes.
std::array<std::uint8_t, 65> ScalarBaseMult(std::span<const std::uint8_t, 32> k);

// elliptic.Unmarshal(P256(), q) + P256().ScalarMult(x, y, k): the X coordinate of k*Q, 32 bytes
// big-endian (all zero for the point at infinity, Go's (0, 0)). nullopt when q is not an
// uncompressed point on the curve (0x04 || X || Y, coordinates below p). k: any big-endian
// scalar of at most 32 bytes.
std::optional<std::array<std::uint8_t, 32>> ScalarMultX(std::span<const std::uint8_t> q,
                                                        std::span<const std::uint8_t> k);

// A private scalar in [1, N-1] for elliptic.GenerateKey(P256(), rand.Reader), from the system's
// random source. Throws std::runtime_error if that source fails.
std::array<std::uint8_t, 32> GeneratePrivateScalar();

// ecdsa.SignASN1 for a P-256 private key d (32 bytes big-endian, in [1, N-1]): the DER
// SEQUENCE { r INTEGER, s INTEGER } over hash (truncated to 256 bits, Go's hashToInt). The
// nonce is drawn from the system's random source and hedged with the key and the hash
// (SHA-512 of d, 32 random bytes and the hash, reduced modulo N), so a weak random source alone
// does not reveal the key. Throws std::runtime_error if that source fails, std::invalid_argument
// if d is not in [1, N-1].
std::vector<std::uint8_t> SignASN1(std::span<const std::uint8_t, 32> d, std::span<const std::uint8_t> hash);

// ecdsa.Verify for the public key (qx, qy) (32 bytes big-endian each): r and s big-endian, of
// any length. False for a key that is not on the curve, r or s outside [1, N-1], or a signature
// that does not match.
bool Verify(std::span<const std::uint8_t, 32> qx, std::span<const std::uint8_t, 32> qy,
            std::span<const std::uint8_t> hash, std::span<const std::uint8_t> r, std::span<const std::uint8_t> s);

}  // namespace go::crypto::p256
