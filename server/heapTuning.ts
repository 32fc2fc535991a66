import { setFlagsFromString } from "node:v8";

/**
 * V8's allocation-site pretenuring off, for the server process (issue 18). Loading documents and
 * syncing a thousand editors makes most objects allocated at some sites live on, and V8 then
 * allocates at those sites straight into the old generation. Among them are the sites every Yjs
 * transaction allocates at — its state vectors, change maps, integrate's conflict sets — whose
 * objects live for microseconds: each keystroke then left ~3 KB of garbage in the old generation,
 * which the scavenger traces through and the next full collection sweeps. Collab bench, 10 s
 * window (`--trace-gc-nvp`): 64–66 MB promoted with it, 12.0–12.3 MB without (the bare relay,
 * whose rooms start empty: 9.8–10.8 MB); scavenge pauses 199–308 ms against 98–117 ms. Alternated
 * in the same run, with this call against without it: CPU per relayed keystroke 0.943 (0.801–1.11,
 * 4 pairs), peak RSS 0.868. Objects that do live on (a loaded document's items) are copied once
 * more by the scavenger instead; the open bench did not move. Called before the server allocates
 * anything of its own: V8 reads the flag when it decides, so setting it at run time takes effect
 * (the "without" figures above are from this call, not from a command-line flag).
 */
export function tuneHeap(): void {
  setFlagsFromString("--no-allocation-site-pretenuring");
}
