package net.ijcl.ops;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;

import java.io.File;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import net.ijcl.Ijcl;

import org.junit.Test;

/**
 * 3D label operations on a real expert annotation: the Platynereis nuclei label image
 * (platynereis_nuclei_labels_gt.tif, 103 x 256 x 256, int32 ids; ImageJ opens it as 32-bit,
 * exact for these ids), pushed as it is (float ids are read as integers). Oracle: plain loops over
 * the voxels implementing the documented definitions, written here: per label its voxel count
 * and centroid (mean x, y, z), and the set of labels it touches (face neighbours along x, y or z;
 * background 0 excluded). Tolerance: counts exact; centroids 1e-4 pixels (ijcl sums coordinates
 * exactly, then divides in float).
 */
public class PlatynereisLabelsTest extends DeviceTestBase {
    @Test
    public void voxelCountsCentroidsAndTouchingNeighboursEqualLoopsOverTheAnnotation() {
        ImagePlus imp = IJ.openImage(new File(System.getProperty("ijcl.data.dir"), "platynereis_nuclei_labels_gt.tif").getPath());
        int w = imp.getWidth(), h = imp.getHeight(), d = imp.getStackSize();
        assertTrue("a 3D annotation", d > 50);
        ImageStack stack = imp.getStack();
        float[][] planes = new float[d][];
        for (int z = 0; z < d; z++) planes[z] = (float[]) stack.getProcessor(z + 1).convertToFloat().getPixels();
        Map<Integer, double[]> sums = new HashMap<>();       // id -> {count, sum x, sum y, sum z}
        Map<Integer, Set<Integer>> touching = new HashMap<>();
        for (int z = 0; z < d; z++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    int id = (int) planes[z][x + w * y];
                    if (id == 0) continue;
                    double[] s = sums.computeIfAbsent(id, k -> new double[4]);
                    s[0]++; s[1] += x; s[2] += y; s[3] += z;
                    Set<Integer> t = touching.computeIfAbsent(id, k -> new HashSet<>());
                    int[][] steps = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
                    for (int[] st : steps) {
                        int xx = x + st[0], yy = y + st[1], zz = z + st[2];
                        if (xx < 0 || yy < 0 || zz < 0 || xx >= w || yy >= h || zz >= d) continue;
                        int other = (int) planes[zz][xx + w * yy];
                        if (other != 0 && other != id) t.add(other);
                    }
                }
        assertTrue("labels in the annotation: " + sums.size(), sums.size() > 20);

        Ijcl.push(imp, "platy_labels");
        ResultsTable rt = Ijcl.execute("statisticsOfLabelledPixels", "platy_labels", "platy_labels").table;
        int rows = 0;
        for (int r = 0; r < rt.size(); r++) {
            int id = (int) rt.getValue("IDENTIFIER", r);
            double[] s = sums.get(id);
            if (s == null) {
                assertEquals("label " + id + " has no voxel", 0, rt.getValue("PIXEL_COUNT", r), 0);
                continue;
            }
            rows++;
            assertEquals("voxels of label " + id, s[0], rt.getValue("PIXEL_COUNT", r), 0);
            assertEquals("centroid x of label " + id, s[1] / s[0], rt.getValue("CENTROID_X", r), 1e-4);
            assertEquals("centroid y of label " + id, s[2] / s[0], rt.getValue("CENTROID_Y", r), 1e-4);
            assertEquals("centroid z of label " + id, s[3] / s[0], rt.getValue("CENTROID_Z", r), 1e-4);
        }
        assertEquals("one row per label present", sums.size(), rows);

        Ijcl.execute("touchingNeighborCountMap", "platy_labels", "platy_counts");
        ImageStack counts = Ijcl.pull("platy_counts").getStack();
        for (int z = 0; z < d; z++) {
            float[] c = (float[]) counts.getProcessor(z + 1).convertToFloat().getPixels();
            for (int i = 0; i < w * h; i++) {
                int id = (int) planes[z][i];
                float want = id == 0 ? 0 : touching.get(id).size();
                if (c[i] != want) assertEquals("touching-neighbour count at voxel " + i + " of plane " + z + " (label " + id + ")", want, c[i], 0f);
            }
        }
        Ijcl.release("platy_labels");
        Ijcl.release("platy_counts");
    }
}
