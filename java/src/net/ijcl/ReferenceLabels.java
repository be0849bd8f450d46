package net.ijcl;

/**
 * Connected-component labelling written out plainly on the CPU: the reference that the fuzzer's
 * oracle (FuzzOracles) and the tests compare the GPU's connectedComponentsLabelingBox with. Not
 * used by any operation.
 */
public final class ReferenceLabels {
    private ReferenceLabels() {}

    /**
     * Labels the foreground of a w x h x d image (x fastest): 26-connected in 3D, 8-connected in 2D
     * (d == 1), breadth first; ids 1, 2, ... in raster order of each object's first voxel, 0 for
     * the background. The largest id is the number of objects.
     */
    public static int[] label26(boolean[] foreground, int w, int h, int d) {
        int n = foreground.length;
        int[] out = new int[n];
        int next = 0;
        int[] queue = new int[n];
        for (int start = 0; start < n; start++) {
            if (!foreground[start] || out[start] != 0) continue;
            out[start] = ++next;
            int head = 0, tail = 0;
            queue[tail++] = start;
            while (head < tail) {
                int p = queue[head++];
                int x = p % w, y = (p / w) % h, z = p / (w * h);
                for (int dz = -1; dz <= 1; dz++)
                    for (int dy = -1; dy <= 1; dy++)
                        for (int dx = -1; dx <= 1; dx++) {
                            int nx = x + dx, ny = y + dy, nz = z + dz;
                            if (nx < 0 || ny < 0 || nz < 0 || nx >= w || ny >= h || nz >= d) continue;
                            int q = (nz * h + ny) * w + nx;
                            if (foreground[q] && out[q] == 0) {
                                out[q] = next;
                                queue[tail++] = q;
                            }
                        }
            }
        }
        return out;
    }
}
