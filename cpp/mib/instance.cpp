#include "mib/instance.hpp"

#include <stdexcept>
#include <utility>

namespace anysnmp::mib {

namespace {

// An arc as a number (saturated at 2^64-1); not ASCII digits: std::invalid_argument.
uint64_t number(std::string_view arc) {
    if (arc.empty()) throw std::invalid_argument("an empty arc");
    uint64_t value = 0;
    for (char c : arc) {
        if (c < '0' || c > '9') {
            throw std::invalid_argument("an arc that is not a number: '" + std::string(arc) + "'");
        }
        unsigned digit = static_cast<unsigned>(c - '0');
        value = value > (UINT64_MAX - digit) / 10 ? UINT64_MAX : value * 10 + digit;
    }
    return value;
}

// The text being built: pieces joined with dots.
struct Joined {
    std::string text;
    bool first;
    void add(std::string_view piece) {
        if (!first) text += '.';
        text += piece;
        first = false;
    }
};

constexpr char kHex[] = "0123456789abcdef";

}  // namespace

std::string quoted_octets(std::string_view data, std::string_view quote) {
    if (data.empty()) return {};
    std::string text(quote);
    for (char c : data) {
        auto octet = static_cast<unsigned char>(c);
        text += octet >= 0x20 && octet < 0x7f ? c : '.';
    }
    text += quote;
    return text;
}

std::optional<std::string> inet_address(uint64_t kind, std::string_view data) {
    size_t size = data.size();
    std::string text = "\"";
    if ((kind == 1 && size == 4) || (kind == 3 && size == 8)) {
        for (size_t i = 0; i < 4; ++i) {
            if (i) text += '.';
            text += std::to_string(static_cast<unsigned char>(data[i]));
        }
    } else if ((kind == 2 && size == 16) || (kind == 4 && size == 20)) {
        for (size_t i = 0; i < 16; ++i) {
            if (i) text += ':';
            auto octet = static_cast<unsigned char>(data[i]);
            text += kHex[octet >> 4];
            text += kHex[octet & 0xf];
        }
    } else {
        return std::nullopt;
    }
    if (kind > 2) {  // a zoned address: its zone index, in network order
        uint32_t zone = 0;
        for (size_t i = size - 4; i < size; ++i) zone = zone << 8 | static_cast<unsigned char>(data[i]);
        text += '%';
        text += std::to_string(zone);
    }
    text += '"';
    return text;
}

InstanceDecoder::InstanceDecoder(std::vector<IndexPart> parts, bool column, bool dotted)
    : parts_(std::move(parts)), column_(column), dotted_(dotted) {}

std::string InstanceDecoder::decode(std::string_view text) const {
    std::vector<std::string_view> arcs;
    arcs.reserve(text.size() / 2 + 1);
    if (!text.empty()) {
        size_t start = 0;
        while (true) {
            size_t dot = text.find('.', start);
            arcs.push_back(text.substr(start, dot == std::string_view::npos ? dot : dot - start));
            if (dot == std::string_view::npos) break;
            start = dot + 1;
        }
    }
    size_t end = arcs.size();
    Joined out{{}, !dotted_};
    out.text.reserve(text.size() + 16);
    size_t at = 0;
    if (column_ && end) out.add(arcs[at++]);
    for (const IndexPart& part : parts_) {
        if (at >= end) break;
        if (part.kind == IndexPart::Kind::integer) {
            if (!part.labels.empty()) {
                // Looked up as Net-SNMP does: a C int, the arc's low 32 bits (4294967295: -1;
                // an arc past 2^32, as snmptranslate reads text, its low bits' label).
                auto key = static_cast<int64_t>(static_cast<int32_t>(static_cast<uint32_t>(number(arcs[at]))));
                auto found = part.labels.find(key);
                if (found != part.labels.end() && !found->second.empty()) {
                    out.add(found->second);
                    ++at;
                    continue;
                }
            }
            out.add(arcs[at++]);
            continue;
        }
        if (part.kind == IndexPart::Kind::arcs) {
            size_t stop = end;
            if (part.size >= 0) {  // fixed: an IpAddress
                if (static_cast<uint64_t>(part.size) > end - at) break;
                stop = at + static_cast<size_t>(part.size);
            } else if (!part.implied) {  // the length, then the arcs
                if (number(arcs[at]) == UINT64_MAX) {  // see the string's length below
                    out.add("");
                    continue;
                }
                if (number(arcs[at]) >= end - at) break;
                stop = at + 1 + static_cast<size_t>(number(arcs[at]));
            }
            for (; at < stop; ++at) out.add(arcs[at]);
            continue;
        }
        // An OCTET STRING: implied (the rest), fixed-length or length-prefixed.
        std::string_view mark = part.escape ? "\\" : "";
        size_t start = at, stop = end;
        if (part.implied) {
        } else if (part.size >= 0) {
            if (static_cast<uint64_t>(part.size) > end - at) break;
            stop = at + static_cast<size_t>(part.size);
        } else if (arcs[at] == "0") {  // no octets (an empty context name...)
            out.add(part.escape ? "\\\"\\\"" : "\"\"");
            ++at;
            continue;
        } else if (number(arcs[at]) == UINT64_MAX) {
            // Net-SNMP's count of arcs (the length + 1) wraps to 0: nothing printed, and
            // nothing taken (snmptranslate's "x.3..18446744073709551615.97").
            out.add("");
            continue;
        } else {
            uint64_t count = number(arcs[at]);
            start = at + 1;
            if (count > end - start) break;
            stop = start + static_cast<size_t>(count);
        }
        std::string data;
        data.reserve(stop - start);
        for (size_t i = start; i < stop; ++i) {
            // An arc past 255 prints as an unprintable octet does: "." (as Net-SNMP's).
            uint64_t arc = number(arcs[i]);
            data += static_cast<char>(arc < 256 ? arc : 255);
        }
        if (part.address && at && !data.empty()) {
            auto address = inet_address(number(arcs[at - 1]), data);
            if (address) {
                out.add(*address);
                at = stop;
                continue;
            }
        }
        std::string quote(mark);
        quote += part.implied || part.size >= 0 ? '\'' : '"';
        std::string quoted = quoted_octets(data, quote);
        out.add(quoted.empty() ? (part.escape ? "\\\"\\\"" : "\"\"") : std::string_view(quoted));
        at = stop;
    }
    for (; at < end; ++at) out.add(arcs[at]);
    return std::move(out.text);
}

}  // namespace anysnmp::mib
