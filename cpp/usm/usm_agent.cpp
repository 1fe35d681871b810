#include "usm/usm_agent.hpp"

#include <algorithm>
#include <array>

namespace anysnmp::usm {

using ber::DecodeError;
using pdu::Reader;
using pdu::Tlv;
namespace tag = ber::tag;
namespace type = pdu::type;
using Clock = std::chrono::steady_clock;

namespace {

constexpr size_t kMaxForeign = 4096;  // cached (user, foreign engine) key sets

const ber::Oid& counter_oid(Counter c) {
    static const auto oids = [] {
        std::array<ber::Oid, kAgentCounters> out;
        for (size_t i = 0; i < kAgentCounters; ++i) out[i] = ber::Oid::parse(registry::kReportCounters[i].oid);
        return out;
    }();
    return oids[c];
}

int64_t seconds_since(Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - t).count();
}

// The PDU type and request-id of a scopedPDU, for Reports sent before it is parsed in full
// (an SNMPv1 Trap-PDU, which v3 does not carry, still counts as unconfirmed).
PduHint read_pdu(const Tlv& scoped_pdu) {
    PduHint hint;
    try {
        Reader scoped(scoped_pdu);
        scoped.expect(tag::OctetString, "contextEngineID");
        scoped.expect(tag::OctetString, "contextName");
        Tlv pdu = scoped.next();
        if (!pdu::is_pdu_type(pdu.tag)) return hint;
        hint.type = pdu.tag;
        Reader r(pdu);
        hint.request_id = ber::decode_integer(r.expect(tag::Integer, "request-id"));
    } catch (const DecodeError&) {
    }
    return hint;
}

// What a plaintext scopedPDU says, for Reports sent before the message is authenticated.
PduHint plain_pdu(const V3Message& m) { return m.data.tag == tag::Sequence ? read_pdu(m.data) : PduHint{}; }

// RFC 3412 6.4 and 7.1: whether the message belongs to the Confirmed Class, the only one
// a Report answers. The PDU type decides; the reportable flag only when it cannot be read.
bool confirmed_message(const V3Message& m, const PduHint& hint) {
    return hint.type ? confirmed(hint.type) : (m.flags & kReportableFlag) != 0;
}

std::string_view view(const nb::bytes& b) { return {b.c_str(), b.size()}; }

}  // namespace

UsmEngine::UsmEngine(std::string engine_id, int64_t boots, int64_t time, int64_t max_size)
    : engine_id_(std::move(engine_id)), boots_(boots), time_(time), max_size_(max_size), start_(Clock::now()) {
    if (engine_id_.size() < 5 || engine_id_.size() > 32)
        throw std::invalid_argument("an SNMP engine id has 5 to 32 octets");
    if (boots_ < 0 || boots_ > kMaxInt32 || time_ < 0 || time_ > kMaxInt32)
        throw std::invalid_argument("engine boots and time are 0..2^31-1");
    if (max_size_ < 484 || max_size_ > kMaxInt32) throw std::invalid_argument("msgMaxSize must be 484..2^31-1");
}

void UsmEngine::add_user(UserConfig config, Keys keys, std::string engine, bool any_engine) {
    if (config.user.size() > 32) throw std::invalid_argument("SNMPv3 user names have at most 32 octets");
    if (config.priv != Priv::None && config.auth == Auth::None)
        throw std::invalid_argument("privacy needs authentication: give an auth key too");
    if (bool(keys.auth) != (config.auth != Auth::None) || bool(keys.priv) != (config.priv != Priv::None))
        throw std::invalid_argument("keys do not match the user");
    if (engine.empty()) engine = engine_id_;
    if (engine.size() < 5 || engine.size() > 32) throw std::invalid_argument("an SNMP engine id has 5 to 32 octets");
    if (any_engine && engine != engine_id_) throw std::invalid_argument("a user of any engine is this engine's");
    std::pair<std::string, std::string> key{std::move(engine), config.user};
    if (index_.count(key)) throw std::invalid_argument("duplicate SNMPv3 user " + config.user);
    if (any_engine) any_engine_.emplace(config.user, users_.size());
    index_.emplace(std::move(key), users_.size());
    users_.push_back(LocalUser{std::move(config), std::move(keys)});
}

int64_t UsmEngine::engine_time() const { return std::min<int64_t>(time_ + seconds_since(start_), kMaxInt32); }

std::map<std::string, uint32_t> UsmEngine::counters() const {
    std::map<std::string, uint32_t> out;
    for (size_t i = 0; i < kAgentCounters; ++i) out[registry::kReportCounters[i].name] = counters_[i];
    return out;
}

// RFC 3414 3.2 step 7a: the authoritative engine's time window.
bool UsmEngine::in_window(const V3Message& m) const {
    int64_t now = engine_time();
    return boots_ != kMaxInt32 && m.boots == boots_ && m.time + kTimeWindow >= now && m.time <= now + kTimeWindow;
}

// RFC 3414 3.2 step 7b: a non-authoritative receiver adopts another engine's newer
// boots/time (the first it sees too) and rejects messages more than 150 s older than its
// notion of that engine's time.
bool UsmEngine::foreign_timely(const V3Message& m) {
    auto found = foreign_.find(m.engine_id);
    if (found == foreign_.end()) {
        if (foreign_.size() >= kMaxForeign) foreign_.erase(foreign_.begin());
        foreign_.emplace(std::string(m.engine_id), Foreign{m.boots, m.time, Clock::now()});
        return true;
    }
    Foreign& f = found->second;
    int64_t estimate = std::min<int64_t>(f.time + seconds_since(f.seen), kMaxInt32);
    if (m.boots > f.boots || (m.boots == f.boots && m.time > estimate)) {
        f.boots = m.boots;
        f.time = m.time;
        f.seen = Clock::now();
        return true;
    }
    return m.boots == f.boots && m.boots != kMaxInt32 && m.time + kTimeWindow >= estimate;
}

// Whether a user could be of `engine`: one of its own, or one of any engine.
bool UsmEngine::knows_engine(std::string_view engine) const {
    auto next = index_.lower_bound({std::string(engine), std::string()});
    return !any_engine_.empty() || (next != index_.end() && next->first.first == engine);
}

nb::bytes UsmEngine::finish(const Outgoing& out, const Keys& keys) {
    wrap_v3(writer_, 0, out, keys, ciphertext_);
    return nb::bytes(reinterpret_cast<const char*>(writer_.data()), writer_.size());
}

nb::object UsmEngine::report(const V3Message& m, Counter c, uint8_t level, const Keys* keys, const PduHint& hint) {
    uint32_t value = ++counters_[c];
    if (!confirmed_message(m, hint)) return nb::none();  // never a Report to a Response, Report or Trap
    static const Keys none;
    writer_.clear();
    ber::put_unsigned(writer_, tag::Counter32, value);
    counter_oid(c).put(writer_);
    writer_.wrap(tag::Sequence, 0);
    pdu::wrap_pdu(writer_, 0, type::Report, hint.request_id, 0, 0);
    Outgoing out;
    out.msg_id = m.msg_id;
    out.max_size = max_size_;
    out.level = level;
    out.engine_id = out.context_engine_id = engine_id_;
    out.user = m.user;
    out.boots = boots_;
    out.time = engine_time();
    return finish(out, keys ? *keys : none);
}

nb::object UsmEngine::decode(nb::bytes data) {
    auto* p = reinterpret_cast<const uint8_t*>(data.c_str());
    size_t n = data.size();
    V3Message m;
    if (!parse_v3(p, n, m)) throw DecodeError("not an SNMPv3 message");
    if (m.model != kSecurityModelUsm) {
        ++counters_[UnknownSecurityModels];  // no security model to answer with (RFC 3412 7.2 step 4)
        return nb::none();
    }
    uint8_t level = m.flags & (kAuthFlag | kPrivFlag);
    bool own = m.engine_id == engine_id_;
    if (!own) {
        PduHint hint = plain_pdu(m);
        if (m.engine_id.empty() || confirmed_message(m, hint) || !knows_engine(m.engine_id))
            return report(m, UnknownEngineIds, 0, nullptr, hint);  // discovery lands here
    }
    // The user of that engine, else (another engine) a user of any engine, keys localized there.
    auto found = index_.find({std::string(m.engine_id), std::string(m.user)});
    bool derived = false;
    size_t user_index;
    if (found != index_.end()) {
        user_index = found->second;
    } else if (auto any = own ? any_engine_.end() : any_engine_.find(m.user); any != any_engine_.end()) {
        user_index = any->second;
        derived = true;
    } else {
        return report(m, UnknownUserNames, 0, nullptr, plain_pdu(m));
    }
    LocalUser& user = users_[user_index];
    if (level & ~user.config.level()) return report(m, UnsupportedSecLevels, 0, nullptr, plain_pdu(m));

    Keys* keys = &user.keys;
    if (level & kAuthFlag) {
        // Nothing in the message is trusted before its MAC is verified.
        auto cached = derived ? derived_.find({user_index, std::string(m.engine_id)}) : derived_.end();
        std::unique_ptr<Authenticator> fresh;
        const Authenticator* auth = user.keys.auth.get();
        if (cached != derived_.end()) {
            auth = cached->second.auth.get();
        } else if (derived) {
            fresh = derive_auth(user.config, m.engine_id);
            auth = fresh.get();
        }
        if (m.auth_params.size != auth->mac_size() || !auth->verify(p, n, static_cast<size_t>(m.auth_params.data - p)))
            return report(m, WrongDigests, 0, nullptr, plain_pdu(m));
        if (own) {
            if (!in_window(m)) return report(m, NotInTimeWindows, kAuthFlag, &user.keys, plain_pdu(m));
        } else if (!foreign_timely(m)) {
            ++counters_[NotInTimeWindows];
            return nb::none();
        }
        if (cached != derived_.end()) {
            keys = &cached->second;
        } else if (derived) {
            if (derived_.size() >= kMaxForeign) derived_.erase(derived_.begin());
            keys = &derived_.emplace(std::make_pair(user_index, std::string(m.engine_id)), Keys{std::move(fresh), nullptr})
                        .first->second;
        }
    }

    Tlv scoped_tlv = m.data;
    if (level & kPrivFlag) {
        Keys& k = *keys;
        if (!k.priv) k.priv = derive_priv(user.config, m.engine_id);  // derived: once authenticated
        bool ok = m.data.tag == tag::OctetString && m.priv_params.size == 8 &&
                  k.priv->decrypt(static_cast<uint32_t>(m.boots), static_cast<uint32_t>(m.time), m.priv_params.data,
                                  m.data.data, m.data.size, plaintext_);
        PduHint hint;  // a readable PDU type decides even when the rest is garbage
        if (ok) {
            try {
                Reader plain(plaintext_.data(), plaintext_.size());  // DES padding may follow
                scoped_tlv = plain.expect(tag::Sequence, "scopedPDU");
                hint = read_pdu(scoped_tlv);
                parse_scoped(scoped_tlv);
            } catch (const DecodeError&) {
                ok = false;  // what a wrong privacy key decrypts to
            }
        }
        if (!ok) return report(m, DecryptionErrors, 0, nullptr, hint);
    } else if (m.data.tag != tag::Sequence) {
        throw DecodeError("expected a plaintext scopedPDU");
    }
    ScopedPdu scoped = parse_scoped(scoped_tlv);
    bool notification = scoped.pdu.tag == type::Inform || scoped.pdu.tag == type::TrapV2;
    if (own && !notification) {  // a notification's context is its originator's (RFC 3413 3.2)
        Reader r(scoped.pdu);
        PduHint hint{scoped.pdu.tag, ber::decode_integer(r.expect(tag::Integer, "request-id"))};
        if (!scoped.context_engine_id.empty() && scoped.context_engine_id != engine_id_)
            return report(m, UnknownPduHandlers, level, keys, hint);
        if (!scoped.context_name.empty()) return report(m, UnknownContexts, level, keys, hint);
    } else if (!own && confirmed(scoped.pdu.tag)) {
        ++counters_[UnknownEngineIds];  // a confirmed PDU must name this engine
        return nb::none();
    }

    size_t mac = (level & kAuthFlag) ? user.keys.auth->mac_size() : 0;
    size_t overhead = 104 + 2 * engine_id_.size() + m.user.size() + mac;
    writer_.clear();
    writer_.put_bytes(scoped.pdu.data, scoped.pdu.size);
    writer_.put_header(scoped.pdu.tag, scoped.pdu.size);
    nb::bytes pdu(reinterpret_cast<const char*>(writer_.data()), writer_.size());
    auto bytes = [](std::string_view v) { return nb::bytes(v.data(), v.size()); };
    nb::tuple state = nb::make_tuple(m.msg_id, level, bytes(m.user), bytes(scoped.context_engine_id),
                                     bytes(scoped.context_name));
    return nb::make_tuple(state, bytes(m.engine_id), m.max_size, overhead, pdu);
}

nb::bytes UsmEngine::encode(int64_t msg_id, uint8_t level, nb::bytes user, nb::bytes context_engine_id,
                            nb::bytes context_name, uint8_t pdu_type, int64_t request_id, int64_t error_status,
                            int64_t error_index, nb::bytes varbinds) {
    auto found = index_.find({engine_id_, std::string(view(user))});
    if (found == index_.end()) throw std::invalid_argument("unknown SNMPv3 user");
    const LocalUser& u = users_[found->second];
    if (level & ~u.config.level() || (level & kPrivFlag && !(level & kAuthFlag)))
        throw std::invalid_argument("the user has no keys for this security level");
    if (!pdu::is_pdu_type(pdu_type) || pdu_type == type::TrapV1)
        throw ber::EncodeError("SNMPv3 carries no SNMPv1 Trap-PDU");
    if (context_engine_id.size() > 32 || context_name.size() > 32)
        throw ber::EncodeError("context engine ids and names have at most 32 octets");
    writer_.clear();
    writer_.put_bytes(varbinds.c_str(), varbinds.size());
    pdu::wrap_pdu(writer_, 0, pdu_type, request_id, error_status, error_index);
    Outgoing out;
    out.msg_id = msg_id;
    out.max_size = max_size_;
    out.level = level;
    out.reportable = confirmed(pdu_type);
    out.engine_id = engine_id_;
    out.context_engine_id = view(context_engine_id);
    out.context_name = view(context_name);
    out.user = u.config.user;
    out.boots = boots_;
    out.time = engine_time();
    return finish(out, u.keys);
}

}  // namespace anysnmp::usm
