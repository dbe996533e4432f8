// metal_shim.h: lets backtest.metal compile as C++ (g++ or clang++) for the host harness.
//
// The shader keeps to the part of MSL that is also C++: plain structs of 4-byte scalars, free functions,
// address-space qualifiers on pointers and references, and attributes on the kernel's parameters. This
// header makes the qualifiers vanish (constant becomes const), turns [[buffer(n)]] and
// [[thread_position_in_grid]] into the empty attribute list [[]], and supplies the metal:: functions the
// shader calls with their IEEE single-precision C++ equivalents. Compile with -ffp-contract=off and without
// -ffast-math, so every operation rounds once, as the Metal build does in safe math mode.
//
// Standard headers come first: the macros below would break them (std::thread, for one).
#ifndef BT_METAL_SHIM_H
#define BT_METAL_SHIM_H

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

typedef unsigned int uint;

namespace metal {
inline float fma(float a, float b, float c) { return std::fma(a, b, c); }
inline float floor(float x) { return std::floor(x); }
inline float abs(float x) { return std::fabs(x); }
inline float max(float a, float b) { return a > b ? a : b; }
inline float min(float a, float b) { return a < b ? a : b; }
inline int max(int a, int b) { return a > b ? a : b; }
inline int min(int a, int b) { return a < b ? a : b; }
inline uint max(uint a, uint b) { return a > b ? a : b; }
inline uint min(uint a, uint b) { return a < b ? a : b; }

namespace precise {
inline float sqrt(float x) { return std::sqrt(x); }
inline float divide(float a, float b) { return a / b; }
} // namespace precise
} // namespace metal

using namespace metal;

#define kernel
#define device
#define thread
#define constant const
#define buffer(index)
#define thread_position_in_grid

#endif
