/**
 * The caller's unit tree: fetched once per signed-in user and shared by every page that names
 * units, filters by them or picks one (lists, records, the overview, the designer later).
 */
import { useEffect, useState } from 'react';
import { get } from './api';

/** A unit as `GET /api/units` lists it. */
export interface UnitNode {
  code: string;
  name: string;
  parentCode: string | null;
  level: number;
}

let units: Promise<UnitNode[]> | undefined;

/** The caller's visible unit tree, parents first. */
export function listUnits(): Promise<UnitNode[]> {
  if (!units) units = get<UnitNode[]>('/api/units').catch((error: unknown) => {
    units = undefined;
    throw error;
  });
  return units;
}

/** Forgets the unit tree (another user signs in next). */
export function forgetUnits(): void {
  units = undefined;
}

/** A unit's name by its code, from the caller's unit tree (the code until it has loaded). */
export function useUnitName(): (code: string) => string {
  const [names, setNames] = useState<Map<string, string>>();
  useEffect(() => {
    void listUnits().then((list) => setNames(new Map(list.map((u) => [u.code, u.name]))));
  }, []);
  return (code) => names?.get(code) ?? code;
}

/** The units from `unit` up to `mine` (mine first), for a breadcrumb back up the tree. */
export function unitTrail(list: UnitNode[], unit: string, mine: string): UnitNode[] {
  const trail: UnitNode[] = [];
  for (let u = list.find((x) => x.code === unit); u; u = list.find((x) => x.code === u!.parentCode)) {
    trail.unshift(u);
    if (u.code === mine) break;
  }
  return trail;
}

/** An antd TreeSelect node of the unit tree. */
export interface UnitTreeNode {
  value: string;
  title: string;
  children: UnitTreeNode[];
}

/** The unit tree as TreeSelect data (units whose parent is not visible become roots). */
export function unitTree(list: UnitNode[]): UnitTreeNode[] {
  const nodes = new Map<string, UnitTreeNode>(list.map((u) => [u.code, { value: u.code, title: u.name, children: [] }]));
  const roots: UnitTreeNode[] = [];
  for (const u of list) {
    const node = nodes.get(u.code)!;
    const parent = u.parentCode ? nodes.get(u.parentCode) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
