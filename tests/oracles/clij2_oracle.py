"""Evaluates the CLIJ2 oracles of tests/oracles/clij2_oracles.tsv with pyclesperanto_prototype.

    python clij2_oracle.py MANIFEST.json OUTPUT.json

MANIFEST.json (written by net.ijcl.oracle.Clij2OracleTest):
    {"cases": [{"id": "...", "oracle": "<Python expression>",
                "inputs": {"src": {"path": "...", "shape": [z, y, x] or [y, x], "dtype": "uint8"}, ...}}]}
Inputs are raw little-endian pixel files. Each oracle expression is evaluated with `cle`, `np`,
the inputs (numpy arrays of their dtype, axis order z, y, x; src, src2 and dst where the case has
them) and the helpers below; its result (a tuple of results for an operation with several output
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


def clij2_kernel(filename, kernel, shape, dtype=np.float32, **images_and_numbers):
    """Runs one of CLIJ2's OpenCL kernels as pyclesperanto_prototype ships it
    (clij-opencl-kernels/kernels/FILENAME) into a new image of numpy shape `shape` (z, y, x),
    the kernel's `dst`, over the global range of that shape; the other kernel parameters by name
    (numpy arrays are pushed). For CLIJ2 operations that pyclesperanto has no Python function for
    (e.g. resliceTop); the kernel is CLIJ2's, so the oracle stays independent of ijcl."""
    dst = cle.create(shape, dtype=dtype)
    params = {"dst": dst}
    for name, value in images_and_numbers.items():
        params[name] = cle.push(value) if isinstance(value, np.ndarray) else value
    anchor = os.path.join(os.path.dirname(cle.__file__), "clij-opencl-kernels", "kernels", filename)
    cle.execute(anchor, filename, kernel, dst.shape, params)
    return cle.pull(dst)


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
    dtype = np.dtype(spec["dtype"]).newbyteorder("<")
    data = np.fromfile(spec["path"], dtype=dtype)
    return data.reshape(spec["shape"]).astype(dtype.newbyteorder("="))


def main(argv):
    if len(argv) != 3:
        print("usage: clij2_oracle.py MANIFEST.json OUTPUT.json", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        manifest = json.load(f)
    out_dir = os.path.dirname(os.path.abspath(argv[2]))
    helpers = {"cle": cle, "np": np, "to_pixel_type": to_pixel_type, "tied_maxima": tied_maxima,
               "low_edges": low_edges, "clij2_kernel": clij2_kernel,
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


if __name__ == "__main__":
    sys.exit(main(sys.argv))
