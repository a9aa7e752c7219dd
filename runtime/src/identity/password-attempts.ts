/**
 * Password guessing, stopped in two ways: each account locks after `lockAfter` wrong passwords
 * (its attempts are reserved atomically before the check, so concurrent guesses beyond the
 * limit are never checked), and each client address is throttled after `addressFailures`
 * failed sign-ins within `addressWindowMs`, whatever usernames it tries. Sign-in and a change of
 * one's own password share the account's count.
 */
import type { SqlTarget } from '../platform/db/sql.js';
import { addressFailures, clearFailedLogins, isLocked, recordAddressFailure, reserveLoginAttempt } from './identity-store.js';
import { verifyPassword } from './password.js';
import type { Transaction } from 'sequelize';

export interface AttemptPolicy {
  /** Consecutive wrong passwords that lock an account. */
  lockAfter: number;
  lockMs: number;
  /** Failed sign-ins from one address that throttle it, within the window. */
  addressFailures: number;
  addressWindowMs: number;
}

export const DEFAULT_ATTEMPT_POLICY: AttemptPolicy = { lockAfter: 5, lockMs: 15 * 60_000, addressFailures: 30, addressWindowMs: 15 * 60_000 };

/** What a password attempt came to: `lockedNow` when this wrong attempt locked the account. */
export type AttemptOutcome = { ok: true } | { ok: false; reason: 'locked' | 'wrong' | 'unknown'; lockedNow?: boolean };

export class PasswordAttempts {
  constructor(
    private readonly sequelize: SqlTarget,
    private readonly policy: AttemptPolicy,
    private readonly now: () => Date,
  ) {}

  get lockMinutes(): number {
    return Math.ceil(this.policy.lockMs / 60_000);
  }

  /** True when the address has failed too often in the current window. */
  async addressThrottled(address: string): Promise<boolean> {
    return (await addressFailures(this.sequelize, address, this.now(), this.policy.addressWindowMs)) >= this.policy.addressFailures;
  }

  async recordAddressFailure(address: string): Promise<void> {
    await recordAddressFailure(this.sequelize, address, this.now(), this.policy.addressWindowMs);
  }

  /**
   * Checks a password of an account (or of no account: the hash is still computed, so timing
   * tells nothing). A locked account's password is not checked.
   */
  async attempt(user: { id: number; password_hash: string } | undefined, password: string): Promise<AttemptOutcome> {
    const now = this.now();
    const reservation = user ? await reserveLoginAttempt(this.sequelize, user.id, now, this.policy.lockAfter, new Date(now.getTime() + this.policy.lockMs)) : undefined;
    const passwordOk = await verifyPassword(user?.password_hash, password);
    if (!user) return { ok: false, reason: 'unknown' };
    if (reservation === 'locked') return { ok: false, reason: 'locked' };
    if (!passwordOk) return { ok: false, reason: 'wrong', lockedNow: await isLocked(this.sequelize, user.id, now) };
    return { ok: true };
  }

  /** After a right password: the account's count starts again. */
  async succeeded(userId: number, tx: Transaction): Promise<void> {
    await clearFailedLogins(this.sequelize, userId, tx);
  }
}
