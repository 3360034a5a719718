// pion: resume_test.go
//
// Deviation: Go connects the two sides with net.Pipe (a synchronous stream pipe); here with
// dpipe (Pion's in-memory datagram pipe, the transport every other conn test uses). Each DTLS
// write is one datagram either way; closing the first pipe closes both of its ends, as
// net.Pipe's Close does.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "chan/chan.hpp"
#include "chan/dpipe.hpp"
#include "chan/go.hpp"
#include "chan/net.hpp"
#include "chan/runtime.hpp"
#include "chan/sync.hpp"
#include "chan/time.hpp"
#include "dtls/config.hpp"
#include "dtls/conn.hpp"
#include "dtls/pkg/crypto/selfsign/selfsign.hpp"
#include "dtls/resume.hpp"

namespace dtls {
namespace {

// pion: resume_test.go backupConn
// Reads and writes go to curr until it fails, then to next.
class backupConn final : public go::net::Conn {
 public:
  backupConn(std::shared_ptr<go::net::Conn> curr, std::shared_ptr<go::net::Conn> next)
      : curr_(std::move(curr)), next_(std::move(next)) {}

  std::pair<int, go::error> Read(std::span<std::uint8_t> data) override {
    auto [n, err] = current()->Read(data);
    if (err && switchToNext()) {
      return Read(data);
    }
    return {n, err};
  }
  std::pair<int, go::error> Write(std::span<const std::uint8_t> data) override {
    auto [n, err] = current()->Write(data);
    if (err && switchToNext()) {
      return Write(data);
    }
    return {n, err};
  }
  go::error Close() override { return nullptr; }
  std::shared_ptr<const go::net::Addr> LocalAddr() const override { return nullptr; }
  std::shared_ptr<const go::net::Addr> RemoteAddr() const override { return nullptr; }
  go::error SetDeadline(go::time::Time) override { return nullptr; }
  go::error SetReadDeadline(go::time::Time) override { return nullptr; }
  go::error SetWriteDeadline(go::time::Time) override { return nullptr; }

 private:
  std::shared_ptr<go::net::Conn> current() {
    std::lock_guard<go::sync::Mutex> lk(mux_);
    return curr_;
  }
  bool switchToNext() {
    std::lock_guard<go::sync::Mutex> lk(mux_);
    if (!next_) return false;
    curr_ = next_;
    next_ = nullptr;
    return true;
  }

  std::shared_ptr<go::net::Conn> curr_, next_;
  go::sync::Mutex mux_;
};

using newConnFunc = std::function<std::pair<std::shared_ptr<Conn>, go::error>(std::shared_ptr<go::net::Conn>, const Config*)>;

// pion: resume_test.go DoTestResume
void DoTestResume(const newConnFunc& newLocal, const newConnFunc& newRemote) {
  go::run({.threads = 2}, [&] {
    auto [certificate, cerr] = pkg::crypto::selfsign::GenerateSelfSigned();
    ASSERT_EQ(cerr, nullptr);

    // Generate connections
    auto [localConn1, rc1] = internal::net::dpipe::Pipe();
    auto [localConn2, rc2] = internal::net::dpipe::Pipe();
    auto remoteConn = std::make_shared<backupConn>(rc1, rc2);

    // Launch remote in another goroutine
    auto errChan = go::make_chan<go::error>(1);
    Config config;
    config.Certificates = {certificate};
    config.InsecureSkipVerify = true;
    config.ExtendedMasterSecret = RequireExtendedMasterSecret;
    go::go([&, remoteConn] {
      auto [remote, errR] = newRemote(remoteConn, &config);
      if (errR) {
        errChan.send(errR);
        return;
      }

      // Loop of read write
      for (int i = 0; i < 2; i++) {
        std::vector<std::uint8_t> recv(1024);
        auto [n, rerr] = remote->Read(recv);
        if (rerr) {
          errChan.send(rerr);
          remote->Close();
          return;
        }
        if (auto [wn, werr] = remote->Write(std::span<const std::uint8_t>(recv.data(), static_cast<std::size_t>(n))); werr) {
          errChan.send(werr);
          remote->Close();
          return;
        }
      }
      remote->Close();
      errChan.send(nullptr);
    });

    auto [local, err] = newLocal(localConn1, &config);
    ASSERT_EQ(err, nullptr) << err.Error();

    // Test write and read
    const std::string message = "Hello";
    const std::span<const std::uint8_t> msg(reinterpret_cast<const std::uint8_t*>(message.data()), message.size());
    auto [wn, werr] = local->Write(msg);
    ASSERT_EQ(werr, nullptr) << werr.Error();

    std::vector<std::uint8_t> recv(1024);
    auto [n, rerr] = local->Read(recv);
    ASSERT_EQ(rerr, nullptr) << rerr.Error();
    EXPECT_EQ(std::string(recv.begin(), recv.begin() + n), message) << "messages missmatch";

    EXPECT_EQ(localConn1->Close(), nullptr);
    // net.Pipe's Close also fails the other end's Read, which is what moves the remote's
    // backupConn to the second pipe; a dpipe end closes alone, so close the other end too.
    rc1->Close();

    // Serialize and deserialize state
    State state = local->ConnectionState();
    auto [b, merr] = state.MarshalBinary();
    ASSERT_EQ(merr, nullptr) << merr.Error();
    State deserialized;
    ASSERT_EQ(deserialized.UnmarshalBinary(b), nullptr);

    // Resume dtls connection
    auto [resumed, rserr] = Resume(&deserialized, localConn2, &config);
    ASSERT_EQ(rserr, nullptr) << rserr.Error();

    // Test write and read on resumed connection
    auto [wn2, werr2] = resumed->Write(msg);
    ASSERT_EQ(werr2, nullptr) << werr2.Error();

    std::vector<std::uint8_t> recv2(1024);
    auto [n2, rerr2] = resumed->Read(recv2);
    ASSERT_EQ(rerr2, nullptr) << rerr2.Error();
    EXPECT_EQ(std::string(recv2.begin(), recv2.begin() + n2), message) << "messages missmatch";

    auto remoteErr = errChan.recv();
    EXPECT_EQ(remoteErr, nullptr) << remoteErr.Error();
    resumed->Close();
    local->Close();
  });
}

// pion: resume_test.go TestResumeClient
TEST(Resume, ResumeClient) {
  DoTestResume([](auto c, auto cfg) { return Client(std::move(c), cfg); },
               [](auto c, auto cfg) { return Server(std::move(c), cfg); });
}

// pion: resume_test.go TestResumeServer
TEST(Resume, ResumeServer) {
  DoTestResume([](auto c, auto cfg) { return Server(std::move(c), cfg); },
               [](auto c, auto cfg) { return Client(std::move(c), cfg); });
}

}  // namespace
}  // namespace dtls
