package net.ijcl.tools;

import javassist.CannotCompileException;
import javassist.CtClass;
import javassist.CtField;
import javassist.Modifier;
import javassist.NotFoundException;

import java.util.function.Function;

/**
 * Gives headless ImageJ the one property of the Results window that measurements depend on: how
 * many rows of the Results table it shows ({@link HeadlessImageJ#patch()} applies it, with the
 * ROI Manager's patch).
 *
 * <p><b>Why.</b> After each measurement, ImageJ's {@code Analyzer.displayResults()} deletes the
 * rows of the Results table that its Results window does not show ("rows added by the particle
 * analyzer" without display). Without a display there is no Results window, so it counts zero
 * shown rows and deletes every row but the last: headless, {@code run("Measure")} three times
 * leaves one row, and {@code roiManager("Measure")} of 64 selections leaves the last one
 * (ImageJ 1.54p; {@code ij.ImageJ -batch} without a window does the same), where ImageJ with its
 * window keeps them all.
 *
 * <p><b>What changes</b> (headless only): a count of the rows the Results window would show,
 * {@code Analyzer.ijclShownRows}, kept as the window's line count changes: the system table's
 * size when it is shown or redrawn ({@code ResultsTable.show("Results")}, {@code updateResults()}:
 * Analyze Particles' display, the macro's updateResults()), one more per appended row
 * ({@code addResults()}, {@code displayResults()}), 0 when the table is reset or gets new column
 * headings; {@code displayResults()} uses it where ImageJ reads the window's line count. Everything else in both methods is ImageJ's own code.
 */
final class HeadlessResults {
    private HeadlessResults() {}

    private static final String ANALYZER = "ij.plugin.filter.Analyzer", FIELD = "ijclShownRows";

    static void edit(Function<String, CtClass> classes) throws CannotCompileException, NotFoundException {
        CtClass analyzer = classes.apply(ANALYZER);
        CtField shown = new CtField(CtClass.intType, FIELD, analyzer);
        shown.setModifiers(Modifier.PUBLIC | Modifier.STATIC);
        analyzer.addField(shown);
        String rows = ANALYZER + "." + FIELD;
        // ImageJ's displayResults() with the shown rows where it reads the Results window's line count
        analyzer.getDeclaredMethod("displayResults").insertBefore(
                "{ if (rt.columnDeleted()) return;"
                + " int counter = rt.size();"
                + " if (counter == 1) ij.IJ.setColumnHeadings(rt.getColumnHeadings());"
                + " int lineCount = Math.min(" + rows + ", Math.max(counter - 1, 0));"
                + " if (counter > lineCount + 1) {"
                + "   int n = counter - lineCount - 1;"
                + "   for (int i = 0; i < n; i++) rt.deleteRow(lineCount);"
                + "   counter = rt.size(); }"
                + " if (!resultsUpdated && counter > 1 && rt.getColumnIndex(\"Group\") >= 0 && rt.getValue(\"Group\", counter - 1) > 0) {"
                + "   rt.show(\"Results\"); resultsUpdated = true;"
                + " } else ij.IJ.write(rt.getRowAsString(counter - 1));"
                + " " + rows + " = counter;"
                + " return; }");
        CtClass table = classes.apply("ij.measure.ResultsTable");
        table.getDeclaredMethod("show", new CtClass[] {classes.apply("java.lang.String")}).insertBefore(
                "if (($1 == null || $1.equals(\"Results\")) && this == " + ANALYZER + ".getResultsTable()) " + rows + " = size();");
        table.getDeclaredMethod("reset").insertAfter("if (this == " + ANALYZER + ".getResultsTable()) " + rows + " = 0;");
        // updateResults() redraws the window from the system table; addResults() appends one line
        table.getDeclaredMethod("updateResults").insertAfter(rows + " = " + ANALYZER + ".getResultsTable().size();");
        table.getDeclaredMethod("addResults").insertAfter(rows + " = counter == 1 ? 1 : " + rows + " + 1;");
        // new column headings clear the window
        classes.apply("ij.IJ").getDeclaredMethod("setColumnHeadings").insertAfter(rows + " = 0;");
    }
}
