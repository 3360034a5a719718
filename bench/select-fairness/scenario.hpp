// Scenarios of the select-fairness tool: the case list grammar and the presets.
//
//   CASES := CASE (',' CASE)*
//   CASE  := DIR ':' FEED ['*' COUNT]
//   DIR   := recv | send
//   FEED  := ready           always ready (the selector refills / drains it after it fires)
//          | RATE            fed by a producer (recv) or drained by a consumer (send) at
//                            RATE values per second (e.g. 100000, 1e5)
//          | nil             a nil channel: never ready
//          | closed          a closed channel: always ready, receives (0, false); recv only
//
// Every non-nil channel has capacity 1, in every implementation, so readiness
// is len(ch) > 0 for a receive and len(ch) < cap(ch) for a send (what Go can
// observe of its own channels without the runtime's internals).
#pragma once

#include <cmath>
#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fairness {

enum class dir { recv, send };
enum class feed { ready, rate, nil, closed };

struct case_spec {
  dir d = dir::recv;
  feed f = feed::ready;
  double rate = 0;  // values per second, for feed::rate
  bool operator==(const case_spec&) const = default;
};

struct scenario {
  std::string name;
  std::vector<case_spec> cases;
  int threads = 1;
  std::uint64_t selects = 1000000;
  std::uint64_t timing_selects = 1000000;
  int yield_every = -1;  // -1: 1 when any case is producer/consumer fed, else 0
  std::uint64_t seed = 0;

  bool has_fed() const {
    for (auto& c : cases)
      if (c.f == feed::rate) return true;
    return false;
  }
  int effective_yield() const { return yield_every >= 0 ? yield_every : (has_fed() ? 1 : 0); }
};

inline std::string to_string(const case_spec& c) {
  std::string s = c.d == dir::recv ? "recv:" : "send:";
  switch (c.f) {
    case feed::ready: return s + "ready";
    case feed::nil: return s + "nil";
    case feed::closed: return s + "closed";
    case feed::rate: {
      std::ostringstream o;
      o.precision(15);
      o << c.rate;
      return s + o.str();
    }
  }
  return s;
}

// One spec per case (no '*'): what fairness.go is given.
inline std::string cases_expanded(const std::vector<case_spec>& cs) {
  std::string out;
  for (auto& c : cs) {
    if (!out.empty()) out += ',';
    out += to_string(c);
  }
  return out;
}

// Runs of equal cases folded as '*N'.
inline std::string cases_compact(const std::vector<case_spec>& cs) {
  std::string out;
  for (std::size_t i = 0; i < cs.size();) {
    std::size_t j = i;
    while (j < cs.size() && cs[j] == cs[i]) ++j;
    if (!out.empty()) out += ',';
    out += to_string(cs[i]);
    if (j - i > 1) {
      out += '*';
      out += std::to_string(j - i);
    }
    i = j;
  }
  return out;
}

// Throws std::invalid_argument with a message naming the bad item.
inline std::vector<case_spec> parse_cases(const std::string& text) {
  std::vector<case_spec> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? text.size() + 1 : comma + 1;
    auto bad = [&](const std::string& why) {
      return std::invalid_argument("bad case '" + item + "': " + why);
    };
    if (item.empty()) throw bad("empty (expected DIR:FEED[*COUNT], e.g. recv:ready*4)");
    long count = 1;
    if (auto star = item.find('*'); star != std::string::npos) {
      std::string n = item.substr(star + 1);
      std::size_t used = 0;
      try {
        count = std::stol(n, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (n.empty() || used != n.size() || count < 1) throw bad("count after '*' must be a positive integer");
      item.resize(star);
    }
    auto colon = item.find(':');
    if (colon == std::string::npos) throw bad("expected DIR:FEED, DIR = recv|send");
    std::string d = item.substr(0, colon), f = item.substr(colon + 1);
    case_spec c;
    if (d == "recv") {
      c.d = dir::recv;
    } else if (d == "send") {
      c.d = dir::send;
    } else {
      throw bad("direction must be recv or send");
    }
    if (f == "ready") {
      c.f = feed::ready;
    } else if (f == "nil") {
      c.f = feed::nil;
    } else if (f == "closed") {
      if (c.d == dir::send) throw bad("a send on a closed channel panics; closed is recv only");
      c.f = feed::closed;
    } else {
      std::size_t used = 0;
      double r = 0;
      try {
        r = std::stod(f, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (f.empty() || used != f.size() || !(r > 0) || !std::isfinite(r) || r > 1e9)
        throw bad("feed must be ready, nil, closed or a rate in values/s in (0, 1e9]");
      c.f = feed::rate;
      c.rate = r;
    }
    for (long i = 0; i < count; ++i) out.push_back(c);
    if (out.size() > 64) throw std::invalid_argument("at most 64 cases (got more)");
  }
  if (out.size() < 2) throw std::invalid_argument("a scenario needs at least 2 cases");
  bool any_live = false;
  for (auto& c : out) any_live |= c.f != feed::nil;
  if (!any_live) throw std::invalid_argument("every case is nil: the select would block forever");
  return out;
}

struct preset {
  const char* name;
  const char* cases;
  int threads;
  const char* what;
};

inline const std::vector<preset>& presets() {
  static const std::vector<preset> p = {
      {"all-ready-2", "recv:ready*2", 1, "2 receive cases, always ready"},
      {"all-ready-8", "recv:ready*8", 1, "8 receive cases, always ready"},
      {"all-ready-64", "recv:ready*64", 1, "64 receive cases, always ready"},
      {"mixed-send-recv", "recv:ready*4,send:ready*4", 1, "4 receive and 4 send cases, always ready"},
      {"producers-rates", "recv:ready*2,recv:400000,recv:200000,recv:100000,recv:50000,send:200000,send:50000", 1,
       "2 always-ready receives, 4 receives fed by producers at 400k/200k/100k/50k values/s, "
       "2 sends drained by consumers at 200k/50k values/s"},
      {"nil-and-closed", "recv:ready*3,recv:nil*2,send:nil,recv:closed*2", 1,
       "3 always-ready receives, 3 nil channels (never ready), 2 closed channels (always ready)"},
      {"threads-2", "recv:ready*4,send:ready*2,recv:200000*2,send:100000", 2,
       "always-ready receives and sends plus producer/consumer-fed cases, 2 worker threads"},
  };
  return p;
}

}  // namespace fairness
