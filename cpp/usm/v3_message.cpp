#include "usm/v3_message.hpp"

namespace anysnmp::usm {

using ber::DecodeError;
using pdu::Reader;
using pdu::Tlv;
using pdu::Writer;
namespace tag = ber::tag;
namespace type = pdu::type;

std::string_view text(const Tlv& t) { return {reinterpret_cast<const char*>(t.data), t.size}; }

static int64_t int31(Reader& r, const char* what) {
    int64_t v = ber::decode_integer(r.expect(tag::Integer, what));
    if (v < 0 || v > kMaxInt32) throw DecodeError(std::string(what) + " out of range");
    return v;
}

bool parse_v3(const uint8_t* data, size_t size, V3Message& m) {
    Reader outer(data, size);
    Reader msg(outer.expect(tag::Sequence, "message SEQUENCE"));
    outer.expect_end("the message");
    if (ber::decode_integer(msg.expect(tag::Integer, "msgVersion")) != 3) return false;
    Reader global(msg.expect(tag::Sequence, "msgGlobalData"));
    m.msg_id = int31(global, "msgID");
    m.max_size = int31(global, "msgMaxSize");
    if (m.max_size < 484) throw DecodeError("msgMaxSize below 484");
    Tlv flags = global.expect(tag::OctetString, "msgFlags");
    if (flags.size != 1) throw DecodeError("msgFlags must be one octet");
    m.flags = flags.data[0];
    if ((m.flags & (kAuthFlag | kPrivFlag)) == kPrivFlag) throw DecodeError("msgFlags: privacy without authentication");
    m.model = int31(global, "msgSecurityModel");
    global.expect_end("msgGlobalData");
    Tlv params = msg.expect(tag::OctetString, "msgSecurityParameters");
    m.data = msg.next();
    msg.expect_end("msgData");
    if (m.model != kSecurityModelUsm) return true;
    Reader outer_usm(params);
    Reader usm(outer_usm.expect(tag::Sequence, "UsmSecurityParameters"));
    outer_usm.expect_end("UsmSecurityParameters");
    m.engine_id = text(usm.expect(tag::OctetString, "msgAuthoritativeEngineID"));
    m.boots = int31(usm, "msgAuthoritativeEngineBoots");
    m.time = int31(usm, "msgAuthoritativeEngineTime");
    m.user = text(usm.expect(tag::OctetString, "msgUserName"));
    m.auth_params = usm.expect(tag::OctetString, "msgAuthenticationParameters");
    m.priv_params = usm.expect(tag::OctetString, "msgPrivacyParameters");
    usm.expect_end("UsmSecurityParameters");
    if (m.engine_id.size() > 32 || m.user.size() > 32) throw DecodeError("engine id or user name over 32 octets");
    return true;
}

ScopedPdu parse_scoped(const Tlv& tlv) {
    Reader s(tlv);
    ScopedPdu out{text(s.expect(tag::OctetString, "contextEngineID")),
                  text(s.expect(tag::OctetString, "contextName")), s.next()};
    s.expect_end("the scopedPDU");
    if (!pdu::is_pdu_type(out.pdu.tag) || out.pdu.tag == type::TrapV1)
        throw DecodeError("unexpected PDU tag " + ber::hex_tag(out.pdu.tag));
    return out;
}

bool confirmed(uint8_t pdu_type) {
    return pdu_type == type::Get || pdu_type == type::GetNext || pdu_type == type::GetBulk ||
           pdu_type == type::Set || pdu_type == type::Inform;
}

static void put_octets(Writer& w, const void* p, size_t n) {
    w.put_bytes(p, n);
    w.put_header(tag::OctetString, n);
}

static void put_octets(Writer& w, std::string_view s) { put_octets(w, s.data(), s.size()); }

void wrap_v3(Writer& w, size_t mark, const Outgoing& out, const Keys& keys, std::vector<uint8_t>& scratch) {
    // scopedPDU, then encrypted in place of itself.
    put_octets(w, out.context_name);
    put_octets(w, out.context_engine_id);
    w.wrap(tag::Sequence, mark);
    uint8_t salt[8];
    if (out.level & kPrivFlag) {
        keys.priv->encrypt(static_cast<uint32_t>(out.boots), static_cast<uint32_t>(out.time), w.data(),
                           w.size() - mark, scratch, salt);
        w.rewind(mark);
        put_octets(w, scratch.data(), scratch.size());
    }

    // UsmSecurityParameters, with the zeroed MAC placeholder's end recorded.
    size_t params = w.size();
    put_octets(w, salt, (out.level & kPrivFlag) ? 8 : 0);
    size_t mac_size = (out.level & kAuthFlag) ? keys.auth->mac_size() : 0;
    for (size_t i = 0; i < mac_size; ++i) w.put_byte(0);
    size_t mac_from_end = w.size();  // the placeholder starts mac_from_end octets before the end
    w.put_header(tag::OctetString, mac_size);
    put_octets(w, out.user);
    ber::put_integer(w, tag::Integer, out.time);
    ber::put_integer(w, tag::Integer, out.boots);
    put_octets(w, out.engine_id);
    w.wrap(tag::Sequence, params);
    w.wrap(tag::OctetString, params);

    size_t global = w.size();
    ber::put_integer(w, tag::Integer, kSecurityModelUsm);
    uint8_t flags = static_cast<uint8_t>(out.level | (out.reportable ? kReportableFlag : 0));
    put_octets(w, &flags, 1);
    ber::put_integer(w, tag::Integer, out.max_size);
    ber::put_integer(w, tag::Integer, out.msg_id);
    w.wrap(tag::Sequence, global);
    ber::put_integer(w, tag::Integer, 3);
    w.wrap(tag::Sequence, mark);

    if (out.level & kAuthFlag) keys.auth->sign(w.mutable_data(), w.size() - mark, w.size() - mac_from_end);
}

}  // namespace anysnmp::usm
