// Fiber stacks (Go: runtime/stack.go stackalloc, stackfree, stackcache).
#pragma once

#include <boost/context/stack_context.hpp>
#include <cstddef>

namespace go::detail {

// Go: stackalloc. A stack of `size` bytes (rounded up to whole pages), its top page-aligned.
// Throws std::bad_alloc when the system has no memory left for it.
boost::context::stack_context stack_alloc(std::size_t size);

// Go: stackfree. Returns a stack from stack_alloc to the pool; callable from any thread, also
// while the calling thread is exiting.
void stack_free(boost::context::stack_context& sctx) noexcept;

// Test hooks. Whether stacks come from the pool (not under AddressSanitizer or ThreadSanitizer,
// where they come from malloc), and how many free stacks of a size the process-wide pool keeps
// with their pages (at most kPoolResidentMax, stack.cpp).
bool stack_pool_in_use() noexcept;
std::size_t stack_pool_resident_free(std::size_t size) noexcept;

// A Boost.Context StackAllocator over stack_alloc / stack_free.
class pooled_stack {
 public:
  explicit pooled_stack(std::size_t size) noexcept : size_(size) {}
  boost::context::stack_context allocate() { return stack_alloc(size_); }
  void deallocate(boost::context::stack_context& sctx) noexcept { stack_free(sctx); }

 private:
  std::size_t size_;
};

}  // namespace go::detail
