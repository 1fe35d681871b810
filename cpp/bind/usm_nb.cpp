// Binding glue for SNMPv3 USM: the client codec, the authoritative engine
// and the crypto primitives.
#include <nanobind/stl/map.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>

#include "bind/bind.hpp"
#include "usm/usm_agent.hpp"
#include "usm/usm_codec.hpp"

namespace anysnmp {

namespace nb = nanobind;
using namespace nb::literals;
using usm::Secret;

static Secret secret(const nb::bytes& b) {
    auto* p = reinterpret_cast<const uint8_t*>(b.c_str());
    return Secret(p, p + b.size());
}

static std::string_view view(const nb::bytes& b) { return {b.c_str(), b.size()}; }

static nb::bytes to_bytes(const Secret& s) { return nb::bytes(reinterpret_cast<const char*>(s.data()), s.size()); }

static usm::UserConfig user_config(nb::bytes user, int auth, nb::bytes auth_key, int auth_key_type, int priv,
                                    nb::bytes priv_key, int priv_key_type, int extension) {
    return usm::UserConfig{std::string(view(user)), usm::to_auth(auth), secret(auth_key),
                           usm::to_key_type(auth_key_type), usm::to_priv(priv), secret(priv_key),
                           usm::to_key_type(priv_key_type), usm::to_extension(extension)};
}

void bind_usm(nb::module_& m) {
    nb::class_<usm::UsmCodec, pdu::Codec>(m, "UsmCodec", "SNMPv3 USM codec of one user and one agent.")
        .def(
            "__init__",
            [](usm::UsmCodec* self, nb::bytes user, int auth, nb::bytes auth_key, int auth_key_type, int priv,
               nb::bytes priv_key, int priv_key_type, int extension, nb::bytes context_name,
               nb::bytes context_engine_id, int64_t max_size, bool raise_reports) {
                usm::UserConfig c = user_config(user, auth, auth_key, auth_key_type, priv, priv_key,
                                                priv_key_type, extension);
                new (self) usm::UsmCodec(std::move(c), std::string(view(context_name)),
                                         std::string(view(context_engine_id)), max_size, raise_reports);
            },
            "user"_a, "auth_protocol"_a, "auth_key"_a, "auth_key_type"_a, "priv_protocol"_a, "priv_key"_a,
            "priv_key_type"_a, "key_extension"_a, "context_name"_a = nb::bytes(""),
            "context_engine_id"_a = nb::bytes(""), "max_size"_a = 65507, "raise_reports"_a = false,
            "Protocols and key types as numbers (see anysnmp._usm); an empty context_engine_id "
            "means the agent's engine id. With raise_reports, decode_response and decode_walk raise "
            "instead of returning a Report: UsmResync for usmStatsNotInTimeWindows, else the "
            "exception that self.report_error(oid) returns (oid: the first varbind's); an authenticated "
            "message whose boots are 2^31-1 raises what self.boots_error() returns.")
        .def(
            "set_engine",
            [](usm::UsmCodec& c, nb::bytes engine_id, int64_t boots, int64_t time) {
                std::string engine(view(engine_id));
                usm::Keys keys;
                {
                    nb::gil_scoped_release unlocked;  // password to key hashes 1 MB
                    keys = c.derive(engine);
                }
                c.set_engine(std::move(engine), std::move(keys), boots, time);
            },
            "engine_id"_a, "boots"_a = 0, "time"_a = 0,
            "Localizes the keys for an engine; boots/time are trusted only once authenticated.")
        .def_prop_ro("has_engine", &usm::UsmCodec::has_engine)
        .def_prop_ro("engine_id", &usm::UsmCodec::engine_id)
        .def_prop_ro("engine_boots", &usm::UsmCodec::engine_boots)
        .def_prop_ro("engine_time", &usm::UsmCodec::engine_time, "The agent's engine time, as estimated now.")
        .def("encode_discovery", &usm::UsmCodec::encode_discovery, "request_id"_a,
             "The engine id discovery request (RFC 3414 4).")
        .def("decode_discovery", &usm::UsmCodec::decode_discovery, "data"_a, "request_id"_a,
             "(engine_id, boots, time) from the discovery Report, or None if not its answer.");

    nb::class_<usm::UsmEngine>(m, "UsmEngine",
                               "An authoritative SNMPv3 engine: users, Reports and usmStats counters.")
        .def(
            "__init__",
            [](usm::UsmEngine* self, nb::bytes engine_id, int64_t boots, int64_t time, int64_t max_size) {
                new (self) usm::UsmEngine(std::string(view(engine_id)), boots, time, max_size);
            },
            "engine_id"_a, "boots"_a, "time"_a = 0, "max_size"_a = 65507)
        .def(
            "add_user",
            [](usm::UsmEngine& e, nb::bytes user, int auth, nb::bytes auth_key, int auth_key_type, int priv,
               nb::bytes priv_key, int priv_key_type, int extension, nb::bytes engine_id, bool any_engine) {
                usm::UserConfig c = user_config(user, auth, auth_key, auth_key_type, priv, priv_key,
                                                priv_key_type, extension);
                std::string engine(view(engine_id.size() ? engine_id : e.engine_id()));
                usm::Keys keys;
                {
                    nb::gil_scoped_release unlocked;  // password to key hashes 1 MB
                    keys = usm::Keys{usm::derive_auth(c, engine), usm::derive_priv(c, engine)};
                }
                e.add_user(std::move(c), std::move(keys), std::move(engine), any_engine);
            },
            "user"_a, "auth_protocol"_a, "auth_key"_a, "auth_key_type"_a, "priv_protocol"_a, "priv_key"_a,
            "priv_key_type"_a, "key_extension"_a, "engine_id"_a = nb::bytes(""), "any_engine"_a = false,
            "Adds a user of `engine_id` (empty: this engine), localizing its keys there; any_engine: "
            "this engine's user, also accepted in the traps of any other (keys localized per engine).")
        .def("decode", &usm::UsmEngine::decode, "data"_a,
             nb::sig("def decode(self, data: bytes) -> "
                     "bytes | tuple[tuple[int, int, bytes, bytes, bytes], bytes, int, int, bytes] | None"),
             "None (dropped), bytes (a Report to send back), or (state, engine_id, msg_max_size, "
             "overhead, pdu) of an accepted message, where state is "
             "(msg_id, level, user, context_engine_id, context_name).")
        .def("encode", &usm::UsmEngine::encode, "msg_id"_a, "level"_a, "user"_a, "context_engine_id"_a,
             "context_name"_a, "pdu_type"_a, "request_id"_a, "error_status"_a, "error_index"_a, "varbinds"_a,
             "A message of this engine around an encoded varbind list content.")
        .def_prop_ro("engine_id", &usm::UsmEngine::engine_id)
        .def_prop_ro("engine_boots", &usm::UsmEngine::engine_boots)
        .def_prop_ro("engine_time", &usm::UsmEngine::engine_time)
        .def_prop_ro("counters", &usm::UsmEngine::counters, "usmStats and SNMP-MPD counters by name.");

    m.def(
        "usm_message_user",
        [](nb::bytes data) -> std::optional<nb::bytes> {
            usm::V3Message m;
            try {
                if (!usm::parse_v3(reinterpret_cast<const uint8_t*>(data.c_str()), data.size(), m) ||
                    m.model != usm::kSecurityModelUsm)
                    return std::nullopt;
            } catch (const ber::DecodeError&) {
                return std::nullopt;
            }
            return nb::bytes(m.user.data(), m.user.size());
        },
        "data"_a, "The msgUserName of an SNMPv3 USM message, or None (not one, or malformed).");
    m.def(
        "usm_password_to_key",
        [](int auth, nb::bytes password) {
            usm::Auth a = usm::to_auth(auth);
            Secret ku;
            {
                nb::gil_scoped_release unlocked;
                ku = usm::password_to_key(a, reinterpret_cast<const uint8_t*>(password.c_str()), password.size());
            }
            return to_bytes(ku);
        },
        "auth_protocol"_a, "password"_a, "Ku (RFC 3414 A.2): the master key of a password.");
    m.def(
        "usm_localize_key",
        [](int auth, nb::bytes ku, nb::bytes engine_id) {
            return to_bytes(usm::localize(usm::to_auth(auth), secret(ku), view(engine_id)));
        },
        "auth_protocol"_a, "master_key"_a, "engine_id"_a, "Kul = H(Ku || engineID || Ku).");
    m.def(
        "usm_priv_key",
        [](int auth, int priv, int key_type, int extension, nb::bytes key, nb::bytes engine_id) {
            usm::Auth a = usm::to_auth(auth);
            usm::Priv p = usm::to_priv(priv);
            usm::KeyType t = usm::to_key_type(key_type);
            usm::Extension e = usm::to_extension(extension);
            std::string k(view(key)), engine(view(engine_id));
            Secret out;
            {
                nb::gil_scoped_release unlocked;
                out = usm::priv_key(a, p, t, e, k, engine);
            }
            return to_bytes(out);
        },
        "auth_protocol"_a, "priv_protocol"_a, "key_type"_a, "key_extension"_a, "key"_a, "engine_id"_a,
        "The localized privacy key, extended for the protocol as needed.");
    m.def(
        "usm_mac",
        [](int auth, nb::bytes key, nb::bytes message, size_t offset) {
            usm::Authenticator a(usm::to_auth(auth), secret(key));
            std::string msg(view(message));
            if (offset > msg.size() || msg.size() - offset < a.mac_size())
                throw std::invalid_argument("MAC placeholder outside the message");
            uint8_t out[EVP_MAX_MD_SIZE];
            a.compute(reinterpret_cast<const uint8_t*>(msg.data()), msg.size(), offset, out);
            return nb::bytes(reinterpret_cast<const char*>(out), a.mac_size());
        },
        "auth_protocol"_a, "key"_a, "message"_a, "offset"_a,
        "The truncated HMAC of message with its MAC field at offset taken as zeros.");
    m.def(
        "usm_encrypt",
        [](int priv, nb::bytes key, uint32_t boots, uint32_t time, nb::bytes data) {
            usm::Cipher c(usm::to_priv(priv), secret(key));
            std::vector<uint8_t> out;
            uint8_t salt[8];
            c.encrypt(boots, time, reinterpret_cast<const uint8_t*>(data.c_str()), data.size(), out, salt);
            return nb::make_tuple(nb::bytes(reinterpret_cast<const char*>(out.data()), out.size()),
                                  nb::bytes(reinterpret_cast<const char*>(salt), 8));
        },
        "priv_protocol"_a, "key"_a, "boots"_a, "time"_a, "data"_a, "(ciphertext, salt) of data.");
    m.def(
        "usm_decrypt",
        [](int priv, nb::bytes key, uint32_t boots, uint32_t time, nb::bytes salt, nb::bytes data) {
            if (salt.size() != 8) throw std::invalid_argument("the salt has 8 octets");
            usm::Cipher c(usm::to_priv(priv), secret(key));
            std::vector<uint8_t> out;
            if (!c.decrypt(boots, time, reinterpret_cast<const uint8_t*>(salt.c_str()),
                           reinterpret_cast<const uint8_t*>(data.c_str()), data.size(), out))
                throw ber::DecodeError("ciphertext does not decrypt");
            return nb::bytes(reinterpret_cast<const char*>(out.data()), out.size());
        },
        "priv_protocol"_a, "key"_a, "boots"_a, "time"_a, "salt"_a, "data"_a, "The plaintext of data.");
}

}  // namespace anysnmp
