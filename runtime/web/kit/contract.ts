/**
 * The shapes the API answers with, taken from the server's own declarations (type-only imports:
 * nothing of the server reaches the bundle). One declaration per shape, so the web cannot drift
 * from the API.
 *
 * This file is the ONE place the web (the workspace, the designer, the rest of the kit) gets
 * server types from, and it imports them with `import type` only — lint refuses any other import
 * of runtime/src from runtime/web or designer. For now it reaches into the server's services and
 * persistence; once the server's API contract folder (runtime/src/api/) exists, these imports
 * point there instead and nothing else in the web changes.
 */
import type { LocalizedProblem } from './engine';
import type { Preferences, UserView } from '../../src/identity/identity-store.js';
import type { RecordView as StoredView } from '../../src/records/record-service.js';

export type { AvailableAction, LinkedView } from '../../src/records/record-service.js';
export type { HistoryView } from '../../src/records/record-store.js';
export type { NotificationView } from '../../src/inbox/inbox-store.js';
export type { AttachmentView } from '../../src/attachments/attachment-store.js';
export type { InboxTask } from '../../src/inbox/inbox-service.js';
export type { StatsResult } from '../../src/records/record-stats.js';
export type {
  CheckAnswer,
  CreateDraftInput,
  DiffAnswer,
  DraftProblem,
  DraftSummary,
  DraftView,
  FiguresAnswer,
  FiguresInput,
  SaveDraftAnswer,
} from '../../src/api/drafts.js';
export type { Completeness, Figures, PeriodSummary, PrefillFigure, RollupResult, StatusResult, UnitStatus } from '../../src/reports/report-service.js';

/** A localised text as definitions carry it. */
export interface Localized {
  'zh-CN': string;
  en?: string;
}

/** A record as the API sends it: warnings come localised to the caller's language. */
export type RecordView = Omit<StoredView, 'warnings'> & { warnings?: LocalizedProblem[] };

/** A record as lists show it (the list answers with whole record views). */
export type RecordRow = Pick<RecordView, 'id' | 'key' | 'unitCode' | 'assignedUnit' | 'state' | 'data' | 'deadlineAt' | 'overdue' | 'createdAt' | 'updatedAt' | 'period'>;

/** The signed-in user (`GET /api/auth/me`). */
export type Me = Pick<UserView, 'username' | 'displayName' | 'unitCode' | 'unitName' | 'unitLevel' | 'roles'> & {
  permissions: string[];
  preferences: Preferences;
};
