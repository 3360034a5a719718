// pion/udp v2: conn.go, pkg/sync/waitgroup.go; pion/transport v2:
// packetio/buffer.go.
#include "chan/udp_listener.hpp"

#include <algorithm>
#include <cstring>

#include "chan/select.hpp"

namespace pion::transport::packetio {

namespace {
constexpr int minSize = 2048;
constexpr int cutoffSize = 128 * 1024;
constexpr int maxSize = 4 * 1024 * 1024;
constexpr bool sizeHardLimit = false;  // pion: no_hardlimit.go
}  // namespace

// pion: packetio/buffer.go NewBuffer
Buffer::Buffer() : notify(go::make_chan<go::struct_>()), readDeadline(deadline::New()) {}
std::shared_ptr<Buffer> NewBuffer() { return std::make_shared<Buffer>(); }

// pion: packetio/buffer.go Buffer.available
bool Buffer::available(int size) const {
  int avail = head - tail;
  if (avail <= 0) avail += static_cast<int>(data.size());
  // we interpret head=tail as empty, so always keep a byte free
  return size + 2 + 1 <= avail;
}

// pion: packetio/buffer.go Buffer.grow
go::error Buffer::grow() {
  int len = static_cast<int>(data.size());
  int newSize;
  if (len < cutoffSize) {
    newSize = 2 * len;
  } else {
    newSize = 5 * len / 4;
  }
  if (newSize < minSize) newSize = minSize;
  if ((limitSize <= 0 || sizeHardLimit) && newSize > maxSize) newSize = maxSize;
  // one byte slack
  if (limitSize > 0 && newSize > limitSize + 1) newSize = limitSize + 1;
  if (newSize <= len) return ErrFull;

  std::vector<std::uint8_t> newData(static_cast<std::size_t>(newSize));
  int n;
  if (head <= tail) {
    // data was contiguous
    n = tail - head;
    std::copy(data.begin() + head, data.begin() + tail, newData.begin());
  } else {
    // data was discontinuous
    n = len - head;
    std::copy(data.begin() + head, data.end(), newData.begin());
    std::copy(data.begin(), data.begin() + tail, newData.begin() + n);
    n += tail;
  }
  head = 0;
  tail = n;
  data = std::move(newData);
  return nullptr;
}

// pion: packetio/buffer.go Buffer.Write
std::pair<int, go::error> Buffer::Write(std::span<const std::uint8_t> packet) {
  if (packet.size() >= 0x10000) return {0, errPacketTooBig};
  const int plen = static_cast<int>(packet.size());

  mutex.Lock();
  if (closed) {
    mutex.Unlock();
    return {0, go::io::ErrClosedPipe};
  }
  if ((limitCount > 0 && count >= limitCount) || (limitSize > 0 && size() + 2 + plen > limitSize)) {
    mutex.Unlock();
    return {0, ErrFull};
  }
  // grow the buffer until the packet fits
  while (!available(plen)) {
    if (go::error err = grow()) {
      mutex.Unlock();
      return {0, err};
    }
  }

  go::chan<go::struct_> notifyCh;
  if (subs) {
    // readers are waiting. Prepare to notify, but only actually do it after
    // we release the lock.
    notifyCh = notify;
    notify = go::make_chan<go::struct_>();
    subs = false;
  }

  const int len = static_cast<int>(data.size());
  // store the length of the packet
  data[tail] = static_cast<std::uint8_t>(plen >> 8);
  if (++tail >= len) tail = 0;
  data[tail] = static_cast<std::uint8_t>(plen);
  if (++tail >= len) tail = 0;

  // store the packet
  int n = std::min(plen, len - tail);
  std::memcpy(data.data() + tail, packet.data(), static_cast<std::size_t>(n));
  tail += n;
  if (tail >= len) {
    // we reached the end, wrap around
    int m = plen - n;
    std::memcpy(data.data(), packet.data() + n, static_cast<std::size_t>(m));
    tail = m;
  }
  count++;
  mutex.Unlock();

  if (notifyCh != nullptr) notifyCh.close();
  return {plen, nullptr};
}

// pion: packetio/buffer.go Buffer.Read
std::pair<int, go::error> Buffer::Read(std::span<std::uint8_t> packet) { return read(packet, nullptr); }

std::pair<int, go::error> Buffer::ReadContext(const go::context::Context& ctx, std::span<std::uint8_t> packet) {
  return read(packet, &ctx);
}

// The body of Read; a non-null ctx (the port addition's) is one more way for the wait to end.
std::pair<int, go::error> Buffer::read(std::span<std::uint8_t> packet, const go::context::Context* ctx) {
  const go::recv_chan<go::struct_> done = ctx ? (*ctx)->Done() : go::recv_chan<go::struct_>{};  // nil: never ready
  auto canceled = [&]() -> go::error {
    if (go::error e = (*ctx)->Err()) return e;
    return go::make_error<netError>(ErrTimeout, true, true);  // a Done without an Err (a user's Context)
  };
  // Return immediately if the deadline is already exceeded.
  switch (go::select(go::recv(readDeadline->Done()), go::recv(done), go::default_())) {
    case 0:
      return {0, go::make_error<netError>(ErrTimeout, true, true)};
    case 1:
      return {0, canceled()};
    default:
      break;
  }

  for (;;) {
    mutex.Lock();

    if (head != tail) {
      const int len = static_cast<int>(data.size());
      // decode the packet size
      int n1 = data[head];
      if (++head >= len) head = 0;
      int n2 = data[head];
      if (++head >= len) head = 0;
      int cnt = (n1 << 8) | n2;

      // determine the number of bytes we'll actually copy
      int copied = std::min(cnt, static_cast<int>(packet.size()));

      // copy the data
      if (head + copied < len) {
        std::memcpy(packet.data(), data.data() + head, static_cast<std::size_t>(copied));
      } else {
        int k = len - head;
        std::memcpy(packet.data(), data.data() + head, static_cast<std::size_t>(k));
        std::memcpy(packet.data() + k, data.data(), static_cast<std::size_t>(copied - k));
      }

      // advance head, discarding any data that wasn't copied
      head += cnt;
      if (head >= len) head -= len;

      if (head == tail) {
        // the buffer is empty, reset to beginning in order to improve cache locality.
        head = 0;
        tail = 0;
      }
      count--;
      mutex.Unlock();

      if (copied < cnt) return {copied, go::io::ErrShortBuffer};
      return {copied, nullptr};
    }

    if (closed) {
      mutex.Unlock();
      return {0, go::io::EOF_};
    }

    go::chan<go::struct_> notifyCh = notify;
    subs = true;
    mutex.Unlock();

    switch (go::select(go::recv(readDeadline->Done()), go::recv(notifyCh), go::recv(done))) {
      case 0:
        return {0, go::make_error<netError>(ErrTimeout, true, true)};
      case 2:
        return {0, canceled()};
      default:
        break;
    }
  }
}

// pion: packetio/buffer.go Buffer.Close
go::error Buffer::Close() {
  mutex.Lock();
  if (closed) {
    mutex.Unlock();
    return nullptr;
  }
  go::chan<go::struct_> notifyCh = notify;
  closed = true;
  mutex.Unlock();
  notifyCh.close();
  return nullptr;
}

// pion: packetio/buffer.go Buffer.Count
int Buffer::Count() {
  std::lock_guard<go::sync::Mutex> lk(mutex);
  return count;
}

// pion: packetio/buffer.go Buffer.SetLimitCount
void Buffer::SetLimitCount(int limit) {
  std::lock_guard<go::sync::Mutex> lk(mutex);
  limitCount = limit;
}

// pion: packetio/buffer.go Buffer.Size
int Buffer::Size() {
  std::lock_guard<go::sync::Mutex> lk(mutex);
  return size();
}

int Buffer::size() const {
  int s = tail - head;
  if (s < 0) s += static_cast<int>(data.size());
  return s;
}

// pion: packetio/buffer.go Buffer.SetLimitSize
void Buffer::SetLimitSize(int limit) {
  std::lock_guard<go::sync::Mutex> lk(mutex);
  limitSize = limit;
}

// pion: packetio/buffer.go Buffer.SetReadDeadline
go::error Buffer::SetReadDeadline(go::time::Time t) {
  readDeadline->Set(t);
  return nullptr;
}

}  // namespace pion::transport::packetio

namespace pion::udp {

namespace packetio = pion::transport::packetio;
namespace deadline = pion::transport::deadline;

// pion: udp/pkg/sync/waitgroup.go WaitGroup.Add
void pkg::sync::WaitGroup::Add(int delta) {
  std::lock_guard<go::sync::Mutex> lk(mutex);
  c += delta;
  if (c < 0) throw go::panic_error("udp: negative WaitGroup counter");
  if (c == 0) {
    // Go: cond.Signal (each woken waiter signals the next); here every
    // waiter wakes at once.
    zero.close();
    zero = go::make_chan<go::struct_>();
  }
}

// pion: udp/pkg/sync/waitgroup.go WaitGroup.Wait
void pkg::sync::WaitGroup::Wait() {
  for (;;) {
    go::chan<go::struct_> ch;
    {
      std::lock_guard<go::sync::Mutex> lk(mutex);
      if (c == 0) return;
      if (c < 0) throw go::panic_error("udp: negative WaitGroup counter");
      ch = zero;
    }
    ch.recv();
  }
}

// pion: udp/conn.go listener.Accept
std::pair<std::shared_ptr<go::net::Conn>, go::error> listener::Accept() {
  std::shared_ptr<Conn> c;
  switch (go::select(go::recv(acceptCh, &c), go::recv(doneCh))) {
    case 0:
      connWG.Add(1);
      return {std::move(c), nullptr};
    default:
      return {nullptr, ErrClosedListener};
  }
}

// pion: udp/conn.go listener.Close
go::error listener::Close() {
  go::error err;
  doneOnce.Do([&] {
    accepting.store(false);
    doneCh.close();

    connLock.Lock();
    // Close unaccepted connections
    for (;;) {
      std::shared_ptr<Conn> c;
      if (go::select(go::recv(acceptCh, &c), go::default_()) != 0) break;
      c->doneCh.close();
      conns.erase(c->rAddr->String());
    }
    std::size_t nConns = conns.size();
    connLock.Unlock();

    connWG.Done();

    if (nConns == 0) {
      // Wait if this is the final connection
      readWG.Wait();
      std::lock_guard<go::sync::Mutex> lk(errCloseMu);
      err = errClose;
    } else {
      err = nullptr;
    }
  });
  return err;
}

// pion: udp/conn.go listener.Addr
std::shared_ptr<const go::net::Addr> listener::Addr() const { return pConn->LocalAddr(); }

// pion: udp/conn.go ListenConfig.Listen
std::pair<std::shared_ptr<go::net::Listener>, go::error> ListenConfig::Listen(std::string_view network,
                                                                            const go::net::UDPAddr* laddr) {
  if (Backlog == 0) Backlog = defaultListenBacklog;

  auto [conn, err] = go::net::ListenUDP(network, laddr);
  if (err) return {nullptr, err};

  if (ReadBufferSize > 0) {
    (void)conn->SetReadBuffer(ReadBufferSize);
  }
  if (WriteBufferSize > 0) {
    (void)conn->SetWriteBuffer(WriteBufferSize);
  }

  auto l = std::make_shared<listener>();
  l->pConn = conn;
  l->acceptCh = go::make_chan<std::shared_ptr<Conn>>(Backlog);
  l->doneCh = go::make_chan<go::struct_>();
  l->acceptFilter = AcceptFilter;
  l->admit = Admit;

  l->accepting.store(true);
  l->connWG.Add(1);
  l->readWG.Add(2);  // wait readLoop and Close execution routine

  go::go([l] { l->readLoop(); });
  go::go([l] {
    l->connWG.Wait();
    if (go::error err = l->pConn->Close()) {
      std::lock_guard<go::sync::Mutex> lk(l->errCloseMu);
      l->errClose = err;
    }
    l->readWG.Done();
  });

  return {std::move(l), nullptr};
}

// pion: udp/conn.go Listen
std::pair<std::shared_ptr<go::net::Listener>, go::error> Listen(std::string_view network,
                                                                const go::net::UDPAddr* laddr) {
  return ListenConfig{}.Listen(network, laddr);
}

// pion: udp/conn.go listener.readLoop — has two tasks:
//  1. Dispatching incoming packets to the correct Conn. It can therefore not
//     be ended until all Conns are closed.
//  2. Creating a new Conn when receiving from a new remote.
// (Go takes a fresh buffer from a sync.Pool for every datagram and never puts
// it back; the datagram is copied into the Conn's packetio.Buffer, so one
// buffer serves here.)
void listener::readLoop() {
  struct done {
    listener* l;
    ~done() { l->readWG.Done(); }
  } d{this};

  std::vector<std::uint8_t> buf(receiveMTU);
  std::vector<std::uint8_t> reply;  // Admit's answer to a new remote (port addition)
  for (;;) {
    auto [n, raddr, err] = pConn->ReadFrom(buf);
    if (err) return;
    std::span<const std::uint8_t> pkt(buf.data(), static_cast<std::size_t>(n));
    auto [conn, ok, gerr] = getConn(raddr, pkt, reply);
    if (!reply.empty()) {
      // Best effort, like the datagram it answers: a failed send is a lost datagram.
      (void)pConn->WriteTo(reply, *raddr);
      reply.clear();
    }
    if (gerr) continue;
    if (ok) (void)conn->buffer->Write(pkt);
  }
}

// pion: udp/conn.go listener.getConn
std::tuple<std::shared_ptr<Conn>, bool, go::error> listener::getConn(std::shared_ptr<const go::net::Addr> raddr,
                                                                    std::span<const std::uint8_t> buf,
                                                                    std::vector<std::uint8_t>& reply) {
  std::lock_guard<go::sync::Mutex> lk(connLock);
  std::string key = raddr->String();
  auto it = conns.find(key);
  if (it != conns.end()) return {it->second, true, nullptr};
  if (!accepting.load()) return {nullptr, false, ErrClosedListener};
  if (acceptFilter && !acceptFilter(buf)) return {nullptr, false, nullptr};
  if (admit && !admit(buf, *raddr, reply)) return {nullptr, false, nullptr};
  auto conn = newConn(std::move(raddr));
  if (go::select(go::send(acceptCh, conn), go::default_()) != 0) {
    return {nullptr, false, ErrListenQueueExceeded};
  }
  conns[key] = conn;
  return {std::move(conn), true, nullptr};
}

// pion: udp/conn.go listener.newConn
std::shared_ptr<Conn> listener::newConn(std::shared_ptr<const go::net::Addr> rAddr) {
  auto c = std::make_shared<Conn>();
  c->listener_ = shared_from_this();
  c->rAddr = std::move(rAddr);
  c->buffer = packetio::NewBuffer();
  c->doneCh = go::make_chan<go::struct_>();
  c->writeDeadline = deadline::New();
  return c;
}

// pion: udp/conn.go Conn.Read
std::pair<int, go::error> Conn::Read(std::span<std::uint8_t> p) { return buffer->Read(p); }

// pion: udp/conn.go Conn.Write
std::pair<int, go::error> Conn::Write(std::span<const std::uint8_t> p) { return write(p, nullptr); }

// The body of Write; a non-null ctx (WriteContext's) also ends a write blocked on the socket.
std::pair<int, go::error> Conn::write(std::span<const std::uint8_t> p, const go::context::Context* ctx) {
  if (go::select(go::recv(writeDeadline->Done()), go::default_()) == 0) {
    return {0, go::context::DeadlineExceeded};
  }
  if (ctx != nullptr) {
    if (auto* a = dynamic_cast<const go::net::UDPAddr*>(rAddr.get())) {
      return listener_->pConn->WriteToUDPContext(*ctx, p, *a);
    }
  }
  return listener_->pConn->WriteTo(p, *rAddr);  // (for an address of another kind: WriteTo's error)
}

// Port addition (go::net::ContextReadWriter): Read and Write that ctx also ends, with no watcher
// fiber (pion/transport connctx runs one per call and moves the deadline into the past).
std::pair<int, go::error> Conn::ReadContext(const go::context::Context& ctx, std::span<std::uint8_t> p) {
  return buffer->ReadContext(ctx, p);
}

std::pair<int, go::error> Conn::WriteContext(const go::context::Context& ctx, std::span<const std::uint8_t> p) {
  return write(p, &ctx);
}

// pion: udp/conn.go Conn.Close
go::error Conn::Close() {
  go::error err;
  doneOnce.Do([&] {
    listener* l = listener_.get();
    l->connWG.Done();
    doneCh.close();
    l->connLock.Lock();
    l->conns.erase(rAddr->String());
    std::size_t nConns = l->conns.size();
    l->connLock.Unlock();

    if (nConns == 0 && !l->accepting.load()) {
      // Wait if this is the final connection
      l->readWG.Wait();
      std::lock_guard<go::sync::Mutex> lk(l->errCloseMu);
      err = l->errClose;
    } else {
      err = nullptr;
    }

    if (go::error errBuf = buffer->Close(); errBuf && !err) err = errBuf;
  });
  return err;
}

// pion: udp/conn.go Conn.LocalAddr
std::shared_ptr<const go::net::Addr> Conn::LocalAddr() const {
  return listener_->pConn->LocalAddr();
}

// pion: udp/conn.go Conn.RemoteAddr
std::shared_ptr<const go::net::Addr> Conn::RemoteAddr() const { return rAddr; }

// pion: udp/conn.go Conn.SetDeadline
go::error Conn::SetDeadline(go::time::Time t) {
  writeDeadline->Set(t);
  return SetReadDeadline(t);
}

// pion: udp/conn.go Conn.SetReadDeadline
go::error Conn::SetReadDeadline(go::time::Time t) { return buffer->SetReadDeadline(t); }

// pion: udp/conn.go Conn.SetWriteDeadline — the write deadline of the
// underlying connection is not changed since the connection is shared.
go::error Conn::SetWriteDeadline(go::time::Time t) {
  writeDeadline->Set(t);
  return nullptr;
}

}  // namespace pion::udp
