// Distance measurements of label images (native/src/ops/label_distance_ops.cpp).

#ifdef LBL_T
// CLIJ2's euclidean_distance_from_label_centroid_map: every pixel of label l > 0 gets
// sqrt((x - cx)^2 + (y - cy)^2 + (z - cz)^2), squares by pow in float, in that order, (cx, cy, cz)
// = centroids[3 l ..] (float; cz = 0 for a single plane, as CLIJ2 reads no z then); background
// and ids past the list 0. One work item per pixel.
__kernel void distance_from_centroid(__global const LBL_T* labels, long width, long height, long depth,
                                     __global const float* centroids, ulong n_ids, __global float* dst) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;
    const long i = x + width * (y + height * z);
    const uint l = convert_uint_sat(labels[i]);
    float distance = 0;
    if (l > 0 && l < n_ids) {
        const float dz = depth > 1 ? centroids[3 * (ulong)l + 2] : 0.0f;
        const float sq = pow((float)x - centroids[3 * (ulong)l], 2.0f) +
                         pow((float)y - centroids[3 * (ulong)l + 1], 2.0f) + pow((float)z - dz, 2.0f);
        distance = sqrt(sq);
    }
    dst[i] = distance;
}
#endif
