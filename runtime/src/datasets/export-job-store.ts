/** Export jobs and their files' chunks (the only place that talks SQL about them). */
import type { Sequelize } from 'sequelize';
import { execute, selectOne, selectRows, type Tx } from '../platform/db/sql.js';
import type { ExportJobView, ExportQuery } from '../api/datasets.js';

export interface StoredExportJob {
  id: string;
  username: string;
  unitCode: string;
  unitPath: string;
  unitLevel: number;
  dataset: string;
  query: ExportQuery;
  status: ExportJobView['status'];
  rows: number;
  total: number | null;
  filename: string | null;
  contentType: string | null;
  bytes: number | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  expiresAt: Date;
}

interface Row {
  id: string;
  username: string;
  unit_code: string;
  unit_path: string;
  unit_level: number;
  dataset: string;
  query: ExportQuery;
  status: ExportJobView['status'];
  rows: number;
  total: number | null;
  filename: string | null;
  content_type: string | null;
  bytes: number | null;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
  expires_at: Date;
}

const COLUMNS = 'id, username, unit_code, unit_path::text AS unit_path, unit_level, dataset, query, status, rows, total, filename, content_type, bytes, error, created_at, finished_at, expires_at';

const job = (r: Row): StoredExportJob => ({
  id: r.id,
  username: r.username,
  unitCode: r.unit_code,
  unitPath: r.unit_path,
  unitLevel: r.unit_level,
  dataset: r.dataset,
  query: r.query,
  status: r.status,
  rows: r.rows,
  total: r.total,
  filename: r.filename,
  contentType: r.content_type,
  bytes: r.bytes === null ? null : Number(r.bytes),
  error: r.error,
  createdAt: new Date(r.created_at),
  finishedAt: r.finished_at ? new Date(r.finished_at) : null,
  expiresAt: new Date(r.expires_at),
});

export async function insertExportJob(sequelize: Sequelize, j: Pick<StoredExportJob, 'id' | 'username' | 'unitCode' | 'unitPath' | 'unitLevel' | 'dataset' | 'query' | 'total' | 'createdAt' | 'expiresAt'>, tx: Tx): Promise<void> {
  await execute(
    sequelize,
    `INSERT INTO export_jobs (id, username, unit_code, unit_path, unit_level, dataset, query, status, total, created_at, expires_at)
     VALUES ($1, $2, $3, $4::ltree, $5, $6, $7, 'queued', $8, $9, $10)`,
    [j.id, j.username, j.unitCode, j.unitPath, j.unitLevel, j.dataset, JSON.stringify(j.query), j.total, j.createdAt, j.expiresAt],
    tx,
  );
}

export async function findExportJob(sequelize: Sequelize, id: string): Promise<StoredExportJob | undefined> {
  const row = await selectOne<Row>(sequelize, `SELECT ${COLUMNS} FROM export_jobs WHERE id = $1`, [id]);
  return row && job(row);
}

/** A user's jobs, newest first. */
export async function listExportJobs(sequelize: Sequelize, username: string, limit = 100): Promise<StoredExportJob[]> {
  return (await selectRows<Row>(sequelize, `SELECT ${COLUMNS} FROM export_jobs WHERE username = $1 ORDER BY created_at DESC LIMIT $2`, [username, limit])).map(job);
}

/** Takes a job to run: queued, or running when a worker died with it (its chunks so far are dropped). */
export async function claimExportJob(sequelize: Sequelize, id: string): Promise<StoredExportJob | undefined> {
  const row = await selectOne<Row>(sequelize, `UPDATE export_jobs SET status = 'running', rows = 0 WHERE id = $1 AND status IN ('queued', 'running') RETURNING ${COLUMNS}`, [id]);
  if (row) await execute(sequelize, 'DELETE FROM export_job_chunks WHERE job_id = $1', [id]);
  return row && job(row);
}

export async function appendExportChunk(sequelize: Sequelize, id: string, seq: number, data: Buffer): Promise<void> {
  await execute(sequelize, 'INSERT INTO export_job_chunks (job_id, seq, data) VALUES ($1, $2, $3)', [id, seq, data]);
}

export async function setExportProgress(sequelize: Sequelize, id: string, rows: number): Promise<void> {
  await execute(sequelize, "UPDATE export_jobs SET rows = $2 WHERE id = $1 AND status = 'running'", [id, rows]);
}

export async function finishExportJob(sequelize: Sequelize, id: string, done: { rows: number; filename: string; contentType: string; bytes: number; at: Date; expiresAt: Date }): Promise<void> {
  await execute(sequelize, "UPDATE export_jobs SET status = 'done', rows = $2, filename = $3, content_type = $4, bytes = $5, finished_at = $6, expires_at = $7 WHERE id = $1", [
    id,
    done.rows,
    done.filename,
    done.contentType,
    done.bytes,
    done.at,
    done.expiresAt,
  ]);
}

export async function failExportJob(sequelize: Sequelize, id: string, error: string, at: Date): Promise<void> {
  await execute(sequelize, "UPDATE export_jobs SET status = 'failed', error = $2, finished_at = $3 WHERE id = $1", [id, error, at]);
  await execute(sequelize, 'DELETE FROM export_job_chunks WHERE job_id = $1', [id]);
}

/** The file's chunks in order, one at a time. */
export async function* exportChunks(sequelize: Sequelize, id: string): AsyncGenerator<Buffer> {
  for (let seq = 0; ; seq++) {
    const row = await selectOne<{ data: Buffer }>(sequelize, 'SELECT data FROM export_job_chunks WHERE job_id = $1 AND seq = $2', [id, seq]);
    if (!row) return;
    yield row.data;
  }
}

/** Deletes jobs past their time (their chunks go with them); answers how many. */
export async function deleteExpiredExportJobs(sequelize: Sequelize, now: Date): Promise<number> {
  return execute(sequelize, 'DELETE FROM export_jobs WHERE expires_at < $1', [now]);
}
