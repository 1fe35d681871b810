#include "pdu/pdu.hpp"

namespace anysnmp::pdu {

using ber::DecodeError;
namespace tag = ber::tag;

bool is_pdu_type(uint8_t t) { return t >= type::Get && t <= type::Report; }

Pdu parse_pdu(const Tlv& tlv) {
    if (!is_pdu_type(tlv.tag) || tlv.tag == type::TrapV1)
        throw DecodeError("unexpected PDU tag " + ber::hex_tag(tlv.tag));
    Reader r(tlv);
    Pdu pdu{tlv.tag, 0, 0, 0, Reader(nullptr, 0)};
    pdu.request_id = ber::decode_integer(r.expect(tag::Integer, "request-id"));
    pdu.error_status = ber::decode_integer(r.expect(tag::Integer, "error-status"));
    pdu.error_index = ber::decode_integer(r.expect(tag::Integer, "error-index"));
    pdu.varbinds = Reader(r.expect(tag::Sequence, "varbind list"));
    r.expect_end("the varbind list");
    return pdu;
}

Varbind next_varbind(Reader& varbinds) {
    Varbind out;
    next_varbind(varbinds, out);
    return out;
}

void next_varbind(Reader& varbinds, Varbind& out) {
    Tlv name;
    next_varbind_raw(varbinds, name, out.value);
    if (name.size == 0) {  // an empty name is the OID 0, as Net-SNMP reads it (and values)
        out.oid = ber::Oid();
        out.oid.push_back(0);
        return;
    }
    ber::Oid::decode(name, out.oid);
}

void next_varbind_raw(Reader& varbinds, Tlv& name, Tlv& value) {
    // Fast path: SEQUENCE { OID, value } with short-form lengths that frame
    // exactly (what agents send). Anything else takes the general path
    // below, which reports errors in the usual order.
    const uint8_t* p = varbinds.position();
    size_t rem = varbinds.remaining();
    if (rem >= 2 && p[0] == tag::Sequence && p[1] < 0x80 && size_t{p[1]} + 2 <= rem) {
        size_t len = p[1];
        const uint8_t* q = p + 2;
        const uint8_t* end = q + len;
        if (len >= 2 && q[0] == tag::ObjectId && q[1] < 0x80 && size_t{q[1]} + 2 <= len) {
            name = Tlv{tag::ObjectId, q + 2, q[1]};
            q += 2 + q[1];
            if (end - q >= 2 && (q[0] & 0x1f) != 0x1f && q[1] < 0x80 && q + 2 + q[1] == end) {
                value = Tlv{q[0], q + 2, q[1]};
                varbinds.skip(len + 2);
                return;
            }
        }
    }
    Reader vb(varbinds.expect(tag::Sequence, "varbind"));
    name = vb.expect(tag::ObjectId, "varbind name");
    value = vb.next();
    vb.expect_end("a varbind");
}

TrapV1Pdu parse_trap_v1(const Tlv& tlv) {
    if (tlv.tag != type::TrapV1) throw DecodeError("expected a Trap-PDU");
    Reader r(tlv);
    TrapV1Pdu trap{ber::Oid::decode(r.expect(tag::ObjectId, "enterprise")), {}, 0, 0, 0,
                   Reader(nullptr, 0)};
    Tlv addr = r.expect(tag::IpAddress, "agent-addr");
    if (addr.size != 4) throw DecodeError("agent-addr must be 4 octets");
    std::memcpy(trap.agent_addr, addr.data, 4);
    // Read as Net-SNMP reads them: a value past 32 bits keeps its low 32 (asn_parse_int).
    trap.generic_trap = ber::decode_integer32(r.expect(tag::Integer, "generic-trap"));
    trap.specific_trap = ber::decode_integer32(r.expect(tag::Integer, "specific-trap"));
    trap.time_stamp = ber::decode_unsigned(r.expect(tag::TimeTicks, "time-stamp"), 32);
    trap.varbinds = Reader(r.expect(tag::Sequence, "varbind list"));
    r.expect_end("the varbind list");
    return trap;
}

CommunityMessage parse_community_message(const uint8_t* data, size_t size) {
    Reader outer(data, size);
    Reader msg(outer.expect(tag::Sequence, "message SEQUENCE"));
    outer.expect_end("the message");
    CommunityMessage m{};
    m.version = ber::decode_integer(msg.expect(tag::Integer, "version"));
    if (m.version != 0 && m.version != 1)
        throw DecodeError("not a v1/v2c message (version " + std::to_string(m.version) + ")");
    Tlv community = msg.expect(tag::OctetString, "community");
    m.community = std::string_view(reinterpret_cast<const char*>(community.data), community.size);
    m.pdu = msg.next();
    msg.expect_end("the PDU");
    if (!is_pdu_type(m.pdu.tag)) throw DecodeError("unexpected PDU tag " + ber::hex_tag(m.pdu.tag));
    return m;
}

bool peek_request_id(const uint8_t* data, size_t size, int64_t& id) {
    try {
        Reader outer(data, size);
        Reader msg(outer.expect(tag::Sequence, "message"));
        int64_t version = ber::decode_integer(msg.expect(tag::Integer, "version"));
        if (version == 3) {
            Reader header(msg.expect(tag::Sequence, "msgGlobalData"));
            id = ber::decode_integer(header.expect(tag::Integer, "msgID"));
            return true;
        }
        msg.expect(tag::OctetString, "community");
        Tlv pdu = msg.next();
        if (!is_pdu_type(pdu.tag) || pdu.tag == type::TrapV1) return false;
        Reader body(pdu);
        id = ber::decode_integer(body.expect(tag::Integer, "request-id"));
        return true;
    } catch (const DecodeError&) {
        return false;
    }
}

void wrap_pdu(Writer& w, size_t mark, uint8_t pdu_type, int64_t request_id, int64_t error_status,
              int64_t error_index) {
    w.wrap(tag::Sequence, mark);
    ber::put_integer(w, tag::Integer, error_index);
    ber::put_integer(w, tag::Integer, error_status);
    ber::put_integer(w, tag::Integer, request_id);
    w.wrap(pdu_type, mark);
}

void wrap_community_message(Writer& w, size_t mark, int64_t version, std::string_view community) {
    w.put_bytes(community.data(), community.size());
    w.put_header(tag::OctetString, community.size());
    ber::put_integer(w, tag::Integer, version);
    w.wrap(tag::Sequence, mark);
}

void put_null_varbind(Writer& w, const ber::Oid& oid) {
    size_t mark = w.size();
    w.put_header(tag::Null, 0);
    oid.put(w);
    w.wrap(tag::Sequence, mark);
}

}  // namespace anysnmp::pdu
