// pion: examples/util/util.go
// Package util provides auxiliary utilities used in examples (and, here, by dtlscat).
//
// Port additions, each marked where it is declared:
// - StdinReader: Go's os.Stdin (with bufio.Reader.ReadString) readable from a fiber. Go's
//   os.Stdin.Read parks only its goroutine; a plain read(0) here would block the worker thread
//   and with it every fiber (the connection's reader, its retransmission timers).
// - X509KeyPair / LoadX509KeyPair: Go's crypto/tls functions that util.LoadKeyAndCertificate
//   calls, on Botan (PKCS#1, PKCS#8 and SEC 1 keys; RSA, ECDSA, Ed25519).
// - Printf: Go's fmt.Printf (standard output, unbuffered as Go's os.Stdout is).
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "chan/chan.hpp"
#include "chan/error.hpp"
#include "chan/fmt.hpp"
#include "chan/io.hpp"
#include "chan/net.hpp"
#include "dtls/pkg/crypto/signaturehash/go_tls.hpp"

namespace dtls::examples::util {

inline constexpr int bufSize = 8192;

inline const go::error errBlockIsNotCertificate =
    go::errors::New("block is not a certificate, unable to load certificates");
inline const go::error errNoCertificateFound = go::errors::New("no certificate found, unable to load certificates");

// Port addition: fmt.Printf to standard output, flushed at once (Go's os.Stdout is unbuffered).
void writeStdout(std::string_view s);
template <class... Args>
void Printf(std::string_view format, const Args&... args) {
  writeStdout(go::fmt::Sprintf(format, args...));
}

// pion: util.go Chat
// Chat simulates a simple text chat session over the connection
void Chat(const std::shared_ptr<go::net::Conn>& conn);

// pion: util.go Check
// Check is a helper to throw errors in the examples
// (Go's panic(err) prints the error and ends the program with status 2; so does this.)
void Check(const go::error& err);

// pion: util.go LoadKeyAndCertificate
// LoadKeyAndCertificate reads certificates or key from file
std::pair<go::tls::Certificate, go::error> LoadKeyAndCertificate(const std::string& keyPath,
                                                                 const std::string& certificatePath);

// pion: util.go LoadCertificate
// LoadCertificate Load/read certificate(s) from file
// (Go's tls.Certificate holds the DER of each block; here the parsed certificates.)
std::pair<std::shared_ptr<go::tls::Certificate>, go::error> LoadCertificate(const std::string& path);

// go: encoding/pem Block, Decode
// A PEM block: its type ("CERTIFICATE", "PRIVATE KEY", ...) and decoded bytes. Decode finds the
// next block in `rest`, skipping anything before it, and advances `rest` past it; false when
// there is none (rest is then left as it was).
struct PEMBlock {
  std::string Type;
  std::vector<std::uint8_t> Bytes;
};
bool PEMDecode(std::string_view& rest, PEMBlock& block);

// go: crypto/tls/tls.go X509KeyPair
// X509KeyPair parses a public/private key pair from a pair of PEM encoded data: the chain (leaf
// first) and the leaf's key, which must match the leaf's public key. Keys: PKCS #1 (RSA), PKCS #8
// (RSA, ECDSA, Ed25519), SEC 1 (ECDSA). Errors carry Go's messages ("tls: ...").
std::pair<go::tls::Certificate, go::error> X509KeyPair(std::string_view certPEMBlock, std::string_view keyPEMBlock);

// go: crypto/tls/tls.go LoadX509KeyPair
// LoadX509KeyPair reads and parses a public/private key pair from a pair of files.
std::pair<go::tls::Certificate, go::error> LoadX509KeyPair(const std::string& certFile, const std::string& keyFile);

// go: os.ReadFile ("open NAME: no such file or directory" on failure)
std::pair<std::string, go::error> ReadFile(const std::string& name);

// Port addition: os.Stdin for fibers. A plain thread reads standard input and hands each chunk
// to the fibers over an unbuffered channel; Read and ReadString park the calling fiber only.
// Construct and use it inside go::run. Destruction stops and joins the thread (it never blocks
// in read(2) without also watching its stop pipe).
class StdinReader final : public go::io::Reader {
 public:
  StdinReader();
  ~StdinReader() override;
  StdinReader(const StdinReader&) = delete;
  StdinReader& operator=(const StdinReader&) = delete;

  // io.Reader: what is available (at least one byte), or io.EOF at the end of the input.
  std::pair<int, go::error> Read(std::span<std::uint8_t> p) override;
  // go: bufio/bufio.go Reader.ReadString
  // ReadString reads until the first occurrence of delim in the input, returning a string
  // containing the data up to and including the delimiter. If ReadString encounters an error
  // before finding a delimiter, it returns the data read before the error and the error itself
  // (often io.EOF).
  std::pair<std::string, go::error> ReadString(char delim);

  // What the thread read: data, or the error that ended the input (io.EOF). Receiving from
  // Chunks() directly (in a select) bypasses Read's buffer: use one or the other.
  struct Chunk {
    std::string data;
    go::error err;
  };
  go::recv_chan<Chunk> Chunks() const { return chunks_; }

 private:
  bool fill();  // waits for the next chunk; false once an error (EOF) is pending
  void loop();  // the thread

  go::chan<Chunk> chunks_;
  go::chan<go::struct_> stop_;
  int stopPipe_[2] = {-1, -1};
  std::thread thread_;
  std::string pending_;
  go::error err_;
};

}  // namespace dtls::examples::util
