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


def clij2_kernel(file, kernel, shape, constants=None, **parameters):
    """Runs CLIJ2's OpenCL kernel `kernel` from `file` (pyclesperanto_prototype's copy of CLIJ2's
    kernels, clij-opencl-kernels/kernels) and returns its output: for CLIJ2 operations that
    pyclesperanto has no function for. `parameters` in the kernel's signature order (pyclesperanto
    sets the arguments in that order); the one given as None is the output, a new float32 image
    of numpy shape `shape`. Arrays are pushed as float32 (like every pyclesperanto input), numbers
    passed as they are (int -> int, float -> float). One work item per output pixel, as CLIJ2."""
    dst = cle.create(shape)
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
               "low_edges": low_edges, "clij2_kernel": clij2_kernel, "tenengrad": tenengrad,
               "extended_depth_of_focus": extended_depth_of_focus}
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
