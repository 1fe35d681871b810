// OBJECT IDENTIFIER: arcs bounded to 32 bits and at most 128 of them.
#pragma once

#include <algorithm>
#include <array>
#include <string_view>

#include "ber/tlv.hpp"

namespace anysnmp::ber {

constexpr size_t kMaxArcs = 128;

class Oid {
  public:
    Oid() = default;

    // Dotted text, with or without a leading dot ("1.3.6.1" or ".1.3.6.1").
    static Oid parse(std::string_view text);
    static Oid decode(const Tlv& tlv);

    size_t size() const { return n_; }
    uint32_t operator[](size_t i) const { return arcs_[i]; }
    void push_back(uint32_t arc);

    bool starts_with(const Oid& prefix) const {
        return prefix.n_ <= n_ && std::equal(prefix.arcs_.begin(), prefix.arcs_.begin() + prefix.n_,
                                             arcs_.begin());
    }
    // Lexicographic order of arcs, as SNMP orders the MIB.
    int compare(const Oid& other) const;
    bool operator<(const Oid& other) const { return compare(other) < 0; }
    bool operator==(const Oid& other) const { return compare(other) == 0; }

    // Appends dotted text without a leading dot.
    void format(std::string& out) const;
    // Writes dotted text into `out` (at least kMaxTextSize octets); returns its length.
    size_t format(char* out) const;
    static constexpr size_t kMaxTextSize = kMaxArcs * 11;
    std::string str() const {
        std::string s;
        format(s);
        return s;
    }
    void put(Writer& w) const;

  private:
    std::array<uint32_t, kMaxArcs> arcs_{};
    size_t n_ = 0;
};

}  // namespace anysnmp::ber
