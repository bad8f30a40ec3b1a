// Reading JavaScript values into plain C++ values without C++ exceptions (the addon is built with
// NAPI_DISABLE_CPP_EXCEPTIONS): every reader checks the JS type and range and records the first
// problem in an ArgumentError, so a native method checks once and reports ENGINE_INVALID_ARGUMENT.
// The TypeScript facade validates everything first; these checks are the binding's own guard, so a
// direct call with bad values gets an error instead of undefined behaviour.
#pragma once

#include <napi.h>

#include <cstdint>
#include <string>

namespace kestrel::binding {

/** The first argument problem of a call. */
struct ArgumentError {
  bool failed = false;
  std::string message;
  void fail(const std::string& what) {
    if (!failed) {
      failed = true;
      message = what;
    }
  }
};

/** A safe-integer number or a bigint that fits int64. */
std::int64_t read_i64(const Napi::Value& value, const char* name, ArgumentError& error);
/** A non-negative safe-integer number or a bigint that fits uint64. */
std::uint64_t read_u64(const Napi::Value& value, const char* name, ArgumentError& error);
/** An integer number in 0..2^32-1. */
std::uint32_t read_u32(const Napi::Value& value, const char* name, ArgumentError& error);
/** A boolean. */
bool read_bool(const Napi::Value& value, const char* name, ArgumentError& error);
/** A string. */
std::string read_string(const Napi::Value& value, const char* name, ArgumentError& error);
/** A Uint8Array (its bytes stay owned by JavaScript: copy before running JavaScript again). */
Napi::Uint8Array read_bytes(const Napi::Value& value, const char* name, ArgumentError& error);
/** A Float64Array. */
Napi::Float64Array read_doubles(const Napi::Value& value, const char* name, ArgumentError& error);

/** A bigint from an unsigned 64-bit value. */
Napi::Value big(Napi::Env env, std::uint64_t value);
/** A bigint from a signed 64-bit value. */
Napi::Value big_signed(Napi::Env env, std::int64_t value);

}  // namespace kestrel::binding
