// Whole v1/v2c messages of any PDU type, for agents and notification
// receivers (the client path uses Codec).
#pragma once

#include <optional>

#include "pdu/pyvalues.hpp"

namespace anysnmp::pdu {

namespace nb = nanobind;

// (version, community, pdu_type, fields, varbinds) where fields is
// (request_id, error_status, error_index), or for an SNMPv1 Trap-PDU
// (enterprise, agent_addr, generic_trap, specific_trap, time_stamp).
nb::tuple decode_message(nb::bytes data, bool typed);

// A whole PDU element (an SNMPv3 scopedPDU's, not a Trap-PDU):
// (pdu_type, (request_id, error_status, error_index), typed varbinds, raw_varbinds).
nb::tuple decode_pdu(nb::bytes pdu);

// The content of a varbind list (OID strings or (oid, tag, value) triples).
nb::bytes encode_varbinds(nb::handle varbinds);

nb::bytes encode_message(int64_t version, nb::bytes community, uint8_t pdu_type, int64_t request_id,
                         int64_t error_status, int64_t error_index, nb::handle varbinds);

nb::bytes encode_trap_v1(nb::bytes community, std::string_view enterprise, std::string_view agent_addr,
                         int64_t generic_trap, int64_t specific_trap, uint32_t time_stamp,
                         nb::handle varbinds);

std::optional<int64_t> peek_message_id(nb::bytes data);

}  // namespace anysnmp::pdu
