import { useEffect, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import type { Side } from "~/shared/roles";

export interface PresenceEntry {
  clientId: number;
  userId: string;
  name: string;
  side: Side;
  color: string;
  clauseId: string | null;
  self: boolean;
}

/** Everyone connected to the draft, as the server stamped them (name and side cannot be forged). */
export function usePresence(awareness: Awareness | undefined): PresenceEntry[] {
  const [entries, setEntries] = useState<PresenceEntry[]>([]);
  useEffect(() => {
    if (!awareness) return;
    const refresh = () => {
      const list: PresenceEntry[] = [];
      awareness.getStates().forEach((state, clientId) => {
        const user = state.user as { id?: string; name?: string; side?: Side; color?: string } | undefined;
        if (!user?.name) return;
        list.push({
          clientId,
          userId: user.id ?? String(clientId),
          name: user.name,
          side: user.side ?? "observer",
          color: user.color ?? "#667085",
          clauseId: typeof state.clauseId === "string" ? state.clauseId : null,
          self: clientId === awareness.clientID,
        });
      });
      setEntries(list.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name, "zh")));
    };
    refresh();
    awareness.on("change", refresh);
    return () => awareness.off("change", refresh);
  }, [awareness]);
  return entries;
}
