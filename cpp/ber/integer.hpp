// INTEGER (signed) and the unsigned application types (Counter32, Gauge32,
// TimeTicks, Counter64): content decoding with size bounds, and encoding.
#pragma once

#include "ber/tlv.hpp"

namespace anysnmp::ber {

// INTEGER content: 1 to 8 octets, two's complement.
int64_t decode_integer(const Tlv& tlv);

// An INTEGER value as Net-SNMP reads it: decode_integer's, folded into 32 bits
// when out of Integer32's range (above: its low 32 bits; below: minus them).
int64_t decode_integer32(const Tlv& tlv);

// Unsigned content as Net-SNMP reads it: 1 to 8 octets, or 9 with a leading
// 00 octet, kept to its low `bits` (32 or 64) bits. A set high bit is read as
// unsigned, as agents that forget the sign octet mean it (42 01 80 is 128).
uint64_t decode_unsigned(const Tlv& tlv, unsigned bits);

void put_integer(Writer& w, uint8_t t, int64_t v);
void put_unsigned(Writer& w, uint8_t t, uint64_t v);

}  // namespace anysnmp::ber
