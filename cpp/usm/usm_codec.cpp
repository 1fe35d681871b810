#include "usm/usm_codec.hpp"

#include <algorithm>

namespace anysnmp::usm {

using ber::DecodeError;
using pdu::Reader;
using pdu::Tlv;
using pdu::Writer;
namespace tag = ber::tag;
namespace type = pdu::type;

UsmCodec::UsmCodec(UserConfig user, std::string context_name, std::string context_engine_id, int64_t max_size,
                   bool raise_reports)
    : Codec(3, std::string()),
      config_(std::move(user)),
      context_name_(std::move(context_name)),
      context_engine_id_(std::move(context_engine_id)),
      max_size_(max_size),
      level_(0),
      raise_reports_(raise_reports) {
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
    return Keys{derive_auth(config_, engine_id), derive_priv(config_, engine_id)};
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
    wrap(w, mark, pdu_type, request_id, false);
}

void UsmCodec::wrap(Writer& w, size_t mark, uint8_t pdu_type, int64_t msg_id, bool discovery) {
    Outgoing out;
    out.msg_id = msg_id;
    out.max_size = max_size_;
    out.level = discovery ? 0 : level_;
    out.reportable = confirmed(pdu_type);
    if (!discovery) {
        out.engine_id = engine_id_;
        out.user = config_.user;
        out.context_engine_id = context_engine_id_.empty() ? std::string_view(engine_id_) : context_engine_id_;
        out.context_name = context_name_;
        out.boots = boots_;
        out.time = now_time();
    }
    wrap_v3(w, mark, out, keys_, ciphertext_);
}

nb::bytes UsmCodec::encode_discovery(int64_t request_id) {
    writer_.clear();
    pdu::wrap_pdu(writer_, 0, type::Get, request_id, 0, 0);
    wrap(writer_, 0, type::Get, request_id, true);
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
        if (!update_time(m.boots, m.time)) {
            // RFC 3414 2.2.2: boots at 2^31-1 leave the engine unusable until reconfigured;
            // said at once rather than left to time out.
            if (m.boots == kMaxInt32 && raise_reports_) raise(python_self().attr("boots_error")());
            return std::nullopt;
        }
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

static constexpr std::string_view kNotInTimeWindow = registry::kReportCounters[registry::NotInTimeWindows].oid;

nb::object UsmCodec::python_self() {
    nb::object self = nb::find(*this);
    if (!self.is_valid()) throw std::logic_error("raise_reports needs a UsmCodec made from Python");
    return self;
}

void UsmCodec::raise(nb::object error) {
    if (!PyExceptionInstance_Check(error.ptr())) throw nb::type_error("the codec's error must be an exception");
    PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(error.ptr())), error.ptr());  // as `raise error`
    throw nb::python_error();
}

void UsmCodec::check_report(const pdu::Pdu& pdu) {
    if (!raise_reports_) return;
    // Decoded as the caller would have had it (a malformed varbind list stays a DecodeError).
    nb::list varbinds = py::varbind_list(pdu.varbinds, false);
    nb::str oid = varbinds.size() ? nb::str(nb::object(varbinds[0])[0]) : nb::str("");
    if (std::string_view(oid.c_str()) == kNotInTimeWindow) throw Resync();
    raise(python_self().attr("report_error")(oid));
}

}  // namespace anysnmp::usm
