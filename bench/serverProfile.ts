import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { join } from "node:path";

/**
 * Loaded into a benchmark's server child (`--import`) when BENCH_SERVER_PROFILE names a folder: a
 * profile of exactly the window the benchmark measures — between its two "cpu" requests over
 * IPC (typing and settling) — so start-up, syncing and the unload are not in it, as they are in
 * --cpu-prof's whole-process profile. Written to `<folder>/<pid>.cpuprofile`.
 *
 * With BENCH_SERVER_PROFILE_HEAP=1 it samples allocations instead, keeping only those that outlived
 * a young-generation collection (V8's sampling heap profiler, with objects a major collection freed
 * kept and those a scavenge freed dropped): where the window's promotions to the old space come
 * from, which cost every scavenge its copying. Written to `<folder>/<pid>.heapprofile`.
 */
const folder = process.env.BENCH_SERVER_PROFILE;
const heap = process.env.BENCH_SERVER_PROFILE_HEAP === "1";
if (folder) {
  const session = new Session();
  session.connect();
  let requests = 0;
  const write = (name: string, error: Error | null, data: unknown) => {
    if (error) console.error("bench: the server profile failed:", error);
    else writeFileSync(join(folder, `${process.pid}.${name}`), JSON.stringify(data));
  };
  process.on("message", (message) => {
    if (message !== "cpu") return;
    requests++;
    if (heap) {
      if (requests === 1) session.post("HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false });
      else if (requests === 2) session.post("HeapProfiler.stopSampling", (error, result) => write("heapprofile", error, result?.profile));
    } else if (requests === 1) session.post("Profiler.enable", () => session.post("Profiler.start"));
    else if (requests === 2) session.post("Profiler.stop", (error, result) => write("cpuprofile", error, result?.profile));
  });
}
