/**
 * The designer's calls to the server: drafts (start, import, save with If-Match, check, diff,
 * figures, impact, publish, withdraw) and published modules (versions, one version, two compared,
 * their records migrated). The
 * shapes come from the API contract through the kit.
 */
import { api, get, query, streamLines } from '../../runtime/web/kit/api';
import type { CheckAnswer, CreateDraftInput, DiffAnswer, DraftSummary, DraftView, FiguresAnswer, FiguresInput, ImpactLine, MigrateLine, SaveDraftAnswer } from '../../runtime/web/kit/contract';
import type { Published } from '../../runtime/web/kit/definitions';
import type { Draft } from './model/paths';

/** A published version as `GET /api/modules/{key}/versions` lists it. */
export interface VersionEntry {
  version: number;
  publishedBy: string;
  publishedAt: string;
}

export const listDrafts = (key?: string) => get<DraftSummary[]>(`/api/drafts${query({ key })}`);
export const getDraft = (id: string) => get<DraftView>(`/api/drafts/${id}`);
export const createDraft = (body: CreateDraftInput) => api<DraftView>('POST', '/api/drafts', body);
export const importDraft = (body: Record<string, unknown>) => api<DraftView>('POST', '/api/drafts/import', body);
export const saveDraft = (id: string, definition: Draft, revision: number) =>
  api<SaveDraftAnswer>('PUT', `/api/drafts/${id}`, { definition }, { 'if-match': String(revision) });
export const deleteDraft = (id: string) => api<void>('DELETE', `/api/drafts/${id}`);
export const checkDraft = (id: string) => api<CheckAnswer>('POST', `/api/drafts/${id}/check`);
export const draftDiff = (id: string) => get<DiffAnswer>(`/api/drafts/${id}/diff`);
export const draftFigures = (id: string, body: FiguresInput) => api<FiguresAnswer>('POST', `/api/drafts/${id}/figures`, body);
/** The draft run over the module's records: progress lines per batch, then the result. */
export const draftImpact = (id: string) => streamLines<ImpactLine>('POST', `/api/drafts/${id}/impact`);
export const publishDraft = (id: string) => api<{ key: string; version: number }>('POST', `/api/drafts/${id}/publish`);

export const moduleVersions = (key: string) => get<VersionEntry[]>(`/api/modules/${key}/versions`);
export const moduleVersion = (key: string, version: number) => get<Published>(`/api/modules/${key}/versions/${version}`);
export const latestModule = (key: string) => get<Published>(`/api/modules/${key}`);
/** The records of earlier versions moved to version `to` (dry: only counted): progress lines per batch, then the report. */
export const migrateRecords = (key: string, to: number, dryRun: boolean) => streamLines<MigrateLine>('POST', `/api/modules/${key}/migrate`, { to, dryRun });
export const compareVersions = (key: string, from: number, to: number) => get<DiffAnswer>(`/api/modules/${key}/diff${query({ from, to })}`);
