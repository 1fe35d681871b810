#include "ber/integer.hpp"

namespace anysnmp::ber {

std::string hex_tag(uint8_t t) {
    static const char digits[] = "0123456789abcdef";
    std::string s = "0x00";
    s[2] = digits[t >> 4];
    s[3] = digits[t & 0xf];
    return s;
}

int64_t decode_integer(const Tlv& tlv) {
    if (tlv.size == 0) throw DecodeError("empty INTEGER");
    if (tlv.size > 8) throw DecodeError("INTEGER of " + std::to_string(tlv.size) + " octets is too long");
    uint64_t v = (tlv.data[0] & 0x80) ? ~uint64_t{0} : 0;
    for (size_t i = 0; i < tlv.size; ++i) v = (v << 8) | tlv.data[i];
    return static_cast<int64_t>(v);
}

int64_t decode_integer32(const Tlv& tlv) {
    int64_t v = decode_integer(tlv);
    if (v > INT32_MAX) return v & 0xffffffff;
    if (v < INT32_MIN) return -(v & 0xffffffff);
    return v;
}

uint64_t decode_unsigned(const Tlv& tlv, unsigned bits) {
    if (tlv.size == 0) throw DecodeError("empty unsigned integer (tag " + hex_tag(tlv.tag) + ")");
    if (tlv.size > 9 || (tlv.size == 9 && tlv.data[0] != 0))
        throw DecodeError("unsigned integer (tag " + hex_tag(tlv.tag) + ") exceeds 64 bits");
    uint64_t v = 0;
    for (size_t i = 0; i < tlv.size; ++i) v = (v << 8) | tlv.data[i];
    return bits == 64 ? v : v & 0xffffffff;
}

void put_integer(Writer& w, uint8_t t, int64_t v) {
    uint8_t tmp[8];
    size_t n = 0;
    uint64_t u = static_cast<uint64_t>(v);
    // Emit low octets until the rest is pure sign extension of the last one.
    do {
        tmp[n++] = static_cast<uint8_t>(u & 0xff);
        v >>= 8;
        u = static_cast<uint64_t>(v);
    } while (n < 8 && !((v == 0 && !(tmp[n - 1] & 0x80)) || (v == -1 && (tmp[n - 1] & 0x80))));
    for (size_t i = 0; i < n; ++i) w.put_byte(tmp[i]);
    w.put_header(t, n);
}

void put_unsigned(Writer& w, uint8_t t, uint64_t v) {
    size_t n = 0;
    uint8_t last = 0;
    do {
        last = static_cast<uint8_t>(v & 0xff);
        w.put_byte(last);
        v >>= 8;
        ++n;
    } while (v);
    if (last & 0x80) {
        w.put_byte(0);
        ++n;
    }
    w.put_header(t, n);
}

}  // namespace anysnmp::ber
