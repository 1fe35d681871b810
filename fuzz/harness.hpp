// Shared by the fuzz harnesses and codec_test: an embedded interpreter for
// the codec's Python values, and the one rule every decoder must follow.
#pragma once

#include <nanobind/nanobind.h>

#include <cstddef>
#include <cstdint>

#include "pdu/codec.hpp"
#include "pdu/pyvalues.hpp"

namespace anysnmp::fuzz {

namespace nb = nanobind;

// Starts Python once and registers the sentinels the codec returns.
void init();

// The input as Python bytes (the decoders' argument type).
nb::bytes to_bytes(const uint8_t* data, size_t size);

[[noreturn]] void fail(const char* what);

// Runs a decoder: DecodeError and OidNotIncreasing are the expected
// rejections; any other exception, or a Python error left set, aborts.
// Returns true when the decoder returned normally.
template <class F>
bool decode(F&& f) {
    bool ok = false;
    try {
        f();
        ok = true;
    } catch (const ber::DecodeError&) {
    } catch (const py::OidNotIncreasing&) {
    } catch (const std::exception& e) {
        fail(e.what());
    }
    if (PyErr_Occurred()) {
        PyErr_Print();
        fail("a Python error was left set");
    }
    return ok;
}

// Codec::decode_get against decode_response on the same input: the same None,
// the same DecodeError (message included), the same tuple when decode_get
// answers with a list, and when it answers with a dict, decode_response's
// varbinds for exactly the requested OIDs, in order, less the exception
// values. Requests the OIDs the input answers (so that the match path runs),
// then the same ones in reverse order. Aborts on any difference.
void check_get(pdu::Codec& codec, const nb::bytes& input, int64_t request_id);

}  // namespace anysnmp::fuzz
