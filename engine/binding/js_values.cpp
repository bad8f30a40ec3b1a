// JavaScript value readers: numbers must be integers within +-(2^53 - 1) (where a double is exact),
// bigints must convert losslessly.
#include "js_values.h"

#include <cmath>

namespace kestrel::binding {
namespace {

constexpr double kMaxSafeInteger = 9007199254740991.0;

bool safe_integer(double value) {
  return std::isfinite(value) && std::trunc(value) == value && std::fabs(value) <= kMaxSafeInteger;
}

}  // namespace

std::int64_t read_i64(const Napi::Value& value, const char* name, ArgumentError& error) {
  if (value.IsNumber()) {
    const double d = value.As<Napi::Number>().DoubleValue();
    if (safe_integer(d)) return static_cast<std::int64_t>(d);
  } else if (value.IsBigInt()) {
    bool lossless = false;
    const std::int64_t v = value.As<Napi::BigInt>().Int64Value(&lossless);
    if (lossless) return v;
  }
  error.fail(std::string(name) + " must be a safe integer or a bigint within int64");
  return 0;
}

std::uint64_t read_u64(const Napi::Value& value, const char* name, ArgumentError& error) {
  if (value.IsNumber()) {
    const double d = value.As<Napi::Number>().DoubleValue();
    if (safe_integer(d) && d >= 0) return static_cast<std::uint64_t>(d);
  } else if (value.IsBigInt()) {
    bool lossless = false;
    const std::uint64_t v = value.As<Napi::BigInt>().Uint64Value(&lossless);
    if (lossless) return v;
  }
  error.fail(std::string(name) + " must be a non-negative safe integer or a bigint within uint64");
  return 0;
}

std::uint32_t read_u32(const Napi::Value& value, const char* name, ArgumentError& error) {
  if (value.IsNumber()) {
    const double d = value.As<Napi::Number>().DoubleValue();
    if (safe_integer(d) && d >= 0 && d <= 4294967295.0) return static_cast<std::uint32_t>(d);
  }
  error.fail(std::string(name) + " must be an integer in 0..4294967295");
  return 0;
}

bool read_bool(const Napi::Value& value, const char* name, ArgumentError& error) {
  if (value.IsBoolean()) return value.As<Napi::Boolean>().Value();
  error.fail(std::string(name) + " must be a boolean");
  return false;
}

std::string read_string(const Napi::Value& value, const char* name, ArgumentError& error) {
  if (value.IsString()) return value.As<Napi::String>().Utf8Value();
  error.fail(std::string(name) + " must be a string");
  return {};
}

Napi::Uint8Array read_bytes(const Napi::Value& value, const char* name, ArgumentError& error) {
  if (value.IsTypedArray() && value.As<Napi::TypedArray>().TypedArrayType() == napi_uint8_array) {
    return value.As<Napi::Uint8Array>();
  }
  error.fail(std::string(name) + " must be a Uint8Array");
  return Napi::Uint8Array();
}

Napi::Float64Array read_doubles(const Napi::Value& value, const char* name, ArgumentError& error) {
  if (value.IsTypedArray() && value.As<Napi::TypedArray>().TypedArrayType() == napi_float64_array) {
    return value.As<Napi::Float64Array>();
  }
  error.fail(std::string(name) + " must be a Float64Array");
  return Napi::Float64Array();
}

Napi::Value big(Napi::Env env, std::uint64_t value) { return Napi::BigInt::New(env, value); }

Napi::Value big_signed(Napi::Env env, std::int64_t value) { return Napi::BigInt::New(env, value); }

}  // namespace kestrel::binding
