import { execFileSync } from "node:child_process";
import { availableParallelism } from "node:os";

/**
 * With two cores or more the load generator (this process) runs on CPU 0 and every server under
 * test on CPU 1 (`taskset`, util-linux), so the simulated editors do not steal the server's core.
 * Other users of the machine still share both; the output says what was done.
 */
export const GENERATOR_CPU = 0;
export const SERVER_CPU = 1;

function hasTaskset(): boolean {
  try {
    execFileSync("taskset", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export const pinning: { enabled: boolean; note: string } = (() => {
  if (process.env.BENCH_NO_PIN) return { enabled: false, note: "not pinned (BENCH_NO_PIN set)" };
  if (availableParallelism() < 2) return { enabled: false, note: "not pinned (one core)" };
  if (!hasTaskset()) return { enabled: false, note: "not pinned (taskset not installed)" };
  return { enabled: true, note: `load generator pinned to CPU ${GENERATOR_CPU}, servers to CPU ${SERVER_CPU} (taskset)` };
})();

const ALL_CPUS = `0-${availableParallelism() - 1}`;

/**
 * Pins this process (the load generator, every thread) while a load runs; returns the undo, so the
 * in-process benchmarks that follow get the whole machine again. A no-op when pinning is off.
 */
export function pinGenerator(): () => void {
  if (!pinning.enabled) return () => {};
  const pin = (cpus: string) => execFileSync("taskset", ["-a", "-p", "-c", cpus, String(process.pid)], { stdio: "ignore" });
  pin(String(GENERATOR_CPU));
  return () => pin(ALL_CPUS);
}

/** The command line that runs `command args…` on the server's core. */
export function onServerCore(command: string, args: string[]): [string, string[]] {
  return pinning.enabled ? ["taskset", ["-c", String(SERVER_CPU), command, ...args]] : [command, args];
}
