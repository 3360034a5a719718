// A child process with pipes to its stdin and stdout/stderr, for the interop tests that drive
// `openssl s_server`/`s_client` and the Pion peer (tests/interop/pion_peer.go). Reads are
// line-based with a wall-clock timeout so a misbehaving peer fails the test instead of hanging it.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

namespace interop {

class Subprocess {
 public:
  explicit Subprocess(const std::vector<std::string>& argv) {
    int in[2], out[2];
    // Close-on-exec: a child started later must not inherit this child's stdin write end (it
    // would never see EOF after CloseStdin) or its output read end. dup2 clears the flag on 0/1/2.
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) std::abort();
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      ::dup2(out[1], 2);
      ::close(in[1]);
      ::close(out[0]);
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      ::execvp(args[0], args.data());
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    stdin_ = in[1];
    stdout_ = out[0];
    ::fcntl(stdout_, F_SETFL, ::fcntl(stdout_, F_GETFL) | O_NONBLOCK);
  }
  ~Subprocess() {
    if (stdin_ >= 0) ::close(stdin_);
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::kill(pid_, SIGCONT);  // a stopped child takes SIGTERM only once continued
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(stdout_);
  }
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  void Write(const std::string& s) {
    if (stdin_ >= 0) (void)!::write(stdin_, s.data(), s.size());
  }
  // Sends the child a signal (SIGSTOP / SIGCONT to stall it).
  void Signal(int sig) {
    if (pid_ > 0) ::kill(pid_, sig);
  }
  void CloseStdin() {
    if (stdin_ >= 0) ::close(stdin_);
    stdin_ = -1;
  }

  // Everything the child printed so far (stdout and stderr interleaved).
  const std::string& Output() {
    drain(0);
    return out_;
  }

  // Waits (wall clock) until the output contains `needle`; false on timeout or child exit.
  bool WaitFor(const std::string& needle, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (out_.find(needle) == std::string::npos) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      if (!drain(static_cast<int>(std::min<long>(left.count(), 50)))) {
        return out_.find(needle) != std::string::npos;
      }
    }
    return true;
  }

  // Waits for the child to exit; its exit status, or -1 on timeout.
  int Wait(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      drain(10);
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        drain(0);
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
    }
    return -1;
  }

 private:
  // Reads what is available (waiting up to ms); false once the pipe is at EOF.
  bool drain(int ms) {
    pollfd p{stdout_, POLLIN, 0};
    if (::poll(&p, 1, ms) <= 0) return true;
    char buf[4096];
    for (;;) {
      ssize_t n = ::read(stdout_, buf, sizeof buf);
      if (n > 0) {
        out_.append(buf, static_cast<std::size_t>(n));
        continue;
      }
      return n != 0;
    }
  }

  pid_t pid_ = -1;
  int stdin_ = -1;
  int stdout_ = -1;
  std::string out_;
};

// A UDP port that was free a moment ago on 127.0.0.1 (for peers that need to be told a port).
inline int FreeUDPPort() {
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

}  // namespace interop
