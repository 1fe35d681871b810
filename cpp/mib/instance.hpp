// The instance part of a MIB name: the arcs past a table's column decoded by the row's
// INDEX as Net-SNMP prints them (integers or their enum labels, quoted strings, InetAddress
// values after their type, OIDs and IP addresses as their arcs), and the pieces the -OX form
// shares (quoted index strings, InetAddress texts).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace anysnmp::mib {

// How one INDEX object's value reads from the arcs of an instance.
struct IndexPart {
    enum class Kind { integer, string, arcs };
    Kind kind = Kind::integer;
    // string, arcs: the value takes every arc left (IMPLIED).
    bool implied = false;
    // string: a fixed length in octets; arcs: a fixed count (an IpAddress: 4); -1: neither
    // (a length arc comes first, unless implied).
    int64_t size = -1;
    // string: quotes escaped with a backslash (-OE).
    bool escape = false;
    // string: an InetAddress after its InetAddressType, printed as an address when the
    // type says one (never escaped).
    bool address = false;
    // integer: enum labels by number (the first label of a number).
    std::unordered_map<int64_t, std::string> labels;
};

// The instance text of dotted arcs below a node whose row INDEX is `parts` (the parts up to
// the first that never decodes): each value as Net-SNMP prints it, the arcs past the last
// value (or past a value that does not decode) as they are, joined with dots.
class InstanceDecoder {
public:
    // `column`: the first arc is a column the MIB does not define, printed as it is;
    // `dotted`: the text starts with a dot.
    InstanceDecoder(std::vector<IndexPart> parts, bool column, bool dotted);

    // `text`: dotted arcs, canonical decimal (no leading dot). An arc read as a number that
    // is not ASCII digits throws std::invalid_argument.
    std::string decode(std::string_view text) const;

private:
    std::vector<IndexPart> parts_;
    bool column_;
    bool dotted_;
};

// An index string's octets between `quote`s: a printable octet as itself, any other as
// "."; "" for no octets.
std::string quoted_octets(std::string_view data, std::string_view quote);

// An InetAddress index value after its InetAddressType `kind`: "192.0.2.1" (quoted),
// "fd:00:...:01" (16 two-digit hex octets), a zone as %N; nullopt: not an address of that
// type.
std::optional<std::string> inet_address(uint64_t kind, std::string_view data);

}  // namespace anysnmp::mib
