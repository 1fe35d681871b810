// Agent-side helpers: order-preserving OID keys, pre-encoded varbinds and
// whole requests and responses in one call each, so that a view can answer
// with concatenations of varbinds it encoded once.
#pragma once

#include <optional>

#include <nanobind/nanobind.h>

#include <string_view>

#include "ber/oid.hpp"

namespace anysnmp::agent {

namespace nb = nanobind;

// An OID key: each arc as 4 big-endian octets, so that comparing keys as
// octet strings orders them as SNMP orders the MIB (and a key prefix is an
// OID prefix).
nb::bytes oid_key(std::string_view oid);
std::string key_oid(nb::bytes key);

// One whole varbind (SEQUENCE of name and value) of SMI type `tag`.
nb::bytes encode_varbind(nb::bytes key, uint8_t tag, nb::handle value);

// The (tag, value) of one encoded varbind, as decode_request gives them.
nb::tuple decode_varbind(nb::bytes varbind);

// A v1/v2c request: (version, community, pdu_type, request_id, field2,
// field3, varbinds, raw_varbinds) where varbinds are (key, tag, value)
// triples (value None for NULL and exception values) and raw_varbinds is
// the encoded varbind list content, to echo in error responses.
nb::tuple decode_request(nb::bytes data);

// The same fields of a whole PDU element (an SNMPv3 scopedPDU's):
// (pdu_type, request_id, field2, field3, varbinds, raw_varbinds).
nb::tuple decode_pdu_request(nb::bytes pdu);

// A v1/v2c Response (or any non-Trap-v1 PDU) around an already encoded
// varbind list content.
nb::bytes encode_response(int64_t version, nb::bytes community, uint8_t pdu_type, int64_t request_id,
                          int64_t error_status, int64_t error_index, nb::bytes varbinds);

// The version field of a message, or None when the octets are not SNMP.
std::optional<int64_t> message_version(nb::bytes data);

}  // namespace anysnmp::agent
