/**
 * The organisation tree (union hierarchy 自治区总工会 → 市总工会 → … → 站点工会, enterprises with
 * their contractors): pure helpers for showing it and for refusing edits that would break it.
 */
export interface TreeNode {
  id: string;
  parentId: string | null;
}

/**
 * True when giving `id` the parent `newParentId` would make a cycle: the node itself or any of
 * its descendants as its own parent. A null parent (a root) never does.
 */
export function wouldCreateCycle(nodes: readonly TreeNode[], id: string, newParentId: string | null): boolean {
  if (newParentId === null) return false;
  const parentOf = new Map(nodes.map((n) => [n.id, n.parentId]));
  const visited = new Set<string>();
  let current: string | null = newParentId;
  while (current !== null && !visited.has(current)) {
    if (current === id) return true;
    visited.add(current);
    current = parentOf.get(current) ?? null;
  }
  return false;
}

export interface TreeRow<T extends TreeNode> {
  node: T;
  depth: number;
}

/**
 * The nodes in tree order (each parent before its children, siblings in the given order), with
 * their depth. Nodes whose parent is unknown, or that sit in a cycle, are shown as roots rather
 * than lost.
 */
export function flattenTree<T extends TreeNode>(nodes: readonly T[]): TreeRow<T>[] {
  const ids = new Set(nodes.map((n) => n.id));
  const children = new Map<string | null, T[]>();
  for (const node of nodes) {
    const parent = node.parentId !== null && ids.has(node.parentId) ? node.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(node);
    children.set(parent, list);
  }
  const rows: TreeRow<T>[] = [];
  const placed = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const node of children.get(parent) ?? []) {
      if (placed.has(node.id)) continue;
      placed.add(node.id);
      rows.push({ node, depth });
      walk(node.id, depth + 1);
    }
  };
  walk(null, 0);
  for (const node of nodes) {
    if (placed.has(node.id)) continue; // a cycle in the data: show its members at the top level
    placed.add(node.id);
    rows.push({ node, depth: 0 });
    walk(node.id, 1);
  }
  return rows;
}

export const ORG_KINDS = ["union", "enterprise", "assembly", "authority"] as const;
export type OrganisationKind = (typeof ORG_KINDS)[number];

/** Levels in the hierarchy (the union tree of docs/domain.md; platforms and their contractors). */
export const ORG_LEVELS = ["national", "region", "city", "district", "sector", "grassroots", "platform", "contractor", "association", "other"] as const;
export type OrganisationLevel = (typeof ORG_LEVELS)[number];

/**
 * Which kind may sit under which: unions under unions (自治区总工会 → … → 站点工会), enterprises
 * under enterprises (a platform's delivery contractors), authorities under authorities; a workers'
 * assembly under the enterprise or union whose workers it gathers.
 */
export function parentKindFits(child: OrganisationKind, parent: OrganisationKind): boolean {
  if (child === "assembly") return parent === "union" || parent === "enterprise";
  return child === parent;
}
