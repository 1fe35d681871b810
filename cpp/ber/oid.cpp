#include "ber/oid.hpp"

namespace anysnmp::ber {

void Oid::push_back(uint32_t arc) {
    if (n_ >= kMaxArcs) throw EncodeError("OID has more than 128 arcs");
    arcs_[n_++] = arc;
}

Oid Oid::parse(std::string_view text) {
    Oid oid;
    size_t i = 0;
    auto malformed = [&](const char* why) {
        return EncodeError("malformed OID '" + std::string(text) + "': " + why);
    };
    if (!text.empty() && text[0] == '.') ++i;
    if (i == text.size()) throw EncodeError("empty OID");
    while (true) {
        uint64_t arc = 0;
        size_t start = i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            arc = arc * 10 + static_cast<uint64_t>(text[i] - '0');
            if (arc > 0xffffffffu) throw EncodeError("OID arc exceeds 2^32-1 in '" + std::string(text) + "'");
            ++i;
        }
        if (i == start)
            throw malformed(i < text.size() && text[i] != '.' ? "an arc that is not ASCII digits" : "an empty arc");
        // "06" would be sent as 6, and the answer's OID, 6, match no OID asked for.
        if (text[start] == '0' && i - start > 1) throw malformed("an arc with a leading zero");
        if (oid.n_ >= kMaxArcs) throw EncodeError("OID has more than 128 arcs");
        oid.arcs_[oid.n_++] = static_cast<uint32_t>(arc);
        if (i == text.size()) break;
        if (text[i] != '.') throw malformed("an arc that is not ASCII digits");
        ++i;
    }
    if (oid.n_ < 2) throw EncodeError("OID '" + std::string(text) + "' needs at least two arcs");
    if (oid.arcs_[0] > 2)
        throw EncodeError("OID '" + std::string(text) + "' has invalid first arcs: the first arc is 0, 1 or 2");
    if ((oid.arcs_[0] < 2 && oid.arcs_[1] > 39) || (oid.arcs_[0] == 2 && oid.arcs_[1] > 0xffffffffu - 80))
        throw EncodeError("OID '" + std::string(text) +
                          "' has invalid first arcs: the second arc is below 40 under 0 and 1");
    return oid;
}

Oid Oid::decode(const Tlv& tlv) {
    Oid oid;
    decode(tlv, oid);
    return oid;
}

// One subidentifier starting at p, of at most 2^32-1 (the first one too, as in
// Net-SNMP). Leading 0x80 octets (a non-minimal form) are read, as Net-SNMP reads them.
static uint32_t subidentifier(const uint8_t*& p, const uint8_t* end) {
    uint64_t sub = 0;
    while (true) {
        if (p >= end) throw DecodeError("OID ends inside a subidentifier");
        uint8_t b = *p++;
        sub = (sub << 7) | (b & 0x7f);
        if (sub > 0xffffffffu) throw DecodeError("OID arc exceeds 2^32-1");
        if (!(b & 0x80)) return static_cast<uint32_t>(sub);
    }
}

void Oid::decode(const Tlv& tlv, Oid& oid) {
    if (tlv.size == 0) throw DecodeError("empty OBJECT IDENTIFIER");
    const uint8_t* p = tlv.data;
    const uint8_t* end = p + tlv.size;
    uint32_t sub = subidentifier(p, end);
    uint32_t a0 = sub < 40 ? 0 : sub < 80 ? 1 : 2;
    oid.arcs_[0] = a0;
    oid.arcs_[1] = sub - 40 * a0;
    size_t n = 2;
    if (static_cast<size_t>(end - p) <= kMaxArcs - n) {
        // Each octet ends at most one arc, so the arc count needs no checks.
        while (p < end) {
            if (*p < 0x80) {
                oid.arcs_[n++] = *p++;
                continue;
            }
            oid.arcs_[n++] = subidentifier(p, end);
        }
        oid.n_ = n;
        return;
    }
    while (p < end) {
        if (*p < 0x80) {  // a one-octet subidentifier: most arcs
            if (n >= kMaxArcs) throw DecodeError("OID has more than 128 arcs");
            oid.arcs_[n++] = *p++;
            continue;
        }
        sub = subidentifier(p, end);
        if (n >= kMaxArcs) throw DecodeError("OID has more than 128 arcs");
        oid.arcs_[n++] = sub;
    }
    oid.n_ = n;
}

int Oid::compare(const Oid& other) const {
    size_t n = std::min(n_, other.n_);
    for (size_t i = 0; i < n; ++i)
        if (arcs_[i] != other.arcs_[i]) return arcs_[i] < other.arcs_[i] ? -1 : 1;
    return n_ == other.n_ ? 0 : (n_ < other.n_ ? -1 : 1);
}

size_t Oid::text_size(size_t from) const {
    size_t len = 0;
    for (size_t i = from; i < n_; ++i) len += arc_text_size(arcs_[i]) + (i != 0);
    return len;
}

void Oid::format_tail(size_t from, char* out) const {
    char* p = out;
    for (size_t i = from; i < n_; ++i) {
        if (i) *p++ = '.';
        p += arc_text_size(arcs_[i]);
        put_arc_text(p, arcs_[i]);
    }
}

size_t Oid::format(char* out) const {
    size_t len = text_size(0);
    format_tail(0, out);
    return len;
}

void Oid::format(std::string& out) const {
    char buf[kMaxTextSize];
    out.append(buf, format(buf));
}

static void put_subid(Writer& w, uint64_t v) {
    w.put_byte(static_cast<uint8_t>(v & 0x7f));
    for (v >>= 7; v; v >>= 7) w.put_byte(static_cast<uint8_t>(0x80 | (v & 0x7f)));
}

void Oid::put(Writer& w) const {
    size_t mark = w.size();
    for (size_t i = n_; i-- > 2;) put_subid(w, arcs_[i]);
    put_subid(w, uint64_t{arcs_[0]} * 40 + arcs_[1]);
    w.wrap(tag::ObjectId, mark);
}

}  // namespace anysnmp::ber
