// SNMPv3 message framing with USM security parameters (RFC 3412 6,
// RFC 3414 2.4), shared by the requester (UsmCodec) and the authoritative
// side (UsmEngine): parsing, and wrapping a PDU into a whole message that is
// encrypted and signed at the wanted security level.
#pragma once

#include <string_view>
#include <vector>

#include "pdu/pdu.hpp"
#include "usm/user.hpp"

namespace anysnmp::usm {

constexpr int64_t kSecurityModelUsm = 3;
constexpr int64_t kMaxInt32 = 2147483647;
constexpr int64_t kTimeWindow = 150;  // seconds (RFC 3414 2.2.3)
constexpr uint8_t kAuthFlag = 1, kPrivFlag = 2, kReportableFlag = 4;

// The fields of an SNMPv3 message with USM security parameters.
struct V3Message {
    int64_t msg_id = 0, max_size = 0;
    uint8_t flags = 0;
    int64_t model = 0;
    std::string_view engine_id, user;
    int64_t boots = 0, time = 0;
    ber::Tlv auth_params{}, priv_params{};
    ber::Tlv data{};  // scopedPDU (SEQUENCE) or encryptedPDU (OCTET STRING)
};

// Returns false for a message that is not SNMPv3; throws on malformed ones.
// The USM fields are filled only when the security model is USM.
bool parse_v3(const uint8_t* data, size_t size, V3Message& m);

struct ScopedPdu {
    std::string_view context_engine_id, context_name;
    ber::Tlv pdu;
};
// Throws on a malformed scopedPDU or a PDU type v3 does not carry.
ScopedPdu parse_scoped(const ber::Tlv& tlv);

// Confirmed-class PDUs (RFC 3411 2.8): the ones a Report may answer.
bool confirmed(uint8_t pdu_type);

std::string_view text(const ber::Tlv& t);

// What goes around an outgoing PDU.
struct Outgoing {
    int64_t msg_id = 0, max_size = 0;
    uint8_t level = 0;  // kAuthFlag | kPrivFlag bits
    bool reportable = false;
    std::string_view engine_id, user, context_engine_id, context_name;
    int64_t boots = 0, time = 0;
};

// Wraps the PDU written since `mark` into a whole message: the scopedPDU is
// encrypted with keys.priv and the message signed with keys.auth as the
// level asks (the MAC placeholder's offset is recorded while encoding).
// `scratch` is a reusable ciphertext buffer.
void wrap_v3(ber::Writer& w, size_t mark, const Outgoing& out, const Keys& keys, std::vector<uint8_t>& scratch);

}  // namespace anysnmp::usm
