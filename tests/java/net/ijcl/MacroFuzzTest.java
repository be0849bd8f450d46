package net.ijcl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import net.ijcl.MacroFuzzer.Img;
import net.ijcl.MacroFuzzer.Outcome;
import net.ijcl.MacroFuzzer.Report;

import org.junit.After;
import org.junit.Test;

/**
 * Fuzzed macro calls of every registry operation, at a size for CI (see {@link MacroFuzzer} for
 * what is generated and checked; {@code ./ijcl bench --fuzz N} runs larger numbers). Every call
 * must end in a checked result, a clear error naming the operation and the argument, or (for
 * argument kinds and counts ImageJ's interpreter refuses itself, and calls before the extensions
 * are registered) an interpreter error; no hang, nothing left on the device.
 *
 * <p>System properties: ijcl.fuzz.seed (default 20261204), ijcl.fuzz.calls (default 4 per operation, at least 1000). The
 * seed is printed; {@code ./ijcl bench --fuzz 1 --seed S --case I --verbose} repeats case I.
 */
public class MacroFuzzTest extends HeadlessImageJTestBase {
    static final long SEED = Long.getLong("ijcl.fuzz.seed", 20261204L);
    // operations are taken in turn (call i: operation i mod count) except in the 9% of calls that
    // test fixed or direct functions, so each operation needs a few turns to be called at least once:
    // 4 turns each (of about 290 operations), at least 1000 calls
    static final int CALLS = Integer.getInteger("ijcl.fuzz.calls",
            Math.max(1000, 4 * OpRegistry.get().all().size()));

    @Override
    @After
    public void releaseAll() {
        if (!MacroFuzzer.hung) super.releaseAll(); // after a hang the stuck call may hold the session
    }

    @Test
    public void fuzzedMacroCallsGiveCheckedResultsOrClearErrors() {
        MacroFuzzer.Config config = new MacroFuzzer.Config();
        config.seed = SEED;
        config.calls = CALLS;
        config.timeoutMillis = 120_000;
        Report report = MacroFuzzer.run(config, System.err);
        System.out.print(report.summary());

        assertEquals(CALLS, report.calls);
        // every operation of the registry was called, and every outcome class that must occur did
        for (OpDescriptor op : OpRegistry.get().all())
            assertTrue("no call of " + op.name, report.perFunction.containsKey(op.name));
        assertTrue(report.summary(), report.count(Outcome.OK) > CALLS / 4);
        assertTrue(report.summary(), report.count(Outcome.CLEAR_ERROR) > CALLS / 10);
        assertTrue(report.summary(), report.count(Outcome.INTERPRETER_ERROR) > 0);
        assertTrue(report.summary(), report.directCalls > 0);
        assertTrue(report.summary(), report.valueChecks > 3L * report.count(Outcome.OK));

        StringBuilder failures = new StringBuilder();
        for (String f : report.failures) failures.append(f).append('\n');
        assertEquals("seed " + SEED + ": " + report.failureCount() + " failing calls\n" + report.summary() + failures,
                0, report.failureCount());
        assertFalse(report.stoppedByHang);
    }

    /** The same seed and index give the same call; another seed gives other calls. */
    @Test
    public void casesAreDeterministicFromTheSeed() {
        List<OpDescriptor> ops = new ArrayList<>(OpRegistry.get().all());
        int same = 0;
        for (int i = 0; i < 200; i++) {
            MacroFuzzer.Case a = MacroFuzzer.generate(SEED, i, ops), b = MacroFuzzer.generate(SEED, i, ops);
            assertEquals(a.describe(), b.describe());
            assertEquals(a.macro, b.macro);
            for (int f = 0; f < a.fixtures.size(); f++)
                assertTrue(Arrays.equals(a.fixtures.get(f).values, b.fixtures.get(f).values));
            MacroFuzzer.Case other = MacroFuzzer.generate(SEED + 1, i, ops);
            if (a.describe().equals(other.describe()) && String.valueOf(a.macro).equals(String.valueOf(other.macro))) same++;
        }
        assertTrue(same + " of 200 cases equal under another seed", same < 20);
    }

    // --- the oracles themselves catch wrong results --------------------------------------------------

    static Img img(int w, int h, int d, int type, double... v) {
        return new Img(w, h, d, type, MacroFuzzer.INTENSITY, v);
    }

    static MacroFuzzer.Case opCase(String op, Object... values) {
        MacroFuzzer.Case c = new MacroFuzzer.Case(0);
        c.op = OpRegistry.get().find(op);
        c.function = c.op.macroFunctionName();
        c.values = values;
        return c;
    }

    @Test
    public void oraclesRejectValuesNotInTheInputAndWrongConstants() {
        Img src = img(3, 1, 1, MacroFuzzer.U8, 1, 7, 3);
        List<String> problems = new ArrayList<>();
        FuzzOracles.checkImage(opCase("maximum2DBox", "a", "b", 1.0, 1.0), src, Collections.singletonList(src),
                img(3, 1, 1, MacroFuzzer.U8, 7, 7, 8), problems);
        assertTrue(problems.toString(), problems.toString().contains("value 8.0 at pixel 2 is not a value of the input"));

        problems.clear();
        Img constant = img(2, 2, 1, MacroFuzzer.F32, 1e-30, 1e-30, 1e-30, 1e-30);
        FuzzOracles.checkImage(opCase("mean2DBox", "a", "b", 1.0, 1.0), constant, Collections.singletonList(constant),
                img(2, 2, 1, MacroFuzzer.F32, 1e-30, 9.993e-31, 1e-30, 1e-30), problems);
        assertTrue(problems.toString(), problems.toString().contains("of a constant"));

        problems.clear();
        FuzzOracles.checkImage(opCase("gaussianBlur2D", "a", "b", 2.0, 2.0), constant, Collections.singletonList(constant),
                img(2, 2, 1, MacroFuzzer.F32, 1e-30 * (1 + 1e-7), 1e-30, 1e-30, 1e-30), problems);
        assertEquals("float rounding of a constant is tolerated", Collections.emptyList(), problems);
    }

    @Test
    public void oraclesRejectNonBinaryOutputsAndWrongShapes() {
        Img src = img(2, 1, 1, MacroFuzzer.U8, 0, 5);
        List<String> problems = new ArrayList<>();
        FuzzOracles.checkImage(opCase("threshold", "a", "b", 3.0), src, Collections.singletonList(src),
                new Img(2, 1, 1, MacroFuzzer.U8, MacroFuzzer.BINARY, new double[] {0, 2}), problems);
        assertTrue(problems.toString(), problems.toString().contains("binary output holds 2.0"));

        problems.clear();
        FuzzOracles.checkImage(opCase("copy", "a", "b"), src, Collections.singletonList(src), img(1, 2, 1, MacroFuzzer.U8, 0, 5), problems);
        assertTrue(problems.toString(), problems.toString().contains("shape should be 2x1x1"));
    }

    @Test
    public void labellingOracleNumbersObjectsInRasterOrder() {
        // 4x3: two objects touching diagonally are one (8-connected), a third apart
        Img src = img(4, 3, 1, MacroFuzzer.U8,
                1, 0, 0, 1,
                0, 1, 0, 0,
                0, 0, 0, 1);
        assertTrue(Arrays.equals(new double[] {1, 0, 0, 2, 0, 1, 0, 0, 0, 0, 0, 3}, FuzzOracles.labels(src)));
    }

    @Test
    public void errorsMustNameTheOperationAndTheArgument() {
        MacroFuzzer.Case c = opCase("gaussianBlur2D");
        c.badParam = "sigma_x";
        assertTrue(MacroFuzzer.isClear(c, "IJCL_gaussianBlur2D: operation 'gaussianBlur2D', argument 'sigma_x': expected a number >= 0, got -1"));
        assertFalse(MacroFuzzer.isClear(c, "IJCL_gaussianBlur2D: internal error: cannot create std::vector larger than max_size()"));
        assertFalse(MacroFuzzer.isClear(c, "IJCL_gaussianBlur2D: operation 'gaussianBlur2D', argument 'sigma_y': expected a number >= 0"));
        assertFalse(MacroFuzzer.isClear(c, "IJCL_gaussianBlur2D: java.lang.NullPointerException"));
    }

    @Test
    public void randomFixturesCoverEveryPixelTypeAndNaN() {
        Random r = new Random(SEED);
        boolean[] types = new boolean[3];
        boolean binary = false, label = false, nan = false, constant = false;
        for (int i = 0; i < 500; i++) {
            MacroFuzzer.Fixture f = MacroFuzzer.randomFixture(r, "f", new int[] {3, 2, 2});
            if (f.kind == MacroFuzzer.INTENSITY) types[f.type] = true;
            binary |= f.kind == MacroFuzzer.BINARY;
            label |= f.kind == MacroFuzzer.LABEL;
            nan |= f.content.contains("NaN");
            constant |= f.content.startsWith("constant");
        }
        assertTrue(types[0] && types[1] && types[2] && binary && label && nan && constant);
    }
}
