// Geometric resampling (native/src/ops/geometry_ops.cpp): affine transforms, rotate3D, scale,
// translate, rigidTransform, resample, makeIsotropic, applyVectorField2D/3D (kernel "warp"),
// downsample2D/3D ("downsample") and downsampleSliceBySliceHalfMedian ("half_median").
//
// warp: for the destination voxel (i, j, k) the source position is, as in CLIJ2's
// affine_transform / apply_vectorfield kernels, taken at the voxel centre:
//   FIELD 0: (x2, y2, z2) = M * (i + 0.5, j + 0.5, k + 0.5, 1), M a 3 x 4 target-to-source matrix
//   FIELD 2: (i + 0.5 + vx(i,j,k), j + 0.5 + vy(i,j,k), k + 0.5)
//   FIELD 3: (i + 0.5 + vx, j + 0.5 + vy, k + 0.5 + vz)
// in float. SAMPLE 0 (nearest, CLIJ2's buffer kernels): the voxel (int) x2, (int) y2, (int) z2
// when 0 <= x2 < width (same for y, z), else 0. SAMPLE 1 (linear, CLIJ2's image-sampler kernels
// with CLK_ADDRESS_CLAMP): trilinear interpolation of the 8 voxels around (x2 - 0.5, y2 - 0.5,
// z2 - 0.5), a voxel outside the image counting 0 (the border colour); exact float weights where
// GPU samplers use 8-bit fractions. BOUNDED 1 (vector fields): 0 unless 0 <= x2 < width etc.
// before interpolating, as CLIJ2's apply_vectorfield kernels do.

inline float ijcl_geo_at(__global const SRC_T* src, long x, long y, long z, long sw, long sh, long sd) {
    if (x < 0 || y < 0 || z < 0 || x >= sw || y >= sh || z >= sd) return 0.0f;
    return (float)src[(z * sh + y) * sw + x];
}

#ifdef VX_T  // the vector-field types are defined only for warp's launches
__kernel void warp(__global const SRC_T* src, __global DST_T* dst, __global const VX_T* vx,
                   __global const VY_T* vy, __global const VZ_T* vz, long sw, long sh, long sd,
                   long dw, long dh, long dd, float m0, float m1, float m2, float m3, float m4,
                   float m5, float m6, float m7, float m8, float m9, float m10, float m11) {
    const long i = get_global_id(0), j = get_global_id(1), k = get_global_id(2);
    if (i >= dw || j >= dh || k >= dd) return;
    const long at = (k * dh + j) * dw + i;
    const float x = (float)i + 0.5f, y = (float)j + 0.5f, z = (float)k + 0.5f;
#if FIELD == 0
    const float z2 = m8 * x + m9 * y + m10 * z + m11;
    const float y2 = m4 * x + m5 * y + m6 * z + m7;
    const float x2 = m0 * x + m1 * y + m2 * z + m3;
#else
    const float x2 = x + (float)vx[at];
    const float y2 = y + (float)vy[at];
#if FIELD == 3
    const float z2 = z + (float)vz[at];
#else
    const float z2 = z;
#endif
#endif
    float v = 0.0f;
#if SAMPLE == 0
    // NaN and far-away positions fail these comparisons: nothing is read.
    if (x2 >= 0.0f && y2 >= 0.0f && z2 >= 0.0f && x2 < (float)sw && y2 < (float)sh && z2 < (float)sd) {
        const long sx = min((long)x2, sw - 1), sy = min((long)y2, sh - 1), sz = min((long)z2, sd - 1);
        v = (float)src[(sz * sh + sy) * sw + sx];
    }
#else
    const float ux = x2 - 0.5f, uy = y2 - 0.5f, uz = z2 - 0.5f;
    bool inside = ux > -1.0f && uy > -1.0f && uz > -1.0f && ux < (float)sw && uy < (float)sh && uz < (float)sd;
#if BOUNDED
    inside = inside && x2 >= 0.0f && y2 >= 0.0f && z2 >= 0.0f && x2 < (float)sw && y2 < (float)sh && z2 < (float)sd;
#endif
    if (inside) {
        const float fx = floor(ux), fy = floor(uy), fz = floor(uz);
        const float ax = ux - fx, ay = uy - fy, az = uz - fz;
        const long x0 = (long)fx, y0 = (long)fy, z0 = (long)fz;
        float p[2];
        for (int dz = 0; dz < 2; ++dz) {
            const long zz = z0 + dz;
            const float a00 = ijcl_geo_at(src, x0, y0, zz, sw, sh, sd), a10 = ijcl_geo_at(src, x0 + 1, y0, zz, sw, sh, sd);
            const float a01 = ijcl_geo_at(src, x0, y0 + 1, zz, sw, sh, sd), a11 = ijcl_geo_at(src, x0 + 1, y0 + 1, zz, sw, sh, sd);
            const float r0 = (1.0f - ax) * a00 + ax * a10;
            const float r1 = (1.0f - ax) * a01 + ax * a11;
            p[dz] = (1.0f - ay) * r0 + ay * r1;
        }
        v = (1.0f - az) * p[0] + az * p[1];
    }
#endif
    dst[at] = CONVERT_DST(v);
}
#endif

// downsample2D/3D (CLIJ2 downsample_2d/3d): destination (i, j, k) takes the source voxel
// ((int)(fx * i), (int)(fy * j), (int)(fz * k)), fx = 1 / factorX in float, clamped to the edge.
__kernel void downsample(__global const SRC_T* src, __global DST_T* dst, long sw, long sh, long sd,
                         long dw, long dh, long dd, float fx, float fy, float fz) {
    const long i = get_global_id(0), j = get_global_id(1), k = get_global_id(2);
    if (i >= dw || j >= dh || k >= dd) return;
    const long sx = ijcl_clamp((long)(fx * (float)i), sw);
    const long sy = ijcl_clamp((long)(fy * (float)j), sh);
    const long sz = ijcl_clamp((long)(fz * (float)k), sd);
    dst[(k * dh + j) * dw + i] = CONVERT_DST((float)src[(sz * sh + sy) * sw + sx]);
}

// downsampleSliceBySliceHalfMedian (CLIJ2 downsample_xy_by_half_median_3d): the mean of the two
// middle values of the 2 x 2 block (2i..2i+1, 2j..2j+1) of plane k, clamped to the edge.
__kernel void half_median(__global const SRC_T* src, __global DST_T* dst, long sw, long sh, long sd,
                          long dw, long dh, long dd) {
    const long i = get_global_id(0), j = get_global_id(1), k = get_global_id(2);
    if (i >= dw || j >= dh || k >= dd) return;
    const long x0 = ijcl_clamp(2 * i, sw), x1 = ijcl_clamp(2 * i + 1, sw);
    const long y0 = ijcl_clamp(2 * j, sh), y1 = ijcl_clamp(2 * j + 1, sh);
    const long plane = k * sh * sw;
    float a = (float)src[plane + y0 * sw + x0], b = (float)src[plane + y1 * sw + x0];
    float c = (float)src[plane + y0 * sw + x1], d = (float)src[plane + y1 * sw + x1];
    // sort so that a = min(a, b, c, d) and d = max: b and c are the middle values
    float t = fmin(a, b); b = fmax(a, b); a = t;
    t = fmin(c, d); d = fmax(c, d); c = t;
    t = fmin(a, c); c = fmax(a, c); a = t;
    t = fmin(b, d); d = fmax(b, d); b = t;
    dst[(k * dh + j) * dw + i] = CONVERT_DST((b + c) / 2.0f);
}
