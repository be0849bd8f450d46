// The per-frame spot count of spot_counting_recorded.ijm for ./ijcl watch (or ./ijcl batch): ImageJ's
// own commands only, as the Recorder writes them (median denoising, rolling-ball background
// subtraction, Gaussian blur, Find Maxima's point count); one Results row per frame. Plain, it is
// ImageJ's CPU pipeline; with --gpu (GPU mode) the commands with GPU twins run on the GPU with
// identical results. ./ijcl bench --watch --compare times both on the same replayed time-lapse.
frame = getTitle();
run("Select None");
run("Median...", "radius=2");
run("Subtract Background...", "rolling=10");
run("Gaussian Blur...", "sigma=2");
run("Find Maxima...", "prominence=10 output=[Point Selection]");
spots = 0;
if (selectionType() != -1) {
    getSelectionCoordinates(xs, ys);
    spots = xs.length;
}
run("Select None");
row = nResults;
setResult("image", row, frame);
setResult("spots", row, spots);
