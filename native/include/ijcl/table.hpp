// A results table: named numeric columns of equal length (written to ImageJ's Results table).
#pragma once

#include <string>
#include <vector>

namespace ijcl {

struct Table {
    std::vector<std::string> columns;
    std::vector<std::vector<double>> values;  // values[column][row]

    std::size_t rows() const { return values.empty() ? 0 : values.front().size(); }
    // Index of a column; throws ijcl::Error if absent.
    std::size_t column(const std::string& name) const;
};

}  // namespace ijcl
