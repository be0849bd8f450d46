// Automatic overlapped tiling (see tiling.hpp): the tile plan, the two-queue pipeline that moves
// tiles between the whole images (host or device) and the device, and the dispatch by TileKind.
#include "ijcl/tiling.hpp"

#include <algorithm>
#include <cctype>
#include <deque>
#include <memory>
#include <sstream>

#include "ijcl/errors.hpp"
#include "ijcl/session.hpp"

namespace ijcl {
namespace {

using Triple = cl::array<cl::size_type, 3>;

std::string mib(std::uint64_t bytes) {
    std::ostringstream s;
    s.setf(std::ios::fixed);
    s.precision(1);
    s << bytes / double(1ULL << 20) << " MiB";
    return s.str();
}

std::uint64_t dim(const Shape& s, int axis) { return axis == 0 ? s.width : axis == 1 ? s.height : s.depth; }

// Pitches of an image's rows and planes in bytes.
std::size_t row_pitch(const Image& im) { return static_cast<std::size_t>(im.shape().width * bytes_per_pixel(im.type())); }
std::size_t slice_pitch(const Image& im) { return row_pitch(im) * static_cast<std::size_t>(im.shape().height); }

Triple bytes_origin(const std::uint64_t o[3], std::size_t bpp) {
    return {static_cast<cl::size_type>(o[0] * bpp), static_cast<cl::size_type>(o[1]), static_cast<cl::size_type>(o[2])};
}

// Copies the box at `origin` (size `size`) of `whole` into all of `tile`.
void upload(cl::CommandQueue& q, const Image& whole, const Image& tile, const std::uint64_t origin[3],
            const std::uint64_t size[3]) {
    const std::size_t bpp = bytes_per_pixel(whole.type());
    const Triple zero = {0, 0, 0};
    const Triple region = {static_cast<cl::size_type>(size[0] * bpp), static_cast<cl::size_type>(size[1]),
                           static_cast<cl::size_type>(size[2])};
    if (whole.on_host())
        q.enqueueWriteBufferRect(tile.buffer(), CL_FALSE, zero, bytes_origin(origin, bpp), region, row_pitch(tile),
                                 slice_pitch(tile), row_pitch(whole), slice_pitch(whole), whole.host_data());
    else
        q.enqueueCopyBufferRect(whole.buffer(), tile.buffer(), bytes_origin(origin, bpp), zero, region,
                                row_pitch(whole), slice_pitch(whole), row_pitch(tile), slice_pitch(tile));
}

// Copies the box at `from` (size `size`) of `tile` to `to` in `whole`, after `wait`.
cl::Event download(cl::CommandQueue& q, const Image& tile, const Image& whole, const std::uint64_t from[3],
                   const std::uint64_t to[3], const std::uint64_t size[3], const std::vector<cl::Event>& wait) {
    const std::size_t bpp = bytes_per_pixel(whole.type());
    const Triple region = {static_cast<cl::size_type>(size[0] * bpp), static_cast<cl::size_type>(size[1]),
                           static_cast<cl::size_type>(size[2])};
    cl::Event done;
    if (whole.on_host())
        q.enqueueReadBufferRect(tile.buffer(), CL_FALSE, bytes_origin(from, bpp), bytes_origin(to, bpp), region,
                                row_pitch(tile), slice_pitch(tile), row_pitch(whole), slice_pitch(whole),
                                whole.host_data(), &wait, &done);
    else
        q.enqueueCopyBufferRect(tile.buffer(), whole.buffer(), bytes_origin(from, bpp), bytes_origin(to, bpp), region,
                                row_pitch(tile), slice_pitch(tile), row_pitch(whole), slice_pitch(whole), &wait, &done);
    return done;
}

struct Part {                // an image parameter of the call, whole
    std::string name;
    ImagePtr whole;
    bool in_place = false;   // an InPlaceImage: uploaded, written by the tile, copied back
};

struct InFlight {            // one tile between its upload and the end of its download
    TileBox box;
    std::map<std::string, ImagePtr> inputs;
    std::map<std::string, ImagePtr> outputs;
    cl::Event uploaded;
    std::vector<cl::Event> downloads;
};

}  // namespace

std::uint64_t parse_memory_size(const std::string& text, const std::string& what) {
    std::string t;
    for (char ch : text)
        if (!std::isspace(static_cast<unsigned char>(ch))) t += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    std::size_t digits = 0;
    while (digits < t.size() && std::isdigit(static_cast<unsigned char>(t[digits]))) ++digits;
    std::string unit = t.substr(digits);
    if (unit.size() >= 2 && unit.substr(unit.size() - 2) == "IB") unit.resize(unit.size() - 2);
    else if (!unit.empty() && unit.back() == 'B') unit.pop_back();
    int shift = -1;
    if (unit.empty()) shift = 0;
    else if (unit == "K") shift = 10;
    else if (unit == "M") shift = 20;
    else if (unit == "G") shift = 30;
    else if (unit == "T") shift = 40;
    if (digits == 0 || digits > 15 || shift < 0)
        fail("", what, "expected a size in bytes, or with a unit such as 512M or 4G, got '" + text + "'");
    const std::uint64_t value = std::stoull(t.substr(0, digits));
    if (value == 0) fail("", what, "the size must be larger than 0, got '" + text + "'");
    if (shift > 0 && value > (~std::uint64_t(0) >> shift)) fail("", what, "the size '" + text + "' is too large");
    return value << shift;
}

TileRunner::TileRunner(Session& session, OpCall& full) : session_(session), full_(full) {}

void TileRunner::for_each_tile(const Footprint& footprint, const std::array<bool, 3>& whole_axes, bool write_outputs,
                               const std::function<void(OpCall& tile, const TileBox& box)>& fn) {
    const OpSpec& spec = full_.spec();
    std::vector<Part> ins, outs;
    for (const auto& p : spec.params) {
        if (p.kind == ParamKind::InputImage || p.kind == ParamKind::InPlaceImage)
            ins.push_back({p.name, full_.inputs_.at(p.name), p.kind == ParamKind::InPlaceImage});
        if (write_outputs && p.kind == ParamKind::OutputImage) outs.push_back({p.name, full_.outputs_.at(p.name), false});
        if (write_outputs && p.kind == ParamKind::InPlaceImage) outs.push_back({p.name, full_.inputs_.at(p.name), true});
    }
    if (ins.empty()) fail(spec.name, "", "cannot be tiled: it has no input image");
    const Shape shape = ins[0].whole->shape();
    for (const auto& in : ins)
        if (in.whole->shape() != shape)
            fail(spec.name, in.name, "cannot be tiled: its shape " + in.whole->shape().to_string() +
                                         " differs from the shape of '" + ins[0].name + "' (" + shape.to_string() +
                                         "); an image this large must be processed with inputs of one shape");
    // Axes kept whole: asked for, where an output's size differs from the input's, or where the
    // halo covers the whole axis anyway.
    bool whole[3] = {whole_axes[0], whole_axes[1], whole_axes[2]};
    for (const auto& out : outs)
        for (int a = 0; a < 3; ++a) whole[a] |= dim(out.whole->shape(), a) != dim(shape, a);
    for (int a = 0; a < 3; ++a) whole[a] |= footprint.halo[a] >= dim(shape, a);

    // The plan: halve the largest splittable core until two tiles in flight (inputs and outputs)
    // plus float temporaries fit the free budget, and every tile fits one allocation.
    std::uint64_t in_bpp = 0, out_bpp = 0, max_bpp = 4;
    for (const auto& in : ins) in_bpp += bytes_per_pixel(in.whole->type()), max_bpp = std::max<std::uint64_t>(max_bpp, bytes_per_pixel(in.whole->type()));
    for (const auto& out : outs) out_bpp += out.in_place ? 0 : bytes_per_pixel(out.whole->type());
    const std::uint64_t per_voxel = 2 * (in_bpp + out_bpp) + 12;
    const std::uint64_t free = session_.free_budget();
    const std::uint64_t max_alloc = session_.device_info().max_alloc_bytes;
    std::uint64_t core[3] = {shape.width, shape.height, shape.depth};
    auto extent = [&](int a) { return std::min(dim(shape, a), core[a] + 2 * footprint.halo[a]); };
    for (;;) {
        const std::uint64_t voxels = extent(0) * extent(1) * extent(2);
        if (voxels * per_voxel <= free && (max_alloc == 0 || voxels * max_bpp <= max_alloc)) break;
        int best = -1;
        for (int a = 0; a < 3; ++a) {
            const std::uint64_t align = std::max<std::uint64_t>(1, footprint.align[a]);
            if (whole[a] || core[a] <= align) continue;
            if (best < 0 || core[a] > core[best]) best = a;
        }
        if (best < 0) {
            std::ostringstream s;
            s << "cannot be tiled within the free device-memory budget of " << mib(free) << " (budget "
              << mib(session_.max_device_memory()) << "): its smallest tile with a halo of " << footprint.halo[0]
              << " x " << footprint.halo[1] << " x " << footprint.halo[2] << " pixels needs "
              << mib(extent(0) * extent(1) * extent(2) * per_voxel)
              << ". Release images, raise IJCL_MAX_DEVICE_MEMORY (or the ijcl preference) or use a smaller radius";
            fail(spec.name, "", s.str());
        }
        const std::uint64_t align = std::max<std::uint64_t>(1, footprint.align[best]);
        const std::uint64_t half = (core[best] + 1) / 2;
        core[best] = std::max(align, (half + align - 1) / align * align);
    }

    std::uint64_t count[3];
    for (int a = 0; a < 3; ++a) count[a] = (dim(shape, a) + core[a] - 1) / core[a];
    const std::uint64_t tiles = count[0] * count[1] * count[2];
    auto box_of = [&](std::uint64_t i) {
        TileBox b;
        const std::uint64_t index[3] = {i % count[0], (i / count[0]) % count[1], i / count[0] / count[1]};
        for (int a = 0; a < 3; ++a) {
            b.core_origin[a] = index[a] * core[a];
            b.core_size[a] = std::min(core[a], dim(shape, a) - b.core_origin[a]);
            b.origin[a] = b.core_origin[a] >= footprint.halo[a] ? b.core_origin[a] - footprint.halo[a] : 0;
            b.size[a] = std::min(dim(shape, a), b.core_origin[a] + b.core_size[a] + footprint.halo[a]) - b.origin[a];
        }
        return b;
    };

    cl::CommandQueue& cq = session_.device().queue();
    cl::CommandQueue& tq = session_.tile_queue();
    full_.enqueued_ = true;
    // Whole images on the device may still be written by work enqueued before this call (a
    // push, an earlier operation): the transfer queue starts after everything on the compute queue.
    {
        std::vector<cl::Event> before(1);
        cq.enqueueMarkerWithWaitList(nullptr, &before[0]);
        cq.flush();
        tq.enqueueBarrierWithWaitList(&before);
    }
    auto prepare = [&](std::uint64_t i) {
        auto t = std::make_unique<InFlight>();
        t->box = box_of(i);
        for (const auto& in : ins) {
            if (!in.whole->on_host() && t->box.shape() == shape && !in.in_place) {
                t->inputs[in.name] = in.whole;
                continue;
            }
            ImagePtr tile = session_.allocate(t->box.shape(), in.whole->type(), in.whole->kind(), spec.name, in.name);
            upload(tq, *in.whole, *tile, t->box.origin, t->box.size);
            t->inputs[in.name] = tile;
        }
        tq.enqueueMarkerWithWaitList(nullptr, &t->uploaded);
        tq.flush();
        return t;
    };
    std::deque<std::unique_ptr<InFlight>> downloading;
    try {
        std::unique_ptr<InFlight> next = prepare(0);
        for (std::uint64_t i = 0; i < tiles; ++i) {
            std::unique_ptr<InFlight> cur = std::move(next);
            while (downloading.size() > 1) {  // at most one earlier tile still copying back
                if (!downloading.front()->downloads.empty()) cl::Event::waitForEvents(downloading.front()->downloads);
                downloading.pop_front();
            }
            if (i + 1 < tiles) next = prepare(i + 1);  // its upload overlaps this tile's work
            const std::vector<cl::Event> uploaded = {cur->uploaded};
            cq.enqueueBarrierWithWaitList(&uploaded);

            OpCall tile(session_, spec);
            tile.numbers_ = full_.numbers_;
            tile.booleans_ = full_.booleans_;
            tile.strings_ = full_.strings_;
            tile.inputs_ = cur->inputs;
            for (int a = 0; a < 3; ++a) tile.tile_origin_[a] = cur->box.origin[a];
            tile.whole_shape_ = full_.first_input().shape();
            for (const auto& out : outs) {
                if (out.in_place) continue;
                Shape s = cur->box.shape();
                if (whole[0]) s.width = out.whole->shape().width;
                if (whole[1]) s.height = out.whole->shape().height;
                if (whole[2]) s.depth = out.whole->shape().depth;
                cur->outputs[out.name] = !out.whole->on_host() && s == out.whole->shape()
                                             ? out.whole
                                             : session_.allocate(s, out.whole->type(), out.whole->kind(), spec.name, out.name);
            }
            tile.outputs_ = cur->outputs;
            fn(tile, cur->box);
            if (write_outputs) {
                std::vector<cl::Event> computed(1);
                cq.enqueueMarkerWithWaitList(nullptr, &computed[0]);
                cq.flush();
                for (const auto& out : outs) {
                    const ImagePtr& t = out.in_place ? cur->inputs.at(out.name) : cur->outputs.at(out.name);
                    if (t == out.whole) continue;
                    std::uint64_t from[3], to[3], size[3];
                    for (int a = 0; a < 3; ++a) {
                        from[a] = whole[a] ? 0 : cur->box.core_origin[a] - cur->box.origin[a];
                        to[a] = whole[a] ? 0 : cur->box.core_origin[a];
                        size[a] = whole[a] ? dim(out.whole->shape(), a) : cur->box.core_size[a];
                    }
                    cur->downloads.push_back(download(tq, *t, *out.whole, from, to, size, computed));
                }
                tq.flush();
            }
            session_.tiles_run_ += 1;
            downloading.push_back(std::move(cur));
        }
        tq.finish();
        cq.finish();
    } catch (...) {
        try {
            tq.finish();
            cq.finish();
        } catch (...) {
        }
        throw;
    }
}

void run_tiled(Session& session, OpCall& full) {
    const OpSpec& spec = full.spec();
    TileRunner runner(session, full);
    const auto run = [&spec](OpCall& tile, const TileBox&) { spec.run(tile); };
    switch (spec.tiling.kind) {
        case TileKind::None: {
            std::string held;
            for (const auto& in : full.inputs_)
                if (in.second->on_host()) held += (held.empty() ? "'" : ", '") + in.first + "'";
            fail(spec.name, "", "cannot be tiled, and " +
                                    (held.empty() ? std::string("its output does not fit")
                                                  : "its input " + held + " is kept in host memory") +
                                    " because it is larger than the device-memory budget (" +
                                    mib(session.max_device_memory()) +
                                    "). Raise IJCL_MAX_DEVICE_MEMORY (or the ijcl preference) if the device has room, "
                                    "or crop or reduce the image first");
        }
        case TileKind::Pixelwise:
            runner.for_each_tile(Footprint{}, {}, true, run);
            return;
        case TileKind::Neighbourhood:
            runner.for_each_tile(spec.tiling.footprint(full), {}, true, run);
            return;
        case TileKind::Projection: {
            // Tiles span the projected axis, and z, which is an axis of no output (Z projection)
            // or the output's x or y (X, Y projections); the other in-plane axis is split.
            const int axis = spec.tiling.axis;
            runner.for_each_tile(Footprint{}, {axis == 0, axis == 1, true}, true, run);
            return;
        }
        case TileKind::Custom:
            spec.tiling.custom(runner);
            return;
    }
}

}  // namespace ijcl
