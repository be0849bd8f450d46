#!/usr/bin/env python3
"""Times ijcl's operations' equivalents in CuPy (cupyx.scipy.ndimage) and pyclesperanto on the
same GPU, at the sizes of native/bench/bench_main.cpp, and writes one CSV per library.

    python3 compare_gpu.py --lib cupy|clesperanto [--quick] [--reps N] [--out DIR]

Inputs are the same kind as ijcl_bench's: pseudo-random 12-bit uint16 images (never zeros),
a binary image (input >= 3000) and its connected-component labels. Parameters: radius and sigma
2, as the seed table. Each operation is warmed up 3 times, then timed --reps times (default 21):
CuPy with CUDA events (cupyx.profiler.benchmark, GPU time), pyclesperanto with a host clock
around the call followed by a wait for the queue (it exposes no events). The median is reported.

An equivalent is what a user of that library would write for the same result; where a library
has no such function the row is left out (and says so on stderr).
"""
import argparse
import csv
import statistics
import sys
import time

import numpy as np

BLOBS = [None]  # the blob-grid mask of the current size, on the device
MASK2 = [None]  # a second random mask (second input of binaryAnd/Or), on the device
SIZES_FULL = [("2D 4096x4096", (4096, 4096), False),
              ("3D 1024x1024x32", (32, 1024, 1024), True),
              ("3D 1024x1024x256", (256, 1024, 1024), True)]
SIZES_QUICK = [("2D 1024x1024", (1024, 1024), False),
               ("3D 256x256x16", (16, 256, 256), True),
               ("3D 256x256x64", (64, 256, 256), True)]


def noise(shape, seed):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 4096, size=shape, dtype=np.uint16)


def blob_grid(shape):
    """Separate 12x12x6 cuboids on a 16x16x8 grid (12x12 squares in 2D), as ijcl_bench's "blobs"."""
    idx = np.indices(shape, sparse=True)
    if len(shape) == 2:
        y, x = idx
        return (x % 16 < 12) & (y % 16 < 12)
    z, y, x = idx
    return (x % 16 < 12) & (y % 16 < 12) & (z % 8 < 6)


def disk_or_ball(ndim, radius=2):
    """ImageJ RankFilters' circle in 2D (r*r+1 rule) and Filters3D's ellipsoid in 3D."""
    r = radius
    if ndim == 2:
        y, x = np.mgrid[-r:r + 1, -r:r + 1]
        return (x * x + y * y) <= r * r + 1
    z, y, x = np.mgrid[-r:r + 1, -r:r + 1, -r:r + 1]
    return (x * x + y * y + z * z) <= r * r


def otsu_level(hist):
    """Otsu's threshold on a 256-bin histogram (host side, as ijcl and CLIc do)."""
    h = hist.astype(np.float64)
    bins = np.arange(h.size)
    w0 = np.cumsum(h)
    w1 = w0[-1] - w0
    m0 = np.cumsum(h * bins)
    mt = m0[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mt * w0 - m0 * w0[-1]) ** 2 / (w0 * w1)
    return int(np.nanargmax(between))


def cupy_ops(cp, ndi):
    f32 = cp.float32

    def box(ndim):
        return (5,) * ndim

    def otsu(a):
        lo, hi = float(a.min()), float(a.max())
        hist, _ = cp.histogram(a, bins=256, range=(lo, hi))
        level = otsu_level(cp.asnumpy(hist))
        return a > lo + (level + 1) * (hi - lo) / 256.0

    def stats(a, labels):
        # per-label count, mean intensity and centroid with bincount (CuPy's fast idiom; its
        # ndimage.mean takes a slow path for uint16)
        flat = labels.ravel()
        n = int(flat.max()) + 1
        count = cp.bincount(flat, minlength=n).astype(cp.float64)
        mean = cp.bincount(flat, weights=a.ravel().astype(cp.float64), minlength=n) / count
        centroid = [cp.bincount(flat, weights=c.ravel().astype(cp.float64), minlength=n) / count
                    for c in cp.indices(labels.shape)]
        return count, mean, centroid

    return {
        "copy": ("all", lambda a, b, m, l: a.copy()),
        "addImages": ("all", lambda a, b, m, l: a + b),
        "subtractImages": ("all", lambda a, b, m, l: a - b),
        "addImagesWeighted": ("all", lambda a, b, m, l: (a.astype(f32) * 1.0 + b.astype(f32) * 1.0).astype(a.dtype)),
        "addImageAndScalar": ("all", lambda a, b, m, l: a + 2),
        "multiplyImageAndScalar": ("all", lambda a, b, m, l: a * 2),
        "threshold": ("all", lambda a, b, m, l: a >= 2048),
        "automaticThreshold": ("all", lambda a, b, m, l: otsu(a)),
        "binaryAnd": ("all", lambda a, b, m, l: cp.logical_and(m, MASK2[0])),
        "binaryOr": ("all", lambda a, b, m, l: cp.logical_or(m, MASK2[0])),
        "binaryNot": ("all", lambda a, b, m, l: cp.logical_not(m)),
        "flip2D": ("2d", lambda a, b, m, l: cp.ascontiguousarray(cp.flip(a, axis=-1))),
        "flip3D": ("3d", lambda a, b, m, l: cp.ascontiguousarray(cp.flip(a, axis=-1))),
        "rotate2D": ("2d", lambda a, b, m, l: ndi.rotate(a, 45, axes=(-1, -2), reshape=False, order=1)),
        "maximumZProjection": ("3d", lambda a, b, m, l: a.max(axis=0)),
        "gaussianBlur2D": ("2d", lambda a, b, m, l: ndi.gaussian_filter(a, 2)),
        "gaussianBlur3D": ("3d", lambda a, b, m, l: ndi.gaussian_filter(a, 2)),
        "mean2DBox": ("2d", lambda a, b, m, l: ndi.uniform_filter(a, 5)),
        "mean3DBox": ("3d", lambda a, b, m, l: ndi.uniform_filter(a, 5)),
        "minimum2DBox": ("2d", lambda a, b, m, l: ndi.minimum_filter(a, 5)),
        "minimum3DBox": ("3d", lambda a, b, m, l: ndi.minimum_filter(a, 5)),
        "maximum2DBox": ("2d", lambda a, b, m, l: ndi.maximum_filter(a, 5)),
        "maximum3DBox": ("3d", lambda a, b, m, l: ndi.maximum_filter(a, 5)),
        "median2DBox": ("2d", lambda a, b, m, l: ndi.median_filter(a, 5)),
        "median3DBox": ("3d", lambda a, b, m, l: ndi.median_filter(a, 5)),
        "mean2DSphere": ("2d", lambda a, b, m, l: ndi.correlate(a.astype(f32), cp.asarray(disk_or_ball(2) / disk_or_ball(2).sum(), dtype=f32))),
        "mean3DSphere": ("3d", lambda a, b, m, l: ndi.correlate(a.astype(f32), cp.asarray(disk_or_ball(3) / disk_or_ball(3).sum(), dtype=f32))),
        "minimum2DSphere": ("2d", lambda a, b, m, l: ndi.minimum_filter(a, footprint=cp.asarray(disk_or_ball(2)))),
        "minimum3DSphere": ("3d", lambda a, b, m, l: ndi.minimum_filter(a, footprint=cp.asarray(disk_or_ball(3)))),
        "maximum2DSphere": ("2d", lambda a, b, m, l: ndi.maximum_filter(a, footprint=cp.asarray(disk_or_ball(2)))),
        "maximum3DSphere": ("3d", lambda a, b, m, l: ndi.maximum_filter(a, footprint=cp.asarray(disk_or_ball(3)))),
        "median2DSphere": ("2d", lambda a, b, m, l: ndi.median_filter(a, footprint=cp.asarray(disk_or_ball(2)))),
        "median3DSphere": ("3d", lambda a, b, m, l: ndi.median_filter(a, footprint=cp.asarray(disk_or_ball(3)))),
        "topHatBox": ("3d", lambda a, b, m, l: ndi.white_tophat(a, size=5)),
        "topHatSphere": ("3d", lambda a, b, m, l: ndi.white_tophat(a, footprint=cp.asarray(disk_or_ball(3)))),
        "erodeBox": ("all", lambda a, b, m, l: ndi.binary_erosion(m, structure=cp.ones((3,) * m.ndim, bool))),
        "dilateBox": ("all", lambda a, b, m, l: ndi.binary_dilation(m, structure=cp.ones((3,) * m.ndim, bool))),
        "erodeSphere": ("all", lambda a, b, m, l: ndi.binary_erosion(m, structure=ndi.generate_binary_structure(m.ndim, 1))),
        "dilateSphere": ("all", lambda a, b, m, l: ndi.binary_dilation(m, structure=ndi.generate_binary_structure(m.ndim, 1))),
        "detectMaxima2DBox": ("2d", lambda a, b, m, l: a == ndi.maximum_filter(a, 5)),
        "detectMaxima3DBox": ("3d", lambda a, b, m, l: a == ndi.maximum_filter(a, 5)),
        "connectedComponentsLabelingBox": ("all", lambda a, b, m, l: ndi.label(BLOBS[0], structure=cp.ones((3,) * m.ndim, bool))),
        "getMaximumOfAllPixels": ("all", lambda a, b, m, l: float(a.max())),
        "getSumOfAllPixels": ("all", lambda a, b, m, l: float(a.sum(dtype=cp.float64))),
        "countNonZeroPixels": ("all", lambda a, b, m, l: int(cp.count_nonzero(a))),
        "statisticsOfLabelledPixels": ("all", lambda a, b, m, l: stats(a, l)),
        # pixel-wise rows (issue 11's bandwidth comparison); float32 results where ijcl's are float
        "absolute": ("all", lambda a, b, m, l: cp.abs(a)),
        "absoluteDifference": ("all", lambda a, b, m, l: cp.abs(a.astype(f32) - b.astype(f32)).astype(a.dtype)),
        "squaredDifference": ("all", lambda a, b, m, l: cp.square(a.astype(f32) - b.astype(f32))),
        "multiplyImages": ("all", lambda a, b, m, l: a * b),
        "divideImages": ("all", lambda a, b, m, l: a.astype(f32) / b.astype(f32)),
        "maximumImages": ("all", lambda a, b, m, l: cp.maximum(a, b)),
        "minimumImages": ("all", lambda a, b, m, l: cp.minimum(a, b)),
        "maximumImageAndScalar": ("all", lambda a, b, m, l: cp.maximum(a, 2)),
        "power": ("all", lambda a, b, m, l: cp.power(a.astype(f32), f32(2))),
        "exponential": ("all", lambda a, b, m, l: cp.exp(a.astype(f32))),
        "logarithm": ("all", lambda a, b, m, l: cp.log(a.astype(f32))),
        "sinus": ("all", lambda a, b, m, l: cp.sin(a.astype(f32))),
        "greater": ("all", lambda a, b, m, l: a > b),
        "equalConstant": ("all", lambda a, b, m, l: a == 2),
        "binaryXOr": ("all", lambda a, b, m, l: cp.logical_xor(m, MASK2[0])),
        "mask": ("all", lambda a, b, m, l: a * m),
    }


def cle_ops(cle):
    def pick(*names):
        for n in names:
            if hasattr(cle, n):
                return getattr(cle, n)
        return None

    def f(*names, call):
        fn = pick(*names)
        return None if fn is None else (lambda a, b, m, l: call(fn, a, b, m, l))

    table = {
        "copy": ("all", f("copy", call=lambda fn, a, b, m, l: fn(a))),
        "addImages": ("all", f("add_images", "add_images_weighted", call=lambda fn, a, b, m, l: fn(a, b))),
        "subtractImages": ("all", f("subtract_images", call=lambda fn, a, b, m, l: fn(a, b))),
        "addImagesWeighted": ("all", f("add_images_weighted", call=lambda fn, a, b, m, l: fn(a, b, factor0=1, factor1=1))),
        "addImageAndScalar": ("all", f("add_image_and_scalar", call=lambda fn, a, b, m, l: fn(a, scalar=2))),
        "multiplyImageAndScalar": ("all", f("multiply_image_and_scalar", call=lambda fn, a, b, m, l: fn(a, scalar=2))),
        "threshold": ("all", f("greater_or_equal_constant", call=lambda fn, a, b, m, l: fn(a, scalar=2048))),
        "automaticThreshold": ("all", f("threshold_otsu", call=lambda fn, a, b, m, l: fn(a))),
        "binaryAnd": ("all", f("binary_and", call=lambda fn, a, b, m, l: fn(m, MASK2[0]))),
        "binaryOr": ("all", f("binary_or", call=lambda fn, a, b, m, l: fn(m, MASK2[0]))),
        "binaryNot": ("all", f("binary_not", call=lambda fn, a, b, m, l: fn(m))),
        "flip2D": ("2d", f("flip", call=lambda fn, a, b, m, l: fn(a, flip_x=True, flip_y=False))),
        "flip3D": ("3d", f("flip", call=lambda fn, a, b, m, l: fn(a, flip_x=True, flip_y=False, flip_z=False))),
        "rotate2D": ("2d", f("rotate", call=lambda fn, a, b, m, l: fn(a, angle_z=45, rotate_around_center=True, linear_interpolation=True))),
        "maximumZProjection": ("3d", f("maximum_z_projection", call=lambda fn, a, b, m, l: fn(a))),
        "gaussianBlur2D": ("2d", f("gaussian_blur", call=lambda fn, a, b, m, l: fn(a, sigma_x=2, sigma_y=2))),
        "gaussianBlur3D": ("3d", f("gaussian_blur", call=lambda fn, a, b, m, l: fn(a, sigma_x=2, sigma_y=2, sigma_z=2))),
        "topHatBox": ("3d", f("top_hat_box", call=lambda fn, a, b, m, l: fn(a, radius_x=2, radius_y=2, radius_z=2))),
        "topHatSphere": ("3d", f("top_hat_sphere", call=lambda fn, a, b, m, l: fn(a, radius_x=2, radius_y=2, radius_z=2))),
        "erodeBox": ("all", f("erode_box", call=lambda fn, a, b, m, l: fn(m))),
        "dilateBox": ("all", f("dilate_box", call=lambda fn, a, b, m, l: fn(m))),
        "erodeSphere": ("all", f("erode_sphere", call=lambda fn, a, b, m, l: fn(m))),
        "dilateSphere": ("all", f("dilate_sphere", call=lambda fn, a, b, m, l: fn(m))),
        "detectMaxima2DBox": ("2d", f("detect_maxima_box", call=lambda fn, a, b, m, l: fn(a, radius_x=2, radius_y=2))),
        "detectMaxima3DBox": ("3d", f("detect_maxima_box", call=lambda fn, a, b, m, l: fn(a, radius_x=2, radius_y=2, radius_z=2))),
        "connectedComponentsLabelingBox": ("all", f("connected_components_labeling_box", "connected_components_labeling", call=lambda fn, a, b, m, l: fn(BLOBS[0]))),
        "getMaximumOfAllPixels": ("all", f("maximum_of_all_pixels", call=lambda fn, a, b, m, l: fn(a))),
        "getSumOfAllPixels": ("all", f("sum_of_all_pixels", call=lambda fn, a, b, m, l: fn(a))),
        "countNonZeroPixels": ("all", f("count_non_zero_pixels", call=lambda fn, a, b, m, l: fn(a))),
        "statisticsOfLabelledPixels": ("all", f("statistics_of_labelled_pixels", "label_statistics", call=lambda fn, a, b, m, l: fn(a, l))),
    }
    # the data family (issue 9): projections, remaps, conversions
    for kind, cle_kind in (("maximum", "maximum"), ("minimum", "minimum"), ("mean", "mean"), ("sum", "sum")):
        for axis in ("X", "Y", "Z"):
            table[f"{kind}{axis}Projection"] = ("3d", f(f"{cle_kind}_{axis.lower()}_projection", call=lambda fn, a, b, m, l: fn(a)))
    table["standardDeviationZProjection"] = ("3d", f("standard_deviation_z_projection", call=lambda fn, a, b, m, l: fn(a)))
    table["zPositionOfMaximumZProjection"] = ("3d", f("z_position_of_maximum_z_projection", call=lambda fn, a, b, m, l: fn(a)))
    table["argMaximumZProjection"] = ("3d", f("arg_maximum_z_projection", call=lambda fn, a, b, m, l: fn(a)))
    for name, cle_name in (("transposeXY", "transpose_xy"), ("transposeXZ", "transpose_xz"), ("transposeYZ", "transpose_yz")):
        table[name] = ("3d", f(cle_name, call=lambda fn, a, b, m, l: fn(a)))
    table["concatenateStacks"] = ("3d", f("concatenate_along_z", "concatenate_stacks", call=lambda fn, a, b, m, l: fn(a, b)))
    table["combineHorizontally"] = ("all", f("concatenate_along_x", "combine_horizontally", call=lambda fn, a, b, m, l: fn(a, b)))
    table["combineVertically"] = ("all", f("concatenate_along_y", "combine_vertically", call=lambda fn, a, b, m, l: fn(a, b)))
    # the rest of the data family: transforms (linear interpolation, as CLIJ2 and ijcl by default),
    # z projections, neighbourhood filters, label maps (on the blob-grid labels l), point lists
    table["rotate3D"] = ("3d", f("rotate", call=lambda fn, a, b, m, l: fn(a, angle_z=45, centered=True, interpolate=True)))
    table["scale2D"] = ("2d", f("scale", call=lambda fn, a, b, m, l: fn(a, factor_x=2, factor_y=2, centered=True, interpolate=True)))
    table["scale3D"] = ("3d", f("scale", call=lambda fn, a, b, m, l: fn(a, factor_x=2, factor_y=2, factor_z=2, centered=True, interpolate=True)))
    table["translate2D"] = ("2d", f("translate", call=lambda fn, a, b, m, l: fn(a, interpolate=True)))
    table["translate3D"] = ("3d", f("translate", call=lambda fn, a, b, m, l: fn(a, interpolate=True)))
    table["rigidTransform"] = ("all", f("rigid_transform", call=lambda fn, a, b, m, l: fn(a, interpolate=True)))
    table["makeIsotropic"] = ("3d", f("make_isotropic", call=lambda fn, a, b, m, l: fn(a, 1, 1, 1, 1, interpolate=True)))
    for name, cle_name in (("nonzeroMaximumBox", "nonzero_maximum_box"), ("nonzeroMinimumBox", "nonzero_minimum_box"),
                           ("nonzeroMaximumDiamond", "nonzero_maximum_diamond"), ("nonzeroMinimumDiamond", "nonzero_minimum_diamond")):
        table[name] = ("all", f(cle_name, call=lambda fn, a, b, m, l: fn(a, cle.create_like(a))))
    for name, cle_name in (("onlyzeroOverwriteMaximumBox", "onlyzero_overwrite_maximum_box"),
                           ("onlyzeroOverwriteMaximumDiamond", "onlyzero_overwrite_maximum_diamond")):
        table[name] = ("all", f(cle_name, call=lambda fn, a, b, m, l: fn(a, cle.create_like(a))))
    table["detectMaximaBox"] = ("all", f("detect_maxima_box", call=lambda fn, a, b, m, l: fn(a, radius_x=2, radius_y=2, radius_z=2)))
    table["detectMinimaBox"] = ("all", f("detect_minima_box", call=lambda fn, a, b, m, l: fn(a, radius_x=2, radius_y=2, radius_z=2)))
    table["extendedDepthOfFocusVarianceProjection"] = ("3d", f("extended_depth_of_focus_variance_projection",
                                                             call=lambda fn, a, b, m, l: fn(a, radius_x=2, radius_y=2, sigma=2)))
    table["extendedDepthOfFocusSobelProjection"] = ("3d", f("extended_depth_of_focus_sobel_projection", call=lambda fn, a, b, m, l: fn(a, sigma=2)))
    table["setNonZeroPixelsToPixelIndex"] = ("all", f("set_nonzero_pixels_to_pixelindex", call=lambda fn, a, b, m, l: fn(m)))
    table["meanSquaredError"] = ("all", f("mean_squared_error", call=lambda fn, a, b, m, l: fn(a, b)))
    table["pixelCountMap"] = ("all", f("pixel_count_map", call=lambda fn, a, b, m, l: fn(l)))
    for name, cle_name in (("meanIntensityMap", "mean_intensity_map"), ("minimumIntensityMap", "minimum_intensity_map"),
                           ("maximumIntensityMap", "maximum_intensity_map"), ("standardDeviationIntensityMap", "standard_deviation_intensity_map")):
        table[name] = ("all", f(cle_name, call=lambda fn, a, b, m, l: fn(a, l)))
    for name, cle_name in (("meanExtensionMap", "mean_extension_map"), ("maximumExtensionMap", "maximum_extension_map"),
                           ("extensionRatioMap", "extension_ratio_map"), ("centroidsOfLabels", "centroids_of_labels")):
        table[name] = ("all", f(cle_name, call=lambda fn, a, b, m, l: fn(l)))
    # label graph, part 2 (label_mesh_ops.cpp), on the blob-grid labels l; the matrix operations
    # (multiplyMatrix, nClosestPoints, ...) take matrices, not images of these sizes, and are left out
    table["generateTouchCountMatrix"] = ("all", f("generate_touch_count_matrix", call=lambda fn, a, b, m, l: fn(l)))
    table["mergeTouchingLabels"] = ("all", f("merge_touching_labels", call=lambda fn, a, b, m, l: fn(l)))
    table["drawMeshBetweenTouchingLabels"] = ("all", f("draw_mesh_between_touching_labels", call=lambda fn, a, b, m, l: fn(l)))
    table["drawDistanceMeshBetweenTouchingLabels"] = ("all", f("draw_distance_mesh_between_touching_labels", call=lambda fn, a, b, m, l: fn(l)))
    table["drawMeshBetweenProximalLabels"] = ("all", f("draw_mesh_between_proximal_labels", call=lambda fn, a, b, m, l: fn(l, maximum_distance=20)))
    table["drawMeshBetweenNNearestLabels"] = ("all", f("draw_mesh_between_n_closest_labels", call=lambda fn, a, b, m, l: fn(l, n=3)))
    # label points (label_point_ops.cpp): measurements of the image, centroids, spots and point lists, maps
    table["boundingBox"] = ("all", f("bounding_box", call=lambda fn, a, b, m, l: fn(m)))
    table["getBoundingBox"] = table["boundingBox"]
    table["centerOfMass"] = ("all", f("center_of_mass", call=lambda fn, a, b, m, l: fn(a)))
    table["getCenterOfMass"] = table["centerOfMass"]
    table["histogram"] = ("all", f("histogram", call=lambda fn, a, b, m, l: fn(a, num_bins=256, determine_min_max=True)))
    table["statisticsOfImage"] = ("all", f("statistics_of_image", call=lambda fn, a, b, m, l: fn(a)))
    table["statisticsOfBackgroundAndLabelledPixels"] = ("all", f("statistics_of_background_and_labelled_pixels",
                                                               call=lambda fn, a, b, m, l: fn(a, l)))
    table["centroidsOfBackgroundAndLabels"] = ("all", f("centroids_of_background_and_labels", call=lambda fn, a, b, m, l: fn(l)))
    table["reduceLabelsToCentroids"] = ("all", f("reduce_labels_to_centroids", call=lambda fn, a, b, m, l: fn(l)))
    table["labelledSpotsToPointList"] = ("all", f("labelled_spots_to_pointlist", call=lambda fn, a, b, m, l: fn(l)))
    table["readValuesFromMap"] = ("all", f("read_intensities_from_map", call=lambda fn, a, b, m, l: fn(l, a)))
    table["generateParametricImage"] = ("all", f("replace_intensities",
                                                 call=lambda fn, a, b, m, l: fn(l, cle.push(np.arange(65536, dtype=np.float32)[None, :]))))
    for kind in ("mean", "minimum", "maximum", "median"):
        for shape in ("Box", "Sphere"):
            name = f"{kind}_{shape.lower()}"
            table[f"{kind}2D{shape}"] = ("2d", f(name, call=lambda fn, a, b, m, l: fn(a, radius_x=2, radius_y=2, radius_z=0)))
            table[f"{kind}3D{shape}"] = ("3d", f(name, call=lambda fn, a, b, m, l: fn(a, radius_x=2, radius_y=2, radius_z=2)))
    # slices helper: min/max compositions, binary steps per plane, slice-by-slice filters, minima
    # (pyclesperanto has no octagon, binary opening/closing with iterations, or slice-by-slice
    # sphere functions: their nearest equivalents are the 3x3 steps and the 2D filters with radius_z=0)
    r3 = lambda fn, a: fn(a, radius_x=2, radius_y=2, radius_z=2)
    table["bottomHatBox"] = ("3d", f("bottom_hat_box", call=lambda fn, a, b, m, l: r3(fn, a)))
    table["bottomHatSphere"] = ("3d", f("bottom_hat_sphere", call=lambda fn, a, b, m, l: r3(fn, a)))
    table["greyscaleOpeningBox"] = ("3d", f("opening_box", call=lambda fn, a, b, m, l: r3(fn, a)))
    table["greyscaleClosingBox"] = ("3d", f("closing_box", call=lambda fn, a, b, m, l: r3(fn, a)))
    table["greyscaleOpeningSphere"] = ("3d", f("opening_sphere", call=lambda fn, a, b, m, l: r3(fn, a)))
    table["greyscaleClosingSphere"] = ("3d", f("closing_sphere", call=lambda fn, a, b, m, l: r3(fn, a)))
    for name, cle_name in (("erodeBoxSliceBySlice", "erode_box_slice_by_slice"), ("erodeSphereSliceBySlice", "erode_sphere_slice_by_slice"),
                           ("dilateBoxSliceBySlice", "dilate_box_slice_by_slice"), ("dilateSphereSliceBySlice", "dilate_sphere_slice_by_slice")):
        table[name] = ("3d", f(cle_name, call=lambda fn, a, b, m, l: fn(m)))
    for kind in ("mean", "minimum", "maximum", "median"):
        table[f"{kind}SliceBySliceSphere"] = ("3d", f(f"{kind}_sphere", call=lambda fn, a, b, m, l: fn(a, radius_x=2, radius_y=2, radius_z=0)))
    table["medianSliceBySliceBox"] = ("3d", f("median_box", call=lambda fn, a, b, m, l: fn(a, radius_x=2, radius_y=2, radius_z=0)))
    table["detectMaximaSliceBySliceBox"] = ("3d", f("detect_maxima_box", call=lambda fn, a, b, m, l: fn(a, radius_x=2, radius_y=2, radius_z=0)))
    table["detectMinimaSliceBySliceBox"] = ("3d", f("detect_minima_box", call=lambda fn, a, b, m, l: fn(a, radius_x=2, radius_y=2, radius_z=0)))
    table["detectMinima2DBox"] = ("2d", f("detect_minima_box", call=lambda fn, a, b, m, l: fn(a, radius_x=2, radius_y=2)))
    table["detectMinima3DBox"] = ("3d", f("detect_minima_box", call=lambda fn, a, b, m, l: r3(fn, a)))
    # edge filters, local statistics, Gaussian compositions (wt-filters): radius 2, sigmas 2 and 4;
    # convolve with a 5 x 5 (x 5) kernel pushed once per dimensionality. pyclesperanto has no entropy,
    # tenengrad, slice-by-slice Sobel or local non-zero count: those rows are left out.
    for name, cle_name in (("varianceBox", "variance_box"), ("varianceSphere", "variance_sphere"),
                           ("standardDeviationBox", "standard_deviation_box"),
                           ("standardDeviationSphere", "standard_deviation_sphere")):
        table[name] = ("all", f(cle_name, call=lambda fn, a, b, m, l: fn(a, radius_x=2, radius_y=2, radius_z=2)))
    for name, cle_name in (("laplaceBox", "laplace_box"), ("laplaceDiamond", "laplace_diamond"), ("sobel", "sobel"),
                           ("gradientX", "gradient_x"), ("gradientY", "gradient_y")):
        table[name] = ("all", f(cle_name, call=lambda fn, a, b, m, l: fn(a)))
    table["gradientZ"] = ("3d", f("gradient_z", call=lambda fn, a, b, m, l: fn(a)))
    kernels = {}

    def kernel_like(a):
        nd = len(a.shape)
        if nd not in kernels:
            kernels[nd] = cle.push(np.full((5,) * nd, 1.0 / 5 ** nd, dtype=np.float32))
        return kernels[nd]
    table["convolve"] = ("all", f("convolve", call=lambda fn, a, b, m, l: fn(a, kernel_like(a))))
    table["differenceOfGaussian2D"] = ("2d", f("difference_of_gaussian", call=lambda fn, a, b, m, l: fn(
        a, sigma1_x=2, sigma1_y=2, sigma1_z=0, sigma2_x=4, sigma2_y=4, sigma2_z=0)))
    table["differenceOfGaussian3D"] = ("3d", f("difference_of_gaussian", call=lambda fn, a, b, m, l: fn(
        a, sigma1_x=2, sigma1_y=2, sigma1_z=2, sigma2_x=4, sigma2_y=4, sigma2_z=4)))
    table["divideByGaussianBackground"] = ("all", f("divide_by_gaussian_background", call=lambda fn, a, b, m, l: fn(
        a, sigma_x=2, sigma_y=2, sigma_z=2)))
    # the set family: set* write their image in place (here a new image like the input, allocated per
    # call as the other rows' outputs are, so that the other rows keep their input), then pixel-wise
    # rows and the reductions that rescale
    for name, cle_name in (("setRampX", "set_ramp_x"), ("setRampY", "set_ramp_y"), ("setRampZ", "set_ramp_z")):
        table[name] = ("all", f(cle_name, call=lambda fn, a, b, m, l: fn(cle.create_like(a))))
    table["set"] = ("all", f("set", call=lambda fn, a, b, m, l: fn(cle.create_like(a), 5)))
    table["setColumn"] = ("all", f("set_column", call=lambda fn, a, b, m, l: fn(cle.create_like(a), 3, 5)))
    table["setRow"] = ("all", f("set_row", call=lambda fn, a, b, m, l: fn(cle.create_like(a), 3, 5)))
    table["setPlane"] = ("all", f("set_plane", call=lambda fn, a, b, m, l: fn(cle.create_like(a), 0, 5)))
    table["setImageBorders"] = ("all", f("set_image_borders", call=lambda fn, a, b, m, l: fn(cle.create_like(a), 5)))
    for name, cle_name in (("setWhereXequalsY", "set_where_x_equals_y"), ("setWhereXgreaterThanY", "set_where_x_greater_than_y"),
                           ("setWhereXsmallerThanY", "set_where_x_smaller_than_y")):
        table[name] = ("all", f(cle_name, call=lambda fn, a, b, m, l: fn(cle.create_like(a), 5)))
    table["replaceIntensity"] = ("all", f("replace_intensity", call=lambda fn, a, b, m, l: fn(a, value_to_replace=2048, value_replacement=0)))
    table["gammaCorrection"] = ("all", f("gamma_correction", call=lambda fn, a, b, m, l: fn(a, gamma=0.5)))
    table["localThreshold"] = ("all", f("greater_or_equal", call=lambda fn, a, b, m, l: fn(a, b)))  # CLIJ2's LocalThreshold
    # segmentation (segmentation_ops.cpp): pyclesperanto's own functions where it has one (its
    # voronoi_otsu_labeling thresholds with scikit-image's Otsu, ijcl with CLIJ2's ImageJ Otsu; its
    # erode_labels runs one minimum filter fewer than CLIJ2's Java: the same amount of work per step)
    table["voronoiOtsuLabeling"] = ("all", f("voronoi_otsu_labeling", call=lambda fn, a, b, m, l: fn(a, spot_sigma=2, outline_sigma=2)))
    table["erodeLabels"] = ("all", f("erode_labels", call=lambda fn, a, b, m, l: fn(l, radius=2, relabel_islands=False)))
    table["binaryEdgeDetection"] = ("all", f("binary_edge_detection", call=lambda fn, a, b, m, l: fn(m)))
    table["jaccardIndex"] = ("all", f("jaccard_index", call=lambda fn, a, b, m, l: fn(m, MASK2[0])))
    table["sorensenDiceCoefficient"] = ("all", f("sorensen_dice_coefficient", call=lambda fn, a, b, m, l: fn(m, MASK2[0])))
    table["generateBinaryOverlapMatrix"] = ("all", f("generate_binary_overlap_matrix", call=lambda fn, a, b, m, l: fn(l, l)))
    table["labelVoronoiOctagon"] = ("all", f("extend_labeling_via_voronoi", call=lambda fn, a, b, m, l: fn(l)))
    # the label distance family: n-nearest and proximal neighbour maps (the blob-grid labels l as
    # label map and parametric map), touching-distance maps, centroid distance maps, matrices
    for kind, cle_kind in (("mean", "mean"), ("minimum", "minimum"), ("maximum", "maximum"),
                           ("standardDeviation", "standard_deviation"), ("mode", "mode")):
        table[f"{kind}OfNNearestNeighborsMap"] = ("all", f(f"{cle_kind}_of_n_nearest_neighbors_map", call=lambda fn, a, b, m, l: fn(l, l, n=3)))
        table[f"{kind}OfProximalNeighborsMap"] = ("all", f(f"{cle_kind}_of_proximal_neighbors_map",
                                                          call=lambda fn, a, b, m, l: fn(l, l, min_distance=0, max_distance=50)))
    table["proximalNeighborCountMap"] = ("all", f("proximal_neighbor_count_map", call=lambda fn, a, b, m, l: fn(l, min_distance=0, max_distance=50)))
    table["averageNeighborDistanceMap"] = ("all", f("average_neighbor_distance_map", call=lambda fn, a, b, m, l: fn(l)))
    table["euclideanDistanceFromLabelCentroidMap"] = ("all", f("euclidean_distance_from_label_centroid_map", call=lambda fn, a, b, m, l: fn(l)))

    def centroid_distances(l):
        points = cle.centroids_of_labels(l)
        return cle.generate_distance_matrix(points, points)
    table["averageDistanceOfNFarOffPoints"] = ("all", f("average_distance_of_n_far_off_distances",
                                                        call=lambda fn, a, b, m, l: fn(centroid_distances(l), n=3)))
    table["generateNNearestNeighborsMatrix"] = ("all", f("generate_n_nearest_neighbors_matrix",
                                                         call=lambda fn, a, b, m, l: fn(centroid_distances(l), n=3)))
    table["generateProximalNeighborsMatrix"] = ("all", f("generate_proximal_neighbors_matrix",
                                                         call=lambda fn, a, b, m, l: fn(centroid_distances(l), min_distance=0, max_distance=50)))
    # pyclesperanto 0.24.6 has no minimum/maximumTouchingNeighborDistanceMap or
    # touchingNeighborDistanceRangeRatioMap: their CLIJ2 steps
    for name, steps in (("minimumTouchingNeighborDistanceMap", ("minimum",)), ("maximumTouchingNeighborDistanceMap", ("maximum",)),
                        ("touchingNeighborDistanceRangeRatioMap", ("maximum", "minimum"))):
        def run(fn, a, b, m, l, steps=steps):
            d, t = centroid_distances(l), cle.generate_touch_matrix(l)
            v = [getattr(cle, f"{s}_distance_of_touching_neighbors")(d, t) for s in steps]
            return cle.replace_intensities(l, v[0] if len(v) == 1 else cle.divide_images(v[0], v[1]))
        table[name] = ("all", f("generate_touch_matrix", call=run))
    return table


def selected(only, name):
    """--only TEXT: names containing TEXT; --only =A,B,C: exactly A, B and C (as ijcl_bench)."""
    if not only:
        return True
    return name in only[1:].split(",") if only.startswith("=") else only in name


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lib", choices=["cupy", "clesperanto"], required=True)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--reps", type=int, default=21)
    ap.add_argument("--out", default=".")
    ap.add_argument("--only", default="", help="operations whose name contains this text; '=A,B,C': exactly A, B and C")
    args = ap.parse_args()
    sizes = SIZES_QUICK if args.quick else SIZES_FULL
    rows = []

    if args.lib == "cupy":
        import cupy as cp
        import cupyx.scipy.ndimage as ndi
        from cupyx.profiler import benchmark
        device_name = cp.cuda.runtime.getDeviceProperties(0)["name"].decode()
        ops = cupy_ops(cp, ndi)
        for label, shape, is3d in sizes:
            a = cp.asarray(noise(shape, 7))
            b = cp.asarray(noise(shape, 11))
            m = a >= 3000
            MASK2[0] = b >= 3000
            BLOBS[0] = cp.asarray(blob_grid(shape))
            l, _ = ndi.label(BLOBS[0], structure=cp.ones((3,) * m.ndim, bool))
            for name, (where, fn) in ops.items():
                if not selected(args.only, name):
                    continue
                if (where == "2d" and is3d) or (where == "3d" and not is3d):
                    continue
                try:
                    # an operation slower than 0.5 s a call gets 3 timed runs, so one slow
                    # equivalent cannot take the whole run's time
                    t0 = time.perf_counter()
                    fn(a, b, m, l)
                    cp.cuda.Device().synchronize()
                    reps = args.reps if time.perf_counter() - t0 < 0.5 else 3
                    r = benchmark(fn, (a, b, m, l), n_repeat=reps, n_warmup=1 if reps == 3 else 3)
                    gpu_ms = float(np.median(r.gpu_times[0])) * 1e3
                    cpu_ms = float(np.median(r.cpu_times)) * 1e3
                    # Operations that end on the host (a Python number) include their readback.
                    rows.append((device_name, name, label, max(gpu_ms, 0.0), cpu_ms))
                    print(f"cupy {label} {name}: {gpu_ms:.3f} ms", flush=True)
                except Exception as e:  # a missing or failing equivalent is reported, not fatal
                    print(f"cupy {label} {name}: skipped ({type(e).__name__}: {e})", file=sys.stderr)
                cp.get_default_memory_pool().free_all_blocks()
    else:
        import pyclesperanto as cle
        dev = cle.select_device()
        device_name = str(getattr(dev, "name", dev))
        ops = cle_ops(cle)
        wait = getattr(cle, "wait_for_kernel_to_finish", None)
        for label, shape, is3d in sizes:
            a = cle.push(noise(shape, 7))
            b = cle.push(noise(shape, 11))
            m = cle.greater_or_equal_constant(a, scalar=3000)
            MASK2[0] = cle.greater_or_equal_constant(b, scalar=3000)
            BLOBS[0] = cle.push(blob_grid(shape).astype(np.uint8))
            l = (getattr(cle, "connected_components_labeling_box", None) or cle.connected_components_labeling)(BLOBS[0])
            for name, (where, fn) in ops.items():
                if not selected(args.only, name):
                    continue
                if (where == "2d" and is3d) or (where == "3d" and not is3d):
                    continue
                if fn is None:
                    print(f"clesperanto {name}: no equivalent function", file=sys.stderr)
                    continue
                try:
                    times = []
                    reps = args.reps
                    for i in range(reps + 3):
                        t0 = time.perf_counter()
                        result = fn(a, b, m, l)
                        if hasattr(result, "get") and not isinstance(result, dict):
                            pass
                        if wait:
                            wait()
                        else:
                            cle.get_device().finish() if hasattr(cle.get_device(), "finish") else None
                        t = (time.perf_counter() - t0) * 1e3
                        del result
                        if i == 0 and t > 500:
                            reps = 3  # a slow equivalent gets 3 timed runs
                        if i >= 3:
                            times.append(t)
                        if len(times) >= reps:
                            break
                    med = statistics.median(times)
                    rows.append((device_name, name, label, med, med))
                    print(f"clesperanto {label} {name}: {med:.3f} ms", flush=True)
                except Exception as e:
                    print(f"clesperanto {label} {name}: skipped ({type(e).__name__}: {e})", file=sys.stderr)

    path = f"{args.out}/{args.lib}_bench.csv"
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["device", "operation", "size", "median_ms", "host_median_ms"])
        w.writerows(rows)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
