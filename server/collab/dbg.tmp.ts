import * as Y from "yjs";
import { joinUpdates } from "./joinUpdates";
const src = new Y.Doc(); const log: Uint8Array[] = [];
src.on("update", (u: Uint8Array) => log.push(u));
const t = src.getText("b");
for (let i = 0; i < 20000; i++) t.insert(i % 7 === 0 ? 0 : t.length, "字");
const time = (name: string, f: () => void) => { for (let k = 0; k < 5; k++) f(); const s = process.cpuUsage(); for (let k = 0; k < 10; k++) f(); const u = process.cpuUsage(s); console.log(name, ((u.user + u.system) / 10000).toFixed(1), "ms"); };
time("join only", () => { for (let s = 0; s < log.length; s += 256) joinUpdates(log.slice(s, s + 256)); });
