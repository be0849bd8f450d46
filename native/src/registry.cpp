#include "ijcl/registry.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "ijcl/errors.hpp"

namespace ijcl {

const char* param_kind_name(ParamKind kind) {
    switch (kind) {
        case ParamKind::InputImage: return "image_in";
        case ParamKind::OutputImage: return "image_out";
        case ParamKind::Number: return "number";
        case ParamKind::Boolean: return "boolean";
        case ParamKind::String: return "string";
        case ParamKind::OutputNumber: return "number_out";
        case ParamKind::InPlaceImage: return "image_inout";
    }
    return "?";
}

const ParamSpec& OpSpec::param(const std::string& param_name) const {
    for (const auto& p : params)
        if (p.name == param_name) return p;
    throw Error("internal: operation '" + name + "' has no parameter '" + param_name + "'");
}

OpBuilder::OpBuilder(std::map<std::string, OpSpec>& target, std::string name, std::string category)
    : target_(target) {
    spec_.name = std::move(name);
    spec_.category = std::move(category);
}

namespace {

const char* clij2_kind_words(ParamKind kind) {
    switch (kind) {
        case ParamKind::InputImage: return "Image";
        case ParamKind::OutputImage: return "ByRef Image";
        case ParamKind::Number: return "Number";
        case ParamKind::Boolean: return "Boolean";
        case ParamKind::String: return "String";
        case ParamKind::OutputNumber: return "ByRef Number";
        case ParamKind::InPlaceImage: return "Image";  // CLIJ2 declares it as a plain input
    }
    return "?";
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// Checks CLIJ2's help text against the parameters: the same kinds in the same order, the
// parameters left out at the end being results with a Results column each.
void check_clij2(const OpSpec& op) {
    auto fail = [&](const std::string& what) {
        throw Error("internal: operation '" + op.name + "': CLIJ2 help text '" + op.clij2 + "' " + what);
    };
    std::vector<std::string> parts;
    std::stringstream in(op.clij2);
    for (std::string part; std::getline(in, part, ',');)
        if (!trim(part).empty()) parts.push_back(trim(part));
    if (parts.size() > op.params.size()) fail("has more parameters than the operation");
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::string words = clij2_kind_words(op.params[i].kind);
        // CLIJ2 writes one kind in lower case (entropyBox: "number radiusY"); it means Number
        std::string part = parts[i];
        if (part.compare(0, 7, "number ") == 0) part[0] = 'N';
        if (part.compare(0, words.size() + 1, words + " ") != 0)
            fail("does not match parameter '" + op.params[i].name + "' (" + words + ")");
    }
    const std::size_t left_out = op.params.size() - parts.size();
    for (std::size_t i = parts.size(); i < op.params.size(); ++i)
        if (op.params[i].kind != ParamKind::OutputNumber) fail("leaves out '" + op.params[i].name + "'");
    if (op.clij2_results.size() != left_out) fail("needs one Results column per result left out");
}

}  // namespace

std::string clij2_help_text(const std::vector<ParamSpec>& params) {
    std::string text;
    for (const auto& p : params)
        text += (text.empty() ? "" : ", ") + std::string(clij2_kind_words(p.kind)) + " " + p.name;
    return text;
}

OpBuilder::~OpBuilder() noexcept(false) {
    if (!spec_.run) throw Error("internal: operation '" + spec_.name + "' declared without run()");
    spec_.in_clij2 = !ijcl_only_;
    if (ijcl_only_) {
        spec_.clij2.clear();
    } else {
        if (spec_.clij2.empty()) spec_.clij2 = clij2_help_text(spec_.params);
        check_clij2(spec_);
    }
    if (target_.count(spec_.name)) throw Error("internal: operation '" + spec_.name + "' declared twice");
    target_.emplace(spec_.name, std::move(spec_));
}

OpBuilder& OpBuilder::doc(std::string text) { spec_.doc = std::move(text); return *this; }
OpBuilder& OpBuilder::imagej(std::string equivalent) { spec_.imagej = std::move(equivalent); return *this; }
OpBuilder& OpBuilder::table() { spec_.produces_table = true; return *this; }

OpBuilder& OpBuilder::input(std::string name, std::string doc) {
    ParamSpec p;
    p.name = std::move(name);
    p.kind = ParamKind::InputImage;
    p.doc = std::move(doc);
    spec_.params.push_back(std::move(p));
    return *this;
}

OpBuilder& OpBuilder::output(std::string name, std::string doc, OutputRule rule) {
    ParamSpec p;
    p.name = std::move(name);
    p.kind = ParamKind::OutputImage;
    p.doc = std::move(doc);
    p.output_rule = std::move(rule);
    spec_.params.push_back(std::move(p));
    return *this;
}

OpBuilder& OpBuilder::in_place(std::string name, std::string doc) {
    ParamSpec p;
    p.name = std::move(name);
    p.kind = ParamKind::InPlaceImage;
    p.doc = std::move(doc);
    spec_.params.push_back(std::move(p));
    return *this;
}

OpBuilder& OpBuilder::number(std::string name, std::string default_value, std::string doc,
                             double min, double max) {
    ParamSpec p;
    p.name = std::move(name);
    p.kind = ParamKind::Number;
    p.default_value = std::move(default_value);
    p.doc = std::move(doc);
    p.min = min;
    p.max = max;
    spec_.params.push_back(std::move(p));
    return *this;
}

OpBuilder& OpBuilder::integer(std::string name, std::string default_value, std::string doc,
                              double min, double max) {
    number(std::move(name), std::move(default_value), std::move(doc), min, max);
    spec_.params.back().integer = true;
    return *this;
}

OpBuilder& OpBuilder::boolean(std::string name, std::string default_value, std::string doc) {
    ParamSpec p;
    p.name = std::move(name);
    p.kind = ParamKind::Boolean;
    p.default_value = std::move(default_value);
    p.doc = std::move(doc);
    spec_.params.push_back(std::move(p));
    return *this;
}

OpBuilder& OpBuilder::string(std::string name, std::string default_value, std::string doc,
                             std::vector<std::string> choices) {
    ParamSpec p;
    p.name = std::move(name);
    p.kind = ParamKind::String;
    p.default_value = std::move(default_value);
    p.doc = std::move(doc);
    p.choices = std::move(choices);
    spec_.params.push_back(std::move(p));
    return *this;
}

OpBuilder& OpBuilder::result(std::string name, std::string doc) {
    ParamSpec p;
    p.name = std::move(name);
    p.kind = ParamKind::OutputNumber;
    p.doc = std::move(doc);
    spec_.params.push_back(std::move(p));
    return *this;
}

OpBuilder& OpBuilder::clij2(std::string help_text, std::vector<std::string> results_columns) {
    spec_.clij2 = std::move(help_text);
    spec_.clij2_results = std::move(results_columns);
    return *this;
}

OpBuilder& OpBuilder::clij2_alias(std::string deprecated_name) {
    spec_.clij2_aliases.push_back(std::move(deprecated_name));
    return *this;
}

OpBuilder& OpBuilder::ijcl_only() {
    ijcl_only_ = true;
    return *this;
}

OpBuilder& OpBuilder::run(std::function<void(OpCall&)> fn) {
    spec_.run = std::move(fn);
    return *this;
}

OpBuilder& OpBuilder::tiles_pixelwise() {
    spec_.tiling = {TileKind::Pixelwise, {}, {}};
    return *this;
}

OpBuilder& OpBuilder::tiles_with_halo(std::function<Footprint(const OpCall&)> footprint) {
    spec_.tiling = {TileKind::Neighbourhood, std::move(footprint), {}};
    return *this;
}

OpBuilder& OpBuilder::tiles_projection(int axis) {
    spec_.tiling = {TileKind::Projection, {}, {}, axis};
    return *this;
}

OpBuilder& OpBuilder::tiles_custom(std::function<void(TileRunner&)> fn) {
    spec_.tiling = {TileKind::Custom, {}, std::move(fn)};
    return *this;
}

Registry::Registry() {
    register_math_ops(*this);
    register_binary_ops(*this);
    register_threshold_ops(*this);
    register_transform_ops(*this);
    register_projection_ops(*this);
    register_remap_ops(*this);
    register_conversion_ops(*this);
    register_gaussian_ops(*this);
    register_rank_filter_ops(*this);
    register_morphology_ops(*this);
    register_detection_ops(*this);
    register_labeling_ops(*this);
    register_measurement_ops(*this);
    register_geometry_ops(*this);
    register_reslice_ops(*this);
    register_drawing_ops(*this);
    register_neighbourhood_ops(*this);
    register_label_map_ops(*this);
    register_label_graph_ops(*this);
    register_device_ops(*this);
    register_pixelwise_ops(*this);
    register_reduction_ops(*this);
    register_label_ops(*this);
    register_label_neighbour_ops(*this);
    register_set_ops(*this);
    register_slice_filter_ops(*this);
    register_edge_filter_ops(*this);
    register_segmentation_ops(*this);
    register_label_point_ops(*this);
    register_label_mesh_ops(*this);
    register_label_distance_ops(*this);
    register_imagej_filter_ops(*this);
    register_background_ops(*this);
}

const Registry& Registry::instance() {
    static const Registry registry;
    return registry;
}

OpBuilder Registry::add(std::string name, std::string category) {
    return OpBuilder(ops_, std::move(name), std::move(category));
}

bool Registry::contains(const std::string& name) const { return ops_.count(name) != 0; }

const OpSpec& Registry::get(const std::string& name) const {
    auto it = ops_.find(name);
    if (it != ops_.end()) return it->second;
    std::string lowered = name;
    std::transform(lowered.begin(), lowered.end(), lowered.begin(), ::tolower);
    std::string close;
    for (const auto& kv : ops_) {
        std::string candidate = kv.first;
        std::transform(candidate.begin(), candidate.end(), candidate.begin(), ::tolower);
        if (candidate == lowered || candidate.find(lowered) != std::string::npos ||
            (lowered.size() > 4 && lowered.find(candidate) != std::string::npos))
            close += (close.empty() ? "" : ", ") + kv.first;
    }
    throw Error("unknown operation '" + name + "'" +
                (close.empty() ? std::string() : " (did you mean: " + close + "?)"));
}

std::vector<const OpSpec*> Registry::all() const {
    std::vector<const OpSpec*> out;
    for (const auto& kv : ops_) out.push_back(&kv.second);
    return out;
}

namespace {

std::string escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\t') out += "\\t";
        else if (c == '\n') out += "\\n";
        else if (c == '\\') out += "\\\\";
        else out += c;
    }
    return out;
}

std::string number_text(double v) {
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    std::ostringstream s;
    s.precision(17);
    s << v;
    return s.str();
}

}  // namespace

std::string Registry::describe() const {
    std::ostringstream out;
    for (const auto* op : all()) {
        out << "op\t" << escape(op->name) << '\t' << escape(op->category) << '\t'
            << escape(op->imagej) << '\t' << (op->produces_table ? 1 : 0) << '\t'
            << escape(op->doc) << '\n';
        for (const auto& p : op->params) {
            std::string choices;
            for (const auto& c : p.choices) choices += (choices.empty() ? "" : "|") + c;
            out << "param\t" << escape(p.name) << '\t' << param_kind_name(p.kind) << '\t'
                << escape(p.default_value) << '\t' << number_text(p.min) << '\t'
                << number_text(p.max) << '\t' << (p.integer ? 1 : 0) << '\t' << escape(choices)
                << '\t' << escape(p.doc) << '\n';
        }
        if (op->in_clij2) {
            std::string aliases, columns;
            for (const auto& a : op->clij2_aliases) aliases += (aliases.empty() ? "" : "|") + a;
            for (const auto& c : op->clij2_results) columns += (columns.empty() ? "" : "|") + c;
            out << "clij2\t" << escape(op->clij2) << '\t' << escape(aliases) << '\t'
                << escape(columns) << '\n';
        }
        out << "end\n";
    }
    return out.str();
}

}  // namespace ijcl
