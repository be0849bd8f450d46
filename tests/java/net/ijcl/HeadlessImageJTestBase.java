package net.ijcl;

import net.ijcl.tools.HeadlessImageJ;
import org.junit.After;
import org.junit.BeforeClass;

/**
 * The setup of the tests that run macros in this JVM: ImageJ patched for headless use before any
 * test (a no-op when the surefire agent already patched it), and every GPU image freed after each
 * test. A subclass that cleans up more overrides {@link #releaseAll()} and calls it.
 */
public abstract class HeadlessImageJTestBase {
    @BeforeClass
    public static void headless() {
        HeadlessImageJ.patch();
    }

    @After
    public void releaseAll() {
        Ijcl.clear();
    }
}
