/**
 * The administration screens' pure logic (no React, no browser): who lands where, the subtree a
 * move carries, which filings the caller may decide, the password policy in words, the chain
 * verdict explained, and turning a spreadsheet into the CSV the import takes. Unit-tested in
 * test/web/admin-logic.test.ts.
 */

/** The roles that administer (the administration screens are theirs). */
const ADMIN_ROLES = ['admin', 'auditor'];

/**
 * Whether the user's roles are administrative only (admin and/or auditor, nothing else): they
 * land on the administration home rather than on case pages.
 */
export function administersOnly(roles: readonly string[]): boolean {
  return roles.length > 0 && roles.every((r) => ADMIN_ROLES.includes(r));
}

/** A unit as the tree needs it. */
export interface UnitLike {
  code: string;
  name: string;
  parentCode: string | null;
  level: number;
}

/** The unit and every unit below it (what a move carries along), parents first. */
export function subtreeOf<U extends UnitLike>(units: readonly U[], code: string): U[] {
  const children = new Map<string, U[]>();
  for (const u of units) if (u.parentCode) children.set(u.parentCode, [...(children.get(u.parentCode) ?? []), u]);
  const root = units.find((u) => u.code === code);
  if (!root) return [];
  const out: U[] = [];
  const queue: U[] = [root];
  while (queue.length) {
    const next = queue.shift()!;
    out.push(next);
    queue.push(...(children.get(next.code) ?? []));
  }
  return out;
}

/** Where a unit may move: any visible unit outside its own subtree (and not its current parent). */
export function moveTargets<U extends UnitLike>(units: readonly U[], code: string): U[] {
  const carried = new Set(subtreeOf(units, code).map((u) => u.code));
  const unit = units.find((u) => u.code === code);
  return units.filter((u) => !carried.has(u.code) && u.code !== unit?.parentCode);
}

/** The tree antd's Tree shows: key, title, children. */
export interface TreeNode {
  key: string;
  title: string;
  children: TreeNode[];
}

/** The unit list as a tree (units whose parent is not visible become roots). */
export function unitTreeNodes(units: readonly UnitLike[]): TreeNode[] {
  const nodes = new Map<string, TreeNode>(units.map((u) => [u.code, { key: u.code, title: u.name, children: [] }]));
  const roots: TreeNode[] = [];
  for (const u of units) {
    const node = nodes.get(u.code)!;
    const parent = u.parentCode ? nodes.get(u.parentCode) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/**
 * Whether the caller (at `callerUnit`) decides a filing of a user at `userUnit`: only from a unit
 * above — a filing of the caller's own unit waits for the unit above. The root's own users are
 * decided at the root (none above it).
 */
export function decidesFiling(units: readonly UnitLike[], callerUnit: string, userUnit: string): boolean {
  const user = units.find((u) => u.code === userUnit);
  if (!user) return false;
  if (user.level === 1) return true;
  if (userUnit === callerUnit) return false;
  return subtreeOf(units, callerUnit).some((u) => u.code === userUnit);
}

/** The password policy (the server's passwordWeakness) in words: the rules a password breaks. */
export type PasswordRule = 'length' | 'username' | 'classes' | 'tooLong';

/** The rules of the policy a password breaks (none: acceptable). */
export function passwordProblems(password: string, username?: string): PasswordRule[] {
  const problems: PasswordRule[] = [];
  if (password.length < 10) problems.push('length');
  if (password.length > 256) problems.push('tooLong');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('username');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) problems.push('classes');
  return problems;
}

/** Why a chain verification failed, as the API names it. */
export type BrokenReason = 'link' | 'content' | 'seal' | 'unsealed' | 'checkpoint' | 'truncated' | 'replayed' | 'checkpoint-signature' | 'checkpoint-missing';

/** What each failure means, in Chinese and English. */
export const BROKEN_REASONS: Readonly<Record<BrokenReason, readonly [string, string]>> = {
  link: ['链接断裂：该条目与前一条目的哈希链接不符，可能有条目被插入或删除', 'Broken link: the entry does not chain to the one before it (an entry inserted or removed)'],
  content: ['内容被改动：该条目的内容与其哈希不符', 'Altered content: the entry no longer matches its hash'],
  seal: ['签章不符：该条目的签章与审计密钥不符，可能为伪造', 'Forged seal: the entry’s seal does not match the audit key'],
  unsealed: ['缺少签章：该条目没有审计密钥签章', 'Unsealed: the entry carries no seal of the audit key'],
  checkpoint: ['与检查点不符：链头与已签名的检查点不一致', 'Checkpoint mismatch: the chain head differs from a signed checkpoint'],
  truncated: ['条目被截断：检查点之后的条目缺失', 'Truncated: entries a checkpoint vouches for are missing'],
  replayed: ['条目被重放：已签章的条目被重复写入', 'Replayed: a sealed entry was written again'],
  'checkpoint-signature': ['检查点签名不符：检查点可能被伪造', 'Checkpoint signature mismatch: a checkpoint was forged'],
  'checkpoint-missing': ['检查点缺失：已有的检查点被删除', 'Checkpoint missing: a checkpoint was removed'],
};

/** A verification verdict in one sentence (Chinese or English). */
export function explainVerdict(
  verdict: { ok: boolean; entries: number; brokenAt?: number; reason?: string; sealed: boolean; checkpoints: number },
  locale: 'zh-CN' | 'en',
): string {
  const en = locale === 'en';
  const sealed = verdict.sealed
    ? en
      ? 'checked against the audit key'
      : '已用审计密钥核验签章'
    : en
      ? 'not sealed: no audit key is configured, so only the hash links were checked'
      : '未启用审计密钥签章，仅核验了哈希链接';
  const checkpoints =
    verdict.checkpoints === 0
      ? en
        ? 'no checkpoint taken yet'
        : '尚无检查点'
      : en
        ? `${verdict.checkpoints} checkpoints verified`
        : `${verdict.checkpoints} 个检查点核验无误`;
  if (verdict.ok) {
    return en
      ? `The chain is intact: ${verdict.entries} entries verified, ${sealed}, ${checkpoints}.`
      : `审计链完整：共核验 ${verdict.entries} 条记录，${sealed}，${checkpoints}。`;
  }
  const reason = BROKEN_REASONS[verdict.reason as BrokenReason]?.[en ? 1 : 0] ?? (en ? 'the entry does not match' : '该条目核验不符');
  return en
    ? `The chain is broken at entry ${verdict.brokenAt ?? '?'} (${verdict.entries} entries verified before it): ${reason}.`
    : `审计链在第 ${verdict.brokenAt ?? '?'} 号条目处断裂（此前 ${verdict.entries} 条核验无误）：${reason}。`;
}

/** One CSV field, quoted when it needs to be. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Rows of cells as CSV text (one line per row). */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (_, e: string) =>
    e.startsWith('#x') || e.startsWith('#X') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : (XML_ENTITIES[e] ?? ''),
  );
}

/** The text of every `<t>` inside a fragment (rich text runs joined). */
function texts(fragment: string): string {
  return [...fragment.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => unescapeXml(m[1]!)).join('');
}

/** A cell reference's column number (A → 0, B → 1, AA → 26). */
function column(ref: string): number {
  const letters = /^[A-Z]+/.exec(ref)?.[0] ?? 'A';
  return [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;
}

/**
 * The rows of a worksheet (`xl/worksheets/sheetN.xml`) with its shared strings
 * (`xl/sharedStrings.xml`): each row's cells as text, at their columns; row numbers kept by
 * leaving empty rows empty, so CSV line n is spreadsheet row n.
 */
export function sheetRows(sheetXml: string, sharedStringsXml = ''): string[][] {
  const shared = [...sharedStringsXml.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => texts(m[1]!));
  const rows: string[][] = [];
  for (const row of sheetXml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const number = Number(/\br="(\d+)"/.exec(row[1]!)?.[1] ?? rows.length + 1);
    const cells: string[] = [];
    for (const cell of (row[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = cell[1]!;
      const body = cell[2] ?? '';
      const ref = /\br="([A-Z]+)\d+"/.exec(attrs)?.[1] ?? '';
      const type = /\bt="(\w+)"/.exec(attrs)?.[1];
      const value = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      const text = type === 's' ? (shared[Number(value)] ?? '') : type === 'inlineStr' ? texts(body) : value !== undefined ? unescapeXml(value) : '';
      cells[ref ? column(ref) : cells.length] = text;
    }
    while (rows.length < number - 1) rows.push([]);
    rows.push(Array.from(cells, (c) => c ?? ''));
  }
  return rows;
}

/** Whether an error is antd's "the form does not validate" (its fields show why). */
export function invalidForm(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'errorFields' in error;
}
