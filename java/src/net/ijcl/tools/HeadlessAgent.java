package net.ijcl.tools;

/**
 * A Java agent ({@code -javaagent:ijcl_-VERSION-headless-agent.jar}, used by the tests) that
 * patches ImageJ for headless use with {@link HeadlessImageJ#patch()} before the main class runs,
 * as ij1-patcher's agent ({@code =init}) does, with ijcl's headless ROI Manager.
 */
public final class HeadlessAgent {
    private HeadlessAgent() {}

    public static void premain(String args) {
        HeadlessImageJ.patch();
    }
}
