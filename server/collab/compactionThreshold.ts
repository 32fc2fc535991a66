import { COLLAB_DEFAULTS } from "~/shared/collab/defaults";

const { compactAfterUpdates, compactSpreadUpdates } = COLLAB_DEFAULTS;

/**
 * How many updates a document takes between folds of its log: `compactAfterUpdates` less a share
 * of `compactSpreadUpdates` chosen by the document's name. Documents opened together and typed at
 * one pace (a morning's tables, the cluster bench's twenty copies) would otherwise reach the same
 * count in the same second and fold one after another, each fold holding the event loop (on
 * SQLite all of it synchronous): every keystroke of that second waited for the lot. From the name,
 * not at random, so a document folds at the same count on every node and in every run.
 */
export function compactionThreshold(key: string): number {
  // FNV-1a over the name's UTF-16 code units: cheap, and evenly spread for names that differ in a digit.
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return compactAfterUpdates - ((hash >>> 0) % compactSpreadUpdates);
}
