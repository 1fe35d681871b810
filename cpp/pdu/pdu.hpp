// SNMP PDUs (RFC 3416, RFC 1157 Trap-PDU) and v1/v2c community messages.
#pragma once

#include <string_view>

#include "ber/integer.hpp"
#include "ber/oid.hpp"

namespace anysnmp::pdu {

using ber::Reader;
using ber::Tlv;
using ber::Writer;

namespace type = registry::pdu_type;

bool is_pdu_type(uint8_t t);

constexpr size_t kMaxVarbinds = 65535;

// The common PDU form: request-id, error-status (non-repeaters),
// error-index (max-repetitions) and the varbind list, still encoded.
struct Pdu {
    uint8_t type;
    int64_t request_id;
    int64_t error_status;
    int64_t error_index;
    Reader varbinds;
};

Pdu parse_pdu(const Tlv& tlv);

// One varbind of a list: its name and its still-encoded value.
struct Varbind {
    ber::Oid oid;
    Tlv value;
};
Varbind next_varbind(Reader& varbinds);
// Like next_varbind, into an existing Varbind (no 530-octet return copy).
void next_varbind(Reader& varbinds, Varbind& out);
// The same framing, with the name's content left undecoded (the caller
// compares its octets).
void next_varbind_raw(Reader& varbinds, Tlv& name, Tlv& value);

// The RFC 1157 Trap-PDU fields, with the varbind list still encoded.
struct TrapV1Pdu {
    ber::Oid enterprise;
    uint8_t agent_addr[4];
    int64_t generic_trap;
    int64_t specific_trap;
    uint64_t time_stamp;
    Reader varbinds;
};
TrapV1Pdu parse_trap_v1(const Tlv& tlv);

// A v1/v2c message: version, community and the PDU element.
struct CommunityMessage {
    int64_t version;
    std::string_view community;
    Tlv pdu;
};
CommunityMessage parse_community_message(const uint8_t* data, size_t size);

// The request-id of a v1/v2c message or the msgID of a v3 message, without
// decoding the rest; false when the octets do not look like SNMP.
bool peek_request_id(const uint8_t* data, size_t size, int64_t& id);

// Writes the PDU header around varbinds already written since `mark`.
void wrap_pdu(Writer& w, size_t mark, uint8_t pdu_type, int64_t request_id, int64_t error_status,
              int64_t error_index);

// Writes version and community around a PDU written since `mark`.
void wrap_community_message(Writer& w, size_t mark, int64_t version, std::string_view community);

void put_null_varbind(Writer& w, const ber::Oid& oid);

}  // namespace anysnmp::pdu
