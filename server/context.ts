import type { Driver } from "~/db/driver";
import type { CollabService } from "./collab/service";
import type { Env } from "./env";
import type { EventHub } from "./events/hub";
import type { WorkflowService } from "./workflow/service";

/**
 * What every Remix loader and action receives as `context`: one database driver, one collab service.
 * Reads go through `driver.db`; every write through `driver.write` (db/driver.ts). It satisfies
 * CommandContext (server/commands/commandContext.ts): a route passes it to a command as it is.
 */
export type AppContext = {
  driver: Driver;
  collab: CollabService;
  workflow: WorkflowService;
  /** "Something changed" notifications to open pages (server-sent events). */
  events: EventHub;
  /** The time commands record (CommandContext.clock): Date.now in the server. */
  clock: () => number;
  env: Env;
  /** The client's address, for sign-in throttling and the audit log. */
  clientAddress: string;
  /** Nonce of this response's Content-Security-Policy, for Remix's inline scripts. */
  cspNonce: string;
};

declare module "@remix-run/server-runtime" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends AppContext {}
}
