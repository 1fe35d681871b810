// BER tag/length framing (RFC 3417 subset used by SNMP): a bounds-checked
// forward reader and a reverse writer (content first, then its header).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "registry/registry.hpp"

namespace anysnmp::ber {

struct DecodeError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct EncodeError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

namespace tag {
using namespace registry::smi_tag;  // the SMI value tags
constexpr uint8_t Sequence = 0x30;
}  // namespace tag

std::string hex_tag(uint8_t t);

// One decoded element: its tag and a view of its content octets.
struct Tlv {
    uint8_t tag;
    const uint8_t* data;
    size_t size;
};

class Reader {
  public:
    Reader(const uint8_t* data, size_t size) : p_(data), end_(data + size) {}
    explicit Reader(const Tlv& tlv) : Reader(tlv.data, tlv.size) {}

    bool empty() const { return p_ >= end_; }
    size_t remaining() const { return static_cast<size_t>(end_ - p_); }
    const uint8_t* position() const { return p_; }
    // Moves past `n` octets the caller has already checked (n <= remaining()).
    void skip(size_t n) { p_ += n; }

    // The next element; its content lies inside the remaining input.
    Tlv next() {
        if (p_ >= end_) throw DecodeError("truncated: expected a BER element");
        uint8_t t = *p_++;
        if ((t & 0x1f) == 0x1f) throw DecodeError("multi-octet BER tags are not used by SNMP");
        size_t len = read_length();
        if (len > remaining())
            throw DecodeError("length " + std::to_string(len) + " exceeds the " +
                              std::to_string(remaining()) + " remaining octets");
        Tlv tlv{t, p_, len};
        p_ += len;
        return tlv;
    }

    // The next element, which must carry `expected` as its tag.
    Tlv expect(uint8_t expected, const char* what) {
        Tlv tlv = next();
        if (tlv.tag != expected)
            throw DecodeError(std::string("expected ") + what + " (tag " + hex_tag(expected) +
                              "), got tag " + hex_tag(tlv.tag));
        return tlv;
    }

    void expect_end(const char* what) const {
        if (p_ != end_)
            throw DecodeError(std::to_string(remaining()) + " trailing octets after " + what);
    }

  private:
    size_t read_length() {
        if (p_ >= end_) throw DecodeError("truncated: missing BER length");
        uint8_t first = *p_++;
        if (first < 0x80) return first;
        if (first == 0x80) throw DecodeError("indefinite BER length is not allowed");
        size_t n = first & 0x7f;
        if (n > remaining()) throw DecodeError("truncated BER length");
        uint64_t len = 0;
        for (size_t i = 0; i < n; ++i) {
            len = (len << 8) | *p_++;
            // Non-minimal forms (82 00 05) are accepted; absurd values are not.
            if (len > 0xffffffffu) throw DecodeError("BER length too large");
        }
        return static_cast<size_t>(len);
    }

    const uint8_t* p_;
    const uint8_t* end_;
};

// Reverse writer: elements are emitted back to front, so each header is
// written after its content and lengths are always known.
class Writer {
  public:
    explicit Writer(size_t capacity = 1024) : buf_(capacity), pos_(capacity) {}

    size_t size() const { return buf_.size() - pos_; }
    const uint8_t* data() const { return buf_.data() + pos_; }
    uint8_t* mutable_data() { return buf_.data() + pos_; }
    void clear() { pos_ = buf_.size(); }
    // Drops everything written since `mark` (a previous size()).
    void rewind(size_t mark) { pos_ = buf_.size() - mark; }

    void put_byte(uint8_t b) {
        reserve(1);
        buf_[--pos_] = b;
    }

    void put_bytes(const void* src, size_t n) {
        reserve(n);
        pos_ -= n;
        if (n) std::memcpy(buf_.data() + pos_, src, n);
    }

    // Writes the header of an element whose content is the last `len` octets.
    void put_header(uint8_t t, size_t len) {
        if (len < 0x80) {
            reserve(2);
            buf_[--pos_] = static_cast<uint8_t>(len);
        } else {
            uint8_t n = 0;
            reserve(6);
            for (size_t l = len; l; l >>= 8, ++n) buf_[--pos_] = static_cast<uint8_t>(l & 0xff);
            buf_[--pos_] = static_cast<uint8_t>(0x80 | n);
        }
        buf_[--pos_] = t;
    }

    // Wraps everything written since `mark` (a previous size()) in a header.
    void wrap(uint8_t t, size_t mark) { put_header(t, size() - mark); }

  private:
    void reserve(size_t n) {
        if (pos_ >= n) return;
        size_t used = size();
        size_t cap = std::max(buf_.size() * 2, used + n + 64);
        std::vector<uint8_t> bigger(cap);
        if (used) std::memcpy(bigger.data() + cap - used, buf_.data() + pos_, used);
        buf_.swap(bigger);
        pos_ = cap - used;
    }

    std::vector<uint8_t> buf_;
    size_t pos_;
};

}  // namespace anysnmp::ber
