// INTEGER (signed) and the unsigned application types (Counter32, Gauge32,
// TimeTicks, Counter64): content decoding with size bounds, and encoding.
#pragma once

#include "ber/tlv.hpp"

namespace anysnmp::ber {

// INTEGER content: 1 to 8 octets, two's complement.
int64_t decode_integer(const Tlv& tlv);

// Unsigned content of at most `max_bits` (32 or 64) bits: up to max_bits/8
// octets, plus one leading 00 octet. A set high bit is read as unsigned, as
// agents that forget the sign octet mean it (42 01 80 is 128).
uint64_t decode_unsigned(const Tlv& tlv, unsigned max_bits);

void put_integer(Writer& w, uint8_t t, int64_t v);
void put_unsigned(Writer& w, uint8_t t, uint64_t v);

}  // namespace anysnmp::ber
