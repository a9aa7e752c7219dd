/**
 * The shapes the API answers with: the server's contract (runtime/src/api — TypeBox schemas and
 * their Static<> types), imported with `import type` only, so nothing of the server reaches the
 * bundle and the web cannot drift from the API. This is the ONE place the web (the workspace,
 * the designer, the rest of the kit) gets API types from; lint refuses any other import of
 * runtime/src from runtime/web or designer.
 */
export type {
  AttachmentView,
  AvailableAction,
  Completeness,
  Figures,
  HistoryView,
  InboxTask,
  LinkedView,
  LocalizedProblem,
  Me,
  NotificationView,
  PeriodSummary,
  Preferences,
  PrefillFigure,
  NudgeResult,
  QualityDrillMeasure,
  QualityRecord,
  QualityRecordsResult,
  QualityResult,
  QualityRow,
  QualityTrendMonth,
  QualityTrendResult,
  RecordView,
  RollupResult,
  StatsResult,
  StatusResult,
  UnitStatus,
  UserView,
} from '../../src/api/index.js';
export type {
  AuditList,
  AuditView,
  ChainVerdict,
  CreatedUser,
  UnitView,
  UserChangeList,
  UserChangeView,
  UserList,
  UserStatus,
} from '../../src/api/index.js';
export type { CheckAnswer, CreateDraftInput, DiffAnswer, DraftProblem, DraftSummary, DraftView, FiguresAnswer, FiguresInput, ImpactAnswer, ImpactLine, SaveDraftAnswer } from '../../src/api/drafts.js';
export type { DatasetColumn, DatasetView, ExportJobView, ExportQuery, ImportResult, LinkedTable, RowProblem } from '../../src/api/datasets.js';
export type { BulkActionAnswer, BulkActionResult, ListTotals } from '../../src/api/records.js';
export type { MigrateBody, MigrateLine, MigrationReportAnswer } from '../../src/api/modules.js';
import type { RecordView } from '../../src/api/index.js';

/** A localised text as definitions carry it. */
export interface Localized {
  'zh-CN': string;
  en?: string;
}

/** A record as lists show it (the list answers with whole record views). */
export type RecordRow = Pick<RecordView, 'id' | 'key' | 'unitCode' | 'assignedUnit' | 'state' | 'data' | 'deadlineAt' | 'overdue' | 'createdAt' | 'updatedAt' | 'period' | 'title' | 'cells' | 'version'>;

