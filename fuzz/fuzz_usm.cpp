// SNMPv3 messages as UsmCodec decodes them. The first input octet picks
// what the rest is:
//   0: a whole message, for a noAuthNoPriv, an authNoPriv and an authPriv
//      codec (header and USM parameters; discovery Reports);
//   1: a scopedPDU, sent authNoPriv with a valid MAC;
//   2: a scopedPDU, encrypted (AES) and sent authPriv with a valid MAC;
//   3: a privParameters length octet, then an encryptedPDU sent authPriv
//      (DES) with a valid MAC: ciphertext sizes and decryption garbage.
// Modes 1-3 reach the code behind the MAC check and decryption. decode_get
// is checked against decode_response on each.
#include "harness.hpp"
#include "usm/usm_codec.hpp"

using namespace anysnmp;
namespace nb = nanobind;
using ber::Writer;
namespace tag = ber::tag;

namespace {

constexpr int64_t kMsgId = 4242, kBoots = 5, kTime = 1000;
const std::string kEngine("\x80\x00\x1f\x88\x80\x66\x75\x7a\x7a", 9);
const std::string kUser = "fuzz";

usm::Secret secret(std::string_view s) { return usm::Secret(s.begin(), s.end()); }

usm::UsmCodec make_codec(usm::Auth auth, usm::Priv priv) {
    usm::UserConfig c{kUser, auth, secret("fuzz-auth-pass"), usm::KeyType::Password,
                      priv, secret("fuzz-priv-pass"), usm::KeyType::Password, usm::Extension::Blumenthal};
    return usm::UsmCodec(std::move(c), "", "", 65507);
}

struct Codecs {
    usm::UsmCodec noauth = make_codec(usm::Auth::None, usm::Priv::None);
    usm::UsmCodec auth = make_codec(usm::Auth::Sha1, usm::Priv::None);
    usm::UsmCodec aes = make_codec(usm::Auth::Sha1, usm::Priv::Aes128);
    usm::UsmCodec des = make_codec(usm::Auth::Md5, usm::Priv::Des);
    usm::Keys auth_keys = auth.derive(kEngine), aes_keys = aes.derive(kEngine), des_keys = des.derive(kEngine);

    // Fresh engine state per input, so that a crash reproduces alone.
    void reset() {
        for (usm::UsmCodec* c : {&noauth, &auth, &aes, &des}) c->set_engine(kEngine, c->derive(kEngine), kBoots, kTime);
    }
};
Codecs* codecs;

void put_octets(Writer& w, const void* p, size_t n) {
    w.put_bytes(p, n);
    w.put_header(tag::OctetString, n);
}

// A whole v3 message around msgData (already written into w), signed with `keys`.
nb::bytes wrap(Writer& w, const usm::Keys& keys, uint8_t flags, const uint8_t* salt, size_t salt_size) {
    size_t params = w.size();
    put_octets(w, salt, salt_size);
    size_t mac_size = keys.auth->mac_size();
    for (size_t i = 0; i < mac_size; ++i) w.put_byte(0);
    size_t mac_from_end = w.size();
    w.put_header(tag::OctetString, mac_size);
    put_octets(w, kUser.data(), kUser.size());
    ber::put_integer(w, tag::Integer, kTime);
    ber::put_integer(w, tag::Integer, kBoots);
    put_octets(w, kEngine.data(), kEngine.size());
    w.wrap(tag::Sequence, params);
    w.wrap(tag::OctetString, params);
    size_t global = w.size();
    ber::put_integer(w, tag::Integer, 3);
    put_octets(w, &flags, 1);
    ber::put_integer(w, tag::Integer, 65507);
    ber::put_integer(w, tag::Integer, kMsgId);
    w.wrap(tag::Sequence, global);
    ber::put_integer(w, tag::Integer, 3);
    w.wrap(tag::Sequence, 0);
    keys.auth->sign(w.mutable_data(), w.size(), w.size() - mac_from_end);
    return nb::bytes(reinterpret_cast<const char*>(w.data()), w.size());
}

void decode_all(usm::UsmCodec& codec, const nb::bytes& message) {
    fuzz::decode([&] { codec.decode_response(message, kMsgId, true); });
    fuzz::check_get(codec, message, kMsgId);
    pdu::Walker walker("1.3.6.1.2.1", true, false);
    fuzz::decode([&] { codec.decode_walk(message, kMsgId, walker); });
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz::init();
    codecs = new Codecs();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    Codecs& c = *codecs;
    c.reset();
    uint8_t mode = data[0] & 3;
    const uint8_t* rest = data + 1;
    size_t n = size - 1;
    Writer w;
    if (mode == 0) {
        nb::bytes message = fuzz::to_bytes(rest, n);
        fuzz::decode([&] { c.noauth.decode_discovery(message, kMsgId); });
        for (usm::UsmCodec* codec : {&c.noauth, &c.auth, &c.aes}) decode_all(*codec, message);
    } else if (mode == 1) {
        w.put_bytes(rest, n);
        decode_all(c.auth, wrap(w, c.auth_keys, 1 | 4, nullptr, 0));
    } else if (mode == 2) {
        std::vector<uint8_t> ciphertext;
        uint8_t salt[8];
        c.aes_keys.priv->encrypt(kBoots, kTime, rest, n, ciphertext, salt);
        put_octets(w, ciphertext.data(), ciphertext.size());
        decode_all(c.aes, wrap(w, c.aes_keys, 1 | 2 | 4, salt, 8));
    } else {
        if (n == 0) return 0;
        uint8_t salt[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        put_octets(w, rest + 1, n - 1);
        decode_all(c.des, wrap(w, c.des_keys, 1 | 2 | 4, salt, rest[0] % 17));
    }
    return 0;
}
