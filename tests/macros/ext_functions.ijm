// Test macro (RunMacroTest): Ext functions generated from the registry, ByRef outputs with
// automatic names, memory and device queries. Argument: the path of blobs.tif.
// Prints key=value lines that the test compares with values it computes itself.
run("IJCL Macro Extensions", "device=[]");
open(getArgument());
t = getTitle();
Ext.IJCL_push(t);
copied = "";
Ext.IJCL_copy(t, copied);                 // empty variable: an automatic name is written back
print("copied=" + copied);
summed = "";
Ext.IJCL_addImages(t, copied, summed);
print("summed=" + summed);
Ext.IJCL_getMemoryInUse(bytes);
print("bytes=" + d2s(bytes, 0));
Ext.IJCL_getGPUProperties(gpu, memory, version);
print("gpu=" + gpu);
print("memory=" + d2s(memory, 0));
print("version=" + version);
Ext.IJCL_reportMemory();
Ext.IJCL_pull(summed);
print("title=" + getTitle());
getRawStatistics(n, mean);
print("mean=" + d2s(mean, 9));
print("done=1");
