// Conversion between encoded SNMP values and plain Python objects.
#pragma once

#include <nanobind/nanobind.h>

#include <vector>

#include "pdu/pdu.hpp"

namespace anysnmp::py {

namespace nb = nanobind;

// Raised for a walk response that breaks OID order; the Python side maps it.
struct OidNotIncreasing : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Python objects the package registers at import: error classes and the
// sentinels returned for noSuchObject, noSuchInstance and endOfMibView.
struct Registry {
    nb::object decode_error, encode_error, oid_not_increasing_error, usage_error;
    nb::object no_such_object, no_such_instance, end_of_mib_view;
};
Registry& registry();

nb::object oid_str(const ber::Oid& oid);

// Builds the OID strs of a varbind list. Consecutive OIDs share long
// prefixes, so the text of the shared arcs is copied from the previous str
// and only the arcs after them are formatted.
class OidText {
  public:
    // The str of `oid`, whose first `shared` arcs are those of the OID of
    // the previous call (pass 0 on the first call).
    nb::object make(const ber::Oid& oid, size_t shared);

  private:
    nb::object prev_;
    size_t prev_n_ = 0;
    size_t ends_[ber::kMaxArcs + 1];  // ends_[i]: length of the previous text's first i arcs
};
// Collects new references, then moves them into a list of exact size
// (cheaper than growing a list with PyList_Append).
class ListBuilder {
  public:
    ListBuilder() = default;
    ListBuilder(const ListBuilder&) = delete;
    ListBuilder& operator=(const ListBuilder&) = delete;
    ~ListBuilder() { clear(); }
    void push(nb::object item) {
        if (n_ < kInline)
            inline_[n_] = item.ptr();
        else
            more_.push_back(item.ptr());
        ++n_;
        item.release();
    }
    nb::list finish() {
        PyObject* list = PyList_New(static_cast<Py_ssize_t>(n_));
        if (!list) throw nb::python_error();
        for (size_t i = 0; i < n_; ++i)
            PyList_SET_ITEM(list, static_cast<Py_ssize_t>(i), i < kInline ? inline_[i] : more_[i - kInline]);
        n_ = 0;
        more_.clear();
        return nb::steal<nb::list>(list);
    }

  private:
    void clear() {
        for (size_t i = 0; i < n_; ++i) Py_DECREF(i < kInline ? inline_[i] : more_[i - kInline]);
        n_ = 0;
        more_.clear();
    }
    static constexpr size_t kInline = 64;
    PyObject* inline_[kInline];
    std::vector<PyObject*> more_;
    size_t n_ = 0;
};

// Plain value as gufo_snmp returns it (int, bytes, str, None or a sentinel).
nb::object value(const ber::Tlv& tlv);
// (oid, value), or (oid, tag, value) when typed (exception values are None).
nb::object varbind(const pdu::Varbind& vb, bool typed);
// The same, with its OID str built by `text` (see OidText::make).
nb::object varbind(const pdu::Varbind& vb, bool typed, OidText& text, size_t shared);
nb::list varbind_list(ber::Reader varbinds, bool typed);

// Writes one value of SMI type `tag` from a Python object (range-checked).
void put_value(ber::Writer& w, uint8_t tag, nb::handle value);
// Writes a varbind list; items are OID strings (NULL values) or
// (oid, tag, value) triples. The list header is left to the caller.
void put_varbinds(ber::Writer& w, nb::handle items);

}  // namespace anysnmp::py
