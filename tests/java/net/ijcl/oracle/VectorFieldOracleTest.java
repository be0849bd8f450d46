package net.ijcl.oracle;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.ijcl.Ijcl;
import org.junit.Test;

/**
 * applyVectorField2D and applyVectorField3D against CLIJ2's apply_vectorfield_*_interpolate kernels
 * (pyclesperanto_prototype's apply_vector_field with linear_interpolation, on PoCL), on the
 * 127 x 93 (x 7) oracle crops ({@link OracleInputs}, uint8, uint16, float32). Clij2OracleTest's
 * table feeds one or two crops to an operation; a vector field needs small shifts instead, so this
 * test makes smooth float32 fields of up to about 3 pixels (reaching outside the image at the
 * borders) and gives the same fields to both sides.
 *
 * <p>Tolerances as the interpolating rows of clij2_oracles.tsv: CLIJ2 samples through an OpenCL image
 * sampler with normalized coordinates (x2 / width, scaled back by the sampler), ijcl with exact
 * float weights at x2 itself; the positions differ by a few float ulps (< 1.5e-5 px), so float32
 * results differ by less than 1.5e-5 x the largest neighbour difference (< 9363 here: 0.15), and
 * integer results, rounded half up on both sides (the oracle through to_pixel_type, ijcl's storage
 * rule; CLIJ2 itself truncates), by at most 1 where the two float values straddle a .5.
 */
public class VectorFieldOracleTest extends net.ijcl.ops.DeviceTestBase {
    static ImagePlus field(int w, int h, int d, int axis) {
        ImageStack stack = new ImageStack(w, h);
        for (int z = 0; z < d; z++) {
            FloatProcessor fp = new FloatProcessor(w, h);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    double v = axis == 0 ? 2.5 * Math.sin(2 * Math.PI * y / 40.0) + 0.02 * (x - 63)
                            : axis == 1 ? 1.75 * Math.cos(2 * Math.PI * x / 50.0) - 0.01 * z
                            : 0.45 * Math.sin(2 * Math.PI * (x + y) / 30.0); // stays within the 7 planes
                    fp.setf(x, y, (float) v);
                }
            stack.addSlice(fp);
        }
        return new ImagePlus("field" + axis + "_" + d, stack);
    }

    @Test
    public void agreesWithClij2sInterpolatingKernels() throws Exception {
        OracleInputs inputs = new OracleInputs();
        File work = new File(System.getProperty("ijcl.oracle.work.dir", "target/oracle") + "_vectorfield");
        File[] old = work.listFiles();
        if (old != null) for (File f : old) f.delete();
        work.mkdirs();
        Map<String, File> raw = new HashMap<>();
        List<Clij2Oracle.Case> cases = new ArrayList<>();
        Map<String, float[]> actual = new HashMap<>();
        for (String op : new String[] {"applyVectorField2D", "applyVectorField3D"}) {
            boolean planar = OracleInputs.planar(op);
            for (String type : new String[] {"uint8", "uint16", "float32"}) {
                String id = op + "/" + type;
                ImagePlus src = inputs.get(type, 0, planar);
                int d = src.getStackSize();
                String[] names = planar ? new String[] {"vx", "vy"} : new String[] {"vx", "vy", "vz"};
                String oracle = planar
                        ? "to_pixel_type(cle.apply_vector_field(src, vx, vy, linear_interpolation=True), src.dtype)"
                        : "to_pixel_type(cle.apply_vector_field(src, vx, vy, vz, linear_interpolation=True), src.dtype)";
                Clij2Oracle.Case c = new Clij2Oracle.Case(id, oracle);
                Clij2OracleTest.pythonInput(c, "src", src, type, raw, work);
                Ijcl.push(src, "vf_src");
                Object[] args = new Object[names.length + 2];
                args[0] = "vf_src";
                for (int k = 0; k < names.length; k++) {
                    ImagePlus f = field(src.getWidth(), src.getHeight(), d, k);
                    Clij2OracleTest.pythonInput(c, names[k], f, "float32", raw, work);
                    Ijcl.push(f, "vf_" + names[k]);
                    args[k + 1] = "vf_" + names[k];
                }
                args[args.length - 1] = "vf_dst";
                Ijcl.execute(op, args);
                ImagePlus out = Ijcl.pull("vf_dst");
                assertEquals(id + " width", src.getWidth(), out.getWidth());
                assertEquals(id + " depth", d, out.getStackSize());
                float[] values = new float[out.getWidth() * out.getHeight() * d];
                for (int z = 0; z < d; z++) {
                    ImageProcessor ip = out.getStack().getProcessor(z + 1);
                    for (int k = 0; k < out.getWidth() * out.getHeight(); k++) {
                        values[z * out.getWidth() * out.getHeight() + k] = ip.getf(k);
                    }
                }
                actual.put(id, values);
                cases.add(c);
                Ijcl.clear();
            }
        }
        Map<String, List<Clij2Oracle.Result>> expected = Clij2Oracle.evaluate(cases, work);
        List<String> failures = new ArrayList<>();
        for (Clij2Oracle.Case c : cases) {
            double[] want = expected.get(c.id).get(0).values;
            float[] got = actual.get(c.id);
            assertEquals(c.id + " size", want.length, got.length);
            double tolerance = c.id.endsWith("float32") ? 0.15 : 1, worst = 0;
            int zeros = 0;
            for (int k = 0; k < got.length; k++) {
                worst = Math.max(worst, Math.abs(got[k] - want[k]));
                if (want[k] == 0) zeros++;
            }
            System.out.println(c.id + ": max |ijcl - CLIJ2| = " + worst + " (tolerance " + tolerance + "), " + zeros
                    + " of " + got.length + " oracle pixels 0 (outside)");
            if (zeros > got.length / 10) failures.add(c.id + ": the fields move too many pixels outside (" + zeros + ")");
            if (worst > tolerance) failures.add(c.id + ": max difference " + worst + " > " + tolerance);
        }
        assertTrue(String.join("\n", failures), failures.isEmpty());
    }
}
