// Conversion between encoded SNMP values and plain Python objects.
#pragma once

#include <nanobind/nanobind.h>

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
    nb::object decode_error, encode_error, oid_not_increasing_error;
    nb::object no_such_object, no_such_instance, end_of_mib_view;
};
Registry& registry();

nb::object oid_str(const ber::Oid& oid);
// Plain value as gufo_snmp returns it (int, bytes, str, None or a sentinel).
nb::object value(const ber::Tlv& tlv);
// (oid, value), or (oid, tag, value) when typed (exception values are None).
nb::object varbind(const pdu::Varbind& vb, bool typed);
nb::list varbind_list(ber::Reader varbinds, bool typed);

// Writes one value of SMI type `tag` from a Python object (range-checked).
void put_value(ber::Writer& w, uint8_t tag, nb::handle value);
// Writes a varbind list; items are OID strings (NULL values) or
// (oid, tag, value) triples. The list header is left to the caller.
void put_varbinds(ber::Writer& w, nb::handle items);

}  // namespace anysnmp::py
