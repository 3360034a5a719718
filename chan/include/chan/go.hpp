// The whole library: channels, select, the runtime, time, sync, context.
#pragma once

#include "chan/chan.hpp"
#include "chan/context.hpp"
#include "chan/dpipe.hpp"
#include "chan/error.hpp"
#include "chan/fmt.hpp"
#include "chan/net.hpp"
#include "chan/runtime.hpp"
#include "chan/select.hpp"
#include "chan/sync.hpp"
#include "chan/time.hpp"
#include "chan/udp_listener.hpp"
