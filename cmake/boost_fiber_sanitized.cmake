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
if(SANITIZE STREQUAL "address")
  add_compile_definitions(BOOST_USE_UCONTEXT BOOST_USE_ASAN)
elseif(SANITIZE STREQUAL "thread")
  add_compile_definitions(BOOST_USE_UCONTEXT BOOST_USE_TSAN)
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
message(STATUS "Boost.Fiber: built from ${BOOST_FIBER_SOURCE_DIR} (ucontext, ${SANITIZE} annotations)")
