// SNMPv3 requests as the authoritative engine (UsmEngine, what CommandResponder
// and NotificationReceiver call) decodes them, then the accepted PDU as the
// responder decodes it (agent::decode_pdu_request). Fresh engines per input.
// The first input octet picks what the rest is:
//   0: a whole message, for an agent engine and a trap receiver accepting
//      foreign engines (discovery, unknown user/engine, level, digest Reports);
//   1: a header octet, then a scopedPDU sent authNoPriv with a valid MAC;
//   2: a header octet, then a scopedPDU encrypted (AES) and sent authPriv;
//   3: a header octet, a privParameters length octet, then an encryptedPDU
//      sent authPriv (DES): ciphertext sizes and decryption garbage;
//   4: a header octet, then a scopedPDU signed by a foreign engine (trap
//      receiver): key localization per engine and the foreign time window.
// The header octet: bit 0 reportable, bits 1-2 the boots/time (in the
// window, 151 s late, one boot earlier, one boot later), bits 3-4 the user.
// The engine's id, users and passwords are fuzz/capture_agent_v3_seeds.py's,
// and its time starts at 100, so that captured requests (sent in the first
// seconds of an agent's life) are accepted as they are (mode 0).
// Modes 1-4 reach the code behind the MAC check and decryption.
// Every Report produced is checked against RFC 3412 6.4: it answers a
// Confirmed Class PDU, or (when the PDU cannot be read) a message with the
// reportable flag set; never a Response, Trap, SNMPv2-Trap or Report.
#include <optional>

#include "agent/keys.hpp"
#include "harness.hpp"
#include "usm/usm_agent.hpp"

using namespace anysnmp;
namespace nb = nanobind;
using ber::Writer;
namespace tag = ber::tag;

namespace {

constexpr int64_t kBoots = 5, kTime = 100;
const std::string kEngine("\x80\x00\x1f\x88\x80\x61\x67\x65\x6e\x74", 10);
const std::string kForeign("\x80\x00\x1f\x88\x80\x74\x72\x61\x70", 9);

usm::Secret secret(std::string_view s) { return usm::Secret(s.begin(), s.end()); }

usm::UserConfig user(std::string name, usm::Auth auth, usm::Priv priv) {
    return usm::UserConfig{std::move(name), auth, secret("fuzz-auth-pass"), usm::KeyType::Password,
                           priv, secret("fuzz-priv-pass"), usm::KeyType::Password, usm::Extension::Blumenthal};
}

const usm::UserConfig& user_config(size_t i) {
    static const usm::UserConfig users[4] = {
        user("auth", usm::Auth::Sha1, usm::Priv::None), user("aes", usm::Auth::Sha1, usm::Priv::Aes128),
        user("des", usm::Auth::Md5, usm::Priv::Des), user("noauth", usm::Auth::None, usm::Priv::None)};
    return users[i];
}

usm::Keys keys(const usm::UserConfig& c, std::string_view engine) {
    return usm::Keys{usm::derive_auth(c, engine), usm::derive_priv(c, engine)};
}

// any_engine: a trap receiver's engine, its users also those of any other engine's traps.
std::unique_ptr<usm::UsmEngine> engine(const std::string& id, bool any_engine) {
    auto e = std::make_unique<usm::UsmEngine>(id, kBoots, kTime, 65507);
    for (size_t i = 0; i < 4; ++i) e->add_user(user_config(i), keys(user_config(i), id), "", any_engine);
    return e;
}

void put_octets(Writer& w, const void* p, size_t n) {
    w.put_bytes(p, n);
    w.put_header(tag::OctetString, n);
}

struct Header {
    std::string_view engine_id, user;
    int64_t boots, time;
    uint8_t flags;
};

// A whole v3 message around msgData (already written into w), signed with `auth` when given.
nb::bytes wrap(Writer& w, const Header& h, const usm::Authenticator* auth, const uint8_t* salt, size_t salt_size) {
    size_t params = w.size();
    put_octets(w, salt, salt_size);
    size_t mac_size = auth ? auth->mac_size() : 0;
    for (size_t i = 0; i < mac_size; ++i) w.put_byte(0);
    size_t mac_from_end = w.size();
    w.put_header(tag::OctetString, mac_size);
    put_octets(w, h.user.data(), h.user.size());
    ber::put_integer(w, tag::Integer, h.time);
    ber::put_integer(w, tag::Integer, h.boots);
    put_octets(w, h.engine_id.data(), h.engine_id.size());
    w.wrap(tag::Sequence, params);
    w.wrap(tag::OctetString, params);
    size_t global = w.size();
    ber::put_integer(w, tag::Integer, 3);
    put_octets(w, &h.flags, 1);
    ber::put_integer(w, tag::Integer, 65507);
    ber::put_integer(w, tag::Integer, 4242);
    w.wrap(tag::Sequence, global);
    ber::put_integer(w, tag::Integer, 3);
    w.wrap(tag::Sequence, 0);
    if (auth) auth->sign(w.mutable_data(), w.size(), w.size() - mac_from_end);
    return nb::bytes(reinterpret_cast<const char*>(w.data()), w.size());
}

// The PDU type of a plaintext scopedPDU's content, 0 when it is not one.
uint8_t scoped_pdu_type(const ber::Tlv& scoped) {
    try {
        ber::Reader s(scoped);
        s.expect(tag::OctetString, "contextEngineID");
        s.expect(tag::OctetString, "contextName");
        uint8_t type = s.next().tag;
        return pdu::is_pdu_type(type) ? type : 0;
    } catch (const ber::DecodeError&) {
        return 0;
    }
}

// The PDU type of an encoded plaintext scopedPDU (what modes 2 and 3 encrypt), 0 when unknown.
uint8_t plaintext_pdu_type(const uint8_t* p, size_t n) {
    try {
        ber::Reader r(p, n);
        return scoped_pdu_type(r.expect(tag::Sequence, "scopedPDU"));
    } catch (const ber::DecodeError&) {
        return 0;
    }
}

// A Report was produced for `message`: aborts unless a Report may answer it (RFC 3412 6.4).
// For a plaintext scopedPDU the PDU type decides (the reportable flag only when the PDU
// cannot be read); an encrypted one may be answered if the flag is set or, once decrypted,
// its PDU is confirmed: `plaintext` is the PDU type the harness encrypted (0: not a
// readable PDU), nullopt when it does not know the plaintext.
void check_report(const nb::bytes& message, std::optional<uint8_t> plaintext) {
    usm::V3Message m;
    auto* p = reinterpret_cast<const uint8_t*>(message.c_str());
    if (!fuzz::decode([&] { usm::parse_v3(p, message.size(), m); })) fuzz::fail("a Report to a malformed message");
    bool reportable = m.flags & usm::kReportableFlag;
    if (m.data.tag == tag::Sequence) {
        uint8_t type = scoped_pdu_type(m.data);
        if (type ? !usm::confirmed(type) : !reportable)
            fuzz::fail("a Report answered an unconfirmed PDU or an unreadable one without the reportable flag");
    } else if (plaintext && !reportable && !usm::confirmed(*plaintext)) {
        fuzz::fail("a Report answered an encrypted unconfirmed PDU without the reportable flag");
    }
}

// What the responder does with a message: the engine's verdict, then the PDU it accepted.
void decode(usm::UsmEngine& e, const nb::bytes& message, std::optional<uint8_t> plaintext = std::nullopt) {
    nb::object result;
    if (!fuzz::decode([&] { result = e.decode(message); })) return;
    if (nb::isinstance<nb::bytes>(result)) check_report(message, plaintext);
    if (!nb::isinstance<nb::tuple>(result)) return;
    nb::tuple t = nb::borrow<nb::tuple>(result);
    nb::bytes pdu = nb::cast<nb::bytes>(t[t.size() - 1]);  // the whole (decrypted) PDU element
    fuzz::decode([&] { agent::decode_pdu_request(pdu); });
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz::init();
    for (size_t i = 0; i < 4; ++i) keys(user_config(i), kEngine);  // caches Ku of each password
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2) return 0;
    auto agent = engine(kEngine, false);
    auto receiver = engine(kEngine, true);
    uint8_t mode = data[0] % 5;
    if (mode == 0) {
        nb::bytes message = fuzz::to_bytes(data + 1, size - 1);
        decode(*agent, message);
        decode(*receiver, message);
        return 0;
    }
    uint8_t h = data[1];
    const uint8_t* rest = data + 2;
    size_t n = size - 2;
    static const int64_t shifts[4][2] = {{0, 0}, {0, 151}, {-1, 0}, {1, 0}};
    const int64_t* shift = shifts[(h >> 1) & 3];
    const usm::UserConfig& u = user_config(mode == 2 ? 1 : mode == 3 ? 2 : (h >> 3) & 3);
    bool foreign = mode == 4;
    std::string_view engine_id = foreign ? kForeign : kEngine;
    usm::Keys k = keys(u, engine_id);
    Header header{engine_id, u.user, kBoots + shift[0], kTime + shift[1], static_cast<uint8_t>(u.level() | (h & 1) << 2)};
    Writer w;
    if (mode == 1 || mode == 4) {
        w.put_bytes(rest, n);
        header.flags &= static_cast<uint8_t>(~2);
        decode(foreign ? *receiver : *agent, wrap(w, header, k.auth.get(), nullptr, 0));
    } else if (mode == 2) {
        std::vector<uint8_t> ciphertext;
        uint8_t salt[8];
        k.priv->encrypt(static_cast<uint32_t>(header.boots), static_cast<uint32_t>(header.time), rest, n, ciphertext,
                        salt);
        put_octets(w, ciphertext.data(), ciphertext.size());
        decode(*agent, wrap(w, header, k.auth.get(), salt, 8), plaintext_pdu_type(rest, n));
    } else {
        if (n == 0) return 0;
        uint8_t salt[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        put_octets(w, rest + 1, n - 1);
        decode(*agent, wrap(w, header, k.auth.get(), salt, rest[0] % 17));
    }
    return 0;
}
