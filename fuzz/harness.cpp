#include "harness.hpp"

#include <cstdlib>

// An empty extension module: importing it sets up nanobind's internals.
NB_MODULE(_fuzz, m) { (void)m; }

namespace anysnmp::fuzz {

void init() {
    if (Py_IsInitialized()) return;
    setenv("PYTHONMALLOC", "malloc", 0);  // every object allocation visible to ASan
    PyImport_AppendInittab("_fuzz", PyInit__fuzz);
    Py_InitializeEx(0);
    nb::module_::import_("_fuzz");
    auto& r = py::registry();
    nb::object sentinel = nb::module_::import_("builtins").attr("object");
    r.no_such_object = sentinel();
    r.no_such_instance = sentinel();
    r.end_of_mib_view = sentinel();
}

nb::bytes to_bytes(const uint8_t* data, size_t size) {
    return nb::bytes(reinterpret_cast<const char*>(data), size);
}

void fail(const char* what) {
    std::fprintf(stderr, "unexpected exception from a decoder: %s\n", what);
    std::abort();
}

namespace {

// Runs a decoder: true when it returned; false with the message of its DecodeError.
template <class F>
bool outcome(F&& f, std::string& error) {
    try {
        f();
        return true;
    } catch (const ber::DecodeError& e) {
        error = e.what();
    } catch (const std::exception& e) {
        fail(e.what());
    }
    if (PyErr_Occurred()) {
        PyErr_Print();
        fail("a Python error was left set");
    }
    return false;
}

void differ(const char* what) {
    std::fprintf(stderr, "decode_get differs from decode_response: %s\n", what);
    std::abort();
}

bool is_exception(nb::handle varbind, bool typed) {
    if (typed) return nb::cast<int>(varbind[1]) >= 0x80;
    auto& r = py::registry();
    nb::handle v = varbind[1];
    return v.is(r.no_such_object) || v.is(r.no_such_instance) || v.is(r.end_of_mib_view);
}

void compare(pdu::Codec& codec, const nb::bytes& input, int64_t rid, bool typed, const nb::list& oids) {
    std::optional<nb::tuple> general, got;
    std::string general_error, got_error;
    bool general_ok = outcome([&] { general = codec.decode_response(input, rid, typed); }, general_error);
    pdu::GetRequest request(nb::none(), &codec, oids, typed);
    bool got_ok = outcome([&] { got = codec.decode_get(input, rid, request); }, got_error);
    if (got_ok && got && PyDict_Check((*got)[3].ptr())) {
        if (!general_ok || !general) differ("decode_get matched a message decode_response rejects");
        for (size_t i = 0; i < 3; ++i)
            if (!(*got)[i].equal((*general)[i])) differ("PDU header");
        if (nb::cast<int64_t>((*got)[1]) != 0) differ("matched an error-status");
        nb::list varbinds = nb::cast<nb::list>((*general)[3]);
        if (varbinds.size() != oids.size()) differ("matched another number of varbinds");
        nb::dict kept;
        for (size_t i = 0; i < varbinds.size(); ++i) {
            nb::handle vb = varbinds[i];
            nb::str oid = nb::cast<nb::str>(oids[i]);
            if (!vb[0].equal(oid)) differ("matched another OID");
            if (is_exception(vb, typed)) continue;
            kept[vb[0]] = typed ? nb::object(nb::make_tuple(vb[1], vb[2])) : nb::borrow(vb[1]);
        }
        if (!(*got)[3].equal(kept)) differ("matched values");
        return;
    }
    if (got_ok != general_ok) differ(got_ok ? "decode_get accepted a malformed message" : got_error.c_str());
    if (!got_ok && got_error != general_error) differ(got_error.c_str());
    if (got_ok && (got.has_value() != general.has_value() || (got && !got->equal(*general))))
        differ("general form");
}

}  // namespace

void check_get(pdu::Codec& codec, const nb::bytes& input, int64_t request_id) {
    for (bool typed : {false, true}) {
        nb::list oids;
        std::optional<nb::tuple> general;
        std::string error;
        if (outcome([&] { general = codec.decode_response(input, request_id, typed); }, error) && general)
            for (nb::handle vb : nb::cast<nb::list>((*general)[3])) oids.append(vb[0]);
        if (oids.size() == 0) oids.append(nb::str("1.3.6.1.2.1.1.1.0"));
        compare(codec, input, request_id, typed, oids);
        if (oids.size() > 1) {
            nb::list reversed;
            for (size_t i = oids.size(); i-- > 0;) reversed.append(oids[i]);
            compare(codec, input, request_id, typed, reversed);
        }
    }
}

}  // namespace anysnmp::fuzz
