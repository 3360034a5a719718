// The whole library: channels, select, the runtime, time, sync, context.
#pragma once

#include "chan/chan.hpp"
#include "chan/error.hpp"
#include "chan/fmt.hpp"
#include "chan/runtime.hpp"
#include "chan/select.hpp"
