#include "agent/keys.hpp"

#include "pdu/pyvalues.hpp"

namespace anysnmp::agent {

namespace tag = ber::tag;
using ber::DecodeError;

static const uint8_t* octets(const nb::bytes& b) { return reinterpret_cast<const uint8_t*>(b.c_str()); }

static nb::bytes to_bytes(const void* data, size_t size) {
    return nb::bytes(static_cast<const char*>(data), size);
}

static nb::bytes pack(const ber::Oid& oid) {
    uint8_t buf[ber::kMaxArcs * 4];
    for (size_t i = 0; i < oid.size(); ++i) {
        uint32_t a = oid[i];
        buf[4 * i] = static_cast<uint8_t>(a >> 24);
        buf[4 * i + 1] = static_cast<uint8_t>(a >> 16);
        buf[4 * i + 2] = static_cast<uint8_t>(a >> 8);
        buf[4 * i + 3] = static_cast<uint8_t>(a);
    }
    return to_bytes(buf, oid.size() * 4);
}

static ber::Oid unpack(const nb::bytes& key) {
    if (key.size() % 4 != 0 || key.size() < 8 || key.size() > ber::kMaxArcs * 4)
        throw ber::EncodeError("not an OID key");
    const uint8_t* p = octets(key);
    ber::Oid oid;
    for (size_t i = 0; i < key.size(); i += 4)
        oid.push_back(uint32_t{p[i]} << 24 | uint32_t{p[i + 1]} << 16 | uint32_t{p[i + 2]} << 8 | p[i + 3]);
    return oid;
}

nb::bytes oid_key(std::string_view oid) { return pack(ber::Oid::parse(oid)); }

std::string key_oid(nb::bytes key) { return unpack(key).str(); }

static ber::Writer& scratch() {
    static ber::Writer* w = new ber::Writer(4096);  // GIL-protected; never destroyed
    w->clear();
    return *w;
}

nb::bytes encode_varbind(nb::bytes key, uint8_t t, nb::handle value) {
    ber::Writer& w = scratch();
    py::put_value(w, t, value);
    unpack(key).put(w);
    w.wrap(tag::Sequence, 0);
    return to_bytes(w.data(), w.size());
}

// A value as an agent reads it: integers whole (a SET of one past its type's range is
// wrongValue, where py::value folds it into 32 bits as Net-SNMP's tools print it).
static nb::object plain_value(const ber::Tlv& tlv) {
    switch (tlv.tag) {
        case tag::Integer:
            return nb::steal(PyLong_FromLongLong(ber::decode_integer(tlv)));
        case tag::Counter32:
        case tag::Gauge32:
        case tag::TimeTicks:
            return nb::steal(PyLong_FromUnsignedLongLong(ber::decode_unsigned(tlv, 64)));
        default: {
            nb::object value = py::value(tlv);
            return tlv.tag >= tag::NoSuchObject ? nb::none() : value;
        }
    }
}

nb::tuple decode_varbind(nb::bytes varbind) {
    ber::Reader r(octets(varbind), varbind.size());
    pdu::Varbind vb = pdu::next_varbind(r);
    r.expect_end("the varbind");
    return nb::make_tuple(int(vb.value.tag), plain_value(vb.value));
}

namespace {

struct RequestFields {
    int type;
    int64_t request_id, field2, field3;
    nb::list varbinds;
    nb::bytes raw;
};

// A request's varbind name as a key. An empty name (06 00, which BER does not allow; the
// varbind reader's OID 0) is 0.0, as Net-SNMP's snmpd answers it: a key has two arcs or more.
nb::bytes name_key(const ber::Oid& oid) {
    static constexpr char kZeroZero[8] = {};
    return oid.size() >= 2 ? pack(oid) : to_bytes(kZeroZero, sizeof kZeroZero);
}

RequestFields request_fields(const ber::Tlv& tlv) {
    pdu::Pdu p = pdu::parse_pdu(tlv);
    RequestFields f{int(p.type), p.request_id, p.error_status, p.error_index, nb::list(),
                    to_bytes(p.varbinds.position(), p.varbinds.remaining())};
    size_t n = 0;
    while (!p.varbinds.empty()) {
        if (++n > pdu::kMaxVarbinds) throw DecodeError("too many varbinds");
        pdu::Varbind vb = pdu::next_varbind(p.varbinds);
        f.varbinds.append(nb::make_tuple(name_key(vb.oid), int(vb.value.tag), plain_value(vb.value)));
    }
    return f;
}

}  // namespace

nb::tuple decode_request(nb::bytes data) {
    pdu::CommunityMessage m = pdu::parse_community_message(octets(data), data.size());
    if (m.pdu.tag == pdu::type::TrapV1) throw DecodeError("a Trap-PDU is not a request");
    RequestFields f = request_fields(m.pdu);
    return nb::make_tuple(m.version, to_bytes(m.community.data(), m.community.size()), f.type, f.request_id,
                          f.field2, f.field3, f.varbinds, f.raw);
}

nb::tuple decode_pdu_request(nb::bytes pdu) {
    ber::Reader r(octets(pdu), pdu.size());
    ber::Tlv tlv = r.next();
    r.expect_end("the PDU");
    RequestFields f = request_fields(tlv);
    return nb::make_tuple(f.type, f.request_id, f.field2, f.field3, f.varbinds, f.raw);
}

nb::bytes encode_response(int64_t version, nb::bytes community, uint8_t pdu_type, int64_t request_id,
                          int64_t error_status, int64_t error_index, nb::bytes varbinds) {
    if (!pdu::is_pdu_type(pdu_type) || pdu_type == pdu::type::TrapV1)
        throw ber::EncodeError("encode_response needs a non-Trap-v1 PDU type");
    ber::Writer& w = scratch();
    w.put_bytes(varbinds.c_str(), varbinds.size());
    pdu::wrap_pdu(w, 0, pdu_type, request_id, error_status, error_index);
    pdu::wrap_community_message(w, 0, version, {community.c_str(), community.size()});
    return to_bytes(w.data(), w.size());
}

std::optional<int64_t> message_version(nb::bytes data) {
    try {
        ber::Reader outer(octets(data), data.size());
        ber::Reader msg(outer.expect(tag::Sequence, "message"));
        return ber::decode_integer(msg.expect(tag::Integer, "version"));
    } catch (const DecodeError&) {
        return std::nullopt;
    }
}

}  // namespace anysnmp::agent
