// go: reflect/value.go Select (the run-time form of the select statement)
#include <stdexcept>
#include <vector>

#include "chan/select.hpp"

namespace go {

select_result select_dynamic(std::span<const select_case> cases, std::source_location where) {
  std::vector<detail::scase> sc;
  std::vector<int> index;
  sc.reserve(cases.size());
  index.reserve(cases.size());
  int default_index = -1;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    if (cases[i].is_default()) {
      if (default_index >= 0) throw panic_error("reflect.Select: multiple default cases");
      default_index = static_cast<int>(i);
      continue;
    }
    sc.push_back(cases[i].raw());
    index.push_back(static_cast<int>(i));
  }
  if (sc.empty()) {
    if (default_index < 0) detail::block_forever(detail::wait_reason::select_no_cases);
    return {default_index, false};
  }
  auto [casi, ok] = detail::selectgo(sc.data(), static_cast<int>(sc.size()), default_index < 0, where);
  if (casi < 0) return {default_index, false};
  return {index[std::size_t(casi)], ok};
}

}  // namespace go
