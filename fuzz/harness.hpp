// Shared by the fuzz harnesses and codec_test: an embedded interpreter for
// the codec's Python values, and the one rule every decoder must follow.
#pragma once

#include <nanobind/nanobind.h>

#include <cstddef>
#include <cstdint>

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

}  // namespace anysnmp::fuzz
