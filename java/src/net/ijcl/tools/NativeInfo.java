package net.ijcl.tools;

import net.ijcl.IjclException;
import net.ijcl.Ijcl;
import net.ijcl.NativeLoader;

/**
 * Which native library this JVM loads and which OpenCL devices it sees:
 * {@code java -cp ijcl_.jar[:ij.jar] [-Dij.dir=FIJI] net.ijcl.tools.NativeInfo}. Prints
 * {@code platform=}, {@code library=} (the file loaded) and one {@code device=} line per OpenCL
 * device; when the library cannot be loaded, {@code error=} with what is missing and what to
 * install, and exit status 1. Used by the platform tests (SitePlatformsTest, the Wine test) and
 * for checking a user's installation from a terminal.
 */
public final class NativeInfo {
    private NativeInfo() {}

    public static void main(String[] args) {
        ToolMain.main("NativeInfo", args, false, a -> {
            System.out.println("platform=" + NativeLoader.platform());
            try {
                NativeLoader.load();
            } catch (IjclException e) {
                System.out.println("error=" + e.getMessage());
                return 1;
            }
            System.out.println("library=" + NativeLoader.loadedFrom());
            for (String device : Ijcl.listDevices()) System.out.println("device=" + device);
            return 0;
        });
    }
}
