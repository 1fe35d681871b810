// Binding glue for the agent-side helpers.
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>

#include "agent/keys.hpp"
#include "bind/bind.hpp"

namespace anysnmp {

namespace nb = nanobind;
using namespace nb::literals;

void bind_agent(nb::module_& m) {
    m.def("oid_key", &agent::oid_key, "oid"_a,
          "The order-preserving key of a dotted OID: 4 big-endian octets per arc.");
    m.def("key_oid", &agent::key_oid, "key"_a, "The dotted OID of a key.");
    m.def("encode_varbind", &agent::encode_varbind, "key"_a, "tag"_a, "value"_a.none(),
          "One encoded varbind (SEQUENCE of name and value).");
    m.def("decode_varbind", &agent::decode_varbind, "varbind"_a,
          "The (tag, value) of one encoded varbind (value None for exception values).");
    m.def("decode_request", &agent::decode_request, "data"_a,
          "Decodes a v1/v2c request: (version, community, pdu_type, request_id, field2, field3, "
          "[(key, tag, value)], raw_varbinds).");
    m.def("decode_pdu_request", &agent::decode_pdu_request, "pdu"_a,
          nb::sig("def decode_pdu_request(pdu: bytes) -> "
                  "tuple[int, int, int, int, list[tuple[bytes, int, object]], bytes]"),
          "Decodes a PDU element as decode_request does: (pdu_type, request_id, field2, field3, "
          "[(key, tag, value)], raw_varbinds).");
    m.def("encode_response", &agent::encode_response, "version"_a, "community"_a, "pdu_type"_a,
          "request_id"_a, "error_status"_a, "error_index"_a, "varbinds"_a,
          "Encodes a v1/v2c message around an encoded varbind list content.");
    m.def("message_version", &agent::message_version, "data"_a,
          "The version field of a message, or None if it is not SNMP.");
}

}  // namespace anysnmp
