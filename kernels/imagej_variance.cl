// ImageJ's variance filters, with ImageJ's order of operations so that float results are equal
// bit for bit (native/src/ops/imagej_filter_ops.cpp). Both need double precision; without it
// the operations refuse to run (the host checks), and the kernels compile to nothing.
//
// variance_rankfilters: Process > Filters > Variance... (ij.plugin.filter.RankFilters, VARIANCE).
// One work item per row of a plane, walking x from 0 to width-1 as RankFilters does: the sums
// of the values and of their squares (double) over the whole circular kernel at the first pixel
// (and at every pixel when the kernel radius is below 2, or after a NaN sum), then updated per
// pixel by the sums of the column leaving and the column entering the kernel, row by row, added
// to the running sums. Rows and columns outside the image read the nearest edge pixel.
// Population variance (sum2 - sum*sum/n)/n rounded to float, limited to [0, DST_MAX] for
// integer types and written as (int)(v + 0.5f).
//
// variance_filters3d: Process > Filters > Variance 3D... (ij.plugin.Filters3D, VAR; ArrayUtil
// getVariance): over Filters3D's ellipsoid (offsets in its z, y, x order), voxels outside the
// volume left out; sum of the values and of their float squares in double; sample variance
// (sum2 - sum*sum/n)/(n-1), 0 for n = 1, written as float.
#pragma OPENCL FP_CONTRACT OFF

#if IJCL_HAS_DOUBLE

// rows[k] = half width of kernel row k (dy = k - kradius), n = number of kernel points.
__kernel void variance_rankfilters(__global const SRC_T* src, __global DST_T* dst, long w, long h, long d,
                                   __global const int* rows, int kradius, int npoints) {
    const long y = get_global_id(0), z = get_global_id(1);
    if (y >= h || z >= d) return;
    const int kheight = 2 * kradius + 1;
    __global const SRC_T* plane = src + z * w * h;
    double sum = 0, sum2 = 0;
    int full = 1;
    const int small_kernel = kradius < 2;
    for (long x = 0; x < w; ++x) {
        if (full) {
            full = small_kernel;
            sum = 0;
            sum2 = 0;
            for (int k = 0; k < kheight; ++k) {
                const __global SRC_T* line = plane + ijcl_clamp(y + k - kradius, h) * w;
                for (long xx = x - rows[k]; xx <= x + rows[k]; ++xx) {
                    const double v = (double)(float)line[ijcl_clamp(xx, w)];
                    sum += v;
                    sum2 += v * v;
                }
            }
        } else {
            double s = 0, s2 = 0;
            for (int k = 0; k < kheight; ++k) {
                const __global SRC_T* line = plane + ijcl_clamp(y + k - kradius, h) * w;
                double v = (double)(float)line[ijcl_clamp(x - rows[k] - 1, w)];  // leaves the kernel
                s -= v;
                s2 -= v * v;
                v = (double)(float)line[ijcl_clamp(x + rows[k], w)];  // enters it
                s += v;
                s2 += v * v;
            }
            sum += s;
            sum2 += s2;
            if (isnan(sum)) full = 1;
        }
        float value = (float)((sum2 - sum * sum / npoints) / npoints);
#if DST_IS_FLOAT
        if (value < 0) value = 0;
        dst[x + w * (y + h * z)] = value;
#else
        if (value > (float)DST_MAX) value = (float)DST_MAX;
        if (value < 0) value = 0;
        long q = (long)(value + 0.5f);  // Java's (int); 64 bits for uint32
        const long top = (long)(DST_T)(~(DST_T)0);
        dst[x + w * (y + h * z)] = (DST_T)(q > top ? top : q);
#endif
    }
}

// off: dx, dy, dz per kernel point (n points), in Filters3D's order.
__kernel void variance_filters3d(__global const SRC_T* src, __global float* dst, long w, long h, long d,
                                 __global const int* off, int n) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= w || y >= h || z >= d) return;
    double total = 0, total2 = 0;
    int size = 0;
    for (int k = 0; k < n; ++k) {
        const long xx = x + off[3 * k], yy = y + off[3 * k + 1], zz = z + off[3 * k + 2];
        if (xx < 0 || yy < 0 || zz < 0 || xx >= w || yy >= h || zz >= d) continue;
        const float v = (float)src[xx + w * (yy + h * zz)];
        total += (double)v;
        total2 += (double)(v * v);
        ++size;
    }
    const double var = size <= 1 ? 0.0 : (total2 - (total * total / size)) / (size - 1);
    dst[x + w * (y + h * z)] = (float)var;
}

#endif
