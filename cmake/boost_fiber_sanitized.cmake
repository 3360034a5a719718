# Boost.Fiber compiled from Debian's source with the ucontext back-end and the sanitizer's
# fiber-switch annotations (included by the top-level CMakeLists.txt when SANITIZE and
# BOOST_FIBER_SOURCE_DIR are both set; scripts/boost-fiber-src.sh fetches the sources).
#
# Debian's libboost_fiber/libboost_context use the assembly fcontext back-end, whose switches
# neither ASan nor TSan can see. Boost.Context's ucontext back-end (boost/context/fiber_ucontext.hpp,
# header-only) calls __sanitizer_start/finish_switch_fiber under BOOST_USE_ASAN and
# __tsan_create/switch_to/destroy_fiber under BOOST_USE_TSAN. Boost.Fiber's compiled library and
# every file that includes its headers must agree on the back-end (boost::fibers::context holds a
# boost::context::fiber by value), so the macros are set for the whole build and the library is
# compiled here, with the same sanitizer flags, instead of linked from Debian.
# Writes `content` to `path` only when it differs, so a reconfigure does not touch a header
# every file includes (and rebuild the whole tree).
function(_write_header_if_changed path content)
  file(WRITE ${path}.tmp "${content}")
  configure_file(${path}.tmp ${path} COPYONLY)
  file(REMOVE ${path}.tmp)
endfunction()

# (Included by a CHAN_FUZZ build too; CHAN_ASAN covers both kinds of ASan build.)
if(CHAN_ASAN)
  add_compile_definitions(BOOST_USE_UCONTEXT BOOST_USE_ASAN)
elseif(SANITIZE STREQUAL "thread")
  add_compile_definitions(BOOST_USE_UCONTEXT BOOST_USE_TSAN)
endif()

# ThreadSanitizer does not model std::atomic_thread_fence (GCC: -Wtsan), and Boost.Fiber's
# reference counts release their objects with fetch_sub(release) + fence(acquire): when the last
# reference to a fiber's context is dropped on another thread than the one that ran it, TSan sees
# the destruction race with the fiber's last accesses. For a TSan build, copies of the four
# headers that do this are written with fetch_sub(acq_rel) instead (the same ordering and
# stronger, as TSan's documentation suggests) and put ahead of /usr/include.
if(SANITIZE STREQUAL "thread")
  set(_tsan_inc ${CMAKE_BINARY_DIR}/tsan-boost-include)
  foreach(_h fiber/context.hpp fiber/algo/algorithm.hpp fiber/detail/fss.hpp fiber/future/detail/shared_state.hpp)
    file(READ ${Boost_INCLUDE_DIRS}/boost/${_h} _text)
    string(REGEX REPLACE
           "fetch_sub\\( 1, std::memory_order_release\\) \\) {[ \t\r\n]*std::atomic_thread_fence\\( std::memory_order_acquire\\);"
           "fetch_sub( 1, std::memory_order_acq_rel) ) {" _patched "${_text}")
    if(_patched STREQUAL _text OR _patched MATCHES "atomic_thread_fence\\( std::memory_order_acquire")
      message(FATAL_ERROR "boost/${_h}: the fetch_sub + atomic_thread_fence pattern to rewrite for TSan was not found")
    endif()
    _write_header_if_changed(${_tsan_inc}/boost/${_h} "${_patched}")
  endforeach()
  include_directories(BEFORE ${_tsan_inc})
endif()

# Boost.Context 1.81's ucontext fiber leaks ASan's fake stack of every fiber that ends: when the
# ending fiber switches away for the last time, fiber_activation_record::resume() tests the
# *target's* `terminated` flag (never set there) instead of the ending fiber's, so it saves the
# fake stack into a record about to be freed instead of passing nullptr, which tells ASan to free
# it. With detect_stack_use_after_return on (clang 16's default, so every fuzz target) that was
# about 1 MB of RSS per fuzz input: fuzz_client reached libFuzzer's 2 GB limit in 150 s. A copy of
# the header with `from->terminated` goes ahead of /usr/include (port-notes/sanitizers.md).
if(CHAN_ASAN)
  set(_asan_inc ${CMAKE_BINARY_DIR}/asan-boost-include)
  file(READ ${Boost_INCLUDE_DIRS}/boost/context/fiber_ucontext.hpp _text)
  string(REPLACE "        if ( terminated) {\n            __sanitizer_start_switch_fiber( nullptr,"
                 "        if ( from->terminated) {\n            __sanitizer_start_switch_fiber( nullptr,"
                 _patched "${_text}")
  if(_patched STREQUAL _text)
    message(FATAL_ERROR "boost/context/fiber_ucontext.hpp: the `if ( terminated)` test to fix for ASan was not found")
  endif()
  _write_header_if_changed(${_asan_inc}/boost/context/fiber_ucontext.hpp "${_patched}")
  include_directories(BEFORE ${_asan_inc})
endif()

set(_bf ${BOOST_FIBER_SOURCE_DIR}/libs/fiber/src)
set(_bc ${BOOST_FIBER_SOURCE_DIR}/libs/context/src)
if(NOT EXISTS ${_bf}/scheduler.cpp OR NOT EXISTS ${_bc}/fiber.cpp)
  message(FATAL_ERROR "BOOST_FIBER_SOURCE_DIR=${BOOST_FIBER_SOURCE_DIR} holds no Boost.Fiber/Context "
                      "sources; run scripts/boost-fiber-src.sh ${BOOST_FIBER_SOURCE_DIR}")
endif()
# The file lists of libs/fiber/build/Jamfile.v2 (boost_fiber, without NUMA) and of
# libs/context/build/Jamfile.v2 for <context-impl>ucontext on POSIX.
add_library(boost_fiber_sanitized STATIC
  ${_bf}/algo/algorithm.cpp ${_bf}/algo/round_robin.cpp ${_bf}/algo/shared_work.cpp
  ${_bf}/algo/work_stealing.cpp ${_bf}/barrier.cpp ${_bf}/condition_variable.cpp
  ${_bf}/context.cpp ${_bf}/fiber.cpp ${_bf}/waker.cpp ${_bf}/future.cpp ${_bf}/mutex.cpp
  ${_bf}/properties.cpp ${_bf}/recursive_mutex.cpp ${_bf}/recursive_timed_mutex.cpp
  ${_bf}/timed_mutex.cpp ${_bf}/scheduler.cpp
  ${_bc}/continuation.cpp ${_bc}/fiber.cpp ${_bc}/posix/stack_traits.cpp)
target_compile_definitions(boost_fiber_sanitized PRIVATE BOOST_FIBERS_SOURCE BOOST_CONTEXT_SOURCE)
target_compile_options(boost_fiber_sanitized PRIVATE -w)  # third-party code: not ours to -Werror
target_link_libraries(boost_fiber_sanitized PUBLIC Boost::headers Threads::Threads)
set(CHAN_BOOST_LIBS boost_fiber_sanitized)
message(STATUS "Boost.Fiber: built from ${BOOST_FIBER_SOURCE_DIR} (ucontext, ${SANITIZE}${CHAN_FUZZ_SANITIZE} annotations)")
