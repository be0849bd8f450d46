#include "ijcl/table.hpp"

#include "ijcl/errors.hpp"

namespace ijcl {

std::size_t Table::column(const std::string& name) const {
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i] == name) return i;
    throw Error("the table has no column '" + name + "'");
}

}  // namespace ijcl
