// The binding functions module.cpp calls, one per area of the core.
#pragma once

#include <nanobind/nanobind.h>

namespace anysnmp {
void bind_codec(nanobind::module_& m);
void bind_usm(nanobind::module_& m);
void bind_resync(nanobind::module_& m);
void bind_agent(nanobind::module_& m);
void bind_items(nanobind::module_& m);
void bind_registry(nanobind::module_& m);
void bind_blocking(nanobind::module_& m);
void bind_udp_receive(nanobind::module_& m);
void bind_get_poller(nanobind::module_& m);
void bind_udp_exchange(nanobind::module_& m);
void bind_mib(nanobind::module_& m);
}  // namespace anysnmp
