// pion/transport: replaydetector/fixedbig_test.go Example_fixedBigInt_SetBit
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "transport/replaydetector/replaydetector.hpp"

TEST(FixedBigInt, SetBitExample) {
  pion::transport::replaydetector::fixedBigInt bi(224);
  std::vector<std::string> out;
  bi.SetBit(0);
  out.push_back(bi.String());
  bi.Lsh(1);
  out.push_back(bi.String());
  bi.Lsh(0);
  out.push_back(bi.String());
  bi.SetBit(10);
  out.push_back(bi.String());
  bi.Lsh(20);
  out.push_back(bi.String());
  bi.SetBit(80);
  out.push_back(bi.String());
  bi.Lsh(4);
  out.push_back(bi.String());
  bi.SetBit(130);
  out.push_back(bi.String());
  bi.Lsh(64);
  out.push_back(bi.String());
  bi.SetBit(7);
  out.push_back(bi.String());
  bi.Lsh(129);
  out.push_back(bi.String());
  for (int i = 0; i < 256; i++) {
    bi.Lsh(1);
    bi.SetBit(0);
  }
  out.push_back(bi.String());

  const std::vector<std::string> want = {
      "0000000000000000000000000000000000000000000000000000000000000001",
      "0000000000000000000000000000000000000000000000000000000000000002",
      "0000000000000000000000000000000000000000000000000000000000000002",
      "0000000000000000000000000000000000000000000000000000000000000402",
      "0000000000000000000000000000000000000000000000000000000040200000",
      "0000000000000000000000000000000000000000000100000000000040200000",
      "0000000000000000000000000000000000000000001000000000000402000000",
      "0000000000000000000000000000000400000000001000000000000402000000",
      "0000000000000004000000000010000000000004020000000000000000000000",
      "0000000000000004000000000010000000000004020000000000000000000080",
      "0000000004000000000000000000010000000000000000000000000000000000",
      "00000000FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
  };
  EXPECT_EQ(out, want);
}
