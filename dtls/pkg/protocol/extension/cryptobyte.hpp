// A minimal stand-in for the parts of golang.org/x/crypto/cryptobyte that Pion's extension package
// uses (alpn.go, server_name.go): String.Read* and Builder.Add*/Bytes. Written from cryptobyte's
// documented semantics: a failed read returns false and leaves the output untouched; a length-prefixed
// child that does not fit its prefix makes Bytes() return an error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "chan/fmt.hpp"

namespace dtls::pkg::protocol::extension::cryptobyte {

// cryptobyte.String: a read cursor over a byte slice.
class String {
 public:
  String() = default;
  explicit String(std::span<const std::uint8_t> s) : s_(s) {}

  bool Empty() const { return s_.empty(); }
  std::span<const std::uint8_t> bytes() const { return s_; }
  std::string str() const { return std::string(s_.begin(), s_.end()); }

  bool ReadUint8(std::uint8_t* out) {
    std::span<const std::uint8_t> v;
    if (!read(1, &v)) return false;
    *out = v[0];
    return true;
  }
  bool ReadUint16(std::uint16_t* out) {
    std::span<const std::uint8_t> v;
    if (!read(2, &v)) return false;
    *out = static_cast<std::uint16_t>((v[0] << 8) | v[1]);
    return true;
  }
  bool ReadUint8LengthPrefixed(String* out) { return readLengthPrefixed(1, out); }
  bool ReadUint16LengthPrefixed(String* out) { return readLengthPrefixed(2, out); }

 private:
  // cryptobyte's read: advances only on success.
  bool read(std::size_t n, std::span<const std::uint8_t>* out) {
    if (s_.size() < n) return false;
    *out = s_.first(n);
    s_ = s_.subspan(n);
    return true;
  }
  // cryptobyte's readLengthPrefixed: the length bytes stay consumed even if the body is short.
  bool readLengthPrefixed(std::size_t lenLen, String* out) {
    std::span<const std::uint8_t> lenBytes;
    if (!read(lenLen, &lenBytes)) return false;
    std::size_t length = 0;
    for (auto b : lenBytes) length = (length << 8) | b;
    std::span<const std::uint8_t> v;
    if (!read(length, &v)) return false;
    *out = String(v);
    return true;
  }

  std::span<const std::uint8_t> s_;
};

// cryptobyte.Builder: appends big-endian integers and length-prefixed children. The continuation
// receives the same builder (Go passes a child builder; the bytes end up in the same place).
class Builder {
 public:
  void AddUint8(std::uint8_t v) { result_.push_back(v); }
  void AddUint16(std::uint16_t v) {
    result_.push_back(static_cast<std::uint8_t>(v >> 8));
    result_.push_back(static_cast<std::uint8_t>(v));
  }
  void AddBytes(std::span<const std::uint8_t> v) { result_.insert(result_.end(), v.begin(), v.end()); }
  void AddBytes(const std::string& v) { result_.insert(result_.end(), v.begin(), v.end()); }

  template <class F>
  void AddUint8LengthPrefixed(F&& f) {
    addLengthPrefixed(1, std::forward<F>(f));
  }
  template <class F>
  void AddUint16LengthPrefixed(F&& f) {
    addLengthPrefixed(2, std::forward<F>(f));
  }

  std::pair<std::vector<std::uint8_t>, go::error> Bytes() const {
    if (err_) return {{}, err_};
    return {result_, nullptr};
  }

 private:
  template <class F>
  void addLengthPrefixed(std::size_t lenLen, F&& f) {
    std::size_t offset = result_.size();
    result_.insert(result_.end(), lenLen, 0);
    f(*this);
    std::size_t length = result_.size() - offset - lenLen;
    if (length >= (std::size_t{1} << (8 * lenLen))) {
      if (!err_) {
        err_ = go::fmt::Errorf("cryptobyte: pending child length %d exceeds %d-byte length prefix", length,
                               lenLen);
      }
      return;
    }
    for (std::size_t i = 0; i < lenLen; i++) {
      result_[offset + lenLen - 1 - i] = static_cast<std::uint8_t>(length >> (8 * i));
    }
  }

  std::vector<std::uint8_t> result_;
  go::error err_;
};

}  // namespace dtls::pkg::protocol::extension::cryptobyte
