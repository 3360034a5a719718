// NIST P-256 (go_p256.hpp): the field and scalar arithmetic, the group law and ECDSA.
//
//   field    integers modulo p = 2^256 - 2^224 + 2^192 + 2^96 - 1, four 64-bit limbs, in the
//            Montgomery domain (R = 2^256), always fully reduced; multiplication is CIOS
//            Montgomery (as Go's fiat-generated p256 field, crypto/internal/nistec/fiat);
//   scalars  the same arithmetic modulo the group order N;
//   points   projective (X : Y : Z) with the complete addition and doubling formulas of Renes,
//            Costello and Batina (2016, algorithms 4, 5 and 6 for a = -3), as Go's nistec
//            P256Point: no input is a special case, the point at infinity (0 : 1 : 0) included,
//            so the scalar multiplications below have no data-dependent branch;
//   k*G      a table of j * 16^i * G (i < 64, 1 <= j <= 15) in affine form, built once: 64
//            mixed additions, each table entry read by a scan of its whole row;
//   k*Q      4-bit fixed windows: 256 doublings and 64 additions from a table of 0..15 * Q,
//            also read by a scan.
// Differential tests against Botan and NIST's CAVP vectors: tests/dtls/go_p256_test.cpp.
#include "dtls/go_p256.hpp"

#include <botan/hash.h>
#include <botan/system_rng.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <type_traits>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace go::crypto::p256 {

namespace {

using u64 = std::uint64_t;
using u128 = unsigned __int128;

// A 256-bit integer, little-endian limbs.
struct u256 {
  u64 v[4];
};

// Add and subtract with carry: the x86-64 adc/sbb chains (the compiler does not find them in
// 128-bit arithmetic: field additions took 9 ns instead of 2), portable code elsewhere and in
// constant evaluation (the curve's constants below are computed at compile time).
[[gnu::always_inline]] constexpr u64 addc(u64 a, u64 b, u64& carry) {
#if defined(__x86_64__)
  if (!std::is_constant_evaluated()) {
    unsigned long long r;
    carry = _addcarry_u64(static_cast<unsigned char>(carry), a, b, &r);
    return r;
  }
#endif
  const u128 s = static_cast<u128>(a) + b + carry;
  carry = static_cast<u64>(s >> 64);
  return static_cast<u64>(s);
}

[[gnu::always_inline]] constexpr u64 subb(u64 a, u64 b, u64& borrow) {
#if defined(__x86_64__)
  if (!std::is_constant_evaluated()) {
    unsigned long long r;
    borrow = _subborrow_u64(static_cast<unsigned char>(borrow), a, b, &r);
    return r;
  }
#endif
  const u128 d = static_cast<u128>(a) - b - borrow;
  borrow = static_cast<u64>(d >> 64) & 1;
  return static_cast<u64>(d);
}

// The limb loops must be unrolled for the carries to stay in flags and registers (at -O2 GCC
// does not unroll them by itself: a field addition took 15 ns instead of 3).
#define P256_UNROLL4 _Pragma("GCC unroll 4")

constexpr u64 lo(u128 x) { return static_cast<u64>(x); }
constexpr u64 hi(u128 x) { return static_cast<u64>(x >> 64); }

// All ones if x != 0, else zero, without a branch.
constexpr u64 mask_nonzero(u64 x) { return 0 - ((x | (0 - x)) >> 63); }

// out = mask ? b : a, limb by limb (mask all ones or zero).
[[gnu::always_inline]] constexpr u256 select(const u256& a, const u256& b, u64 mask) {
  u256 r{};
  P256_UNROLL4 for (int i = 0; i < 4; ++i) r.v[i] = (a.v[i] & ~mask) | (b.v[i] & mask);
  return r;
}

constexpr bool is_zero(const u256& a) { return (a.v[0] | a.v[1] | a.v[2] | a.v[3]) == 0; }
constexpr bool equal(const u256& a, const u256& b) {
  return ((a.v[0] ^ b.v[0]) | (a.v[1] ^ b.v[1]) | (a.v[2] ^ b.v[2]) | (a.v[3] ^ b.v[3])) == 0;
}

// a < b, in constant time.
constexpr bool less(const u256& a, const u256& b) {
  u64 br = 0;
  P256_UNROLL4 for (int i = 0; i < 4; ++i) (void)subb(a.v[i], b.v[i], br);
  return br != 0;
}

// hi * 2^256 + t, minus m once unless that borrows: the last step of every reduction here,
// whose input is below 2m.
[[gnu::always_inline]] constexpr u256 subtract_once(const u256& t, u64 hi, const u256& m) {
  u64 br = 0;
  u256 r{};
  P256_UNROLL4 for (int i = 0; i < 4; ++i) r.v[i] = subb(t.v[i], m.v[i], br);
  (void)subb(hi, 0, br);
  return select(r, t, 0 - br);
}

u256 from_be(std::span<const std::uint8_t, 32> b) {
  u256 r{};
  P256_UNROLL4 for (int i = 0; i < 4; ++i) {
    u64 w = 0;
    for (int j = 0; j < 8; ++j) w = (w << 8) | b[static_cast<std::size_t>(8 * (3 - i) + j)];
    r.v[i] = w;
  }
  return r;
}

void to_be(const u256& a, std::uint8_t* out) {
  P256_UNROLL4 for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 8; ++j) out[8 * (3 - i) + j] = static_cast<std::uint8_t>(a.v[i] >> (56 - 8 * j));
  }
}

// A big-endian integer of any length: nullopt when it needs more than 256 bits.
std::optional<u256> from_be_any(std::span<const std::uint8_t> b) {
  while (!b.empty() && b.front() == 0) b = b.subspan(1);
  if (b.size() > 32) return std::nullopt;
  std::array<std::uint8_t, 32> buf{};
  std::copy(b.begin(), b.end(), buf.end() - static_cast<std::ptrdiff_t>(b.size()));
  return from_be(buf);
}

// ---------------------------------------------------------------------------
// Montgomery arithmetic modulo an odd m with 2^255 < m < 2^256, R = 2^256.

struct modulus {
  u256 m;
  u64 minv;  // -m^-1 mod 2^64
  u256 one;  // R mod m: 1 in the Montgomery domain
  u256 r2;   // R^2 mod m: to_mont(x) = mont_mul(x, r2)
  u256 e;    // m - 2: the exponent of Fermat's inversion
};

constexpr modulus make_modulus(u256 m) {
  modulus M{};
  M.m = m;
  u64 x = 1;
  for (int i = 0; i < 6; ++i) x *= 2 - m.v[0] * x;  // Newton's iteration: x = m^-1 mod 2^64
  M.minv = 0 - x;
  u64 br = 0;
  P256_UNROLL4 for (int i = 0; i < 4; ++i) M.one.v[i] = subb(0, m.v[i], br);  // 2^256 - m
  u256 t = M.one;
  for (int k = 0; k < 256; ++k) {  // R * 2^256 mod m, one doubling at a time
    u64 c = 0;
    u256 d{};
    P256_UNROLL4 for (int i = 0; i < 4; ++i) d.v[i] = addc(t.v[i], t.v[i], c);
    u64 b = 0;
    u256 s{};
    P256_UNROLL4 for (int i = 0; i < 4; ++i) s.v[i] = subb(d.v[i], m.v[i], b);
    t = (c != 0 || b == 0) ? s : d;
  }
  M.r2 = t;
  br = 0;
  M.e.v[0] = subb(m.v[0], 2, br);
  for (int i = 1; i < 4; ++i) M.e.v[i] = subb(m.v[i], 0, br);
  return M;
}

// p = 2^256 - 2^224 + 2^192 + 2^96 - 1
constexpr modulus kP = make_modulus({{0xffffffffffffffff, 0x00000000ffffffff, 0x0000000000000000, 0xffffffff00000001}});
// N, the order of G
constexpr modulus kN = make_modulus({{0xf3b9cac2fc632551, 0xbce6faada7179e84, 0xffffffffffffffff, 0xffffffff00000000}});

// a * b * R^-1 mod m (CIOS: a row of the product, then a row of the reduction, four times).
// Requires a < 2^256 and b < m; the result is below m.
template <const modulus& M>
[[gnu::always_inline]] constexpr u256 mont_mul(const u256& a, const u256& b) {
  u64 t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0, c = 0;
  P256_UNROLL4 for (int i = 0; i < 4; ++i) {
    // t += a * b[i]
    const u64 bi = b.v[i];
    const u128 p0 = static_cast<u128>(a.v[0]) * bi, p1 = static_cast<u128>(a.v[1]) * bi;
    const u128 p2 = static_cast<u128>(a.v[2]) * bi, p3 = static_cast<u128>(a.v[3]) * bi;
    c = 0;
    t0 = addc(t0, lo(p0), c);
    t1 = addc(t1, lo(p1), c);
    t2 = addc(t2, lo(p2), c);
    t3 = addc(t3, lo(p3), c);
    t4 = addc(t4, 0, c);
    t5 = c;
    c = 0;
    t1 = addc(t1, hi(p0), c);
    t2 = addc(t2, hi(p1), c);
    t3 = addc(t3, hi(p2), c);
    t4 = addc(t4, hi(p3), c);
    t5 += c;
    // t = (t + q * m) / 2^64, q chosen so that the low limb vanishes
    const u64 q = t0 * M.minv;
    const u128 m0 = static_cast<u128>(q) * M.m.v[0], m1 = static_cast<u128>(q) * M.m.v[1];
    const u128 m2 = static_cast<u128>(q) * M.m.v[2], m3 = static_cast<u128>(q) * M.m.v[3];
    c = 0;
    (void)addc(t0, lo(m0), c);
    t0 = addc(t1, lo(m1), c);
    t1 = addc(t2, lo(m2), c);
    t2 = addc(t3, lo(m3), c);
    t3 = addc(t4, 0, c);
    t4 = t5 + c;
    c = 0;
    t0 = addc(t0, hi(m0), c);
    t1 = addc(t1, hi(m1), c);
    t2 = addc(t2, hi(m2), c);
    t3 = addc(t3, hi(m3), c);
    t4 += c;
  }
  return subtract_once(u256{{t0, t1, t2, t3}}, t4, M.m);
}

template <const modulus& M>
constexpr u256 mod_add(const u256& a, const u256& b) {
  u64 c = 0;
  u256 s{};
  P256_UNROLL4 for (int i = 0; i < 4; ++i) s.v[i] = addc(a.v[i], b.v[i], c);
  return subtract_once(s, c, M.m);
}

template <const modulus& M>
constexpr u256 mod_sub(const u256& a, const u256& b) {
  u64 br = 0;
  u256 d{};
  P256_UNROLL4 for (int i = 0; i < 4; ++i) d.v[i] = subb(a.v[i], b.v[i], br);
  const u64 mask = 0 - br;
  u64 c = 0;
  u256 r{};
  P256_UNROLL4 for (int i = 0; i < 4; ++i) r.v[i] = addc(d.v[i], M.m.v[i] & mask, c);
  return r;
}

// x mod m for any x < 2^256 (x < 2m, since m > 2^255).
template <const modulus& M>
constexpr u256 reduce_once(const u256& x) {
  return subtract_once(x, 0, M.m);
}

template <const modulus& M>
constexpr u256 to_mont(const u256& a) {
  return mont_mul<M>(a, M.r2);
}

template <const modulus& M>
constexpr u256 from_mont(const u256& a) {
  return mont_mul<M>(a, u256{{1, 0, 0, 0}});
}

// a^(m-2) = a^-1 in the Montgomery domain (0 for 0): fixed 4-bit windows over the public
// exponent, the same operations whatever a is.
template <const modulus& M>
u256 mont_inv(const u256& a) {
  u256 tab[16];
  tab[0] = M.one;
  tab[1] = a;
  for (int j = 2; j < 16; ++j) tab[j] = mont_mul<M>(tab[j - 1], a);
  u256 acc = M.one;
  for (int i = 63; i >= 0; --i) {
    if (i != 63) {
      for (int k = 0; k < 4; ++k) acc = mont_mul<M>(acc, acc);
    }
    const unsigned w = static_cast<unsigned>(M.e.v[i / 16] >> (4 * (i % 16))) & 15;
    acc = mont_mul<M>(acc, tab[w]);  // the exponent is public: indexing by it leaks nothing
  }
  return acc;
}

// ---------------------------------------------------------------------------
// The field: elements in the Montgomery domain.

using fe = u256;

// a * b * R^-1 mod p. The product as mont_mul's, the reduction by p's shape instead of by
// multiplications: adding m * p << 64i with m = t[i] clears limb i, and
// m * p = m*2^256 - m*2^224 + m*2^192 + m*2^96 - m is two shifted copies of m and one product
// by p's top limb. 18 -> 13 ns a multiplication here.
inline fe fe_mul(const fe& a, const fe& b) {
  u64 t[9] = {};
  P256_UNROLL4 for (int i = 0; i < 4; ++i) {
    const u64 bi = b.v[i];
    const u128 p0 = static_cast<u128>(a.v[0]) * bi, p1 = static_cast<u128>(a.v[1]) * bi;
    const u128 p2 = static_cast<u128>(a.v[2]) * bi, p3 = static_cast<u128>(a.v[3]) * bi;
    u64 c = 0;
    t[i] = addc(t[i], lo(p0), c);
    t[i + 1] = addc(t[i + 1], lo(p1), c);
    t[i + 2] = addc(t[i + 2], lo(p2), c);
    t[i + 3] = addc(t[i + 3], lo(p3), c);
    t[i + 4] = addc(t[i + 4], 0, c);
    const u64 c1 = c;
    c = 0;
    t[i + 1] = addc(t[i + 1], hi(p0), c);
    t[i + 2] = addc(t[i + 2], hi(p1), c);
    t[i + 3] = addc(t[i + 3], hi(p2), c);
    t[i + 4] = addc(t[i + 4], hi(p3), c);
    t[i + 5] = c1 + c;  // limb i + 5 is still zero here (for i = 3, limb 8)
  }
  P256_UNROLL4 for (int i = 0; i < 4; ++i) {
    const u64 m = t[i];
    const u128 x = static_cast<u128>(m) * kP.m.v[3];
    u64 c = 0;
    t[i + 1] = addc(t[i + 1], m << 32, c);
    t[i + 2] = addc(t[i + 2], m >> 32, c);
    t[i + 3] = addc(t[i + 3], lo(x), c);
    t[i + 4] = addc(t[i + 4], hi(x), c);
    for (int j = i + 5; j < 9; ++j) t[j] = addc(t[j], 0, c);
  }
  return subtract_once(u256{{t[4], t[5], t[6], t[7]}}, t[8], kP.m);  // below 2p
}
constexpr fe fe_add(const fe& a, const fe& b) { return mod_add<kP>(a, b); }
constexpr fe fe_sub(const fe& a, const fe& b) { return mod_sub<kP>(a, b); }

constexpr fe kB = to_mont<kP>({{0x3bce3c3e27d2604b, 0x651d06b0cc53b0f6, 0xb3ebbd55769886bc, 0x5ac635d8aa3a93e7}});
constexpr fe kGx = to_mont<kP>({{0xf4a13945d898c296, 0x77037d812deb33a0, 0xf8bce6e563a440f2, 0x6b17d1f2e12c4247}});
constexpr fe kGy = to_mont<kP>({{0xcbb6406837bf51f5, 0x2bce33576b315ece, 0x8ee7eb4a7c0f9e16, 0x4fe342e2fe1a7f9b}});

// ---------------------------------------------------------------------------
// Points

struct point {
  fe x, y, z;  // projective: (x/z, y/z); the point at infinity is (0 : 1 : 0)
};

struct affine {
  fe x, y;
};

constexpr point identity() { return {fe{}, kP.one, fe{}}; }

point select(const point& a, const point& b, u64 mask) {
  return {select(a.x, b.x, mask), select(a.y, b.y, mask), select(a.z, b.z, mask)};
}

// The second half of RCB16 algorithms 4 and 5 (a = -3), which they share: from t0 = X1*X2,
// t1 = Y1*Y2, t2 = Z1*Z2, t3 = X1*Y2 + X2*Y1, t4 = Y1*Z2 + Y2*Z1 and y3 = X1*Z2 + X2*Z1.
point add_tail(fe t0, fe t1, fe t2, const fe& t3, const fe& t4, fe y3) {
  fe z3 = fe_mul(kB, t2);
  fe x3 = fe_sub(y3, z3);
  z3 = fe_add(x3, x3);
  x3 = fe_add(x3, z3);
  z3 = fe_sub(t1, x3);
  x3 = fe_add(t1, x3);
  y3 = fe_mul(kB, y3);
  t1 = fe_add(t2, t2);
  t2 = fe_add(t1, t2);
  y3 = fe_sub(y3, t2);
  y3 = fe_sub(y3, t0);
  t1 = fe_add(y3, y3);
  y3 = fe_add(t1, y3);
  t1 = fe_add(t0, t0);
  t0 = fe_add(t1, t0);
  t0 = fe_sub(t0, t2);
  t1 = fe_mul(t4, y3);
  t2 = fe_mul(t0, y3);
  y3 = fe_mul(x3, z3);
  y3 = fe_add(y3, t2);
  x3 = fe_mul(x3, t3);
  x3 = fe_sub(x3, t1);
  z3 = fe_mul(z3, t4);
  t1 = fe_mul(t3, t0);
  z3 = fe_add(z3, t1);
  return {x3, y3, z3};
}

// Go: nistec p256 Add (RCB16 algorithm 4, a = -3): p + q for any p, q.
point add(const point& p, const point& q) {
  const fe t0 = fe_mul(p.x, q.x);
  const fe t1 = fe_mul(p.y, q.y);
  const fe t2 = fe_mul(p.z, q.z);
  const fe t3 = fe_sub(fe_mul(fe_add(p.x, p.y), fe_add(q.x, q.y)), fe_add(t0, t1));
  const fe t4 = fe_sub(fe_mul(fe_add(p.y, p.z), fe_add(q.y, q.z)), fe_add(t1, t2));
  const fe y3 = fe_sub(fe_mul(fe_add(p.x, p.z), fe_add(q.x, q.z)), fe_add(t0, t2));
  return add_tail(t0, t1, t2, t3, t4, y3);
}

// RCB16 algorithm 5 (a = -3): p + q for any p and an affine q (never the point at infinity):
// algorithm 4 with Z2 = 1.
point add_mixed(const point& p, const affine& q) {
  const fe t0 = fe_mul(p.x, q.x);
  const fe t1 = fe_mul(p.y, q.y);
  const fe t3 = fe_sub(fe_mul(fe_add(q.x, q.y), fe_add(p.x, p.y)), fe_add(t0, t1));
  const fe t4 = fe_add(fe_mul(q.y, p.z), p.y);
  const fe y3 = fe_add(fe_mul(q.x, p.z), p.x);
  return add_tail(t0, t1, p.z, t3, t4, y3);
}

// Go: nistec p256 Double (RCB16 algorithm 6, a = -3): 2p for any p.
point dbl(const point& p) {
  fe t0 = fe_mul(p.x, p.x);
  fe t1 = fe_mul(p.y, p.y);
  fe t2 = fe_mul(p.z, p.z);
  fe t3 = fe_mul(p.x, p.y);
  t3 = fe_add(t3, t3);
  fe z3 = fe_mul(p.x, p.z);
  z3 = fe_add(z3, z3);
  fe y3 = fe_mul(kB, t2);
  y3 = fe_sub(y3, z3);
  fe x3 = fe_add(y3, y3);
  y3 = fe_add(x3, y3);
  x3 = fe_sub(t1, y3);
  y3 = fe_add(t1, y3);
  y3 = fe_mul(x3, y3);
  x3 = fe_mul(x3, t3);
  t3 = fe_add(t2, t2);
  t2 = fe_add(t2, t3);
  z3 = fe_mul(kB, z3);
  z3 = fe_sub(z3, t2);
  z3 = fe_sub(z3, t0);
  t3 = fe_add(z3, z3);
  z3 = fe_add(z3, t3);
  t3 = fe_add(t0, t0);
  t0 = fe_add(t3, t0);
  t0 = fe_sub(t0, t2);
  t0 = fe_mul(t0, z3);
  y3 = fe_add(y3, t0);
  t0 = fe_mul(p.y, p.z);
  t0 = fe_add(t0, t0);
  z3 = fe_mul(t0, z3);
  x3 = fe_sub(x3, z3);
  z3 = fe_mul(t0, t1);
  z3 = fe_add(z3, z3);
  z3 = fe_add(z3, z3);
  return {x3, y3, z3};
}

// The affine coordinates, out of the Montgomery domain; (0, 0) for the point at infinity.
void to_affine_be(const point& p, std::uint8_t* x, std::uint8_t* y) {
  const fe zinv = mont_inv<kP>(p.z);
  to_be(from_mont<kP>(fe_mul(p.x, zinv)), x);
  if (y != nullptr) to_be(from_mont<kP>(fe_mul(p.y, zinv)), y);
}

// y^2 = x^3 - 3x + b, for x and y in the Montgomery domain.
bool on_curve(const fe& x, const fe& y) {
  const fe y2 = fe_mul(y, y);
  fe rhs = fe_mul(fe_mul(x, x), x);
  const fe x3 = fe_add(fe_add(x, x), x);
  rhs = fe_add(fe_sub(rhs, x3), kB);
  return equal(y2, rhs);
}

// Go: elliptic.Unmarshal + P256Point.SetBytes for affine coordinates: below p and on the curve.
std::optional<affine> decode_affine(std::span<const std::uint8_t, 32> xb, std::span<const std::uint8_t, 32> yb) {
  const u256 x = from_be(xb);
  const u256 y = from_be(yb);
  if (!less(x, kP.m) || !less(y, kP.m)) return std::nullopt;
  affine a{to_mont<kP>(x), to_mont<kP>(y)};
  if (!on_curve(a.x, a.y)) return std::nullopt;
  return a;
}

// ---------------------------------------------------------------------------
// k*G

struct base_table {
  affine row[64][15];  // row[i][j] = (j + 1) * 16^i * G
};

const base_table& base() {
  static const base_table* const table = [] {
    auto* t = new base_table;
    constexpr int kCount = 64 * 15;
    auto pts = std::make_unique<point[]>(kCount);
    point p{kGx, kGy, kP.one};
    for (int i = 0; i < 64; ++i) {
      point* row = &pts[static_cast<std::size_t>(i * 15)];
      row[0] = p;
      for (int j = 1; j < 15; ++j) row[j] = add(row[j - 1], p);
      p = add(row[14], p);  // 16 * 16^i * G
    }
    // One inversion for all of them (Montgomery's trick); no entry is the point at infinity,
    // as every multiple is below N.
    auto prefix = std::make_unique<fe[]>(kCount);
    prefix[0] = pts[0].z;
    for (int k = 1; k < kCount; ++k) prefix[k] = fe_mul(prefix[k - 1], pts[k].z);
    fe inv = mont_inv<kP>(prefix[kCount - 1]);
    for (int k = kCount - 1; k >= 0; --k) {
      const fe zinv = k > 0 ? fe_mul(inv, prefix[k - 1]) : inv;
      if (k > 0) inv = fe_mul(inv, pts[k].z);
      t->row[k / 15][k % 15] = {fe_mul(pts[k].x, zinv), fe_mul(pts[k].y, zinv)};
    }
    return t;
  }();
  return *table;
}

// 4-bit window i of k (0 = the least significant).
unsigned window(const u256& k, int i) { return static_cast<unsigned>(k.v[i / 16] >> (4 * (i % 16))) & 15; }

// Go: P256Point.ScalarBaseMult. k*G for any 256-bit k, in constant time.
point base_mult(const u256& k) {
  const base_table& t = base();
  point acc = identity();
  for (int i = 0; i < 64; ++i) {
    const unsigned w = window(k, i);
    affine e{};
    for (unsigned j = 0; j < 15; ++j) {
      const u64 m = ~mask_nonzero(static_cast<u64>(j + 1) ^ w);
      e.x = select(e.x, t.row[i][j].x, m);
      e.y = select(e.y, t.row[i][j].y, m);
    }
    // For w == 0, e is (0, 0), not a point: the sum is computed and dropped.
    acc = select(acc, add_mixed(acc, e), mask_nonzero(w));
  }
  return acc;
}

// Go: P256Point.ScalarMult. k*q for any 256-bit k, in constant time.
point scalar_mult(const point& q, const u256& k) {
  point tab[16];
  tab[0] = identity();
  tab[1] = q;
  for (int j = 2; j < 16; ++j) tab[j] = (j % 2 == 0) ? dbl(tab[j / 2]) : add(tab[j - 1], q);
  point acc = identity();
  for (int i = 63; i >= 0; --i) {
    if (i != 63) {
      for (int d = 0; d < 4; ++d) acc = dbl(acc);
    }
    const unsigned w = window(k, i);
    point e = tab[0];
    for (unsigned j = 1; j < 16; ++j) e = select(e, tab[j], ~mask_nonzero(static_cast<u64>(j) ^ w));
    acc = add(acc, e);
  }
  return acc;
}

// ---------------------------------------------------------------------------
// u1*G + u2*Q for verification: public inputs only, so variable time. Jacobian coordinates
// (x = X/Z^2, y = Y/Z^3; Z = 0 is the point at infinity), whose doubling for a = -3 costs 8
// multiplications against the complete formula's 13, width-w NAF digits, and one chain of 256
// doublings shared by both scalars (Straus-Shamir). 184 -> ~80 us a verification here.

struct jpoint {
  fe x, y, z;
};

constexpr fe fe_neg(const fe& a) { return fe_sub(fe{}, a); }

// dbl-2001-b (a = -3): 3M + 5S; the point at infinity doubles to itself (Z3 = 0).
jpoint jdbl(const jpoint& p) {
  const fe delta = fe_mul(p.z, p.z);
  const fe gamma = fe_mul(p.y, p.y);
  const fe beta = fe_mul(p.x, gamma);
  fe alpha = fe_mul(fe_sub(p.x, delta), fe_add(p.x, delta));
  alpha = fe_add(fe_add(alpha, alpha), alpha);
  const fe beta4 = fe_add(fe_add(beta, beta), fe_add(beta, beta));
  jpoint r;
  r.x = fe_sub(fe_mul(alpha, alpha), fe_add(beta4, beta4));
  const fe yz = fe_add(p.y, p.z);
  r.z = fe_sub(fe_sub(fe_mul(yz, yz), gamma), delta);
  fe gamma2 = fe_mul(gamma, gamma);
  gamma2 = fe_add(gamma2, gamma2);
  gamma2 = fe_add(gamma2, gamma2);
  gamma2 = fe_add(gamma2, gamma2);
  r.y = fe_sub(fe_mul(alpha, fe_sub(beta4, r.x)), gamma2);
  return r;
}

// The shared tail of add-2007-bl and madd-2007-bl: given U1, S1 (p's coordinates scaled to q's
// Z) and U2, S2, with H = U2 - U1 != 0 and R = S2 - S1, the sum's X and Y; Z is the caller's.
void jadd_tail(const fe& u1, const fe& s1, const fe& h, const fe& r, jpoint& out) {
  const fe h2 = fe_add(h, h);
  const fe i = fe_mul(h2, h2);
  const fe j = fe_mul(h, i);
  const fe rr = fe_add(r, r);
  const fe v = fe_mul(u1, i);
  out.x = fe_sub(fe_sub(fe_mul(rr, rr), j), fe_add(v, v));
  const fe s1j = fe_mul(s1, j);
  out.y = fe_sub(fe_mul(rr, fe_sub(v, out.x)), fe_add(s1j, s1j));
}

// add-2007-bl: p + q, with the special cases (an operand at infinity, p == q, p == -q) taken
// by branches.
jpoint jadd(const jpoint& p, const jpoint& q) {
  if (is_zero(p.z)) return q;
  if (is_zero(q.z)) return p;
  const fe z1z1 = fe_mul(p.z, p.z);
  const fe z2z2 = fe_mul(q.z, q.z);
  const fe u1 = fe_mul(p.x, z2z2);
  const fe u2 = fe_mul(q.x, z1z1);
  const fe s1 = fe_mul(fe_mul(p.y, q.z), z2z2);
  const fe s2 = fe_mul(fe_mul(q.y, p.z), z1z1);
  const fe h = fe_sub(u2, u1);
  const fe r = fe_sub(s2, s1);
  if (is_zero(h)) return is_zero(r) ? jdbl(p) : jpoint{kP.one, kP.one, fe{}};
  jpoint out;
  jadd_tail(u1, s1, h, r, out);
  const fe zz = fe_add(p.z, q.z);
  out.z = fe_mul(fe_sub(fe_sub(fe_mul(zz, zz), z1z1), z2z2), h);
  return out;
}

// madd-2007-bl: p + q for an affine q (never the point at infinity).
jpoint jadd_affine(const jpoint& p, const affine& q) {
  if (is_zero(p.z)) return {q.x, q.y, kP.one};
  const fe z1z1 = fe_mul(p.z, p.z);
  const fe u2 = fe_mul(q.x, z1z1);
  const fe s2 = fe_mul(fe_mul(q.y, p.z), z1z1);
  const fe h = fe_sub(u2, p.x);
  const fe r = fe_sub(s2, p.y);
  if (is_zero(h)) return is_zero(r) ? jdbl(p) : jpoint{kP.one, kP.one, fe{}};
  jpoint out;
  jadd_tail(p.x, p.y, h, r, out);
  const fe zh = fe_add(p.z, h);
  out.z = fe_sub(fe_sub(fe_mul(zh, zh), z1z1), fe_mul(h, h));
  return out;
}

// The width-w NAF of k: digits[i] in {0, +-1, +-3, ..., +-(2^(w-1) - 1)} with
// k = sum digits[i] * 2^i, at most one nonzero digit in any w consecutive ones. Returns the
// number of digits (at most 257).
int wnaf(const u256& k, int w, std::int8_t digits[257]) {
  u64 v[5] = {k.v[0], k.v[1], k.v[2], k.v[3], 0};
  const u64 window = u64{1} << w;
  int n = 0;
  while ((v[0] | v[1] | v[2] | v[3] | v[4]) != 0) {
    int d = 0;
    if (v[0] & 1) {
      d = static_cast<int>(v[0] & (window - 1));
      if (d >= static_cast<int>(window / 2)) d -= static_cast<int>(window);
      // v -= d
      u64 c = 0;
      if (d > 0) {
        v[0] = subb(v[0], static_cast<u64>(d), c);
        for (int i = 1; i < 5; ++i) v[i] = subb(v[i], 0, c);
      } else {
        v[0] = addc(v[0], static_cast<u64>(-d), c);
        for (int i = 1; i < 5; ++i) v[i] = addc(v[i], 0, c);
      }
    }
    digits[n++] = static_cast<std::int8_t>(d);
    for (int i = 0; i < 4; ++i) v[i] = (v[i] >> 1) | (v[i + 1] << 63);
    v[4] >>= 1;
  }
  return n;
}

constexpr int kWindowG = 7;  // G's odd multiples 1G .. 63G, built once
constexpr int kWindowQ = 5;  // Q's odd multiples 1Q .. 15Q, built per verification

// G, 3G, 5G, ..., (2^(kWindowG-1) - 1)G, affine.
const std::array<affine, 1 << (kWindowG - 2)>& odd_multiples_of_g() {
  static const auto* const table = [] {
    constexpr int kCount = 1 << (kWindowG - 2);
    auto* t = new std::array<affine, kCount>;
    std::array<point, kCount> pts;
    const point g{kGx, kGy, kP.one};
    const point g2 = dbl(g);
    pts[0] = g;
    for (int i = 1; i < kCount; ++i) pts[static_cast<std::size_t>(i)] = add(pts[static_cast<std::size_t>(i - 1)], g2);
    for (int i = 0; i < kCount; ++i) {
      const auto& p = pts[static_cast<std::size_t>(i)];
      const fe zinv = mont_inv<kP>(p.z);
      (*t)[static_cast<std::size_t>(i)] = {fe_mul(p.x, zinv), fe_mul(p.y, zinv)};
    }
    return t;
  }();
  return *table;
}

// u1*G + u2*Q.
jpoint double_scalar_mult(const u256& u1, const u256& u2, const affine& q) {
  std::int8_t n1[257], n2[257];
  const int len1 = wnaf(u1, kWindowG, n1);
  const int len2 = wnaf(u2, kWindowQ, n2);
  const auto& gt = odd_multiples_of_g();
  jpoint qt[1 << (kWindowQ - 2)];
  qt[0] = {q.x, q.y, kP.one};
  const jpoint q2 = jdbl(qt[0]);
  for (int i = 1; i < (1 << (kWindowQ - 2)); ++i) qt[i] = jadd(qt[i - 1], q2);

  jpoint acc{kP.one, kP.one, fe{}};
  for (int i = std::max(len1, len2) - 1; i >= 0; --i) {
    acc = jdbl(acc);
    if (i < len1 && n1[i] != 0) {
      const affine& e = gt[static_cast<std::size_t>(std::abs(n1[i]) / 2)];
      acc = jadd_affine(acc, n1[i] > 0 ? e : affine{e.x, fe_neg(e.y)});
    }
    if (i < len2 && n2[i] != 0) {
      const jpoint& e = qt[std::abs(n2[i]) / 2];
      acc = jadd(acc, n2[i] > 0 ? e : jpoint{e.x, fe_neg(e.y), e.z});
    }
  }
  return acc;
}

// ---------------------------------------------------------------------------
// ECDSA

// Go: ecdsa hashToInt for P-256 (the leftmost 256 bits), reduced modulo N.
u256 hash_to_scalar(std::span<const std::uint8_t> hash) {
  if (hash.size() > 32) hash = hash.first(32);
  std::array<std::uint8_t, 32> buf{};
  std::copy(hash.begin(), hash.end(), buf.end() - static_cast<std::ptrdiff_t>(hash.size()));
  return reduce_once<kN>(from_be(buf));
}

// A 512-bit big-endian value modulo N: hi * 2^256 + lo, with hi * 2^256 = mont_mul(hi, R^2).
u256 wide_to_scalar(const std::uint8_t* b64) {
  const u256 hi = from_be(std::span<const std::uint8_t, 32>(b64, 32));
  const u256 lo = from_be(std::span<const std::uint8_t, 32>(b64 + 32, 32));
  return mod_add<kN>(mont_mul<kN>(hi, kN.r2), reduce_once<kN>(lo));
}

void system_random(std::uint8_t* out, std::size_t n) {
  try {
    Botan::system_rng().randomize(out, n);
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("crypto/rand: ") + e.what());
  }
}

// Go: encoding/asn1 of an INTEGER holding a non-negative value (minimal, a 0x00 before a set
// high bit).
void append_der_integer(std::vector<std::uint8_t>& out, const u256& v) {
  std::uint8_t b[32];
  to_be(v, b);
  std::size_t i = 0;
  while (i < 31 && b[i] == 0) ++i;
  const bool pad = (b[i] & 0x80) != 0;
  out.push_back(0x02);
  out.push_back(static_cast<std::uint8_t>(32 - i + (pad ? 1 : 0)));
  if (pad) out.push_back(0x00);
  out.insert(out.end(), b + i, b + 32);
}

}  // namespace

const std::array<std::uint8_t, 32> N = [] {
  std::array<std::uint8_t, 32> b{};
  to_be(kN.m, b.data());
  return b;
}();

std::array<std::uint8_t, 65> ScalarBaseMult(std::span<const std::uint8_t, 32> k) {
  std::array<std::uint8_t, 65> out{};
  out[0] = 4;
  to_affine_be(base_mult(from_be(k)), out.data() + 1, out.data() + 33);
  return out;
}

std::optional<std::array<std::uint8_t, 32>> ScalarMultX(std::span<const std::uint8_t> q,
                                                        std::span<const std::uint8_t> k) {
  if (q.size() != 65 || q[0] != 4) return std::nullopt;
  const auto a = decode_affine(q.subspan<1, 32>(), q.subspan<33, 32>());
  if (!a) return std::nullopt;
  if (k.size() > 32) return std::nullopt;
  std::array<std::uint8_t, 32> kb{};
  std::copy(k.begin(), k.end(), kb.end() - static_cast<std::ptrdiff_t>(k.size()));
  std::array<std::uint8_t, 32> x{};
  to_affine_be(scalar_mult(point{a->x, a->y, kP.one}, from_be(kb)), x.data(), nullptr);
  return x;
}

std::array<std::uint8_t, 32> GeneratePrivateScalar() {
  // Go: elliptic's randFieldElement draws 64 bits more than N has and reduces (FIPS 186-4
  // B.4.1); here 256 more, reduced the same way, and zero drawn again.
  for (;;) {
    std::uint8_t b[64];
    system_random(b, sizeof b);
    const u256 d = wide_to_scalar(b);
    if (is_zero(d)) continue;
    std::array<std::uint8_t, 32> out{};
    to_be(d, out.data());
    return out;
  }
}

std::vector<std::uint8_t> SignASN1(std::span<const std::uint8_t, 32> d, std::span<const std::uint8_t> hash) {
  const u256 dn = from_be(d);
  if (is_zero(dn) || !less(dn, kN.m)) throw std::invalid_argument("ecdsa: private key out of range");
  const u256 e = hash_to_scalar(hash);
  const u256 dM = to_mont<kN>(dn);
  std::unique_ptr<Botan::HashFunction> sha512 = Botan::HashFunction::create_or_throw("SHA-512");
  for (;;) {
    // k: SHA-512(d || 32 random bytes || hash) modulo N.
    std::uint8_t entropy[32];
    system_random(entropy, sizeof entropy);
    sha512->update(d.data(), d.size());
    sha512->update(entropy, sizeof entropy);
    sha512->update(hash.data(), hash.size());
    std::uint8_t seed[64];
    sha512->final(seed);
    const u256 k = wide_to_scalar(seed);
    if (is_zero(k)) continue;

    // r = (k*G).x mod N
    std::uint8_t xb[32];
    to_affine_be(base_mult(k), xb, nullptr);
    const u256 r = reduce_once<kN>(from_be(std::span<const std::uint8_t, 32>(xb, 32)));
    if (is_zero(r)) continue;

    // s = k^-1 (e + r d) mod N
    const u256 kinvM = mont_inv<kN>(to_mont<kN>(k));
    const u256 sum = mod_add<kN>(e, mont_mul<kN>(r, dM));
    const u256 s = mont_mul<kN>(sum, kinvM);
    if (is_zero(s)) continue;

    std::vector<std::uint8_t> out{0x30, 0};
    out.reserve(72);
    append_der_integer(out, r);
    append_der_integer(out, s);
    out[1] = static_cast<std::uint8_t>(out.size() - 2);
    return out;
  }
}

bool Verify(std::span<const std::uint8_t, 32> qx, std::span<const std::uint8_t, 32> qy,
            std::span<const std::uint8_t> hash, std::span<const std::uint8_t> rb, std::span<const std::uint8_t> sb) {
  const auto q = decode_affine(qx, qy);
  if (!q) return false;
  const auto r = from_be_any(rb);
  const auto s = from_be_any(sb);
  if (!r || !s || is_zero(*r) || is_zero(*s) || !less(*r, kN.m) || !less(*s, kN.m)) return false;

  // SEC 1, version 2.0, section 4.1.4 (Go: ecdsa verifyGeneric)
  const u256 e = hash_to_scalar(hash);
  const u256 wM = mont_inv<kN>(to_mont<kN>(*s));
  const u256 u1 = mont_mul<kN>(e, wM);
  const u256 u2 = mont_mul<kN>(*r, wM);
  const jpoint x = double_scalar_mult(u1, u2, *q);
  if (is_zero(x.z)) return false;
  // x mod N == r, without an inversion: X == r * Z^2, or, when r + N < p (x in [N, p)),
  // X == (r + N) * Z^2.
  const fe z2 = fe_mul(x.z, x.z);
  if (equal(fe_mul(to_mont<kP>(*r), z2), x.x)) return true;
  u64 c = 0;
  u256 rn{};
  for (int i = 0; i < 4; ++i) rn.v[i] = addc(r->v[i], kN.m.v[i], c);
  return c == 0 && less(rn, kP.m) && equal(fe_mul(to_mont<kP>(rn), z2), x.x);
}

}  // namespace go::crypto::p256
