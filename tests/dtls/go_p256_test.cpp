// dtls/go_p256.{hpp,cpp}: P-256 against Botan 2 (differential, random inputs and edge cases)
// and NIST's CAVP ECDSA SigVer vectors (go: crypto/ecdsa/ecdsa_test.go TestVectors, P-256
// sections).
#include "dtls/go_p256.hpp"

#include <gtest/gtest.h>

#include <botan/auto_rng.h>
#include <botan/bigint.h>
#include <botan/ec_group.h>
#include <botan/ecdsa.h>
#include <botan/hash.h>
#include <botan/hex.h>
#include <botan/numthry.h>
#include <botan/pubkey.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

namespace p256 = go::crypto::p256;

namespace {

const Botan::EC_Group& group() {
  static const Botan::EC_Group g("secp256r1");
  return g;
}

std::array<std::uint8_t, 32> be32(const Botan::BigInt& v) {
  std::array<std::uint8_t, 32> out{};
  const auto b = Botan::BigInt::encode_1363(v, 32);
  std::copy(b.begin(), b.end(), out.begin());
  return out;
}

// Botan's k*G as Go marshals it (0x04 || X || Y; (0, 0) for infinity).
std::array<std::uint8_t, 65> botanBaseMult(const Botan::BigInt& k) {
  std::array<std::uint8_t, 65> out{};
  out[0] = 4;
  const Botan::PointGFp p = group().get_base_point() * k;
  if (!p.is_zero()) {
    const auto x = be32(p.get_affine_x());
    const auto y = be32(p.get_affine_y());
    std::copy(x.begin(), x.end(), out.begin() + 1);
    std::copy(y.begin(), y.end(), out.begin() + 33);
  }
  return out;
}

std::vector<std::uint8_t> uncompressed(const Botan::PointGFp& p) { return p.encode(Botan::PointGFp::UNCOMPRESSED); }

Botan::BigInt randomScalar(Botan::RandomNumberGenerator& rng) { return Botan::BigInt::random_integer(rng, 1, group().get_order()); }

}  // namespace

TEST(GoP256, OrderAndGeneratorMatchBotan) {
  EXPECT_EQ(Botan::BigInt(p256::N.data(), p256::N.size()), group().get_order());
  std::array<std::uint8_t, 32> one{};
  one[31] = 1;
  EXPECT_EQ(p256::ScalarBaseMult(one), botanBaseMult(1));
}

TEST(GoP256, ScalarBaseMultMatchesBotan) {
  Botan::AutoSeeded_RNG rng;
  const Botan::BigInt n = group().get_order();
  // Edge scalars: 0, small ones, around N (k*G depends on k mod N), the largest 256-bit value.
  std::vector<Botan::BigInt> ks = {0, 1, 2, 3, 15, 16, 17, 255, 256, n - 1, n - 2, n, n + 1,
                                   Botan::BigInt::power_of_2(256) - 1, Botan::BigInt::power_of_2(255)};
  for (int i = 0; i < 300; ++i) ks.push_back(Botan::BigInt::random_integer(rng, 0, Botan::BigInt::power_of_2(256)));
  for (const auto& k : ks) {
    const auto got = p256::ScalarBaseMult(be32(k));
    EXPECT_EQ(got, botanBaseMult(k % n)) << "k = " << k.to_hex_string();
  }
}

TEST(GoP256, ScalarMultMatchesBotan) {
  Botan::AutoSeeded_RNG rng;
  const Botan::BigInt n = group().get_order();
  for (int i = 0; i < 150; ++i) {
    const Botan::PointGFp q = group().get_base_point() * randomScalar(rng);
    const auto qb = uncompressed(q);
    std::vector<Botan::BigInt> ks = {randomScalar(rng), Botan::BigInt::random_integer(rng, 0, Botan::BigInt::power_of_2(256))};
    if (i == 0) ks.insert(ks.end(), {0, 1, 2, 16, n - 1, n, n + 1});
    for (const auto& k : ks) {
      const Botan::PointGFp want = q * (k % n);
      std::array<std::uint8_t, 32> wantX{};
      if (!want.is_zero()) wantX = be32(want.get_affine_x());
      const auto kb = be32(k);
      const auto got = p256::ScalarMultX(qb, kb);
      ASSERT_TRUE(got.has_value());
      EXPECT_EQ(*got, wantX) << "k = " << k.to_hex_string();
    }
  }
  // A short scalar is a big-endian number like any other (Go: big.Int bytes).
  const Botan::PointGFp q = group().get_base_point() * randomScalar(rng);
  const std::uint8_t k3[] = {0x01, 0x00, 0x01};
  EXPECT_EQ(*p256::ScalarMultX(uncompressed(q), k3), be32((q * 0x10001).get_affine_x()));
}

TEST(GoP256, ScalarMultRejectsWhatIsNotAPoint) {
  Botan::AutoSeeded_RNG rng;
  const auto good = uncompressed(group().get_base_point() * randomScalar(rng));
  const std::uint8_t k[32] = {1};
  ASSERT_TRUE(p256::ScalarMultX(good, k).has_value());

  auto offCurve = good;
  offCurve[64] ^= 1;
  EXPECT_FALSE(p256::ScalarMultX(offCurve, k).has_value()) << "a point off the curve";
  auto compressed = good;
  compressed[0] = 2;
  EXPECT_FALSE(p256::ScalarMultX(compressed, k).has_value()) << "only the uncompressed form";
  EXPECT_FALSE(p256::ScalarMultX(std::span(good).first(64), k).has_value()) << "short";
  std::vector<std::uint8_t> infinity(65, 0);
  infinity[0] = 4;
  EXPECT_FALSE(p256::ScalarMultX(infinity, k).has_value()) << "(0, 0) is not on the curve";
  // X = p (not reduced): 0xffffffff00000001 0000000000000000 00000000ffffffff ffffffffffffffff
  std::vector<std::uint8_t> bigX = good;
  const auto p = Botan::BigInt::encode_1363(group().get_p(), 32);
  std::copy(p.begin(), p.end(), bigX.begin() + 1);
  EXPECT_FALSE(p256::ScalarMultX(bigX, k).has_value()) << "a coordinate not below p";
  std::vector<std::uint8_t> longK(33, 1);
  EXPECT_FALSE(p256::ScalarMultX(good, longK).has_value()) << "a scalar over 32 bytes";
}

TEST(GoP256, GeneratedScalarsAreInRange) {
  const Botan::BigInt n = group().get_order();
  for (int i = 0; i < 200; ++i) {
    const auto d = p256::GeneratePrivateScalar();
    const Botan::BigInt v(d.data(), d.size());
    EXPECT_GT(v, 0);
    EXPECT_LT(v, n);
  }
}

// Our signatures verify with Botan and with our Verify; Botan's verify with ours; a changed
// hash, r or s does not.
TEST(GoP256, SignAndVerifyAgreeWithBotan) {
  Botan::AutoSeeded_RNG rng;
  for (int i = 0; i < 60; ++i) {
    const Botan::ECDSA_PrivateKey key(rng, group());
    const auto d = be32(key.private_value());
    const auto qx = be32(key.public_point().get_affine_x());
    const auto qy = be32(key.public_point().get_affine_y());
    const std::size_t hashLen = std::array<std::size_t, 5>{20, 28, 32, 48, 64}[static_cast<std::size_t>(i % 5)];
    const auto hash = rng.random_vec(hashLen);

    const auto sig = p256::SignASN1(d, hash);
    // Botan's "Raw" ECDSA takes the digest as given and truncates it to the order's bits, as Go.
    Botan::PK_Verifier botanDER(key, "Raw", Botan::DER_SEQUENCE);
    EXPECT_TRUE(botanDER.verify_message(hash.data(), hash.size(), sig.data(), sig.size())) << "hash length " << hashLen;

    // DER: SEQUENCE of two INTEGERs; take r and s out for our own Verify.
    ASSERT_EQ(sig[0], 0x30);
    ASSERT_EQ(sig[1], sig.size() - 2);
    ASSERT_EQ(sig[2], 0x02);
    const std::size_t rLen = sig[3];
    const std::span<const std::uint8_t> r(sig.data() + 4, rLen);
    ASSERT_EQ(sig[4 + rLen], 0x02);
    const std::span<const std::uint8_t> s(sig.data() + 6 + rLen, sig[5 + rLen]);
    ASSERT_EQ(6 + rLen + s.size(), sig.size());
    EXPECT_TRUE(r[0] != 0 || (r.size() > 1 && (r[1] & 0x80))) << "minimal INTEGER encoding";
    EXPECT_TRUE(p256::Verify(qx, qy, hash, r, s));

    auto badHash = hash;
    badHash[0] ^= 0x80;
    EXPECT_FALSE(p256::Verify(qx, qy, badHash, r, s));
    std::vector<std::uint8_t> badR(r.begin(), r.end());
    badR.back() ^= 1;
    EXPECT_FALSE(p256::Verify(qx, qy, hash, badR, s));
    std::vector<std::uint8_t> badS(s.begin(), s.end());
    badS.back() ^= 1;
    EXPECT_FALSE(p256::Verify(qx, qy, hash, r, badS));
    auto otherQy = qy;
    otherQy[31] ^= 1;  // off the curve
    EXPECT_FALSE(p256::Verify(qx, otherQy, hash, r, s));

    Botan::PK_Signer botanSigner(key, rng, "Raw", Botan::IEEE_1363);
    const auto bsig = botanSigner.sign_message(hash, rng);
    EXPECT_TRUE(p256::Verify(qx, qy, hash, std::span(bsig).first(32), std::span(bsig).subspan(32)));
  }
}

TEST(GoP256, VerifyRejectsOutOfRangeSignatures) {
  Botan::AutoSeeded_RNG rng;
  const Botan::ECDSA_PrivateKey key(rng, group());
  const auto qx = be32(key.public_point().get_affine_x());
  const auto qy = be32(key.public_point().get_affine_y());
  const auto hash = rng.random_vec(32);
  Botan::PK_Signer signer(key, rng, "Raw", Botan::IEEE_1363);
  const auto sig = signer.sign_message(hash, rng);
  const Botan::BigInt r(sig.data(), 32), s(sig.data() + 32, 32);
  const Botan::BigInt n = group().get_order();
  ASSERT_TRUE(p256::Verify(qx, qy, hash, be32(r), be32(s)));
  const std::vector<std::uint8_t> zero = {0};
  EXPECT_FALSE(p256::Verify(qx, qy, hash, zero, be32(s)));
  EXPECT_FALSE(p256::Verify(qx, qy, hash, be32(r), zero));
  EXPECT_FALSE(p256::Verify(qx, qy, hash, {}, be32(s)));
  // r + N and s + N name the same residues but are not below N (Go rejects them).
  // (33 bytes when the sum passes 2^256.)
  const auto minimal = [](const Botan::BigInt& v) { return Botan::BigInt::encode(v); };
  EXPECT_FALSE(p256::Verify(qx, qy, hash, minimal(r + n), be32(s))) << "r + N";
  EXPECT_FALSE(p256::Verify(qx, qy, hash, be32(r), minimal(s + n))) << "s + N";
  EXPECT_FALSE(p256::Verify(qx, qy, hash, minimal(n), be32(s))) << "r = N";
  // Leading zeros are only a longer encoding of the same number; 33 significant bytes are not.
  std::vector<std::uint8_t> rPadded(3, 0);
  const auto rb = be32(r);
  rPadded.insert(rPadded.end(), rb.begin(), rb.end());
  EXPECT_TRUE(p256::Verify(qx, qy, hash, rPadded, be32(s)));
  std::vector<std::uint8_t> tooLong(33, 0xff);
  EXPECT_FALSE(p256::Verify(qx, qy, hash, tooLong, be32(s)));
}

// Verification's u1*G + u2*Q meets its special cases when Q = G (the key d = 1): with the hash
// equal to r, u1 = u2 and the first additions of the two tables land on the same point (the
// doubling branch); with the hash equal to N - r, u1 = -u2 and the sum is the point at infinity
// (never a valid signature). Botan decides each the same way.
TEST(GoP256, VerifyTakesTheSpecialCasesOfTheSum) {
  Botan::AutoSeeded_RNG rng;
  const Botan::BigInt n = group().get_order();
  const Botan::ECDSA_PrivateKey one(rng, group(), Botan::BigInt(1));
  const auto gx = be32(group().get_base_point().get_affine_x());
  const auto gy = be32(group().get_base_point().get_affine_y());
  Botan::PK_Verifier botan(one, "Raw", Botan::IEEE_1363);
  for (int i = 0; i < 40; ++i) {
    const Botan::BigInt k = randomScalar(rng);
    const Botan::BigInt r = (group().get_base_point() * k).get_affine_x() % n;
    const Botan::BigInt kinv = Botan::inverse_mod(k, n);
    // e = r: s = k^-1 (r + r * 1)
    const Botan::BigInt s = (kinv * ((r + r) % n)) % n;
    const auto hashR = be32(r);
    EXPECT_TRUE(p256::Verify(gx, gy, hashR, be32(r), be32(s)));
    auto sig = be32(r);
    const auto sb = be32(s);
    std::vector<std::uint8_t> raw(sig.begin(), sig.end());
    raw.insert(raw.end(), sb.begin(), sb.end());
    EXPECT_TRUE(botan.verify_message(hashR.data(), hashR.size(), raw.data(), raw.size()));
    // e = N - r: u1 = -u2, u1*G + u2*G is the point at infinity.
    const auto hashNegR = be32(n - r);
    EXPECT_FALSE(p256::Verify(gx, gy, hashNegR, be32(r), be32(s)));
    EXPECT_FALSE(botan.verify_message(hashNegR.data(), hashNegR.size(), raw.data(), raw.size()));
  }
}

TEST(GoP256, SignRejectsKeysOutOfRange) {
  std::array<std::uint8_t, 32> zero{};
  const std::uint8_t hash[32] = {};
  EXPECT_THROW(p256::SignASN1(zero, hash), std::invalid_argument);
  EXPECT_THROW(p256::SignASN1(p256::N, hash), std::invalid_argument);
}

// go: crypto/ecdsa/ecdsa_test.go TestVectors (NIST CAVP SigVer, the P-256 sections: 75 vectors
// over SHA-1/224/256/384/512, valid ones and ones with the message, R, S or Q changed).
TEST(GoP256, NISTSigVerVectors) {
  const auto path = std::filesystem::path(__FILE__).parent_path() / "testdata" / "p256_sigver.rsp";
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  const std::map<std::string, std::string> hashes = {{"SHA-1", "SHA-1"},     {"SHA-224", "SHA-224"},
                                                     {"SHA-256", "SHA-256"}, {"SHA-384", "SHA-384"},
                                                     {"SHA-512", "SHA-512"}};
  std::string hashName, line;
  std::map<std::string, std::string> v;
  int checked = 0, valid = 0;
  while (std::getline(in, line)) {
    if (line.rfind("[P-256,", 0) == 0) {
      hashName = line.substr(7, line.size() - 8);
      continue;
    }
    const auto eq = line.find(" = ");
    if (eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq), val = line.substr(eq + 3);
    v[key] = val;
    if (key != "Result") continue;
    ASSERT_TRUE(hashes.count(hashName)) << hashName;
    auto h = Botan::HashFunction::create_or_throw(hashes.at(hashName));
    const auto msg = Botan::hex_decode(v["Msg"]);
    const auto digest = h->process(msg);
    const auto qx = Botan::hex_decode(v["Qx"]), qy = Botan::hex_decode(v["Qy"]);
    const auto r = Botan::hex_decode(v["R"]), s = Botan::hex_decode(v["S"]);
    ASSERT_EQ(qx.size(), 32u);
    ASSERT_EQ(qy.size(), 32u);
    const bool want = val[0] == 'P';
    EXPECT_EQ(p256::Verify(std::span<const std::uint8_t, 32>(qx.data(), 32), std::span<const std::uint8_t, 32>(qy.data(), 32),
                           std::span(digest.data(), digest.size()), r, s),
              want)
        << hashName << " Msg=" << v["Msg"].substr(0, 16) << "... " << val;
    ++checked;
    valid += want;
    v.clear();
  }
  EXPECT_EQ(checked, 75);
  EXPECT_GT(valid, 0);
}
