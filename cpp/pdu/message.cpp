#include "pdu/message.hpp"

namespace anysnmp::pdu {

namespace tag = ber::tag;

static const uint8_t* octets(const nb::bytes& b) { return reinterpret_cast<const uint8_t*>(b.c_str()); }

static nb::bytes to_bytes(std::string_view s) { return nb::bytes(s.data(), s.size()); }

nb::tuple decode_message(nb::bytes data, bool typed) {
    CommunityMessage m = parse_community_message(octets(data), data.size());
    nb::object community = to_bytes(m.community);
    if (m.pdu.tag == type::TrapV1) {
        TrapV1Pdu t = parse_trap_v1(m.pdu);
        ber::Tlv addr{tag::IpAddress, t.agent_addr, 4};
        nb::object fields = nb::make_tuple(py::oid_str(t.enterprise), py::value(addr), t.generic_trap,
                                           t.specific_trap, t.time_stamp);
        return nb::make_tuple(m.version, community, int(m.pdu.tag), fields,
                              py::varbind_list(t.varbinds, typed));
    }
    Pdu p = parse_pdu(m.pdu);
    return nb::make_tuple(m.version, community, int(p.type),
                          nb::make_tuple(p.request_id, p.error_status, p.error_index),
                          py::varbind_list(p.varbinds, typed));
}

nb::tuple decode_pdu(nb::bytes pdu) {
    Reader r(octets(pdu), pdu.size());
    Pdu p = parse_pdu(r.next());
    r.expect_end("the PDU");
    nb::bytes raw(reinterpret_cast<const char*>(p.varbinds.position()), p.varbinds.remaining());
    return nb::make_tuple(int(p.type), nb::make_tuple(p.request_id, p.error_status, p.error_index),
                          py::varbind_list(p.varbinds, true), raw);
}

static std::string_view view(const nb::bytes& b) { return {b.c_str(), b.size()}; }

nb::bytes encode_varbinds(nb::handle varbinds) {
    ber::Writer w;
    py::put_varbinds(w, varbinds);
    return nb::bytes(reinterpret_cast<const char*>(w.data()), w.size());
}

nb::bytes encode_message(int64_t version, nb::bytes community, uint8_t pdu_type, int64_t request_id,
                         int64_t error_status, int64_t error_index, nb::handle varbinds) {
    if (!is_pdu_type(pdu_type) || pdu_type == type::TrapV1)
        throw ber::EncodeError("encode_message needs a non-Trap-v1 PDU type");
    ber::Writer w;
    py::put_varbinds(w, varbinds);
    wrap_pdu(w, 0, pdu_type, request_id, error_status, error_index);
    wrap_community_message(w, 0, version, view(community));
    return nb::bytes(reinterpret_cast<const char*>(w.data()), w.size());
}

nb::bytes encode_trap_v1(nb::bytes community, std::string_view enterprise, std::string_view agent_addr,
                         int64_t generic_trap, int64_t specific_trap, uint32_t time_stamp,
                         nb::handle varbinds) {
    ber::Writer w;
    py::put_varbinds(w, varbinds);
    w.wrap(tag::Sequence, 0);
    ber::put_unsigned(w, tag::TimeTicks, time_stamp);
    ber::put_integer(w, tag::Integer, specific_trap);
    ber::put_integer(w, tag::Integer, generic_trap);
    py::put_value(w, tag::IpAddress, nb::str(agent_addr.data(), agent_addr.size()));
    ber::Oid::parse(enterprise).put(w);
    w.wrap(type::TrapV1, 0);
    wrap_community_message(w, 0, 0, view(community));
    return nb::bytes(reinterpret_cast<const char*>(w.data()), w.size());
}

std::optional<int64_t> peek_message_id(nb::bytes data) {
    int64_t id = 0;
    if (!pdu::peek_request_id(octets(data), data.size(), id)) return std::nullopt;
    return id;
}

}  // namespace anysnmp::pdu
