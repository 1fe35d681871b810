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

}  // namespace anysnmp::fuzz
