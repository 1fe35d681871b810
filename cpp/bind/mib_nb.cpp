// Binding glue for the MIB helpers: the INDEX decoding of instance names.
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/unordered_map.h>
#include <nanobind/stl/vector.h>

#include "bind/bind.hpp"
#include "mib/instance.hpp"

namespace anysnmp {

namespace nb = nanobind;
using namespace nb::literals;

namespace {

// An INDEX object's part as Python gives it: (kind, implied, size, escape, address, labels).
using PartSpec = std::tuple<int, bool, int64_t, bool, bool, std::unordered_map<int64_t, std::string>>;

mib::InstanceDecoder make_decoder(const std::vector<PartSpec>& specs, bool column, bool dotted) {
    std::vector<mib::IndexPart> parts;
    parts.reserve(specs.size());
    for (const auto& [kind, implied, size, escape, address, labels] : specs) {
        if (kind < 0 || kind > 2) throw nb::value_error("an index part's kind is 0, 1 or 2");
        parts.push_back({static_cast<mib::IndexPart::Kind>(kind), implied, size, escape, address,
                         labels});
    }
    return mib::InstanceDecoder(std::move(parts), column, dotted);
}

std::string_view view(const nb::bytes& data) { return {data.c_str(), data.size()}; }

// The value of `nodes` (dotted OID text -> node) at the longest prefix of `oid` that ends
// at an arc and is a key; None: no prefix is. The keys are prefix-closed (a node's parent
// is kept too), so past the OID itself and its parent (a node, an instance of one arc), the
// prefixes are searched by halves.
nb::object deepest_known(nb::dict nodes, nb::str oid) {
    Py_ssize_t size = 0;
    const char* text = PyUnicode_AsUTF8AndSize(oid.ptr(), &size);
    if (text == nullptr) throw nb::python_error();
    std::vector<Py_ssize_t> ends;  // where each prefix ends: each dot, then the end
    ends.reserve(static_cast<size_t>(size / 2 + 1));
    for (Py_ssize_t i = 0; i < size; ++i) {
        if (text[i] == '.') ends.push_back(i);
    }
    ends.push_back(size);
    auto lookup = [&](size_t arcs) -> PyObject* {  // borrowed, or null
        nb::object key = arcs == ends.size() ? nb::borrow(oid) : nb::str(text, ends[arcs - 1]);
        PyObject* node = PyDict_GetItemWithError(nodes.ptr(), key.ptr());
        if (node == nullptr && PyErr_Occurred()) throw nb::python_error();
        return node;
    };
    size_t count = ends.size();
    PyObject* node = lookup(count);
    if (node == nullptr && count > 1) node = lookup(--count);
    if (node == nullptr) {  // the deepest key has fewer than `count` arcs: by halves
        size_t low = 0, high = count;  // a key has `low` arcs (0: none known); none `high`
        while (high - low > 1) {
            size_t middle = low + (high - low) / 2;
            PyObject* found = lookup(middle);
            if (found != nullptr) {
                low = middle;
                node = found;
            } else {
                high = middle;
            }
        }
    }
    return node == nullptr ? nb::none() : nb::borrow(node);
}

}  // namespace

void bind_mib(nb::module_& m) {
    nb::class_<mib::InstanceDecoder>(
        m, "InstanceDecoder",
        "The instance text of dotted arcs below a node of a row INDEX: each value as Net-SNMP "
        "prints it, the arcs past them as they are.")
        .def("__init__",
             [](mib::InstanceDecoder* self, const std::vector<PartSpec>& parts, bool column,
                bool dotted) { new (self) mib::InstanceDecoder(make_decoder(parts, column, dotted)); },
             "parts"_a, "column"_a, "dotted"_a,
             "parts: per INDEX object (kind 0 integer / 1 string / 2 arcs, implied, size or -1, "
             "escape, address, labels by number); column: the first arc prints as it is; "
             "dotted: the text starts with a dot.")
        .def("decode", &mib::InstanceDecoder::decode, "text"_a,
             "The instance text of dotted arcs (ValueError: an arc read as a number is not one).");
    m.def("deepest_known", &deepest_known, "nodes"_a, "oid"_a,
          nb::sig("def deepest_known(nodes: dict[str, typing.Any], oid: str) -> typing.Any"),
          "The value of `nodes` (dotted OID -> node, prefix-closed) at the longest prefix of a "
          "dotted OID that is a key, or None.");
    m.def("index_string",
          [](nb::bytes data, std::string_view quote) { return mib::quoted_octets(view(data), quote); },
          "data"_a, "quote"_a,
          "An index string between quotes (an unprintable octet as '.'); '' for no octets.");
    m.def("inet_address",
          [](uint64_t kind, nb::bytes data) { return mib::inet_address(kind, view(data)); },
          "kind"_a, "data"_a,
          "An InetAddress index value after its InetAddressType, quoted; None: not of that type.");
}

}  // namespace anysnmp
