"""Evaluates the CLIJ2 oracles of tests/oracles/clij2_oracles.tsv with pyclesperanto_prototype.

    python clij2_oracle.py MANIFEST.json OUTPUT.json

MANIFEST.json (written by net.ijcl.oracle.Clij2OracleTest):
    {"cases": [{"id": "...", "oracle": "<Python expression>",
                "inputs": {"src": {"path": "...", "shape": [z, y, x] or [y, x], "dtype": "uint8"}, ...}}]}
Inputs are raw little-endian pixel files; an input with "derive" is a uint8 0/255 mask from which
this script makes labels, centroids, a touch or a distance matrix itself (derived()). Each oracle expression is evaluated with `cle`, `np`,
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
    centroids to themselves) or near (1 in the x < y half where 0 < distance < 40, background
    column 0 left out: connected components never touch each other). Given in spec["dtype"]: label ids as they are (uint8: modulo 256,
    as OracleInputs makes them for ijcl), other values rounded down for integer types."""
    mask = np.fromfile(spec["path"], dtype=np.uint8).reshape(spec["shape"])
    labels = raster_order(cle.connected_components_labeling_box(mask)).astype(np.int64)
    kind, dtype = spec["derive"], np.dtype(spec["dtype"])
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
               "low_edges": low_edges, "raster_order": raster_order}
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
