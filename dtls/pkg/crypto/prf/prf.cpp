// pion: pkg/crypto/prf/prf.go
#include "dtls/pkg/crypto/prf/prf.hpp"

#include <botan/bigint.h>
#include <botan/curve25519.h>
#include <botan/ec_group.h>
#include <botan/mac.h>
#include <botan/point_gfp.h>
#include <botan/system_rng.h>

#include <algorithm>
#include <exception>
#include <stdexcept>

#include "chan/fmt.hpp"
#include "dtls/go_p256.hpp"
#include "dtls/internal/util/util.hpp"

namespace dtls::pkg::crypto::prf {

namespace util = dtls::internal::util;

namespace {

// %#v of a []byte: []byte{0x1, 0x2}
std::string goSyntaxBytes(const std::vector<std::uint8_t>& b) {
  std::string s = "[]byte{";
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i) s += ", ";
    s += go::fmt::Sprintf("0x%x", static_cast<unsigned>(b[i]));
  }
  s += "}";
  return s;
}

std::vector<std::uint8_t> concat(std::string_view a, std::span<const std::uint8_t> b,
                                 std::span<const std::uint8_t> c = {}) {
  std::vector<std::uint8_t> out(a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  out.insert(out.end(), c.begin(), c.end());
  return out;
}

}  // namespace

// pion: pkg/crypto/prf/prf.go EncryptionKeys.String
std::string EncryptionKeys::String() const {
  return go::fmt::Sprintf(
      "encryptionKeys:\n"
      "- masterSecret: %s\n"
      "- clientMACKey: %s\n"
      "- serverMACKey: %s\n"
      "- clientWriteKey: %s\n"
      "- serverWriteKey: %s\n"
      "- clientWriteIV: %s\n"
      "- serverWriteIV: %s\n",
      goSyntaxBytes(MasterSecret), goSyntaxBytes(ClientMACKey), goSyntaxBytes(ServerMACKey),
      goSyntaxBytes(ClientWriteKey), goSyntaxBytes(ServerWriteKey), goSyntaxBytes(ClientWriteIV),
      goSyntaxBytes(ServerWriteIV));
}

// pion: pkg/crypto/prf/prf.go PSKPreMasterSecret
// PSKPreMasterSecret generates the PSK Premaster Secret
// The premaster secret is formed as follows: if the PSK is N octets
// long, concatenate a uint16 with the value N, N zero octets, a second
// uint16 with the value N, and the PSK itself.
//
// https://tools.ietf.org/html/rfc4279#section-2
std::vector<std::uint8_t> PSKPreMasterSecret(std::span<const std::uint8_t> psk) {
  const auto pskLen = static_cast<std::uint16_t>(psk.size());

  // out := append(make([]byte, 2+pskLen+2), psk...) -- uint16 arithmetic as in Go
  std::vector<std::uint8_t> out(static_cast<std::uint16_t>(2 + pskLen + 2), 0);
  out.insert(out.end(), psk.begin(), psk.end());
  util::PutBigEndianUint16(out, pskLen);
  util::PutBigEndianUint16(std::span<std::uint8_t>(out).subspan(static_cast<std::uint16_t>(2 + pskLen)), pskLen);

  return out;
}

// pion: pkg/crypto/prf/prf.go EcdhePSKPreMasterSecret
// EcdhePSKPreMasterSecret implements TLS 1.2 Premaster Secret generation given a psk, a keypair and a curve
//
// https://datatracker.ietf.org/doc/html/rfc5489#section-2
std::pair<std::vector<std::uint8_t>, go::error> EcdhePSKPreMasterSecret(std::span<const std::uint8_t> psk,
                                                                        std::span<const std::uint8_t> publicKey,
                                                                        std::span<const std::uint8_t> privateKey,
                                                                        elliptic::Curve curve) {
  auto [preMasterSecret, err] = PreMasterSecret(publicKey, privateKey, curve);
  if (err) {
    return {std::vector<std::uint8_t>{}, err};
  }
  std::vector<std::uint8_t> out(2 + preMasterSecret.size() + 2 + psk.size());
  std::span<std::uint8_t> o(out);

  // write preMasterSecret length
  std::size_t offset = 0;
  util::PutBigEndianUint16(o.subspan(offset), static_cast<std::uint16_t>(preMasterSecret.size()));
  offset += 2;

  // write preMasterSecret
  std::copy(preMasterSecret.begin(), preMasterSecret.end(), out.begin() + static_cast<std::ptrdiff_t>(offset));
  offset += preMasterSecret.size();

  // write psk length
  util::PutBigEndianUint16(o.subspan(offset), static_cast<std::uint16_t>(psk.size()));
  offset += 2;

  // write psk
  std::copy(psk.begin(), psk.end(), out.begin() + static_cast<std::ptrdiff_t>(offset));
  return {std::move(out), nullptr};
}

namespace {

// golang.org/x/crypto/curve25519.X25519(scalar, point), over Botan's Curve25519.
std::pair<std::vector<std::uint8_t>, go::error> x25519(std::span<const std::uint8_t> scalar,
                                                       std::span<const std::uint8_t> point) {
  if (scalar.size() != 32) {
    return {std::vector<std::uint8_t>{}, go::errors::New("bad scalar length: " + std::to_string(scalar.size()) +
                                                         ", expected 32")};
  }
  if (point.size() != 32) {
    return {std::vector<std::uint8_t>{},
            go::errors::New("bad point length: " + std::to_string(point.size()) + ", expected 32")};
  }
  // curve25519_donna directly (it clamps the scalar, as X25519 does): a Curve25519_PrivateKey
  // would first compute its public key, a second scalar multiplication per agreement.
  std::vector<std::uint8_t> dst(32);
  Botan::curve25519_donna(dst.data(), scalar.data(), point.data());
  if (std::all_of(dst.begin(), dst.end(), [](std::uint8_t b) { return b == 0; })) {
    return {std::vector<std::uint8_t>{}, go::errors::New("bad input point: low order point")};
  }
  return {std::move(dst), nullptr};
}

// pion: pkg/crypto/prf/prf.go ellipticCurvePreMasterSecret
// (Go passes crypto/elliptic curves; here the Botan group name.)
std::pair<std::vector<std::uint8_t>, go::error> ellipticCurvePreMasterSecret(std::span<const std::uint8_t> publicKey,
                                                                             std::span<const std::uint8_t> privateKey,
                                                                             const char* groupName) {
  const Botan::EC_Group c(groupName);
  const std::size_t byteLen = c.get_p_bytes();

  // x, y := ellipticStdlib.Unmarshal(c1, publicKey): only the uncompressed
  // form of the right length, with coordinates below p, on the curve.
  if (publicKey.size() != 1 + 2 * byteLen || publicKey[0] != 4) {
    return {std::vector<std::uint8_t>{}, errInvalidNamedCurve};
  }
  Botan::PointGFp point;
  try {
    point = c.OS2ECP(publicKey.data(), publicKey.size());
  } catch (const std::exception&) {
    return {std::vector<std::uint8_t>{}, errInvalidNamedCurve};
  }
  if (point.is_zero() || !point.on_the_curve()) {
    return {std::vector<std::uint8_t>{}, errInvalidNamedCurve};
  }

  // result, _ := c2.ScalarMult(x, y, privateKey)
  Botan::System_RNG rng;
  std::vector<Botan::BigInt> ws;
  const Botan::BigInt k(privateKey.data(), privateKey.size());
  const Botan::PointGFp result = c.blinded_var_point_multiply(point, k, rng, ws);

  // preMasterSecret := make([]byte, (c2.Params().BitSize+7)>>3), result.Bytes() right-aligned;
  // the point at infinity is (0, 0) in Go, giving all zeros.
  std::vector<std::uint8_t> preMasterSecret(byteLen, 0);
  if (!result.is_zero()) {
    const auto resultBytes = Botan::BigInt::encode_1363(result.get_affine_x(), byteLen);
    std::copy(resultBytes.begin(), resultBytes.end(), preMasterSecret.begin());
  }
  return {std::move(preMasterSecret), nullptr};
}

}  // namespace

// pion: pkg/crypto/prf/prf.go PreMasterSecret
// PreMasterSecret implements TLS 1.2 Premaster Secret generation given a keypair and a curve
std::pair<std::vector<std::uint8_t>, go::error> PreMasterSecret(std::span<const std::uint8_t> publicKey,
                                                                std::span<const std::uint8_t> privateKey,
                                                                elliptic::Curve curve) {
  try {
    switch (curve) {
      case elliptic::X25519:
        return x25519(privateKey, publicKey);
      case elliptic::P256: {
        // ellipticCurvePreMasterSecret(publicKey, privateKey, elliptic.P256(), elliptic.P256()) on
        // go::crypto::p256 (dtls/go_p256): the same checks (the uncompressed form, coordinates
        // below p, on the curve) and the same bytes (X, all zero for the point at infinity).
        const auto x = go::crypto::p256::ScalarMultX(publicKey, privateKey);
        if (!x) {
          return {std::vector<std::uint8_t>{}, errInvalidNamedCurve};
        }
        return {std::vector<std::uint8_t>(x->begin(), x->end()), nullptr};
      }
      case elliptic::P384:
        return ellipticCurvePreMasterSecret(publicKey, privateKey, "secp384r1");
      default:
        return {std::vector<std::uint8_t>{}, errInvalidNamedCurve};
    }
  } catch (const std::exception& e) {
    return {std::vector<std::uint8_t>{}, go::errors::New(e.what())};
  }
}

namespace {

// hmac.New(h, key) + Write(data) + Sum(nil), over Botan's "HMAC(<hash>)".
// RFC 2104 (and Go) replace a key longer than the hash's block size by its
// hash; Botan's HMAC does the same but caps the key length it accepts, so that
// step is done here with the same hash to accept any key length, as Go does.
std::vector<std::uint8_t> hmacSum(const HashFunc& h, std::span<const std::uint8_t> key,
                                  std::span<const std::uint8_t> data) {
  auto keyHash = h();
  auto mac = Botan::MessageAuthenticationCode::create_or_throw("HMAC(" + keyHash->name() + ")");
  if (key.size() > keyHash->hash_block_size()) {
    keyHash->update(key.data(), key.size());
    const auto k = keyHash->final();
    mac->set_key(k);
  } else {
    mac->set_key(key.data(), key.size());
  }
  mac->update(data.data(), data.size());
  const auto sum = mac->final();
  return std::vector<std::uint8_t>(sum.begin(), sum.end());
}

}  // namespace

// pion: pkg/crypto/prf/prf.go PHash
std::pair<std::vector<std::uint8_t>, go::error> PHash(std::span<const std::uint8_t> secret,
                                                      std::span<const std::uint8_t> seed, int requestedLength,
                                                      const HashFunc& h) {
  if (requestedLength < 0) {
    // Go panics slicing out[:requestedLength]
    throw std::out_of_range("prf: PHash with negative requestedLength");
  }
  try {
    auto hmacSHA256 = [&h](std::span<const std::uint8_t> key, std::span<const std::uint8_t> data) {
      return hmacSum(h, key, data);
    };

    std::vector<std::uint8_t> lastRound(seed.begin(), seed.end());
    std::vector<std::uint8_t> out;

    const std::size_t size = h()->output_length();
    const std::size_t iterations = (static_cast<std::size_t>(requestedLength) + size - 1) / size;
    for (std::size_t i = 0; i < iterations; i++) {
      lastRound = hmacSHA256(secret, lastRound);
      std::vector<std::uint8_t> lastRoundWithSeed = lastRound;
      lastRoundWithSeed.insert(lastRoundWithSeed.end(), seed.begin(), seed.end());
      const auto withSecret = hmacSHA256(secret, lastRoundWithSeed);
      out.insert(out.end(), withSecret.begin(), withSecret.end());
    }

    out.resize(static_cast<std::size_t>(requestedLength));
    return {std::move(out), nullptr};
  } catch (const std::exception& e) {
    return {std::vector<std::uint8_t>{}, go::errors::New(e.what())};
  }
}

// pion: pkg/crypto/prf/prf.go ExtendedMasterSecret
// ExtendedMasterSecret generates a Extended MasterSecret as defined in
// https://tools.ietf.org/html/rfc7627
std::pair<std::vector<std::uint8_t>, go::error> ExtendedMasterSecret(std::span<const std::uint8_t> preMasterSecret,
                                                                     std::span<const std::uint8_t> sessionHash,
                                                                     const HashFunc& h) {
  const auto seed = concat(extendedMasterSecretLabel, sessionHash);
  return PHash(preMasterSecret, seed, 48, h);
}

// pion: pkg/crypto/prf/prf.go MasterSecret
// MasterSecret generates a TLS 1.2 MasterSecret
std::pair<std::vector<std::uint8_t>, go::error> MasterSecret(std::span<const std::uint8_t> preMasterSecret,
                                                             std::span<const std::uint8_t> clientRandom,
                                                             std::span<const std::uint8_t> serverRandom,
                                                             const HashFunc& h) {
  const auto seed = concat(masterSecretLabel, clientRandom, serverRandom);
  return PHash(preMasterSecret, seed, 48, h);
}

// pion: pkg/crypto/prf/prf.go GenerateEncryptionKeys
// GenerateEncryptionKeys is the final step TLS 1.2 PRF. Given all state generated so far generates
// the final keys need for encryption
std::pair<std::shared_ptr<EncryptionKeys>, go::error> GenerateEncryptionKeys(
    std::span<const std::uint8_t> masterSecret, std::span<const std::uint8_t> clientRandom,
    std::span<const std::uint8_t> serverRandom, int macLen, int keyLen, int ivLen, const HashFunc& h) {
  if (macLen < 0 || keyLen < 0 || ivLen < 0) {
    // Go panics slicing keyMaterial with a negative length
    throw std::out_of_range("prf: GenerateEncryptionKeys with a negative length");
  }
  const auto seed = concat(keyExpansionLabel, serverRandom, clientRandom);
  auto [keyMaterialOwned, err] = PHash(masterSecret, seed, (2 * macLen) + (2 * keyLen) + (2 * ivLen), h);
  if (err) {
    return {nullptr, err};
  }
  std::span<const std::uint8_t> keyMaterial(keyMaterialOwned);
  auto take = [&keyMaterial](int n) {
    const auto part = keyMaterial.first(static_cast<std::size_t>(n));
    keyMaterial = keyMaterial.subspan(static_cast<std::size_t>(n));
    return std::vector<std::uint8_t>(part.begin(), part.end());
  };

  auto keys = std::make_shared<EncryptionKeys>();
  keys->MasterSecret.assign(masterSecret.begin(), masterSecret.end());
  keys->ClientMACKey = take(macLen);
  keys->ServerMACKey = take(macLen);
  keys->ClientWriteKey = take(keyLen);
  keys->ServerWriteKey = take(keyLen);
  keys->ClientWriteIV = take(ivLen);
  keys->ServerWriteIV = take(ivLen);
  return {std::move(keys), nullptr};
}

// pion: pkg/crypto/prf/prf.go prfVerifyData
std::pair<std::vector<std::uint8_t>, go::error> prfVerifyData(std::span<const std::uint8_t> masterSecret,
                                                              std::span<const std::uint8_t> handshakeBodies,
                                                              const std::string& label, const HashFunc& hashFunc) {
  std::vector<std::uint8_t> sum;
  try {
    auto h = hashFunc();
    h->update(handshakeBodies.data(), handshakeBodies.size());
    const auto s = h->final();
    sum.assign(s.begin(), s.end());
  } catch (const std::exception& e) {
    return {std::vector<std::uint8_t>{}, go::errors::New(e.what())};
  }

  const auto seed = concat(label, sum);
  return PHash(masterSecret, seed, 12, hashFunc);
}

// pion: pkg/crypto/prf/prf.go VerifyDataClient
// VerifyDataClient is caled on the Client Side to either verify or generate the VerifyData message
std::pair<std::vector<std::uint8_t>, go::error> VerifyDataClient(std::span<const std::uint8_t> masterSecret,
                                                                 std::span<const std::uint8_t> handshakeBodies,
                                                                 const HashFunc& h) {
  return prfVerifyData(masterSecret, handshakeBodies, verifyDataClientLabel, h);
}

// pion: pkg/crypto/prf/prf.go VerifyDataServer
// VerifyDataServer is caled on the Server Side to either verify or generate the VerifyData message
std::pair<std::vector<std::uint8_t>, go::error> VerifyDataServer(std::span<const std::uint8_t> masterSecret,
                                                                 std::span<const std::uint8_t> handshakeBodies,
                                                                 const HashFunc& h) {
  return prfVerifyData(masterSecret, handshakeBodies, verifyDataServerLabel, h);
}

}  // namespace dtls::pkg::crypto::prf
