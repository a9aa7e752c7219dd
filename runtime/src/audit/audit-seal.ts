/**
 * The audit log's seal: a key the database never sees (FORMWORK_AUDIT_KEY). Each entry carries
 * `mac` = a random nonce and HMAC-SHA256 of the nonce and the entry's content, so a row edited,
 * re-hashed or forged by someone with full database access fails verification; checkpoints
 * sign each chain's head (position and hash) and the checkpoint before, so removing the newest
 * entries shows against any later checkpoint, and against an exported one kept elsewhere.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { canonicalJson } from '../../../engine/src/index.js';

/** What an entry's MAC covers. */
export interface SealedContent {
  at: Date;
  actor: string | null;
  unitCode: string | null;
  action: string;
  target: string | null;
  outcome: string;
  requestId: string | null;
  details: Record<string, unknown>;
}

/** One chain's head as a checkpoint records it: [chain, position, hash]. */
export type ChainHead = [number, number, string];

/** A signed checkpoint, as stored and as exported. */
export interface Checkpoint {
  id: number;
  at: string;
  heads: ChainHead[];
  prevMac: string | null;
  mac: string;
}

export class AuditSeal {
  constructor(private readonly key: Buffer) {}

  private hmac(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('hex');
  }

  /** A fresh MAC for an entry: `<nonce>.<hmac>`. */
  sign(content: SealedContent): string {
    const nonce = randomBytes(12).toString('hex');
    return `${nonce}.${this.hmac(`${nonce}\n${contentText(content)}`)}`;
  }

  /** True when `mac` was made by this key for exactly this content. */
  check(content: SealedContent, mac: string): boolean {
    const [nonce, given] = mac.split('.');
    if (!nonce || !given || !/^[0-9a-f]{64}$/.test(given)) return false;
    return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(this.hmac(`${nonce}\n${contentText(content)}`), 'hex'));
  }

  /** The MAC of a checkpoint (everything but the MAC itself). */
  checkpointMac(checkpoint: Omit<Checkpoint, 'mac'>): string {
    return this.hmac(canonicalJson({ id: checkpoint.id, at: checkpoint.at, heads: checkpoint.heads, prevMac: checkpoint.prevMac }));
  }
}

/** An entry's content as canonical text; details as JSON carries them (what the database stores). */
function contentText(c: SealedContent): string {
  const details: unknown = JSON.parse(JSON.stringify(c.details ?? {}));
  return canonicalJson([c.at.toISOString(), c.actor, c.unitCode, c.action, c.target, c.outcome, c.requestId, details]);
}

const seals = new WeakMap<Sequelize, AuditSeal>();

/** Entries appended through this database handle are sealed with `key` (none: unsealed). */
export function sealAuditWith(sequelize: Sequelize, key: string | undefined): void {
  if (key) seals.set(sequelize, new AuditSeal(Buffer.from(key, 'utf8')));
  else seals.delete(sequelize);
}

export function auditSealOf(sequelize: Sequelize): AuditSeal | undefined {
  return seals.get(sequelize);
}
