// The runtime trace's hooks (go::sim::trace, chan/sim.hpp): the scheduler, park, go and
// selectgo call these only while a traced runtime runs on the thread, behind one predictable
// branch on `tl_trace`.
#pragma once

#include <cstdint>
#include <source_location>
#include <string>
#include <string_view>

namespace go::sim {
class trace;
}

namespace go::detail {

struct scase;

// The recorder of the runtime running on this thread, or null (the common case).
extern thread_local go::sim::trace* tl_trace;
// The go::sim::trace alive on this thread (the next go::run on it records into it).
extern thread_local go::sim::trace* tl_recorder;
// Appends a line to a recorder.
void trace_append(go::sim::trace* t, std::string line);

// Appends one event of the running goroutine: "[t=...] g<id> <what>".
void trace_event(std::string_view what);

// selectgo's outcome: which cases were ready when the select looked (case indices in the
// caller's order), whether it had to park, and which case ran (-1: the default).
void trace_select(const std::source_location& where, const scase* cases, int ncases, const int* ready, int nready,
                  bool parked, int fired, bool recv_ok);

// Which cases of a select are ready right now (called with every case's channel locked).
int select_ready_cases(const scase* cases, int ncases, int* out);

}  // namespace go::detail
