import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { join } from "node:path";

/**
 * Loaded into a benchmark's server child (`--import`) when BENCH_SERVER_PROFILE names a folder: a
 * CPU profile of exactly the window the benchmark measures — between its two "cpu" requests over
 * IPC (typing and settling) — so start-up, syncing and the unload are not in it, as they are in
 * --cpu-prof's whole-process profile. Written to `<folder>/<pid>.cpuprofile`.
 */
const folder = process.env.BENCH_SERVER_PROFILE;
if (folder) {
  const session = new Session();
  session.connect();
  let requests = 0;
  process.on("message", (message) => {
    if (message !== "cpu") return;
    requests++;
    if (requests === 1) session.post("Profiler.enable", () => session.post("Profiler.start"));
    else if (requests === 2) {
      session.post("Profiler.stop", (error, result) => {
        if (error) console.error("bench: the server profile failed:", error);
        else writeFileSync(join(folder, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
      });
    }
  });
}
