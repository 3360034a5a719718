// pion: pkg/crypto/ccm/ccm_test.go
// Refer to RFC 3610 section 8 for the vectors.
#include "dtls/pkg/crypto/ccm/ccm.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "chan/fmt.hpp"

namespace ccm = dtls::pkg::crypto::ccm;
namespace cipher = go::crypto::cipher;
namespace aes = go::crypto::aes;

namespace {

// pion: pkg/crypto/ccm/ccm_test.go mustHexDecode
std::vector<std::uint8_t> mustHexDecode(const std::string& s) {
  if (s.size() % 2 != 0) throw std::invalid_argument("odd hex length");
  std::vector<std::uint8_t> r;
  for (std::size_t i = 0; i < s.size(); i += 2) {
    r.push_back(static_cast<std::uint8_t>(std::stoi(s.substr(i, 2), nullptr, 16)));
  }
  return r;
}

std::vector<std::uint8_t> sub(const std::vector<std::uint8_t>& v, std::size_t from, std::size_t to) {
  return std::vector<std::uint8_t>(v.begin() + static_cast<std::ptrdiff_t>(from),
                                   v.begin() + static_cast<std::ptrdiff_t>(to));
}

const std::vector<std::uint8_t> aesKey1to12 = mustHexDecode("c0c1c2c3c4c5c6c7c8c9cacbcccdcecf");
const std::vector<std::uint8_t> aesKey13to24 = mustHexDecode("d7828d13b2b0bdc325a76236df93cc6b");

// AESKey: AES Key
// CipherText: Authenticated and encrypted output
// ClearHeaderOctets:  Input with X cleartext header octets
// Data: Input with X cleartext header octets
// M: length(CBC-MAC)
// Nonce: Nonce
struct vector {
  std::vector<std::uint8_t> AESKey;
  std::string CipherText;
  std::size_t ClearHeaderOctets = 0;
  std::string Data;
  int M = 0;
  std::string Nonce;
};

std::shared_ptr<cipher::Block> mustAES(const std::vector<std::uint8_t>& key) {
  auto [blk, err] = aes::NewCipher(key);
  if (err) throw std::runtime_error("could not initialize AES block cipher from key: " + err.Error());
  return blk;
}

}  // namespace

// pion: pkg/crypto/ccm/ccm_test.go TestRFC3610Vectors
TEST(CCM, RFC3610Vectors) {
  const std::vector<vector> cases = {
      // Vectors 1-12
      {
          aesKey1to12,
          "0001020304050607588c979a61c663d2f066d0c2c0f989806d5f6b61dac38417e8d12cfdf926e0",
          8,
          "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e",
          8,
          "00000003020100a0a1a2a3a4a5",
      },
      {
          aesKey1to12,
          "000102030405060772c91a36e135f8cf291ca894085c87e3cc15c439c9e43a3ba091d56e10400916",
          8,
          "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
          8,
          "00000004030201a0a1a2a3a4a5",
      },
      {
          aesKey1to12,
          "000102030405060751b1e5f44a197d1da46b0f8e2d282ae871e838bb64da8596574adaa76fbd9fb0c5",
          8,
          "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20",
          8,
          "00000005040302a0a1a2a3a4a5",
      },
      {
          aesKey1to12,
          "000102030405060708090a0ba28c6865939a9a79faaa5c4c2a9d4a91cdac8c96c861b9c9e61ef1",
          12,
          "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e",
          8,
          "00000006050403a0a1a2a3a4a5",
      },
      {
          aesKey1to12,
          "000102030405060708090a0bdcf1fb7b5d9e23fb9d4e131253658ad86ebdca3e51e83f077d9c2d93",
          12,
          "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
          8,
          "00000007060504a0a1a2a3a4a5",
      },
      {
          aesKey1to12,
          "000102030405060708090a0b6fc1b011f006568b5171a42d953d469b2570a4bd87405a0443ac91cb94",
          12,
          "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20",
          8,
          "00000008070605a0a1a2a3a4a5",
      },
      {
          aesKey1to12,
          "00010203040506070135d1b2c95f41d5d1d4fec185d166b8094e999dfed96c048c56602c97acbb7490",
          8,
          "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e",
          10,
          "00000009080706a0a1a2a3a4a5",
      },
      {
          aesKey1to12,
          "00010203040506077b75399ac0831dd2f0bbd75879a2fd8f6cae6b6cd9b7db24c17b4433f434963f34b4",
          8,
          "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
          10,
          "0000000a090807a0a1a2a3a4a5",
      },
      {
          aesKey1to12,
          "000102030405060782531a60cc24945a4b8279181ab5c84df21ce7f9b73f42e197ea9c07e56b5eb17e5f4e",
          8,
          "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20",
          10,
          "0000000b0a0908a0a1a2a3a4a5",
      },
      {
          aesKey1to12,
          "000102030405060708090a0b07342594157785152b074098330abb141b947b566aa9406b4d999988dd",
          12,
          "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e",
          10,
          "0000000c0b0a09a0a1a2a3a4a5",
      },
      {
          aesKey1to12,
          "000102030405060708090a0b676bb20380b0e301e8ab79590a396da78b834934f53aa2e9107a8b6c022c",
          12,
          "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
          10,
          "0000000d0c0b0aa0a1a2a3a4a5",
      },
      {
          aesKey1to12,
          "000102030405060708090a0bc0ffa0d6f05bdb67f24d43a4338d2aa4bed7b20e43cd1aa31662e7ad65d6db",
          12,
          "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20",
          10,
          "0000000e0d0c0ba0a1a2a3a4a5",
      },
      // Vectors 13-24
      {
          aesKey13to24,
          "0be1a88bace018b14cb97f86a2a4689a877947ab8091ef5386a6ffbdd080f8e78cf7cb0cddd7b3",
          8,
          "0be1a88bace018b108e8cf97d820ea258460e96ad9cf5289054d895ceac47c",
          8,
          "00412b4ea9cdbe3c9696766cfa",
      },
      {
          aesKey13to24,
          "63018f76dc8a1bcb4ccb1e7ca981befaa0726c55d378061298c85c92814abc33c52ee81d7d77c08a",
          8,
          "63018f76dc8a1bcb9020ea6f91bdd85afa0039ba4baff9bfb79c7028949cd0ec",
          8,
          "0033568ef7b2633c9696766cfa",
      },
      {
          aesKey13to24,
          "aa6cfa36cae86b40b1d23a2220ddc0ac900d9aa03c61fcf4a559a4417767089708a776796edb723506",
          8,
          "aa6cfa36cae86b40b916e0eacc1c00d7dcec68ec0b3bbb1a02de8a2d1aa346132e",
          8,
          "00103fe41336713c9696766cfa",
      },
      {
          aesKey13to24,
          "d0d0735c531e1becf049c24414d253c3967b70609b7cbb7c499160283245269a6f49975bcadeaf",
          12,
          "d0d0735c531e1becf049c24412daac5630efa5396f770ce1a66b21f7b2101c",
          8,
          "00764c63b8058e3c9696766cfa",
      },
      {
          aesKey13to24,
          "77b60f011c03e1525899bcae5545ff1a085ee2efbf52b2e04bee1e2336c73e3f762c0c7744fe7e3c",
          12,
          "77b60f011c03e1525899bcaee88b6a46c78d63e52eb8c546efb5de6f75e9cc0d",
          8,
          "00f8b678094e3b3c9696766cfa",
      },
      {
          aesKey13to24,
          "cd9044d2b71fdb8120ea60c0009769ecabdf48625594c59251e6035722675e04c847099e5ae0704551",
          12,
          "cd9044d2b71fdb8120ea60c06435acbafb11a82e2f071d7ca4a5ebd93a803ba87f",
          8,
          "00d560912d3f703c9696766cfa",
      },
      {
          aesKey13to24,
          "d85bc7e69f944fb8bc218daa947427b6db386a99ac1aef23ade0b52939cb6a637cf9bec2408897c6ba",
          8,
          "d85bc7e69f944fb88a19b950bcf71a018e5e6701c91787659809d67dbedd18",
          10,
          "0042fff8f1951c3c9696766cfa",
      },
      {
          aesKey13to24,
          "74a0ebc9069f5b375810e6fd25874022e80361a478e3e9cf484ab04f447efff6f0a477cc2fc9bf548944",
          8,
          "74a0ebc9069f5b371761433c37c5a35fc1f39f406302eb907c6163be38c98437",
          10,
          "00920f40e56cdc3c9696766cfa",
      },
      {
          aesKey13to24,
          "44a3aa3aae6475caf2beed7bc5098e83feb5b31608f8e29c38819a89c8e776f1544d4151a4ed3a8b87b9ce",
          8,
          "44a3aa3aae6475caa434a8e58500c6e41530538862d686ea9e81301b5ae4226bfa",
          10,
          "0027ca0c7120bc3c9696766cfa",
      },
      {
          aesKey13to24,
          "ec46bb63b02520c33c49fd7031d750a09da3ed7fddd49a2032aabf17ec8ebf7d22c8088c666be5c197",
          12,
          "ec46bb63b02520c33c49fd70b96b49e21d621741632875db7f6c9243d2d7c2",
          10,
          "005b8ccbcd9af83c9696766cfa",
      },
      {
          aesKey13to24,
          "47a65ac78b3d594227e85e71e882f1dbd38ce3eda7c23f04dd65071eb41342acdf7e00dccec7ae52987d",
          12,
          "47a65ac78b3d594227e85e71e2fcfbb880442c731bf95167c8ffd7895e337076",
          10,
          "003ebe94044b9a3c9696766cfa",
      },
      {
          aesKey13to24,
          "6e37a6ef546d955d34ab6059f32905b88a641b04b9c9ffb58cc390900f3da12ab16dce9e82efa16da62059",
          12,
          "6e37a6ef546d955d34ab6059abf21c0b02feb88f856df4a37381bce3cc128517d4",
          10,
          "008d493b30ae8b3c9696766cfa",
      },
  };

  ASSERT_EQ(cases.size(), 24u) << "Expected 24 test cases";

  for (std::size_t idx = 0; idx < cases.size(); idx++) {
    const auto& c = cases[idx];
    SCOPED_TRACE(go::fmt::Sprintf("packet vector #%d", idx + 1));
    const auto cipherText = mustHexDecode(c.CipherText);
    const auto data = mustHexDecode(c.Data);
    const auto nonce = mustHexDecode(c.Nonce);

    auto blk = mustAES(c.AESKey);
    auto [lccm, err] = ccm::NewCCM(blk, c.M, static_cast<int>(nonce.size()));
    ASSERT_FALSE(err) << "could not create CCM: " << err.Error();

    {  // seal
      std::vector<std::uint8_t> dst;
      dst = lccm->Seal(dst, nonce, sub(data, c.ClearHeaderOctets, data.size()), sub(data, 0, c.ClearHeaderOctets));
      EXPECT_EQ(sub(cipherText, c.ClearHeaderOctets, cipherText.size()), dst) << "ciphertext does not match";
    }

    {  // open
      std::vector<std::uint8_t> dst;
      go::error oerr;
      std::tie(dst, oerr) = lccm->Open(dst, nonce, sub(cipherText, c.ClearHeaderOctets, cipherText.size()),
                                       sub(cipherText, 0, c.ClearHeaderOctets));
      ASSERT_FALSE(oerr) << "failed to unseal: " << oerr.Error();
      EXPECT_EQ(sub(data, c.ClearHeaderOctets, data.size()), dst) << "plaintext does not match";
    }

    // port (extra): any modified ciphertext, tag or header octet must fail authentication.
    const auto sealed = sub(cipherText, c.ClearHeaderOctets, cipherText.size());
    const auto header = sub(cipherText, 0, c.ClearHeaderOctets);
    for (std::size_t i = 0; i < sealed.size(); i++) {
      auto bad = sealed;
      bad[i] ^= 0x01;
      auto [out, oerr] = lccm->Open({}, nonce, bad, header);
      EXPECT_TRUE(go::errors::Is(oerr, ccm::errOpen)) << "byte " << i;
      EXPECT_TRUE(out.empty());
    }
    for (std::size_t i = 0; i < header.size(); i++) {
      auto bad = header;
      bad[i] ^= 0x80;
      auto [out, oerr] = lccm->Open({}, nonce, sealed, bad);
      EXPECT_TRUE(go::errors::Is(oerr, ccm::errOpen)) << "header byte " << i;
    }
    {
      auto badNonce = nonce;
      badNonce.back() ^= 0xff;
      auto [out, oerr] = lccm->Open({}, badNonce, sealed, header);
      EXPECT_TRUE(go::errors::Is(oerr, ccm::errOpen));
    }
  }
}

// pion: pkg/crypto/ccm/ccm_test.go TestNewCCMError
TEST(CCM, NewCCMError) {
  const std::map<std::string, std::pair<vector, go::error>> cases = {
      {"ShortNonceLength", {vector{aesKey1to12, "", 0, "", 8, "a0a1a2a3a4a5"}, ccm::errInvalidNonceSize}},
      {"LongNonceLength",
       {vector{aesKey1to12, "", 0, "", 8, "0001020304050607080910111213"}, ccm::errInvalidNonceSize}},
      {"ShortTag", {vector{aesKey1to12, "", 0, "", 3, "00010203040506070809101112"}, ccm::errInvalidTagSize}},
      {"LongTag", {vector{aesKey1to12, "", 0, "", 17, "00010203040506070809101112"}, ccm::errInvalidTagSize}},
  };

  for (const auto& [name, tc] : cases) {
    SCOPED_TRACE(name);
    const auto& [c, want] = tc;
    auto blk = mustAES(c.AESKey);
    auto [lccm, err] = ccm::NewCCM(blk, c.M, static_cast<int>(mustHexDecode(c.Nonce).size()));
    EXPECT_TRUE(go::errors::Is(err, want)) << "expected error '" << want.Error() << "', got '" << err.Error() << "'";
    EXPECT_EQ(lccm, nullptr);
  }
}

// pion: pkg/crypto/ccm/ccm_test.go TestSealError
TEST(CCM, SealError) {
  const std::map<std::string, std::pair<vector, go::error>> cases = {
      {"InvalidNonceLength",
       {vector{{},
               "",
               0,
               "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e",
               8,
               "00000003020100a0a1a2a3a4"},  // short
        ccm::errInvalidNonceSize}},
      {"PlaintextTooLong",
       {vector{{}, "", 0, std::string(200000, '0'), 8, "00000003020100a0a1a2a3a4a5"}, ccm::errPlaintextTooLong}},
  };

  auto blk = mustAES(aesKey1to12);
  auto [lccm, err] = ccm::NewCCM(blk, 8, 13);
  ASSERT_FALSE(err) << "could not create CCM: " << err.Error();

  for (const auto& [name, tc] : cases) {
    SCOPED_TRACE(name);
    const auto& [c, want] = tc;
    const auto data = mustHexDecode(c.Data);
    bool panicked = false;
    try {
      std::vector<std::uint8_t> dst;
      (void)lccm->Seal(dst, mustHexDecode(c.Nonce), sub(data, c.ClearHeaderOctets, data.size()),
                       sub(data, 0, c.ClearHeaderOctets));
    } catch (const go::crypto::panic_error& p) {
      panicked = true;
      EXPECT_TRUE(go::errors::Is(p.Err, want))
          << "expected panic '" << want.Error() << "', got '" << p.Err.Error() << "'";
    }
    EXPECT_TRUE(panicked) << "expected panic '" << want.Error() << "'";
  }
}

// pion: pkg/crypto/ccm/ccm_test.go TestOpenError
TEST(CCM, OpenError) {
  const std::map<std::string, std::pair<vector, go::error>> cases = {
      {"CiphertextTooShort",
       {vector{{}, std::string(20, '0'), 8, "", 0, "00000003020100a0a1a2a3a4a5"}, ccm::errCiphertextTooShort}},
      {"CiphertextTooLong",
       {vector{{}, std::string(200000, '0'), 8, "", 0, "00000003020100a0a1a2a3a4a5"}, ccm::errCiphertextTooLong}},
  };

  auto blk = mustAES(aesKey1to12);
  auto [lccm, err] = ccm::NewCCM(blk, 8, 13);
  ASSERT_FALSE(err) << "could not create CCM: " << err.Error();

  for (const auto& [name, tc] : cases) {
    SCOPED_TRACE(name);
    const auto& [c, want] = tc;
    const auto cipherText = mustHexDecode(c.CipherText);
    std::vector<std::uint8_t> dst;
    auto [out, oerr] = lccm->Open(dst, mustHexDecode(c.Nonce), sub(cipherText, c.ClearHeaderOctets, cipherText.size()),
                                  sub(cipherText, 0, c.ClearHeaderOctets));
    EXPECT_TRUE(go::errors::Is(oerr, want)) << "expected error '" << want.Error() << "', got '" << oerr.Error() << "'";
  }
}

// ---------------------------------------------------------------------------------------------
// port: tests beyond Pion's.

namespace {

// A cipher.Block whose block size is not 128 bits (NewCCM must refuse it).
class fakeBlock64 final : public cipher::Block {
 public:
  int BlockSize() const override { return 8; }
  void Encrypt(std::span<std::uint8_t>, std::span<const std::uint8_t>) const override {}
  void Decrypt(std::span<std::uint8_t>, std::span<const std::uint8_t>) const override {}
  std::string AlgorithmName() const override { return "DES"; }
  const std::vector<std::uint8_t>& Key() const override { return key; }
  std::vector<std::uint8_t> key = std::vector<std::uint8_t>(8);
};

}  // namespace

// NIST SP 800-38C Appendix C examples 1-3: nonce sizes 7, 8, 12 (L = 8, 7, 3) and tag sizes
// 4, 6, 8. (Cross-checked against Pion's Go ccm package.)
TEST(CCM, SP800_38C_Examples) {
  struct tc {
    std::string n, a, p, c;
    int t;
  };
  const std::vector<tc> cases = {
      {"10111213141516", "0001020304050607", "20212223", "7162015b4dac255d", 4},
      {"1011121314151617", "000102030405060708090a0b0c0d0e0f", "202122232425262728292a2b2c2d2e2f",
       "d2a1f0e051ea5f62081a7792073d593d1fc64fbfaccd", 6},
      {"101112131415161718191a1b", "000102030405060708090a0b0c0d0e0f10111213",
       "202122232425262728292a2b2c2d2e2f3031323334353637",
       "e3b201a9f5b71a7a9b1ceaeccd97e70b6176aad9a4428aa5484392fbc1b09951", 8},
  };
  auto blk = mustAES(mustHexDecode("404142434445464748494a4b4c4d4e4f"));
  for (const auto& c : cases) {
    SCOPED_TRACE(c.n);
    auto [lccm, err] = ccm::NewCCM(blk, c.t, static_cast<int>(c.n.size() / 2));
    ASSERT_FALSE(err);
    EXPECT_EQ(lccm->NonceSize(), static_cast<int>(c.n.size() / 2));
    EXPECT_EQ(lccm->Overhead(), c.t);
    EXPECT_EQ(lccm->Seal({}, mustHexDecode(c.n), mustHexDecode(c.p), mustHexDecode(c.a)), mustHexDecode(c.c));
    auto [pt, oerr] = lccm->Open({}, mustHexDecode(c.n), mustHexDecode(c.c), mustHexDecode(c.a));
    ASSERT_FALSE(oerr) << oerr.Error();
    EXPECT_EQ(pt, mustHexDecode(c.p));
  }
}

// AES-256, 12-byte nonce, 16-byte tag (the DTLS TLS_PSK_WITH_AES_256_CCM shape), with no
// associated data and with the largest associated data Botan's CCM accepts (0xfeff bytes).
// Expected values produced by Pion's Go ccm package.
TEST(CCM, AES256CrossCheckedWithPion) {
  std::vector<std::uint8_t> key(32);
  for (std::size_t i = 0; i < key.size(); i++) key[i] = static_cast<std::uint8_t>(i);
  std::vector<std::uint8_t> ad(0xfeff);
  for (std::size_t i = 0; i < ad.size(); i++) ad[i] = static_cast<std::uint8_t>(i);
  std::vector<std::uint8_t> pt(40);
  for (std::size_t i = 0; i < pt.size(); i++) pt[i] = static_cast<std::uint8_t>(0xa0 + i);
  const auto nonce = mustHexDecode("000102030405060708090a0b");

  auto [lccm, err] = ccm::NewCCM(mustAES(key), 16, 12);
  ASSERT_FALSE(err);
  EXPECT_EQ(lccm->MaxLength(), 16777215);

  const auto withAD = mustHexDecode(
      "2a741ab59a8a6f3004601b88a19df2eb8dc5a4c68dc0ee0edd1c39ee29a59ccc050d08b7761d07433e6e253890d4c3864618ca25d2a8153"
      "8");
  const auto noAD = mustHexDecode(
      "2a741ab59a8a6f3004601b88a19df2eb8dc5a4c68dc0ee0edd1c39ee29a59ccc050d08b7761d07430d6aa06dad2887c5b8076392bd5ecc6"
      "c");
  EXPECT_EQ(lccm->Seal({}, nonce, pt, ad), withAD);
  EXPECT_EQ(lccm->Seal({}, nonce, pt, {}), noAD);
  auto [p1, e1] = lccm->Open({}, nonce, withAD, ad);
  ASSERT_FALSE(e1);
  EXPECT_EQ(p1, pt);
  auto [p2, e2] = lccm->Open({}, nonce, noAD, {});
  ASSERT_FALSE(e2);
  EXPECT_EQ(p2, pt);
  // The tag binds the associated data.
  auto [p3, e3] = lccm->Open({}, nonce, withAD, {});
  EXPECT_TRUE(go::errors::Is(e3, ccm::errOpen));
}

// Botan's CCM cannot encode associated data of 0xff00 bytes or more (Pion's Go code can): the
// port reports errAdditionalDataTooLong (Seal panics with it, Open returns it).
TEST(CCM, AdditionalDataLimitBoundary) {
  auto [lccm, err] = ccm::NewCCM(mustAES(aesKey1to12), 8, 13);
  ASSERT_FALSE(err);
  const auto nonce = mustHexDecode("00000003020100a0a1a2a3a4a5");
  const std::vector<std::uint8_t> pt = {1, 2, 3};

  std::vector<std::uint8_t> okAD(ccm::maxAdditionalDataLength, 0x5a);
  auto sealed = lccm->Seal({}, nonce, pt, okAD);
  auto [back, oerr] = lccm->Open({}, nonce, sealed, okAD);
  ASSERT_FALSE(oerr);
  EXPECT_EQ(back, pt);

  std::vector<std::uint8_t> bigAD(ccm::maxAdditionalDataLength + 1, 0x5a);
  try {
    (void)lccm->Seal({}, nonce, pt, bigAD);
    ADD_FAILURE() << "expected panic";
  } catch (const go::crypto::panic_error& p) {
    EXPECT_TRUE(go::errors::Is(p.Err, ccm::errAdditionalDataTooLong));
  }
  auto [out, oerr2] = lccm->Open({}, nonce, sealed, bigAD);
  EXPECT_TRUE(go::errors::Is(oerr2, ccm::errAdditionalDataTooLong));
  EXPECT_TRUE(out.empty());
}

// Every tag size / nonce size Pion accepts is accepted (Botan's CCM parameter range is the same)
// and round-trips; every other one is rejected with Pion's error.
TEST(CCM, ParameterRange) {
  auto blk = mustAES(aesKey13to24);
  const std::vector<std::uint8_t> ad = {9, 8, 7};
  std::vector<std::uint8_t> pt(37);
  for (std::size_t i = 0; i < pt.size(); i++) pt[i] = static_cast<std::uint8_t>(i * 7);
  for (int tagsize = 0; tagsize <= 18; tagsize++) {
    for (int noncesize = 5; noncesize <= 15; noncesize++) {
      SCOPED_TRACE(go::fmt::Sprintf("tag %d nonce %d", tagsize, noncesize));
      auto [lccm, err] = ccm::NewCCM(blk, tagsize, noncesize);
      const bool tagOK = tagsize >= 4 && tagsize <= 16 && tagsize % 2 == 0;
      const bool nonceOK = noncesize >= 7 && noncesize <= 13;
      if (!tagOK) {
        EXPECT_TRUE(go::errors::Is(err, ccm::errInvalidTagSize));
        continue;
      }
      if (!nonceOK) {
        EXPECT_TRUE(go::errors::Is(err, ccm::errInvalidNonceSize));
        continue;
      }
      ASSERT_FALSE(err);
      EXPECT_EQ(lccm->MaxLength(), ccm::maxlen(static_cast<std::uint8_t>(15 - noncesize), tagsize));
      std::vector<std::uint8_t> nonce(static_cast<std::size_t>(noncesize), 0x42);
      const std::vector<std::uint8_t> prefix = {0xde, 0xad};
      auto sealed = lccm->Seal(prefix, nonce, pt, ad);
      ASSERT_EQ(sealed.size(), prefix.size() + pt.size() + static_cast<std::size_t>(tagsize));
      EXPECT_EQ(sub(sealed, 0, 2), prefix) << "Seal appends to dst";
      auto body = sub(sealed, 2, sealed.size());
      auto [back, oerr] = lccm->Open(prefix, nonce, body, ad);
      ASSERT_FALSE(oerr);
      EXPECT_EQ(back, (std::vector<std::uint8_t>{0xde, 0xad, 0,   7,   14,  21,  28,  35,  42,  49,  56,  63,  70,
                                                 77,   84,   91,  98,  105, 112, 119, 126, 133, 140, 147, 154, 161,
                                                 168,  175,  182, 189, 196, 203, 210, 217, 224, 231, 238, 245, 252}));
      // Open with the wrong nonce size reports Pion's errInvalidNonceSize.
      std::vector<std::uint8_t> shortNonce(static_cast<std::size_t>(noncesize - 1), 0x42);
      auto [o2, e2] = lccm->Open({}, shortNonce, body, ad);
      EXPECT_TRUE(go::errors::Is(e2, ccm::errInvalidNonceSize));
      // Every truncation fails (too short or authentication), never crashes.
      for (std::size_t n = 0; n < body.size(); n++) {
        auto [o3, e3] = lccm->Open({}, nonce, std::span<const std::uint8_t>(body).first(n), ad);
        EXPECT_TRUE(e3);
        EXPECT_TRUE(
            go::errors::Is(e3, n < static_cast<std::size_t>(tagsize) ? ccm::errCiphertextTooShort : ccm::errOpen));
      }
    }
  }
}

TEST(CCM, InvalidBlockSize) {
  auto [lccm, err] = ccm::NewCCM(std::make_shared<fakeBlock64>(), 8, 13);
  EXPECT_TRUE(go::errors::Is(err, ccm::errInvalidBlockSize));
  EXPECT_EQ(lccm, nullptr);
}

// Values cross-checked against Pion's Go maxlen/MaxNonceLength on a 64-bit platform.
TEST(CCM, MaxLengthAndMaxNonceLength) {
  auto blk = mustAES(aesKey1to12);
  const std::vector<std::int64_t> want = {9223372036854775803LL,
                                          72057594037927935LL,
                                          281474976710655LL,
                                          1099511627775LL,
                                          4294967295LL,
                                          16777215LL,
                                          65535LL};
  for (int n = 7; n <= 13; n++) {
    auto [c, err] = ccm::NewCCM(blk, 4, n);
    ASSERT_FALSE(err);
    EXPECT_EQ(c->MaxLength(), want[static_cast<std::size_t>(n - 7)]) << n;
  }
  EXPECT_EQ(ccm::MaxNonceLength(0), 13);
  EXPECT_EQ(ccm::MaxNonceLength(65535), 13);
  EXPECT_EQ(ccm::MaxNonceLength(65536), 12);
  EXPECT_EQ(ccm::MaxNonceLength(1 << 24), 11);
  EXPECT_EQ(ccm::MaxNonceLength(9223372036854775807LL), 0);
}

TEST(CCM, AESKeySize) {
  for (std::size_t n : {0u, 1u, 15u, 17u, 23u, 25u, 31u, 33u, 64u}) {
    auto [blk, err] = aes::NewCipher(std::vector<std::uint8_t>(n));
    ASSERT_TRUE(err);
    EXPECT_EQ(err.Error(), go::fmt::Sprintf("crypto/aes: invalid key size %d", n));
    ASSERT_NE(go::errors::As<aes::KeySizeError>(err), nullptr);
    EXPECT_EQ(blk, nullptr);
  }
  for (std::size_t n : {16u, 24u, 32u}) {
    auto [blk, err] = aes::NewCipher(std::vector<std::uint8_t>(n));
    ASSERT_FALSE(err);
    EXPECT_EQ(blk->BlockSize(), 16);
  }
}
