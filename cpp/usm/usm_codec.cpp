#include "usm/usm_codec.hpp"

#include <algorithm>

namespace anysnmp::usm {

using ber::DecodeError;
using pdu::Reader;
using pdu::Tlv;
using pdu::Writer;
namespace tag = ber::tag;
namespace type = pdu::type;

constexpr int64_t kSecurityModelUsm = 3;
constexpr int64_t kMaxInt32 = 2147483647;
constexpr int64_t kTimeWindow = 150;  // seconds (RFC 3414 2.2.3)
constexpr uint8_t kAuthFlag = 1, kPrivFlag = 2, kReportableFlag = 4;

namespace {

// The fields of an SNMPv3 message with USM security parameters.
struct V3Message {
    int64_t msg_id = 0;
    uint8_t flags = 0;
    int64_t model = 0;
    std::string_view engine_id, user;
    int64_t boots = 0, time = 0;
    Tlv auth_params{}, priv_params{};
    Tlv data{};  // scopedPDU (SEQUENCE) or encryptedPDU (OCTET STRING)
};

std::string_view text(const Tlv& t) { return {reinterpret_cast<const char*>(t.data), t.size}; }

int64_t int31(Reader& r, const char* what) {
    int64_t v = ber::decode_integer(r.expect(tag::Integer, what));
    if (v < 0 || v > kMaxInt32) throw DecodeError(std::string(what) + " out of range");
    return v;
}

// Returns false for a message that is not SNMPv3; throws on malformed ones.
bool parse_v3(const uint8_t* data, size_t size, V3Message& m) {
    Reader outer(data, size);
    Reader msg(outer.expect(tag::Sequence, "message SEQUENCE"));
    outer.expect_end("the message");
    if (ber::decode_integer(msg.expect(tag::Integer, "msgVersion")) != 3) return false;
    Reader global(msg.expect(tag::Sequence, "msgGlobalData"));
    m.msg_id = int31(global, "msgID");
    if (int31(global, "msgMaxSize") < 484) throw DecodeError("msgMaxSize below 484");
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

struct ScopedPdu {
    std::string_view context_engine_id, context_name;
    Tlv pdu;
};

ScopedPdu parse_scoped(const Tlv& tlv) {
    Reader s(tlv);
    ScopedPdu out{text(s.expect(tag::OctetString, "contextEngineID")),
                  text(s.expect(tag::OctetString, "contextName")), s.next()};
    s.expect_end("the scopedPDU");
    if (!pdu::is_pdu_type(out.pdu.tag) || out.pdu.tag == type::TrapV1)
        throw DecodeError("unexpected PDU tag " + ber::hex_tag(out.pdu.tag));
    return out;
}

void put_octets(Writer& w, const void* p, size_t n) {
    w.put_bytes(p, n);
    w.put_header(tag::OctetString, n);
}

void put_octets(Writer& w, std::string_view s) { put_octets(w, s.data(), s.size()); }

bool confirmed(uint8_t pdu_type) {
    return pdu_type == type::Get || pdu_type == type::GetNext || pdu_type == type::GetBulk ||
           pdu_type == type::Set || pdu_type == type::Inform;
}

}  // namespace

UsmCodec::UsmCodec(UserConfig user, std::string context_name, std::string context_engine_id, int64_t max_size)
    : Codec(3, std::string()),
      config_(std::move(user)),
      context_name_(std::move(context_name)),
      context_engine_id_(std::move(context_engine_id)),
      max_size_(max_size),
      level_(0) {
    if (config_.user.size() > 32) throw std::invalid_argument("SNMPv3 user names have at most 32 octets");
    if (context_name_.size() > 32 || context_engine_id_.size() > 32)
        throw std::invalid_argument("context name and context engine id have at most 32 octets");
    if (max_size_ < 484 || max_size_ > kMaxInt32) throw std::invalid_argument("msgMaxSize must be 484..2^31-1");
    if (config_.priv != Priv::None && config_.auth == Auth::None)
        throw std::invalid_argument("privacy needs authentication: give an auth key too");
    if (config_.auth != Auth::None) level_ |= kAuthFlag;
    if (config_.priv != Priv::None) level_ |= kPrivFlag;
}

Keys UsmCodec::derive(std::string_view engine_id) const {
    auto view = [](const Secret& s) { return std::string_view(reinterpret_cast<const char*>(s.data()), s.size()); };
    const UserConfig& c = config_;
    Keys k;
    if (c.auth != Auth::None)
        k.auth = std::make_unique<Authenticator>(c.auth, auth_key(c.auth, c.auth_key_type, view(c.auth_key), engine_id));
    if (c.priv != Priv::None)
        k.priv = std::make_unique<Cipher>(
            c.priv, priv_key(c.auth, c.priv, c.priv_key_type, c.extension, view(c.priv_key), engine_id));
    return k;
}

void UsmCodec::set_engine(std::string engine_id, Keys keys, int64_t boots, int64_t time) {
    if (engine_id.size() > 32) throw std::invalid_argument("engine ids have at most 32 octets");
    if ((level_ & kAuthFlag) && !keys.auth) throw std::invalid_argument("keys do not match the user");
    if ((level_ & kPrivFlag) && !keys.priv) throw std::invalid_argument("keys do not match the user");
    engine_id_ = std::move(engine_id);
    keys_ = std::move(keys);
    has_engine_ = true;
    boots_ = std::clamp<int64_t>(boots, 0, kMaxInt32);
    time_ = latest_time_ = std::clamp<int64_t>(time, 0, kMaxInt32);
    time_ref_ = std::chrono::steady_clock::now();
    time_trusted_ = false;
}

int64_t UsmCodec::now_time() const {
    auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - time_ref_);
    return std::min<int64_t>(time_ + elapsed.count(), kMaxInt32);
}

// RFC 3414 3.2 step 7b, for an authenticated message from the authoritative
// engine: adopt newer boots/time (never older ones, once trusted), then check
// the time window.
bool UsmCodec::update_time(int64_t boots, int64_t time) {
    if (!time_trusted_ || boots > boots_ || (boots == boots_ && time > latest_time_)) {
        boots_ = boots;
        time_ = latest_time_ = time;
        time_ref_ = std::chrono::steady_clock::now();
        time_trusted_ = true;
    }
    return boots_ != kMaxInt32 && boots == boots_ && time + kTimeWindow >= now_time();
}

void UsmCodec::wrap_message(Writer& w, size_t mark, uint8_t pdu_type, int64_t request_id) {
    if (!has_engine_) throw ber::EncodeError("the SNMPv3 engine id is unknown: discover it first");
    wrap_v3(w, mark, pdu_type, request_id, false);
}

void UsmCodec::wrap_v3(Writer& w, size_t mark, uint8_t pdu_type, int64_t msg_id, bool discovery) {
    uint8_t level = discovery ? 0 : level_;
    int64_t boots = discovery ? 0 : boots_, time = discovery ? 0 : now_time();
    std::string_view engine = discovery ? std::string_view() : engine_id_;
    std::string_view context_engine = context_engine_id_.empty() ? engine : context_engine_id_;

    // scopedPDU, then encrypted in place of itself.
    put_octets(w, discovery ? std::string_view() : context_name_);
    put_octets(w, discovery ? std::string_view() : context_engine);
    w.wrap(tag::Sequence, mark);
    uint8_t salt[8];
    if (level & kPrivFlag) {
        keys_.priv->encrypt(static_cast<uint32_t>(boots), static_cast<uint32_t>(time), w.data(), w.size() - mark,
                            ciphertext_, salt);
        w.rewind(mark);
        put_octets(w, ciphertext_.data(), ciphertext_.size());
    }

    // UsmSecurityParameters, with the zeroed MAC placeholder's end recorded.
    size_t params = w.size();
    put_octets(w, salt, (level & kPrivFlag) ? 8 : 0);
    size_t mac_size = (level & kAuthFlag) ? keys_.auth->mac_size() : 0;
    for (size_t i = 0; i < mac_size; ++i) w.put_byte(0);
    size_t mac_from_end = w.size();  // the placeholder starts mac_from_end octets before the end
    w.put_header(tag::OctetString, mac_size);
    put_octets(w, discovery ? std::string_view() : std::string_view(config_.user));
    ber::put_integer(w, tag::Integer, time);
    ber::put_integer(w, tag::Integer, boots);
    put_octets(w, engine);
    w.wrap(tag::Sequence, params);
    w.wrap(tag::OctetString, params);

    size_t global = w.size();
    ber::put_integer(w, tag::Integer, kSecurityModelUsm);
    uint8_t flags = static_cast<uint8_t>(level | (confirmed(pdu_type) ? kReportableFlag : 0));
    put_octets(w, &flags, 1);
    ber::put_integer(w, tag::Integer, max_size_);
    ber::put_integer(w, tag::Integer, msg_id);
    w.wrap(tag::Sequence, global);
    ber::put_integer(w, tag::Integer, 3);
    w.wrap(tag::Sequence, mark);

    if (level & kAuthFlag) keys_.auth->sign(w.mutable_data(), w.size() - mark, w.size() - mac_from_end);
}

nb::bytes UsmCodec::encode_discovery(int64_t request_id) {
    writer_.clear();
    pdu::wrap_pdu(writer_, 0, type::Get, request_id, 0, 0);
    wrap_v3(writer_, 0, type::Get, request_id, true);
    return nb::bytes(reinterpret_cast<const char*>(writer_.data()), writer_.size());
}

std::optional<nb::tuple> UsmCodec::decode_discovery(nb::bytes data, int64_t request_id) {
    V3Message m;
    if (!parse_v3(reinterpret_cast<const uint8_t*>(data.c_str()), data.size(), m)) return std::nullopt;
    if (m.msg_id != request_id || m.model != kSecurityModelUsm || m.data.tag != tag::Sequence) return std::nullopt;
    if (parse_scoped(m.data).pdu.tag != type::Report || m.engine_id.empty()) return std::nullopt;
    return nb::make_tuple(nb::bytes(m.engine_id.data(), m.engine_id.size()), m.boots, m.time);
}

std::optional<Tlv> UsmCodec::unwrap_message(const uint8_t* data, size_t size, int64_t request_id) {
    V3Message m;
    if (!parse_v3(data, size, m) || m.msg_id != request_id || m.model != kSecurityModelUsm) return std::nullopt;
    uint8_t level = m.flags & (kAuthFlag | kPrivFlag);
    if ((level & ~level_) != 0) return std::nullopt;  // protection we did not ask for

    if (level & kAuthFlag) {
        // Nothing in the message is trusted before its MAC is verified.
        if (m.engine_id != engine_id_ || m.user != config_.user) return std::nullopt;
        if (m.auth_params.size != keys_.auth->mac_size()) return std::nullopt;
        if (!keys_.auth->verify(data, size, static_cast<size_t>(m.auth_params.data - data))) return std::nullopt;
        if (!update_time(m.boots, m.time)) return std::nullopt;
    }

    Tlv scoped_tlv = m.data;
    if (level & kPrivFlag) {
        if (m.data.tag != tag::OctetString) throw DecodeError("encryptedPDU must be an OCTET STRING");
        if (m.priv_params.size != 8) throw DecodeError("msgPrivacyParameters must be 8 octets");
        if (!keys_.priv->decrypt(static_cast<uint32_t>(m.boots), static_cast<uint32_t>(m.time), m.priv_params.data,
                                 m.data.data, m.data.size, plaintext_))
            throw DecodeError("the agent's encryptedPDU does not decrypt: check the privacy protocol");
        Reader plain(plaintext_.data(), plaintext_.size());  // DES padding may follow
        scoped_tlv = plain.expect(tag::Sequence, "scopedPDU (wrong privacy key?)");
    } else if (m.data.tag != tag::Sequence) {
        throw DecodeError("expected a plaintext scopedPDU");
    }
    ScopedPdu scoped = parse_scoped(scoped_tlv);

    // Reports may come less protected than the request (RFC 3412 7.1 3b):
    // the caller turns them into errors, never into data.
    if (scoped.pdu.tag == type::Report) return scoped.pdu;
    if (level != level_ || m.engine_id != engine_id_ || m.user != config_.user) return std::nullopt;
    std::string_view context_engine = context_engine_id_.empty() ? std::string_view(engine_id_) : context_engine_id_;
    if (scoped.context_engine_id != context_engine || scoped.context_name != context_name_) return std::nullopt;
    return scoped.pdu;
}

}  // namespace anysnmp::usm
