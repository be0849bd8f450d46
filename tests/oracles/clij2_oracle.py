"""Evaluates the CLIJ2 oracles of tests/oracles/clij2_oracles.tsv with pyclesperanto_prototype.

    python clij2_oracle.py MANIFEST.json OUTPUT.json

MANIFEST.json (written by net.ijcl.oracle.Clij2OracleTest):
    {"cases": [{"id": "...", "oracle": "<Python expression>",
                "inputs": {"src": {"path": "...", "shape": [z, y, x] or [y, x], "dtype": "uint8"}, ...}}]}
Inputs are raw little-endian pixel files; an input with "derive" is a uint8 0/255 mask from which
this script makes labels, centroids, a touch or a distance matrix itself (derived()). Each oracle expression is evaluated with `cle`, `np`,
the inputs (numpy arrays of their dtype, axis order z, y, x; src, src2 and dst where the case has
them) and the helpers below (to_pixel_type, tied_maxima, low_edges; CLIJ2's transform matrices
java_t/java_s/java_r/java_shear/java_center/chain with clij2_warp; clij2_kernel for CLIJ2's own kernels); its result (a tuple of results for an operation with several output
images) goes through np.asarray and is written as raw little-endian float64 (<id>_<k>.f64 next to OUTPUT.json; float64 so that whole numbers beyond
2^24, e.g. sums, stay exact).

OUTPUT.json: {"device": "...", "results": {id: [{"path": "...", "shape": [...]}, ...]}, "errors": {id: "..."}}.
Exit status 1 when any case failed (its message names the case), 2 on a bad command line.
Only OUTPUT.json counts: OpenCL compilers print warnings on stderr.
"""
import json
import os
import sys
import traceback

import numpy as np
import pyclesperanto_prototype as cle


def to_pixel_type(values, dtype):
    """ijcl's storage rule for a result of pixel type `dtype`: uint8/uint16 rounded half up and
    saturated, float32 rounded to float. pyclesperanto pushes every image as float32, so CLIJ2's
    kernels compute in float; this is what ijcl does with such a value (CLIJ2 itself truncates)."""
    values = np.asarray(values, dtype=np.float64)
    dtype = np.dtype(dtype)
    if dtype.kind == "u":
        return np.clip(np.floor(values + 0.5), 0, np.iinfo(dtype).max)
    return values.astype(np.float32)


def tied_maxima(image, radius_x, radius_y, radius_z=0):
    """True where a pixel equals the maximum of its box (the part inside the image) and another
    pixel of that box has the same value: there a maximum detector's tie-break decides."""
    a = np.asarray(image, dtype=np.float64)
    radii = (radius_z, radius_y, radius_x)[-a.ndim:]
    padded = np.pad(a, [(r, r) for r in radii], constant_values=np.nan)
    windows = np.lib.stride_tricks.sliding_window_view(padded, [2 * r + 1 for r in radii])
    axes = tuple(range(a.ndim, 2 * a.ndim))
    box_max = np.nanmax(windows, axis=axes)
    equal = np.sum(windows == a[(...,) + (None,) * a.ndim], axis=axes)
    return (a == box_max) & (equal >= 2)


def low_edges(image):
    """True on the first column, row (and plane, in 3D): the pixels a CLIJ2 maximum detector
    never marks (its clamped reads there hit the pixel itself under another position)."""
    mask = np.zeros(np.shape(image), dtype=bool)
    for axis in range(mask.ndim):
        index = [slice(None)] * mask.ndim
        index[axis] = 0
        mask[tuple(index)] = True
    return mask


# --- CLIJ2's transform matrices (geometry rows), written from CLIJ2's Java sources (AffineTransform2D/3D,
# Rotate3D, Scale2D/3D, Translate2D/3D, RigidTransform, MakeIsotropic) and imglib2's AffineTransform3D:
# 4 x 4 target-to-source matrices in x, y, z order; a command list multiplies left to right
# (imglib2's concatenate); angles are CLIJ2's (float)(-deg / 180f * PI).

def java_t(x, y, z=0.0):
    """imglib2 translation."""
    m = np.eye(4)
    m[:3, 3] = (x, y, z)
    return m


def java_s(x, y, z=1.0):
    """imglib2 scaling."""
    return np.diag([x, y, z, 1.0])


def java_r(axis, degrees):
    """imglib2's rotate(axis, a) with CLIJ2's negated float angle a."""
    a = float(np.float32(np.float32(-np.float32(degrees) / np.float32(180.0)) * np.pi))
    c, s = np.cos(a), np.sin(a)
    m = np.eye(4)
    if axis == 0:
        m[1:3, 1:3] = [[c, -s], [s, c]]
    elif axis == 1:
        m[0, 0], m[0, 2], m[2, 0], m[2, 2] = c, s, -s, c
    else:
        m[0:2, 0:2] = [[c, -s], [s, c]]
    return m


def java_shear(row, column, value):
    """CLIJ2's shearAB: value at (row A, column B)."""
    m = np.eye(4)
    m[row, column] = value
    return m


def java_center(image, sign):
    """CLIJ2's center (sign -1) / -center (+1): half the size, rounded down as Java's long division."""
    shape = np.shape(image)
    w, h = shape[-1] // 2, shape[-2] // 2
    d = shape[-3] // 2 if len(shape) == 3 else 0
    return java_t(sign * w, sign * h, sign * d)


def chain(*matrices):
    m = np.eye(4)
    for x in matrices:
        m = m @ x
    return m


def clij2_warp(image, target_to_source, linear=True, shape=None):
    """Runs CLIJ2's affine_transform kernels (pyclesperanto's affine_transform, which inverts the
    matrix it gets) with CLIJ2's target-to-source matrix; `shape` (z, y, x) or (y, x) of the result."""
    dst = None if shape is None else cle.create(tuple(shape))
    forward = np.linalg.inv(np.asarray(target_to_source, dtype=np.float64))
    out = cle.affine_transform(image, dst, transform=forward, linear_interpolation=linear)
    return to_pixel_type(np.asarray(out), np.asarray(image).dtype)


def clij2_kernel(file, kernel, shape, constants=None, dtype=np.float32, **parameters):
    """Runs CLIJ2's OpenCL kernel `kernel` from `file` (pyclesperanto_prototype's copy of CLIJ2's
    kernels, clij-opencl-kernels/kernels) over a result of numpy shape `shape` (z, y, x) or (y, x)
    and returns that result: for CLIJ2 operations that pyclesperanto has no function for, so the
    oracle stays CLIJ2's code, independent of ijcl. `parameters` in the kernel's signature order
    (pyclesperanto sets the arguments in that order); the one given as None is the output, or,
    when none is None, a parameter "dst" put first. Arrays are pushed as float32 (like every
    pyclesperanto input), numbers passed as they are (int -> int, float -> float). One work item
    per output pixel, as CLIJ2."""
    dst = cle.create(shape, dtype=dtype)
    if not any(v is None for v in parameters.values()):
        parameters = {"dst": None, **parameters}
    args = {name: dst if v is None else cle.push(np.asarray(v, dtype=np.float32)) if isinstance(v, np.ndarray) else v
            for name, v in parameters.items()}
    anchor = os.path.join(os.path.dirname(cle.__file__), "clij-opencl-kernels", "kernels", "anchor")
    cle.execute(anchor, file, kernel, dst.shape, args, constants=constants)
    return cle.pull(dst)


def tenengrad(image):
    """CLIJ2's tenengrad_slice_by_slice kernel worked out in numpy from its definition: with edge
    pixels repeated, gx = the 3x3x3 Sobel gradient along z (weights 1-2-1 in x and y), gy = the one
    along y (1-2-1 in x and z), result gx^2 + gy^2 (float64 here; CLIJ2 sums in float)."""
    a = np.pad(np.asarray(image, dtype=np.float64), 1, mode="edge")
    d, h, w = np.shape(image)
    smooth = np.array([1.0, 2.0, 1.0])
    gx = np.zeros((d, h, w))
    gy = np.zeros((d, h, w))
    for k in range(3):
        for j in range(3):
            for i in range(3):
                v = a[k:k + d, j:j + h, i:i + w]
                gx += (k - 1) * smooth[j] * smooth[i] * v
                gy += (j - 1) * smooth[k] * smooth[i] * v
    return gx * gx + gy * gy


def extended_depth_of_focus(source, focus, sigma, near=0.01):
    """CLIJ2's extended-depth-of-focus steps after the focus measure: gaussian_blur(focus, sigma,
    sigma, 0), the z of the maximum (first on ties), the source's pixel there. Pixels where the
    blurred focus measure of the second-best plane is within `near` (relative) of the best are NaN
    (not compared): there the blur's kernel decides."""
    blurred = cle.pull(cle.gaussian_blur(np.asarray(focus, dtype=np.float32), sigma_x=sigma, sigma_y=sigma, sigma_z=0))
    best = np.sort(blurred, axis=0)
    tie = best[-1] - best[-2] <= near * np.abs(best[-1])
    altitude = np.argmax(blurred, axis=0)
    picked = np.take_along_axis(np.asarray(source, dtype=np.float64), altitude[None], axis=0)[0]
    return np.where(tie, np.nan, picked)
def reslice(src, side):
    """CLIJ2's reslice_SIDE_3d kernel (top, bottom, left, right) on a z, y, x stack: the result is
    (height, depth, width) for top/bottom and (width, depth, height) for left/right in z, y, x."""
    d, h, w = src.shape
    shape = (h, d, w) if side in ("top", "bottom") else (w, d, h)
    return clij2_kernel("reslice_%s_3d_x.cl" % side, "reslice_%s_3d" % side, shape, src=src)


def write_values(dst, points):
    """writeValuesToPositions by its definition: column i of the point list `points` (rows x, y, z,
    value for a z, y, x stack `dst`; x, y, value for a y, x image) sets the pixel at the positions
    truncated toward zero, in column order (the last of several at one pixel wins); positions
    outside dst are left out. Returns float64 values (convert with to_pixel_type)."""
    out = np.asarray(dst, dtype=np.float64).copy()
    rows = np.asarray(points, dtype=np.float64).reshape(-1, np.shape(points)[-1])
    for i in range(rows.shape[1]):
        position = [float(np.float32(rows[r, i])) for r in range(out.ndim)][::-1]  # z, y, x
        if all(-1 < p < n for p, n in zip(position, out.shape)):
            out[tuple(int(np.trunc(p)) for p in position)] = np.float32(rows[out.ndim, i])
    return out


def reslice_radial(src, number_of_angles, step, start, cx, cy, scale_x, scale_y, top=False, angles=None):
    """resliceRadial (top=False: z, y, x = angle, plane, radius) or resliceRadialTop (top=True:
    plane, angle, radius) by CLIJ2's definition, in double: plane p's value at x = cx + sin(a) * r *
    scale_x, y = cy + cos(a) * r * scale_y, a = start + k * step degrees, interpolated bilinearly
    with pixels outside the image taken as 0 (an OpenCL image sampler's CLK_ADDRESS_CLAMP border).
    Sizes as CLIJ2's: radius (int)sqrt((w//2)^2 + (h//2)^2), (int)((float)(int)n / step) angles."""
    stack = np.asarray(src, dtype=np.float64)
    if stack.ndim == 2:
        stack = stack[None]
    d, h, w = stack.shape
    radius = int(np.sqrt((w // 2) ** 2 + (h // 2) ** 2))
    if angles is None:
        angles = int(np.float32(int(number_of_angles)) / np.float32(step))
    a = np.radians(start + np.arange(angles) * step)[:, None]
    r = np.arange(radius)[None, :]
    px = cx + np.sin(a) * r * scale_x  # angles x radius
    py = cy + np.cos(a) * r * scale_y
    x0, y0 = np.floor(px).astype(np.int64), np.floor(py).astype(np.int64)
    ax, ay = px - x0, py - y0
    padded = np.pad(stack, ((0, 0), (1, 1), (1, 1)))  # zeros around: index + 1

    def at(xi, yi):
        inside = (xi >= -1) & (xi <= w) & (yi >= -1) & (yi <= h)
        return np.where(inside, padded[:, np.clip(yi + 1, 0, h + 1), np.clip(xi + 1, 0, w + 1)], 0.0)

    v = (at(x0, y0) * (1 - ax) + at(x0 + 1, y0) * ax) * (1 - ay) + (at(x0, y0 + 1) * (1 - ax) + at(x0 + 1, y0 + 1) * ax) * ay
    # v: plane, angle, radius
    return v if top else np.transpose(v, (1, 0, 2))


def cylinder_transform(src, number_of_angles, delta, relative_x, relative_z):
    """cylinderTransform as CLIJ2 composes it: resliceTop (planes = y, rows = z), then
    resliceRadial of that with start angle -90, centre ((int)(w * relative_x), (int)(d * relative_z))
    and number_of_angles angles, then transposeXZ: z, y, x = radius, y, angle."""
    d, h, w = np.shape(src)
    top = np.transpose(np.asarray(src, dtype=np.float64), (1, 0, 2))
    cx, cz = int(np.float32(w) * np.float32(relative_x)), int(np.float32(d) * np.float32(relative_z))
    v = reslice_radial(top, 0, delta, -90, cx, cz, 1, 1, top=True, angles=int(number_of_angles))  # y, angle, radius
    return np.transpose(v, (2, 0, 1))


def load(spec):
    if spec.get("derive"):
        return derived(spec)
    dtype = np.dtype(spec["dtype"]).newbyteorder("<")
    data = np.fromfile(spec["path"], dtype=dtype)
    return data.reshape(spec["shape"]).astype(dtype.newbyteorder("="))


def raster_order(labels):
    """The same objects renumbered 1..n in raster order of each object's first pixel (x fastest,
    then y, then z; ijcl's documented order). CLIJ2 numbers its connected components in another
    order; the partition is unchanged."""
    a = np.asarray(cle.pull(labels) if not isinstance(labels, np.ndarray) else labels).astype(np.int64)
    flat = a.ravel()
    ids, first = np.unique(flat, return_index=True)
    ids, first = ids[ids != 0], first[ids != 0]
    lut = np.zeros(int(flat.max()) + 1 if flat.size else 1, dtype=np.int64)
    lut[ids[np.argsort(first)]] = np.arange(1, len(ids) + 1)
    return lut[a]


def derived(spec):
    """A derived input: the file is a uint8 0/255 mask; spec["derive"] says what CLIJ2 makes of
    it: labels (its connected components, 26-connected in 3D, renumbered by raster_order),
    centroids (their point list), touch (their touch matrix, CLIJ2 Java's x < y half: the strictly
    lower triangle of pyclesperanto's symmetric one), distance (the distance matrix of the
    centroids to themselves), tiled (labels whose labels touch: the components, every background
    pixel given the id n + 1 + x // 16 + 8 (y // 16) + 48 (z // 2), n = the largest component id)
    or near (1 in the x < y half where 0 < distance < 40, background
    column 0 left out: connected components never touch each other). Given in spec["dtype"]: label ids as they are (uint8: modulo 256,
    as OracleInputs makes them for ijcl), other values rounded down for integer types."""
    mask = np.fromfile(spec["path"], dtype=np.uint8).reshape(spec["shape"])
    labels = raster_order(cle.connected_components_labeling_box(mask)).astype(np.int64)
    kind, dtype = spec["derive"], np.dtype(spec["dtype"])
    if kind == "tiled":  # touching labels: every background pixel gets its 16 x 16 x 2 tile's own id
        z, y, x = np.indices(labels.shape if labels.ndim == 3 else (1,) + labels.shape).reshape(3, *labels.shape)
        tiles = labels.max() + 1 + x // 16 + 8 * (y // 16) + 48 * (z // 2)
        labels = np.where(labels == 0, tiles, labels)
        kind = "labels"
    if kind == "labels":
        return (labels % 256 if dtype == np.uint8 else labels).astype(dtype)
    labels = labels.astype(np.float32)
    if kind == "centroids":
        values = np.asarray(cle.centroids_of_labels(labels))
    elif kind == "touch":
        values = np.tril(np.asarray(cle.generate_touch_matrix(labels)), -1)
    elif kind in ("distance", "near"):
        points = cle.centroids_of_labels(labels)
        values = np.asarray(cle.generate_distance_matrix(points, points))
        if kind == "near":  # 1 where 0 < distance < 40 in the x < y half, background left out
            values = np.tril((values > 0) & (values < 40), -1).astype(np.float32)
            values[:, 0] = 0
    else:
        raise ValueError("unknown derived input " + kind)
    return (np.floor(values) if dtype.kind == "u" else values).astype(dtype)


def main(argv):
    if len(argv) != 3:
        print("usage: clij2_oracle.py MANIFEST.json OUTPUT.json", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        manifest = json.load(f)
    out_dir = os.path.dirname(os.path.abspath(argv[2]))
    helpers = {"cle": cle, "np": np, "to_pixel_type": to_pixel_type, "tied_maxima": tied_maxima,
               "low_edges": low_edges, "java_t": java_t, "java_s": java_s, "java_r": java_r,
               "java_shear": java_shear, "java_center": java_center, "chain": chain, "clij2_warp": clij2_warp,
               "clij2_kernel": clij2_kernel, "tenengrad": tenengrad,
               "extended_depth_of_focus": extended_depth_of_focus,
               "raster_order": raster_order,
               "n_nearest_touch_matrix": n_nearest_touch_matrix, "n_nearest_map": n_nearest_map,
               "reslice": reslice, "write_values": write_values,
               "reslice_radial": reslice_radial, "cylinder_transform": cylinder_transform}
    helpers.update({"clij2_octagon": clij2_octagon, "binary_steps": binary_steps})
    helpers.update({"sobel_3d": sobel_3d, "tenengrad_f32": tenengrad_f32, "entropy_box": entropy_box})  # wt-filters
    helpers.update({"index_mesh": index_mesh, "nearest_labels_mesh": nearest_labels_mesh,
                    "mean_closest_spot_distance": mean_closest_spot_distance})
    helpers.update(point_helpers())
    helpers.update(SEGMENTATION_HELPERS)
    results, errors = {}, {}
    for case in manifest["cases"]:
        case_id = case["id"]
        try:
            names = dict(helpers)
            names.update({name: load(spec) for name, spec in case["inputs"].items()})
            value = eval(case["oracle"], names)
            parts = []
            for k, part in enumerate(value if isinstance(value, tuple) else (value,)):
                part = np.asarray(part, dtype=np.float64)
                stem = "".join(c if c.isalnum() else "_" for c in case_id)
                path = os.path.join(out_dir, "%s_%d.f64" % (stem, k))
                part.astype("<f8").tofile(path)
                parts.append({"path": path, "shape": list(part.shape)})
            results[case_id] = parts
        except Exception as e:  # reported per case; the others still run
            errors[case_id] = "%s: %s (oracle: %s)" % (type(e).__name__, e, case["oracle"])
            print("clij2_oracle: case %s failed:\n%s" % (case_id, traceback.format_exc()), file=sys.stderr)
    with open(argv[2], "w", encoding="utf-8") as f:
        json.dump({"device": str(cle.get_device()), "results": results, "errors": errors}, f, indent=1)
    return 1 if errors else 0


def clij2_octagon(image, iterations, kind):
    """CLIJ2's MaximumOctagon / MinimumOctagon (kind "maximum" / "minimum") with CLIJ2's own
    kernels <kind>_octagon_box_<2d|3d> and <kind>_octagon_diamond_<2d|3d>, in the order of its
    Java: step i (from 0) is the 3x3(x3) box for even i, the face-neighbour diamond for odd i."""
    a = np.asarray(image, dtype=np.float32)
    d = "3d" if a.ndim == 3 else "2d"
    for i in range(iterations):
        step = "box" if i % 2 == 0 else "diamond"
        a = clij2_kernel("%s_octagon_%s_%s_x.cl" % (kind, step, d), "%s_octagon_%s_%s" % (kind, step, d),
                         a.shape, dst=None, src=a)
    return a


def binary_steps(image, steps, box=True, planar=False):
    """Binary erosions ('e') and dilations ('d') of image != 0, in the order of `steps`, with
    CLIJ2's erode/dilate box or sphere (face neighbours) kernels through pyclesperanto (the
    _slice_by_slice ones when planar). Pixels outside the image count as background (ImageJ's rule
    with pad edges off): every step runs on the image padded by one background pixel (in y and x
    only when planar) and is cropped back."""
    a = (np.asarray(image) != 0).astype(np.uint8)
    pad = [(0, 0)] * (a.ndim - 2) + [(1, 1), (1, 1)] if planar else [(1, 1)] * a.ndim
    crop = tuple(slice(p, -p if p else None) for p, _ in pad)
    for s in steps:
        name = ("erode" if s == "e" else "dilate") + ("_box" if box else "_sphere") + ("_slice_by_slice" if planar else "")
        a = (np.asarray(cle.pull(getattr(cle, name)(np.pad(a, pad))))[crop] != 0).astype(np.uint8)
    return a
# --- edge filters and local statistics (wt-filters) ---
def _zyx_f32(image):
    a = np.asarray(image, dtype=np.float32)
    return a[None] if a.ndim == 2 else a


def _shifted(padded, shape, dz, dy, dx):
    d, h, w = shape
    return padded[dz:dz + d, dy:dy + h, dx:dx + w]
def sobel_3d(image):
    """The 3x3x3 Sobel magnitude from its definition, in float32 in ijcl's documented order (x offset
    outermost, z innermost; derivative 1, 0, -1 along one axis, smoothing 1, 2, 1 along the others;
    edges repeated): sqrt(sx^2 + sy^2 + sz^2). CLIJ2's sobel_3d kernel reads beyond its weight tables."""
    a = _zyx_f32(image)
    p = np.pad(a, 1, mode="edge")
    h, hp = [1, 2, 1], [1, 0, -1]
    sx = np.zeros(a.shape, np.float32); sy = np.zeros(a.shape, np.float32); sz = np.zeros(a.shape, np.float32)
    for m in range(3):
        for n in range(3):
            for k in range(3):
                v = _shifted(p, a.shape, k, n, m)
                sx = sx + np.float32(hp[m] * h[n] * h[k]) * v
                sy = sy + np.float32(h[m] * hp[n] * h[k]) * v
                sz = sz + np.float32(h[m] * h[n] * hp[k]) * v
    return np.sqrt(sx * sx + sy * sy + sz * sz)
def tenengrad_f32(image, with_x=True):
    """CLIJ2's tenengrad (with_x) / tenengrad_slice_by_slice kernels from their definition in float32,
    in their order (x offset outermost, z innermost; edges repeated): gz^2 + gy^2 (+ gx^2) of the 3x3x3
    Sobel gradients along z, y and x."""
    a = _zyx_f32(image)
    p = np.pad(a, 1, mode="edge")
    s = [1, 2, 1]
    gz = np.zeros(a.shape, np.float32); gy = np.zeros(a.shape, np.float32); gx = np.zeros(a.shape, np.float32)
    for i in range(3):
        for j in range(3):
            for k in range(3):
                v = _shifted(p, a.shape, k, j, i)
                gz = gz + np.float32((k - 1) * s[j] * s[i]) * v
                gy = gy + np.float32((j - 1) * s[k] * s[i]) * v
                gx = gx + np.float32((i - 1) * s[k] * s[j]) * v
    w = gz * gz + gy * gy
    return w + gx * gx if with_x else w
def entropy_box(image, rx, ry, rz):
    """Local entropy from ijcl's documented definition: 256 bins over the image's [min, max] (float32:
    bin = (int)((v - min) / ((max - min) / 256)), clamped into 0..255, NaN into 0), the box with edges
    repeated (rz ignored for one plane), -sum p log2 p in float64."""
    a = _zyx_f32(image)
    if a.shape[0] == 1:
        rz = 0
    lo, hi = np.float32(np.nanmin(a)), np.float32(np.nanmax(a))
    size = np.float32(hi - lo) / np.float32(256)
    with np.errstate(all="ignore"):
        f = (a - lo) / size
    b = np.where(f >= 0, np.where(f < 256, np.floor(np.nan_to_num(f)), 255), 0).astype(np.int64)
    p = np.pad(b, ((rz, rz), (ry, ry), (rx, rx)), mode="edge")
    n = a.size
    counts = np.zeros((256, n), np.int32)
    cols = np.arange(n)
    for dx in range(2 * rx + 1):
        for dy in range(2 * ry + 1):
            for dz in range(2 * rz + 1):
                counts[_shifted(p, a.shape, dz, dy, dx).ravel(), cols] += 1
    pr = counts / float((2 * rx + 1) * (2 * ry + 1) * (2 * rz + 1))
    e = -(pr * np.log2(np.where(pr > 0, pr, 1.0))).sum(axis=0)
    return e.reshape(np.asarray(image).shape)
def index_mesh(pointlist, indexlist, shape):
    """CLIJ2 Java's pointindexlist_to_mesh_3d kernel worked out in numpy float32 from its
    definition (pyclesperanto 0.24.6 ships a different version of it): for column p = 1 .. w-1 of
    the index list (column 0 is the background's), point A = p - 1 and, for every entry v with
    v - 1 >= 0, point B = int(v - 1) (reads clamped to the point list; rows beyond the list's repeat
    its last row); a line of 1 from A towards B at A + (B - A) * d / length, d = 0, 0.5, ... < length,
    every step in float32 in the kernel's order, coordinates truncated toward zero, outside left out."""
    f = np.float32
    pts = np.asarray(pointlist, dtype=f).reshape(-1, np.shape(pointlist)[-1])
    idx = np.asarray(indexlist, dtype=f).reshape(-1, np.shape(indexlist)[-1])
    rows, n = pts.shape
    out = np.zeros(shape, dtype=f)
    planar = len(shape) == 2

    def point(i):
        i = min(max(int(i), 0), n - 1)
        return [pts[min(k, rows - 1), i] for k in range(3)]

    for p in range(1, idx.shape[1]):
        a = point(p - 1)
        for r in range(idx.shape[0]):
            v = f(idx[r, p] - f(1))
            if not v >= 0:
                continue
            b = point(v)
            length = np.sqrt(f(f(f((a[0] - b[0]) ** 2) + f((a[1] - b[1]) ** 2)) + f((a[2] - b[2]) ** 2)))
            d = f(0)
            while d < length:
                c = [int(f(a[k] + f(f(f(b[k] - a[k]) * d) / length))) for k in range(3)]
                if planar:
                    if 0 <= c[0] < shape[1] and 0 <= c[1] < shape[0]:
                        out[c[1], c[0]] = 1
                elif 0 <= c[0] < shape[2] and 0 <= c[1] < shape[1] and 0 <= c[2] < shape[0]:
                    out[c[2], c[1], c[0]] = 1
                d = f(d + f(0.5))
    return out
def nearest_labels_mesh(labels, n):
    """CLIJ2 Java's DrawMeshBetweenNNearestLabels steps: pyclesperanto's centroids, distance matrix
    and n_closest_points (CLIJ2's kernel, on the whole matrix) after setting its diagonal, row 0 and
    column 0 to the largest float; CLIJ2 Java's index list is as wide as the number of labels (the
    matrix's last column left out); then index_mesh."""
    points = cle.centroids_of_labels(labels)
    matrix = np.asarray(cle.generate_distance_matrix(points, points)).copy()
    big = np.finfo(np.float32).max
    np.fill_diagonal(matrix, big)
    matrix[0, :] = big
    matrix[:, 0] = big
    index = np.asarray(cle.n_closest_points(matrix, n=n, ignore_background=False, ignore_self=False))
    return index_mesh(np.asarray(points), index[:, : index.shape[1] - 1], np.shape(labels))
def mean_closest_spot_distance(spots_a, spots_b):
    """CLIJ2 Java's MeanClosestSpotDistance (bidirectional) in numpy from its definition: spots =
    non-zero pixels, float32 distances (squared differences summed in dimension order, sqrt), for
    each spot of A the closest of B; A_B = their sum / the number of A's spots, B_A = the sum of B's
    closest distances to A / (the number of B's spots + 1) (CLIJ2 Java divides by its distance
    vector's width, background entry included)."""
    def points(image):
        return np.argwhere(np.asarray(image) != 0)[:, ::-1].astype(np.float32)  # x, y[, z]

    a, b = points(spots_a), points(spots_b)
    d = np.sqrt(np.sum((a[:, None, :] - b[None, :, :]) ** 2, axis=2, dtype=np.float32))
    return [float(np.sum(d.min(axis=1), dtype=np.float64) / len(a)),
            float(np.sum(d.min(axis=0), dtype=np.float64) / (len(b) + 1))]
# --- label points (boundingBox, labelledSpotsToPointList, readValuesFromMap) ---------------------

def clij2_bounding_box(image):
    """CLIJ2 Java's BoundingBox in numpy: per axis, p = value x coordinate (float); the end is the
    largest p; the start is MinimumOfMaskedPixels of p with p as its own mask: per (y, x) column the
    smallest p over the planes where the value is not 0 (0 when none), then the smallest column
    value that is not 0 (Float.MAX_VALUE when none). 2D: z and depth 0."""
    a = np.asarray(image).astype(np.float32)
    three_d = a.ndim == 3 and a.shape[0] > 1
    if a.ndim == 2:
        a = a[None]
    grids = np.indices(a.shape).astype(np.float32)  # z, y, x
    lo, hi = [], []
    for axis in (2, 1, 0):
        p = a * grids[axis]
        hi.append(float(np.max(p)))
        column = np.where(a != 0, p, np.float32(np.inf)).min(axis=0)
        column[np.isinf(column)] = 0
        nonzero = column[column != 0]
        lo.append(float(nonzero.min()) if nonzero.size else float(np.finfo(np.float32).max))
    return [lo[0], lo[1], lo[2] if three_d else 0.0, hi[0] - lo[0] + 1, hi[1] - lo[1] + 1,
            hi[2] - lo[2] + 1 if three_d else 0.0]


def last_pixels(labels):
    """{id: raster index (x fastest) of the id's last pixel} for ids 0..max."""
    flat = np.asarray(labels).astype(np.float64).ravel()
    ids = np.clip(flat, 0, None).astype(np.int64)  # float ids truncated, as the device reads them
    order = np.arange(flat.size)
    last = np.full(int(ids.max()) + 1, -1, dtype=np.int64)
    np.maximum.at(last, ids, order)
    return last


def last_pixel_points(labels):
    """labelledSpotsToPointList's definition: column id - 1 = (x, y[, z]) of the id's last pixel in
    raster order, 0 for an id without pixels; rows 2 for one plane, 3 for a stack."""
    a = np.asarray(labels)
    shape = a.shape if a.ndim == 3 else (1,) + a.shape
    last = last_pixels(a)[1:]
    rows = 3 if shape[0] > 1 else 2
    out = np.zeros((rows, last.size), dtype=np.float32)
    have = last >= 0
    x = last % shape[2]
    y = (last // shape[2]) % shape[1]
    z = last // (shape[2] * shape[1])
    for k, c in enumerate((x, y, z)[:rows]):
        out[k, have] = c[have]
    return out


def last_pixel_values(labels, image):
    """readValuesFromMap's definition: entry id = the map's value at the id's last pixel in raster
    order (ids 0..max), 0 for an id without pixels; a (1, max + 1) vector."""
    last = last_pixels(labels)
    values = np.asarray(image).astype(np.float32).ravel()
    out = np.where(last >= 0, values[np.clip(last, 0, None)], 0).astype(np.float32)
    return out[None, :]


def point_helpers():
    return {"clij2_bounding_box": clij2_bounding_box, "last_pixel_points": last_pixel_points,
            "last_pixel_values": last_pixel_values}

# --- segmentation (voronoiOtsuLabeling, erodeLabels, flood filling, overlap matrices): CLIJ2's Java
# steps with pyclesperanto's copies of CLIJ2's kernels, where pyclesperanto's own function differs
# from the Java or is missing.

def imagej_otsu(histogram):
    """The Otsu level of a 256-bin histogram as CLIJ2 computes it: its copy of ImageJ's
    AutoThresholder (AutoThresholderImageJ1.Otsu, the between-class variance form): for k = 1..254,
    BCV = ((N1 / N) S - Sk)^2 / (N1 (N - N1)) (0 where the denominator is 0), the last k with the
    largest BCV (>=) wins."""
    data = [int(v) for v in np.asarray(histogram).ravel()]
    S = float(sum(k * data[k] for k in range(256)))
    N = sum(data)
    Sk, N1, best, k_star = 0.0, data[0], 0.0, 0
    for k in range(1, 255):
        Sk += float(k) * data[k]
        N1 += data[k]
        denom = float(N1) * float(N - N1)
        bcv = 0.0
        if denom != 0:
            num = (float(N1) / float(N)) * S - Sk
            bcv = (num * num) / denom
        if bcv >= best:
            best, k_star = bcv, k
    return k_star


def clij2_threshold_otsu(image):
    """CLIJ2's thresholdOtsu of a float image as its Java runs it (GetAutomaticThreshold): CLIJ2's
    histogram kernel (256 bins between the image's minimum and maximum), imagej_otsu, the level
    mapped back as min + ((level + 1) / 255) (max - min) in float, then pixel >= it. (pyclesperanto's
    threshold_otsu uses scikit-image's Otsu instead.)"""
    img = cle.push(np.asarray(image, dtype=np.float32))
    mn, mx = float(cle.minimum_of_all_pixels(img)), float(cle.maximum_of_all_pixels(img))
    hist = np.asarray(cle.histogram(img, num_bins=256, minimum_intensity=mn, maximum_intensity=mx,
                                    determine_min_max=False))
    level = imagej_otsu(np.rint(hist).astype(np.int64))
    f = np.float32
    t = f(mn) + (f(level + 1.0) / f(255.0)) * (f(mx) - f(mn))
    return np.asarray(cle.pull(img)) >= t


def clij2_masked_flood(seeds, mask):
    """CLIJ2's MaskedVoronoiLabeling after its connected-component step, on the given seed ids:
    seeds + (mask - 1), onlyzero_overwrite_maximum box and diamond alternating until nothing
    changes, then masked."""
    mask = np.asarray(mask) != 0
    flip = cle.push((np.asarray(seeds, dtype=np.float32) + mask.astype(np.float32) - 1).astype(np.float32))
    flop = cle.create_like(flip)
    flag = cle.push(np.asarray([[[0]]]))
    iteration = 0
    while True:
        if iteration % 2 == 0:
            cle.onlyzero_overwrite_maximum_box(flip, flag, flop)
        else:
            cle.onlyzero_overwrite_maximum_diamond(flop, flag, flip)
        changed = cle.pull(flag)[0][0][0]
        cle.set(flag, 0)
        iteration += 1
        if not changed:
            break
    result = np.asarray(cle.pull(flip if iteration % 2 == 0 else flop))
    return np.where(mask, result, 0)


def clij2_voronoi_otsu_labeling(src, spot_sigma, outline_sigma):
    """CLIJ2's VoronoiOtsuLabeling as its Java composes it: gaussianBlur(spot_sigma),
    detectMaxima3DBox(0, 0, 0) (no smoothing, then CLIJ2's detect_maxima kernel of radius 1 as
    clij-opencl-kernels ships it: pyclesperanto's own detect_maxima_box runs a fixed copy that skips
    positions below 0 and so marks maxima on the first row, column and plane, which CLIJ2's Java never
    marks), gaussianBlur(outline_sigma), CLIJ2's thresholdOtsu (clij2_threshold_otsu:
    ImageJ's Otsu, not scikit-image's), binaryAnd, maskedVoronoiLabeling, mask; the seed
    components numbered in raster order (ijcl's numbering; the larger id wins ties)."""
    img = cle.push(np.asarray(src, dtype=np.float32))
    blurred = cle.gaussian_blur(img, sigma_x=spot_sigma, sigma_y=spot_sigma, sigma_z=spot_sigma)
    d = "3d" if len(blurred.shape) == 3 else "2d"
    spots = np.asarray(clij2_kernel("detect_maxima_%s_x.cl" % d, "detect_maxima_" + d, blurred.shape,
                                    src=blurred, dst=None))
    segmentation = clij2_threshold_otsu(cle.gaussian_blur(img, sigma_x=outline_sigma, sigma_y=outline_sigma,
                                                          sigma_z=outline_sigma))
    binary = ((spots != 0) & segmentation).astype(np.uint8)
    seeds = raster_order(cle.connected_components_labeling_box(binary))
    return clij2_masked_flood(seeds, segmentation)


def clij2_erode_labels(labels, radius, relabel_islands):
    """CLIJ2's ErodeLabels as its Java runs it (pyclesperanto's erode_labels runs one minimum filter
    fewer): detectLabelEdges, binaryNot, mask; for radius > 1, `radius` minimum filters of radius 1,
    sphere at even steps and box at odd steps; then closeIndexGapsInLabelMap, or with
    relabel_islands connectedComponentsLabelingBox (numbered in raster order, as ijcl does)."""
    src = cle.push(np.asarray(labels, dtype=np.float32))
    if radius <= 0:
        return np.asarray(labels)
    temp = cle.mask(src, cle.binary_not(cle.detect_label_edges(src)))
    result = temp
    if radius > 1:
        dst = cle.create_like(temp)
        for i in range(radius):
            if i % 2 == 0:
                cle.minimum_sphere(temp, dst, 1, 1, 1)
            else:
                cle.minimum_box(dst, temp, 1, 1, 1)
        result = dst if radius % 2 == 1 else temp
    if relabel_islands:
        return raster_order(cle.connected_components_labeling_box(cle.not_equal_constant(result, constant=0)))
    return np.asarray(cle.close_index_gaps_in_label_map(result))


def flood_fill_diamond(src, value_to_replace, value_replacement):
    """CLIJ2's FloodFillDiamond by its definition (numpy): repeat until nothing changes: a pixel equal
    to value_to_replace with a face neighbour (inside the image) equal to value_replacement becomes
    value_replacement. Values compared in float, as CLIJ2's kernel does."""
    a = np.asarray(src).astype(np.float32)
    old, new = np.float32(value_to_replace), np.float32(value_replacement)
    while True:
        seed = a == new
        near = np.zeros_like(seed)
        for axis in range(a.ndim):
            lo = [slice(None)] * a.ndim
            hi = [slice(None)] * a.ndim
            lo[axis], hi[axis] = slice(0, -1), slice(1, None)
            near[tuple(lo)] |= seed[tuple(hi)]
            near[tuple(hi)] |= seed[tuple(lo)]
        change = (a == old) & near
        if not change.any():
            return a
        a[change] = new


def binary_fill_holes(src):
    """CLIJ2's BinaryFillHoles by its definition: pad with one pixel of background on every side,
    flood the background face-connected to the padding (flood_fill_diamond), keep the rest as 1."""
    a = np.pad((np.asarray(src) != 0).astype(np.float32), 1)
    a[tuple([0] * a.ndim)] = 2  # a seed in the padding, which is face-connected all around
    flooded = flood_fill_diamond(a, 0, 2)
    inner = tuple([slice(1, -1)] * a.ndim)
    return (flooded[inner] != 2).astype(np.uint8)


def jaccard_index_matrix(label_map1, label_map2):
    """CLIJ2's GenerateJaccardIndexMatrix by its Java: tp[l2, l1] = pixels holding l1 in map 1 and l2
    in map 2, then tp / (sum over l2 of tp - tp + sum over l1 of tp), in float (0/0 = NaN)."""
    a = np.asarray(label_map1).astype(np.int64).ravel()
    b = np.asarray(label_map2).astype(np.int64).ravel()
    tp = np.zeros((b.max() + 1, a.max() + 1), dtype=np.float64)
    np.add.at(tp, (b, a), 1)
    f = np.float32
    c1 = tp.sum(axis=0)[None, :].astype(f)
    c2 = tp.sum(axis=1)[:, None].astype(f)
    with np.errstate(invalid="ignore", divide="ignore"):
        return tp.astype(f) / ((c1 - tp.astype(f)) + c2)


def clij2_distance_map(src):
    """CLIJ2's DistanceMap by its Java (numpy): inside = src > 0; erode repeatedly (face neighbours
    at even steps, the box at odd steps; neighbours outside the image do not erode, as CLIJ2's
    clamped reads), adding what is left to the count, until nothing is left."""
    cur = np.asarray(src) > 0
    dist = cur.astype(np.float32)
    step = 0
    while cur.any():
        padded = np.pad(cur, 1, constant_values=True)
        nxt = cur.copy()
        for offset in np.ndindex(*([3] * cur.ndim)):
            d = [o - 1 for o in offset]
            if step % 2 == 0 and sum(abs(v) for v in d) > 1:
                continue
            nxt &= padded[tuple(slice(1 + v, 1 + v + n) for v, n in zip(d, cur.shape))]
        dist += nxt
        cur = nxt
        step += 1
    return dist

def clij2_surface_filter(points, labels, cx, cy, cz, sub_surface):
    """CLIJ2's ExcludeLabelsOnSurface (sub_surface False) / ExcludeLabelsSubSurface (True) as its
    Java runs them: CLIJ2's exclude_labels_(on|sub)_surface_2d/3d kernel with one work item per
    point-list column (ids 0 .. width - 1), the kept ids renumbered 1, 2, ... in id order, then
    replaceIntensities (ids at or beyond the width read the last entry: a clamped read)."""
    lab = np.asarray(labels)
    pts = np.asarray(points, dtype=np.float32)
    pts = pts.reshape(pts.shape[-2], pts.shape[-1])
    n = pts.shape[-1]
    three = lab.ndim == 3 and lab.shape[0] > 1
    name = "exclude_labels_%s_%dd" % ("sub_surface" if sub_surface else "on_surface", 3 if three else 2)
    params = {"src_pointlist": pts, "src_label_map": lab.astype(np.float32), "label_index_dst": None,
              "centerX": float(np.float32(cx)), "centerY": float(np.float32(cy))}
    if three:
        params["centerZ"] = float(np.float32(cz))
    index = np.asarray(clij2_kernel(name + "_x.cl", name, (1, n), **params)).ravel()
    new = np.zeros(n, dtype=np.int64)
    count = 1
    for i in range(n):
        if index[i] > 0:
            new[i] = count
            count += 1
    ids = np.clip(lab.astype(np.int64), 0, n - 1)
    return new[ids]


def clij2_label_surface(labels, relative_x, relative_y, relative_z):
    """CLIJ2's LabelSurface: centroidsOfLabels into n + 1 columns (n = the largest id), then
    clij2_surface_filter(sub_surface=True) with the centre at the relative position of the image."""
    lab = np.asarray(labels)
    n = int(lab.max())
    pts = np.zeros((lab.ndim, n + 1), dtype=np.float32)
    pts[:, :n] = np.asarray(cle.centroids_of_labels(lab.astype(np.float32))).reshape(lab.ndim, n)
    f = np.float32
    depth = lab.shape[0] if lab.ndim == 3 else 1
    return clij2_surface_filter(pts, lab, f(lab.shape[-1]) * f(relative_x), f(lab.shape[-2]) * f(relative_y),
                                f(depth) * f(relative_z), True)

SEGMENTATION_HELPERS = {"imagej_otsu": imagej_otsu, "clij2_threshold_otsu": clij2_threshold_otsu,
                        "clij2_masked_flood": clij2_masked_flood,
                        "clij2_voronoi_otsu_labeling": clij2_voronoi_otsu_labeling,
                        "clij2_erode_labels": clij2_erode_labels, "flood_fill_diamond": flood_fill_diamond,
                        "binary_fill_holes": binary_fill_holes, "jaccard_index_matrix": jaccard_index_matrix,
                        "clij2_distance_map": clij2_distance_map, "clij2_surface_filter": clij2_surface_filter,
                        "clij2_label_surface": clij2_label_surface}

def n_nearest_touch_matrix(distance_matrix, n):
    """CLIJ2 Java's generateNNearestNeighborsMatrix in numpy: the background row, column and the
    diagonal set to Float.MAX; for each column p >= 1 its n smallest entries of rows >= 1 (as
    CLIJ2's find_n_closest_points keeps them by insertion: ties the earlier row; a stable sort)
    marked at (min, max) in the x < y half (numpy axes [y, x]), the diagonal and column 0 left 0.
    NaN entries are never chosen (sorted last, and a column of only NaN, an id without pixels whose
    centroid is NaN, chooses nothing: ijcl's documented difference; CLIJ2's kernel would keep the
    first n rows there).
    pyclesperanto 0.24.6 cannot be used: its find_n_closest_points (private arrays of 2 x 1,000
    floats, launched once per matrix entry) crashes PoCL, and its generate_n_nearest_neighbors_matrix
    runs point_index_list_to_touch_matrix over an index list one column wider than it fills."""
    d = np.asarray(distance_matrix, dtype=np.float32).copy()
    fmax = np.finfo(np.float32).max
    d[0, :] = fmax
    d[:, 0] = fmax
    np.fill_diagonal(d, fmax)
    n = max(1, int(n))  # CLIJ2 Java: n < 1 is taken as 1
    touch = np.zeros(d.shape, np.float32)
    for p in range(1, d.shape[1]):
        column = d[1:, p]
        order = np.argsort(column, kind="stable")
        for b in order[:min(n, int(np.count_nonzero(~np.isnan(column))))] + 1:
            if b != p:
                touch[max(p, b), min(p, b)] = 1
    touch[:, 0] = 0
    return touch


def n_nearest_map(statistic, parametric_map, labels, n):
    """CLIJ2 Java's <statistic>OfNNearestNeighborsMap from pyclesperanto's pieces and
    n_nearest_touch_matrix (centroids_of_labels, generate_distance_matrix, n_nearest_touch_matrix,
    read_intensities_from_map, <statistic>_of_touching_neighbors, the background's mean set to 0,
    replace_intensities)."""
    points = cle.centroids_of_labels(labels)
    touch = n_nearest_touch_matrix(cle.generate_distance_matrix(points, points), n)
    values = cle.read_intensities_from_map(labels, parametric_map)
    result = np.asarray(getattr(cle, statistic + "_of_touching_neighbors")(values, touch)).copy()
    if statistic == "mean":
        result[..., 0] = 0
    return np.asarray(cle.replace_intensities(labels, result))


if __name__ == "__main__":
    sys.exit(main(sys.argv))

