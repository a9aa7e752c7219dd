/**
 * `COPY … TO STDOUT` streamed from PostgreSQL through transforms into a stream that stays open
 * (the caller writes more after it), back-pressure respected end to end. The connection comes
 * from the pool and goes back when the copy ends; a copy cut short (the reader went away, a
 * transform failed) leaves the connection mid-protocol, so it is closed instead.
 */
import type { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { to as copyTo } from 'pg-copy-streams';
import { borrow, giveBack, type SqlTarget } from './sql.js';

export async function copyOut(target: SqlTarget, sql: string, through: readonly Transform[], out: Writable): Promise<void> {
  const client = await borrow(target);
  let healthy = false;
  try {
    await pipeline([client.query(copyTo(sql)), ...through, out], { end: false });
    healthy = true;
  } finally {
    await giveBack(target, client, healthy);
  }
}
