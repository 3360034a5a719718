// pion: github.com/pion/transport/v2 test/stress.go, test/util.go (GatherErrs, FlattenErrs),
// test/rand.go (randomizer)
#include "transport/test/stress.hpp"

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>

#include "chan/chan.hpp"
#include "chan/fmt.hpp"
#include "chan/go.hpp"
#include "chan/sync.hpp"

namespace pion::transport::test {
namespace {

const go::error errByteSequenceChanged = go::errors::New("byte sequence changed");
const go::error errRequestTooLargeBuffer = go::errors::New("requested too large buffer");
const go::error errFlattenErrs = go::errors::New("");

// pion: test/rand.go randomizer
// Deviation: Go fills the 1 MiB pool from crypto/rand and picks offsets with math/rand; a
// test helper needs neither to be cryptographic, so both come from one std::mt19937_64 seeded
// by std::random_device.
struct randomizer {
  std::vector<std::uint8_t> randomness;
  std::mt19937_64 rng;

  // pion: test/rand.go randomizer.randBuf
  std::pair<std::vector<std::uint8_t>, go::error> randBuf(int size) {
    const int n = static_cast<int>(randomness.size()) - size;
    if (n < 1) {
      return {{}, go::fmt::Errorf("%w (%d). max is %d", errRequestTooLargeBuffer, size, randomness.size())};
    }
    const auto start = static_cast<std::size_t>(std::uniform_int_distribution<int>(0, n - 1)(rng));
    return {std::vector<std::uint8_t>(randomness.begin() + static_cast<std::ptrdiff_t>(start),
                                      randomness.begin() + static_cast<std::ptrdiff_t>(start) + size),
            nullptr};
  }
};

// pion: test/rand.go initRand
randomizer initRand() {
  // read 1MB of randomness
  randomizer r{std::vector<std::uint8_t>(1 << 20), std::mt19937_64(std::random_device{}())};
  std::generate(r.randomness.begin(), r.randomness.end(), [&] { return static_cast<std::uint8_t>(r.rng()); });
  return r;
}

// pion: test/stress.go read
go::error read(const go::context::Context& ctx, connctx::Reader& r, const std::vector<std::uint8_t>& original,
               std::vector<std::uint8_t>& result) {
  auto [n, err] = r.ReadContext(ctx, result);
  if (err) {
    return err;
  }
  if (!std::equal(original.begin(), original.end(), result.begin(), result.begin() + n)) {
    return go::fmt::Errorf("%w: %d bytes sent, %d bytes received differ", errByteSequenceChanged, original.size(), n);
  }

  return nullptr;
}

// pion: test/stress.go write
go::error write(const go::context::Context& ctx, connctx::Writer& c, go::chan<std::vector<std::uint8_t>> bufs,
                Options opt) {
  auto randomizer = initRand();
  for (int i = 0; i < opt.MsgCount; i++) {
    auto [buf, err] = randomizer.randBuf(opt.MsgSize);
    if (err) {
      return err;
    }
    bufs.send(buf);
    if (auto [_, werr] = c.WriteContext(ctx, buf); werr) {
      return werr;
    }
  }
  return nullptr;
}

}  // namespace

go::error Stress(std::shared_ptr<go::net::Conn> ca, std::shared_ptr<go::net::Conn> cb, Options opt) {
  return StressContext(go::context::Background(), std::make_shared<wrappedReadWriter>(std::move(ca)),
                       std::make_shared<wrappedReadWriter>(std::move(cb)), opt);
}

go::error StressContext(const go::context::Context& ctx, std::shared_ptr<connctx::Writer> ca,
                        std::shared_ptr<connctx::Reader> cb, Options opt) {
  auto bufs = go::make_chan<std::vector<std::uint8_t>>(static_cast<std::size_t>(opt.MsgCount));
  auto errCh = go::make_chan<go::error>();
  // Write
  go::go([=] {
    auto err = write(ctx, *ca, bufs, opt);
    errCh.send(err);
    bufs.close();
  });

  // Read
  go::go([=] {
    std::vector<std::uint8_t> result(static_cast<std::size_t>(opt.MsgSize));

    for (const auto& original : bufs) {
      auto err = read(ctx, *cb, original, result);
      if (err) {
        errCh.send(err);
      }
    }

    errCh.close();
  });

  return FlattenErrs(GatherErrs(errCh));
}

go::error StressDuplex(std::shared_ptr<go::net::Conn> ca, std::shared_ptr<go::net::Conn> cb, Options opt) {
  return StressDuplexContext(go::context::Background(), std::make_shared<wrappedReadWriter>(std::move(ca)),
                             std::make_shared<wrappedReadWriter>(std::move(cb)), opt);
}

go::error StressDuplexContext(const go::context::Context& ctx, std::shared_ptr<wrappedReadWriter> ca,
                              std::shared_ptr<wrappedReadWriter> cb, Options opt) {
  auto errCh = go::make_chan<go::error>();

  auto wg = std::make_shared<go::sync::WaitGroup>();
  wg->Add(2);

  go::go([=] {
    errCh.send(StressContext(ctx, ca, cb, opt));
    wg->Done();
  });

  go::go([=] {
    errCh.send(StressContext(ctx, cb, ca, opt));
    wg->Done();
  });

  go::go([=] {
    wg->Wait();
    errCh.close();
  });

  return FlattenErrs(GatherErrs(errCh));
}

std::vector<go::error> GatherErrs(go::chan<go::error> c) {
  std::vector<go::error> errs;

  for (auto& err : c) {
    errs.push_back(err);
  }

  return errs;
}

go::error FlattenErrs(const std::vector<go::error>& errs) {
  std::string errStrings;

  for (const auto& err : errs) {
    if (err) {
      if (!errStrings.empty()) errStrings += "\n";
      errStrings += err.Error();
    }
  }

  if (errStrings.empty()) {
    return nullptr;
  }

  return go::fmt::Errorf("%w %s", errFlattenErrs, errStrings);
}

}  // namespace pion::transport::test
