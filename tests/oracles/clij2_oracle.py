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

