// The BER rules of DESIGN.md ("Correctness rules that peers get wrong") and a
// message round trip, run under ASan and UBSan. Exit status 0 when all pass;
// fuzz crash inputs (fuzz/regressions/*) are replayed by the fuzz binaries.
#include <cstdio>
#include <string>
#include <vector>

#include <nanobind/stl/string.h>

#include "agent/keys.hpp"
#include "harness.hpp"
#include "pdu/message.hpp"

using namespace anysnmp;
namespace nb = nanobind;
using Bytes = std::vector<uint8_t>;

static int failures = 0;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            std::fprintf(stderr, "%s:%d: FAILED %s\n", __FILE__, __LINE__, #cond); \
            ++failures;                                                    \
        }                                                                  \
    } while (0)

static ber::Tlv tlv(const Bytes& b) {
    ber::Reader r(b.data(), b.size());
    ber::Tlv t = r.next();
    r.expect_end("the element");
    return t;
}

template <class F>
static bool rejects(F&& f) {
    try {
        f();
    } catch (const ber::DecodeError&) {
        return true;
    }
    return false;
}

static bool oid_rejected(const Bytes& b) { return rejects([&] { ber::Oid::decode(tlv(b)); }); }

static Bytes oid_of_arcs(size_t n) {
    Bytes b{0x06, static_cast<uint8_t>(n - 1), 0x2b};
    for (size_t i = 2; i < n; ++i) b.push_back(1);
    return b;
}

static void ber_rules() {
    CHECK(rejects([] { tlv({0x30, 0x80, 0x00, 0x00}); }));          // indefinite length
    CHECK(tlv({0x04, 0x82, 0x00, 0x02, 'h', 'i'}).size == 2);        // non-minimal long form
    CHECK(rejects([] { tlv({0x04, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00}); }));  // > 2^32-1
    CHECK(rejects([] { tlv({0x04, 0x84, 0x7f, 0xff, 0xff, 0xff}); }));         // past the end
    CHECK(rejects([] { tlv({0x1f, 0x01, 0x00}); }));                            // multi-octet tag
    CHECK(oid_rejected({0x06, 0x00}));
    CHECK(ber::Oid::decode(tlv({0x06, 0x03, 0x2b, 0x80, 0x01}))[2] == 1);  // non-minimal, as Net-SNMP
    CHECK(oid_rejected({0x06, 0x02, 0x2b, 0x81}));                   // trailing continuation
    CHECK(oid_rejected({0x06, 0x06, 0x2b, 0x90, 0x80, 0x80, 0x80, 0x00}));  // arc 2^32
    CHECK(oid_rejected({0x06, 0x05, 0x90, 0x80, 0x80, 0x80, 0x00}));        // first subid 2^32
    CHECK(ber::Oid::decode(tlv({0x06, 0x06, 0x2b, 0x8f, 0xff, 0xff, 0xff, 0x7f}))[2] == 0xffffffffu);
    CHECK(ber::Oid::decode(tlv(oid_of_arcs(128))).size() == 128);
    CHECK(oid_rejected(oid_of_arcs(129)));
    CHECK(ber::decode_unsigned(tlv({0x42, 0x01, 0x80}), 32) == 128);
    CHECK(ber::decode_unsigned(tlv({0x42, 0x05, 0x00, 0xff, 0xff, 0xff, 0xff}), 32) == 0xffffffffu);
    CHECK(ber::decode_unsigned(tlv({0x42, 0x05, 0x01, 0x00, 0x00, 0x00, 0x02}), 32) == 2);  // low 32 bits
    CHECK(rejects([] { ber::decode_unsigned(tlv({0x42, 0x09, 1, 0, 0, 0, 0, 0, 0, 0, 0}), 32); }));
    CHECK(rejects([] { ber::decode_unsigned(tlv({0x42, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}), 32); }));
    CHECK(rejects([] { ber::decode_unsigned(tlv({0x42, 0x00}), 32); }));
    CHECK(rejects([] { ber::decode_integer(tlv({0x02, 0x09, 1, 0, 0, 0, 0, 0, 0, 0, 0})); }));
    CHECK(ber::decode_integer(tlv({0x02, 0x02, 0xff, 0x7f})) == -129);
    CHECK(ber::decode_integer32(tlv({0x02, 0x05, 0x01, 0x00, 0x00, 0x00, 0x01})) == 1);
    CHECK(ber::decode_integer32(tlv({0x02, 0x05, 0xff, 0x7f, 0xff, 0xff, 0xff})) == -2147483647);
}

static nb::bytes message(int64_t rid, nb::list varbinds) {
    return pdu::encode_message(1, nb::bytes("public"), 0xa2, rid, 0, 0, varbinds);
}

static void messages() {
    nb::list vbs;
    vbs.append(nb::make_tuple("1.3.6.1.2.1.1.3.0", 0x43, 12345));
    vbs.append(nb::make_tuple("1.3.6.1.2.1.1.5.0", 0x04, nb::bytes("host")));
    vbs.append(nb::make_tuple("1.3.6.1.2.1.1.9.0", 0x46, nb::int_(1) << nb::int_(63)));
    nb::bytes m = message(7, vbs);
    nb::tuple t = pdu::decode_message(m, false);
    CHECK(nb::cast<int64_t>(t[0]) == 1);
    nb::list out = nb::cast<nb::list>(t[4]);
    CHECK(out.size() == 3);
    CHECK(nb::cast<std::string>(out[0][0]) == "1.3.6.1.2.1.1.3.0");
    CHECK(nb::cast<int64_t>(out[0][1]) == 12345);
    CHECK(out[2][1].equal(nb::int_(1) << nb::int_(63)));
    CHECK(pdu::peek_message_id(m) == 7);

    // Every truncation of a valid message is rejected, never misread.
    std::string s(m.c_str(), m.size());
    for (size_t n = 0; n < s.size(); ++n)
        CHECK(rejects([&] { pdu::decode_message(nb::bytes(s.data(), n), false); }));

    // 65,535 varbinds decode; 65,536 are refused.
    Bytes body;
    const Bytes vb{0x30, 0x05, 0x06, 0x01, 0x2b, 0x05, 0x00};
    auto request = [&](size_t count) {
        Bytes list;
        for (size_t i = 0; i < count; ++i) list.insert(list.end(), vb.begin(), vb.end());
        ber::Writer w;
        w.put_bytes(list.data(), list.size());
        pdu::wrap_pdu(w, 0, 0xa0, 1, 0, 0);
        pdu::wrap_community_message(w, 0, 1, "public");
        return nb::bytes(reinterpret_cast<const char*>(w.data()), w.size());
    };
    CHECK(nb::cast<nb::list>(agent::decode_request(request(65535))[6]).size() == 65535);
    CHECK(rejects([&] { agent::decode_request(request(65536)); }));
}

// GetRequest encodes what encode_request encodes and matches answers by OID.
static void get_requests() {
    pdu::Codec codec(1, "public");
    nb::list oids;
    oids.append("1.3.6.1.2.1.1.3.0");
    oids.append(".1.3.6.1.2.1.1.5.0");
    oids.append("2.4294967215.4294967295.0.127.128.16384");
    pdu::GetRequest request(nb::none(), &codec, oids, false);
    nb::bytes a = codec.encode_get(9, request);
    nb::bytes b = codec.encode_request(0xa0, 9, oids, 0, 0);
    CHECK(std::string(a.c_str(), a.size()) == std::string(b.c_str(), b.size()));
    nb::list vbs;
    vbs.append(nb::make_tuple(oids[0], 0x43, 12345));
    vbs.append(nb::make_tuple(oids[1], 0x04, nb::bytes("host")));
    vbs.append(nb::make_tuple(oids[2], 0x81, nb::none()));
    nb::bytes m = message(9, vbs);
    std::optional<nb::tuple> got = codec.decode_get(m, 9, request);
    CHECK(got && PyDict_Check((*got)[3].ptr()));
    if (got && PyDict_Check((*got)[3].ptr())) {
        nb::dict d = nb::cast<nb::dict>((*got)[3]);
        CHECK(d.size() == 2);
        CHECK(d["1.3.6.1.2.1.1.3.0"].equal(nb::int_(12345)));
        CHECK(d["1.3.6.1.2.1.1.5.0"].equal(nb::bytes("host")));
    }
    CHECK(!codec.decode_get(m, 10, request));
    // Another order: the list decode_response returns.
    nb::list swapped;
    swapped.append(oids[1]);
    swapped.append(oids[0]);
    swapped.append(oids[2]);
    pdu::GetRequest other(nb::none(), &codec, swapped, false);
    got = codec.decode_get(m, 9, other);
    CHECK(got && PyList_Check((*got)[3].ptr()) && got->equal(*codec.decode_response(m, 9, false)));
    // Every truncation is rejected, as decode_response rejects it.
    std::string s(m.c_str(), m.size());
    for (size_t n = 0; n < s.size(); ++n)
        CHECK(rejects([&] { codec.decode_get(nb::bytes(s.data(), n), 9, request); }));
}

int main() {
    fuzz::init();
    ber_rules();
    messages();
    get_requests();
    if (PyErr_Occurred()) {
        PyErr_Print();
        ++failures;
    }
    std::printf("codec_test: %s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
