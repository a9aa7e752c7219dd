/**
 * Export jobs: a large export runs on the job queue (pg-boss: one worker, whichever instance)
 * with the requester's scope as it was when asked, its progress written as it goes and its file
 * kept in the database in chunks, so any instance serves the download until the file expires
 * (FORMWORK_EXPORT_KEEP_HOURS after it was done). Asking is audited with the filter and the rows
 * it selects (`dataset.export.job`); the export itself as every export (`dataset.export`, with the
 * rows written); each download too (`dataset.export.download`).
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { FormworkError } from '../../../engine/src/index.js';
import { appendAudit } from '../audit/audit-store.js';
import type { SessionUser } from '../identity/identity-store.js';
import type { Database } from '../platform/db/database.js';
import { EXPORT_QUEUE, type JobQueue } from '../platform/jobs/job-queue.js';
import { ExportQuerySchema, type ExportJobView, type ExportQuery } from '../api/datasets.js';
import type { DatasetService } from './dataset-service.js';
import {
  appendExportChunk,
  claimExportJob,
  deleteExpiredExportJobs,
  exportChunks,
  failExportJob,
  findExportJob,
  finishExportJob,
  insertExportJob,
  listExportJobs,
  setExportProgress,
  type StoredExportJob,
} from './export-job-store.js';

/** Bytes per stored chunk of a file. */
const CHUNK = 1024 * 1024;

export interface ExportJobPolicy {
  /** Hours a finished file is kept. */
  keepHours: number;
  /** Rows beyond which an export asked for directly becomes a job (0: never). */
  jobRows: number;
}

export class ExportJobs {
  constructor(
    private readonly db: Database,
    private readonly datasets: DatasetService,
    private readonly jobs: JobQueue | undefined,
    readonly policy: ExportJobPolicy,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Starts a job: the dataset, the unit and the period are checked now (404 / 422 as for an
   * export), the job and its queue entry are written in one transaction, and the request audited.
   */
  async start(caller: SessionUser, name: string, asked: Partial<ExportQuery>, requestId: string, total?: number): Promise<ExportJobView> {
    if (!this.jobs) throw new Error('export jobs need the job queue');
    const query = withDefaults(asked);
    const rows = total ?? (await this.datasets.countRows(caller, name, query, requestId));
    const now = this.now();
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      await insertExportJob(this.db.sequelize, { id, username: caller.username, unitCode: caller.unitCode, unitPath: caller.unitPath, unitLevel: caller.unitLevel, dataset: name, query, total: rows, createdAt: now, expiresAt: this.expiry(now) }, tx);
      await this.jobs!.sendMany(tx, EXPORT_QUEUE, [{ data: { id }, startAfter: now }]);
      await appendAudit(this.db.sequelize, { actor: caller.username, unitCode: caller.unitCode, action: 'dataset.export.job', target: `dataset:${name}`, outcome: 'ok', requestId, details: { job: id, dataset: name, ...query, unit: query.unit ?? caller.unitCode, rows } }, tx);
    });
    return this.view((await findExportJob(this.db.sequelize, id))!);
  }

  /** The caller's jobs, newest first (expired ones are swept away first). */
  async list(caller: SessionUser): Promise<ExportJobView[]> {
    await deleteExpiredExportJobs(this.db.sequelize, this.now());
    return Promise.all((await listExportJobs(this.db.sequelize, caller.username)).map((j) => this.view(j)));
  }

  async get(caller: SessionUser, id: string): Promise<ExportJobView> {
    return this.view(await this.own(caller, id));
  }

  /** A finished job's file, streamed from its chunks; audited. */
  async file(caller: SessionUser, id: string, requestId: string): Promise<{ filename: string; contentType: string; bytes: number; body: Readable }> {
    const job = await this.own(caller, id);
    if (job.expiresAt.getTime() < this.now().getTime()) throw new FormworkError('FW_DATASET_JOB_EXPIRED');
    if (job.status !== 'done') throw new FormworkError('FW_DATASET_JOB_NOT_READY', { status: STATUS_WORDS[job.status] });
    await appendAudit(this.db.sequelize, { actor: caller.username, unitCode: caller.unitCode, action: 'dataset.export.download', target: `dataset:${job.dataset}`, outcome: 'ok', requestId, details: { job: id, rows: job.rows, bytes: job.bytes } });
    return { filename: job.filename!, contentType: job.contentType!, bytes: job.bytes!, body: Readable.from(exportChunks(this.db.sequelize, id)) };
  }

  /**
   * Runs a job (the queue's handler): the export streamed into chunks, progress written per
   * batch. A job already done or failed is left alone; one a dead worker left running starts over.
   */
  async run(id: string): Promise<void> {
    const job = await claimExportJob(this.db.sequelize, id);
    if (!job) return;
    const requester: SessionUser = { id: 0, username: job.username, unitCode: job.unitCode, unitPath: job.unitPath, unitLevel: job.unitLevel, roles: ['exporter'] };
    let rows = 0;
    let saved = Promise.resolve();
    try {
      const exported = await this.datasets.export(requester, job.dataset, job.query, `job:${id}`, (written) => {
        rows = written;
        saved = saved.then(() => setExportProgress(this.db.sequelize, id, written));
      });
      let seq = 0;
      let bytes = 0;
      let pending: Buffer[] = [];
      let size = 0;
      const flush = async () => {
        if (size === 0) return;
        await appendExportChunk(this.db.sequelize, id, seq++, Buffer.concat(pending, size));
        bytes += size;
        pending = [];
        size = 0;
      };
      for await (const chunk of exported.body) {
        pending.push(chunk as Buffer);
        size += (chunk as Buffer).length;
        if (size >= CHUNK) await flush();
      }
      await flush();
      await saved;
      const at = this.now();
      await finishExportJob(this.db.sequelize, id, { rows, filename: exported.filename, contentType: exported.contentType, bytes, at, expiresAt: this.expiry(at) });
    } catch (error) {
      await saved.catch(() => undefined);
      await failExportJob(this.db.sequelize, id, (error as Error).message, this.now());
    }
  }

  private expiry(from: Date): Date {
    return new Date(from.getTime() + this.policy.keepHours * 3_600_000);
  }

  /** The caller's own job (another's is not found, as one that does not exist). */
  private async own(caller: SessionUser, id: string): Promise<StoredExportJob> {
    const job = await findExportJob(this.db.sequelize, id);
    if (!job || job.username !== caller.username) throw new FormworkError('FW_DATASET_JOB_NOT_FOUND');
    return job;
  }

  private async view(job: StoredExportJob): Promise<ExportJobView> {
    const title = await this.datasets
      .describe(job.dataset)
      .then((d) => d.title)
      .catch(() => ({ 'zh-CN': job.dataset, en: job.dataset }));
    return {
      id: job.id,
      dataset: job.dataset,
      title,
      query: job.query,
      status: job.status,
      rows: job.rows,
      total: job.total,
      filename: job.filename,
      bytes: job.bytes,
      error: job.error,
      createdAt: job.createdAt.toISOString(),
      finishedAt: job.finishedAt?.toISOString() ?? null,
      expiresAt: job.expiresAt.toISOString(),
    };
  }
}

const STATUS_WORDS: Record<ExportJobView['status'], string> = { queued: '排队中', running: '导出中', done: '已完成', failed: '失败' };

/** An export query with the defaults of GET /api/datasets/{name} filled in. */
function withDefaults(asked: Partial<ExportQuery>): ExportQuery {
  const defaults = Object.fromEntries(Object.entries(ExportQuerySchema.properties).flatMap(([k, s]) => ('default' in s ? [[k, s.default]] : [])));
  return { ...defaults, ...asked } as ExportQuery;
}
