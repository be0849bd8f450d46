package net.ijcl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CLIJ2 macro functions that ijcl deliberately does not provide, with the reason, one row each.
 * Each is still registered as {@code Ext.CLIJ2_<name>} with CLIJ2's argument types, so that a CLIJ2
 * macro calling it stops with this reason instead of ImageJ's "Unrecognized Ext function"; the
 * reference docs list them (net.ijcl.tools.ReferenceDocs). Not listed by {@code ./ijcl ops --clij2}.
 */
public final class NotProvided {
    /** CLIJ2's name -> {CLIJ2's parameter help text, the reason}. */
    private static final Map<String, String[]> ALL = new LinkedHashMap<>();

    private static void row(String name, String clij2HelpText, String reason) {
        ALL.put(name, new String[] {clij2HelpText, reason});
    }

    static {
        row("customOperation", "String operation_code, String global_code, Array image_parameters",
                "it compiles and runs OpenCL code written in the macro. OpenCL C has raw pointers, so such code can "
                        + "write outside its images; on the CPU device (PoCL, ijcl's default without a GPU) that "
                        + "corrupts the JVM's memory and can crash ImageJ, which ijcl promises never to do. Write the "
                        + "operation as a sequence of ijcl operations instead, or add it to ijcl as a registry operation.");
        row("outOfIntensityRange", "Image source, ByRef Image destination",
                "CLIJ2 declares only a source and a destination, but its Java (OutOfIntensityRange.executeCL) also "
                        + "reads a minimum and a maximum from the third and fourth arguments it never declares, so a "
                        + "CLIJ2 macro call as documented fails in CLIJ2 itself and there is no range to reproduce. "
                        + "Use withinIntensityRange(source, inside, minimum, maximum) followed by binaryNot(inside, "
                        + "destination): 1 where a pixel lies outside the range (withinIntensityRange excludes its "
                        + "bounds, so pixels equal to minimum or maximum count as outside; CLIJ2's Java counts them as "
                        + "inside: for that, binaryOr of smallerConstant(source, below, minimum) and "
                        + "greaterConstant(source, above, maximum)).");
        row("reslicePolar", "Image source, ByRef Image destination, Number numberOfAngles, Number angleStepSize, "
                        + "Number startInclinationAngleDegrees, Number startAzimuthAngleDegrees, Number centerX, Number centerY, "
                        + "Number center",
                "CLIJ2's own definition is unfinished: its description reads \"todo\", its parameter text (above, cut off "
                        + "after \"center\") lists 9 parameters while its Java reads 18, so no CLIJ2 macro can call it as "
                        + "documented and there is no defined result to reproduce or test against. For radial reslices use "
                        + "resliceRadial / resliceRadialTop; for a cylinder, cylinderTransform.");
        row("sphereTransform", "Image input, ByRef Image destination, Number number_of_angles, Number delta_angle_in_degrees, "
                        + "Number relative_center_x, Number relative_center_y, Number relative_center_z",
                "CLIJ2 implements it as reslicePolar (see there) and passes the relative centre (e.g. 0.5) where "
                        + "reslicePolar expects a position in pixels, so CLIJ2's result samples around the image corner; "
                        + "ijcl would have to reproduce that defect or invent a result no reference defines.");
        row("watershed", "Image binary_source, ByRef Image destination",
                "CLIJ2's binary watershed is its own multi-step algorithm (a distance map, regions around local "
                        + "maxima, repeated elimination of wrong maxima, flooding and binarisation of the regions; the "
                        + "watershed_* kernels), which pyclesperanto_prototype 0.24.6 does not provide as a function, so "
                        + "no independent oracle could test a reproduction in this release; ImageJ's Process > Binary > "
                        + "Watershed (Euclidean distance map, UEP flooding) draws other lines, so it cannot stand in under "
                        + "CLIJ2's name. To split touching objects, use voronoiOtsuLabeling on the intensity image, or "
                        + "maskedVoronoiLabeling of seeds (e.g. detectMaxima of a blurred distanceMap) inside the mask.");
    }

    private NotProvided() {}

    /** Name -> {CLIJ2 help text, reason}, in declaration order. */
    public static Map<String, String[]> all() {
        return Collections.unmodifiableMap(ALL);
    }

    /** The error a call of a function that is not provided raises. */
    static IjclException error(String name) {
        return new IjclException("Ext.CLIJ2_" + name + " is not provided by ijcl: " + ALL.get(name)[1]);
    }
}
