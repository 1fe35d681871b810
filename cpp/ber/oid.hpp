// OBJECT IDENTIFIER: arcs bounded to 32 bits and at most 128 of them.
#pragma once

#include <algorithm>
#include <cstring>
#include <string_view>

#include "ber/tlv.hpp"

namespace anysnmp::ber {

constexpr size_t kMaxArcs = 128;

// Decimal digits of an arc.
inline size_t arc_text_size(uint32_t v) {
    if (v < 10) return 1;
    if (v < 100) return 2;
    if (v < 1000) return 3;
    if (v < 10000) return 4;
    if (v < 100000) return 5;
    if (v < 1000000) return 6;
    if (v < 10000000) return 7;
    if (v < 100000000) return 8;
    return v < 1000000000 ? 9 : 10;
}

// Writes the decimal digits of `v` so that they end just before `end`.
inline void put_arc_text(char* end, uint32_t v) {
    static constexpr char kPairs[] =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
        "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
        "8081828384858687888990919293949596979899";
    while (v >= 100) {
        uint32_t q = v / 100;
        end -= 2;
        std::memcpy(end, kPairs + 2 * (v - q * 100), 2);
        v = q;
    }
    if (v >= 10) {
        end -= 2;
        std::memcpy(end, kPairs + 2 * v, 2);
    } else {
        *--end = static_cast<char>('0' + v);
    }
}

class Oid {
  public:
    // The arc array is left uninitialised: only the first size() arcs are
    // ever read, and copies move just those (an Oid is 520 octets, most
    // of them unused).
    Oid() {}
    Oid(const Oid& other) : n_(other.n_) { std::memcpy(arcs_, other.arcs_, n_ * sizeof(uint32_t)); }
    Oid& operator=(const Oid& other) {
        if (this != &other) {
            n_ = other.n_;
            std::memcpy(arcs_, other.arcs_, n_ * sizeof(uint32_t));
        }
        return *this;
    }

    // Dotted text, with or without a leading dot ("1.3.6.1" or ".1.3.6.1").
    static Oid parse(std::string_view text);
    static Oid decode(const Tlv& tlv);
    // Like decode, into an existing Oid (no 520-octet return copy).
    static void decode(const Tlv& tlv, Oid& out);

    size_t size() const { return n_; }
    uint32_t operator[](size_t i) const { return arcs_[i]; }
    void push_back(uint32_t arc);

    bool starts_with(const Oid& prefix) const {
        return prefix.n_ <= n_ && std::equal(prefix.arcs_, prefix.arcs_ + prefix.n_, arcs_);
    }
    // How many leading arcs this OID shares with `other`.
    size_t common_prefix(const Oid& other) const {
        size_t n = n_ < other.n_ ? n_ : other.n_, i = 0;
        while (i < n && arcs_[i] == other.arcs_[i]) ++i;
        return i;
    }
    // compare(other), given common_prefix(other) == shared.
    int compare_after(const Oid& other, size_t shared) const {
        if (shared < n_ && shared < other.n_) return arcs_[shared] < other.arcs_[shared] ? -1 : 1;
        return n_ == other.n_ ? 0 : (n_ < other.n_ ? -1 : 1);
    }
    // Lexicographic order of arcs, as SNMP orders the MIB.
    int compare(const Oid& other) const;
    bool operator<(const Oid& other) const { return compare(other) < 0; }
    bool operator==(const Oid& other) const { return compare(other) == 0; }

    // Appends dotted text without a leading dot.
    void format(std::string& out) const;
    // Writes dotted text into `out` (at least kMaxTextSize octets); returns its length.
    size_t format(char* out) const;
    // Length of the dotted text of arcs [from, size()), counting the dot
    // before each arc but the very first of the OID.
    size_t text_size(size_t from = 0) const;
    // Writes the dotted text of arcs [from, size()) (as text_size counts
    // it) into `out`, which has room for exactly text_size(from) octets.
    void format_tail(size_t from, char* out) const;
    static constexpr size_t kMaxTextSize = kMaxArcs * 11;
    std::string str() const {
        std::string s;
        format(s);
        return s;
    }
    void put(Writer& w) const;

  private:
    size_t n_ = 0;
    uint32_t arcs_[kMaxArcs];
};

}  // namespace anysnmp::ber
