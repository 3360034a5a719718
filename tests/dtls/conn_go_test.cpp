// pion: conn_go_test.go TestContextConfig — the handshake context of Dial/Client/Server comes
// from Config.ConnectContextMaker (40 ms here), the *WithContext forms use the caller's (80 ms):
// a select on 20 ms / the dial's end / 60 ms observes which fired first.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "chan/select.hpp"
#include "dtls/conn_test_helpers.hpp"

namespace dtls {
namespace {

// pion: conn_go_test.go TestContextConfig
TEST(Conn, ContextConfig) {
  runChecked([] {
    auto [addrListen, err] = go::net::ResolveUDPAddr("udp", "localhost:0");
    ASSERT_EQ(err, nullptr) << "Unexpected error: " << err.Error();

    // Dummy listener
    auto [listen, lerr] = go::net::ListenUDP("udp", addrListen.get());
    ASSERT_EQ(lerr, nullptr) << "Unexpected error: " << lerr.Error();
    struct closeListen {
      std::shared_ptr<go::net::UDPConn> l;
      ~closeListen() { l->Close(); }
    } deferClose{listen};

    auto addr = std::dynamic_pointer_cast<const go::net::UDPAddr>(listen->LocalAddr());
    ASSERT_TRUE(addr) << "Failed to cast net.UDPAddr";

    auto [cert, cerr] = pkg::crypto::selfsign::GenerateSelfSigned();
    ASSERT_EQ(cerr, nullptr) << "Unexpected error: " << cerr.Error();

    auto config = std::make_shared<Config>();
    config->ConnectContextMaker = [] {
      return go::context::WithTimeout(go::context::Background(), 40 * go::time::Millisecond);
    };
    config->Certificates = {cert};

    using dialFunc = std::function<std::pair<std::shared_ptr<Conn>, go::error>()>;
    struct dialCase {
      std::string name;
      std::function<std::pair<dialFunc, std::function<void()>>()> f;
      std::vector<std::uint8_t> order;
    };
    std::vector<dialCase> dials = {
        {"Dial",
         [=] {
           return std::pair<dialFunc, std::function<void()>>{[=] { return Dial("udp", addr.get(), config.get()); },
                                                            [] {}};
         },
         {0, 1, 2}},
        {"DialWithContext",
         [=] {
           auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), 80 * go::time::Millisecond);
           return std::pair<dialFunc, std::function<void()>>{
               [=, ctx = ctx] { return DialWithContext(ctx, "udp", addr.get(), config.get()); },
               [cancel = cancel] { cancel(); }};
         },
         {0, 2, 1}},
        {"Client",
         [=] {
           auto [ca, cb] = internal::net::dpipe::Pipe();
           return std::pair<dialFunc, std::function<void()>>{[=, ca = ca] { return Client(ca, config.get()); },
                                                            [ca = ca] { ca->Close(); }};
         },
         {0, 1, 2}},
        {"ClientWithContext",
         [=] {
           auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), 80 * go::time::Millisecond);
           auto [ca, cb] = internal::net::dpipe::Pipe();
           return std::pair<dialFunc, std::function<void()>>{
               [=, ctx = ctx, ca = ca] { return ClientWithContext(ctx, ca, config.get()); },
               [cancel = cancel, ca = ca] {
                 cancel();
                 ca->Close();
               }};
         },
         {0, 2, 1}},
        {"Server",
         [=] {
           auto [ca, cb] = internal::net::dpipe::Pipe();
           return std::pair<dialFunc, std::function<void()>>{[=, ca = ca] { return Server(ca, config.get()); },
                                                            [ca = ca] { ca->Close(); }};
         },
         {0, 1, 2}},
        {"ServerWithContext",
         [=] {
           auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), 80 * go::time::Millisecond);
           auto [ca, cb] = internal::net::dpipe::Pipe();
           return std::pair<dialFunc, std::function<void()>>{
               [=, ctx = ctx, ca = ca] { return ServerWithContext(ctx, ca, config.get()); },
               [cancel = cancel, ca = ca] {
                 cancel();
                 ca->Close();
               }};
         },
         {0, 2, 1}},
    };
    for (const auto& dial : dials) {
      SCOPED_TRACE(dial.name);
      auto done = go::make_chan<go::struct_>();
      go::go([done, &dial] {
        auto [d, cancel] = dial.f();
        auto [conn, err] = d();
        cancel();  // Go: defer cancel()
        auto* netError = go::errors::As<go::net::Error>(err);
        if (!netError || !netError->Temporary()) {
          ADD_FAILURE() << "Client error exp(Temporary network error) failed(" << err.Error() << ")";
          done.close();
          return;
        }
        done.send({});
        if (!err) {
          conn->Close();
        }
      });

      std::vector<std::uint8_t> order;
      auto early = go::time::After(20 * go::time::Millisecond);
      auto late = go::time::After(60 * go::time::Millisecond);
      bool closed = false;
      while (order.size() < 3 && !closed) {
        go::select(go::recv(early, [&] { order.push_back(0); }),
                   go::recv(done,
                            [&](go::struct_, bool ok) {
                              if (!ok) {
                                closed = true;
                                return;
                              }
                              order.push_back(1);
                            }),
                   go::recv(late, [&] { order.push_back(2); }));
      }
      EXPECT_EQ(order, dial.order) << "Invalid cancel timing";
    }
  });
}

}  // namespace
}  // namespace dtls
