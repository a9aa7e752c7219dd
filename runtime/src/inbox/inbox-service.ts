/**
 * The inbox: records held by the caller's unit that wait for one of the caller's roles,
 * overdue first, then by deadline; and the notifications addressed to them, unread first.
 */
import { FormworkError, negotiateLocale } from '../../../engine/src/index.js';
import type { Database } from '../platform/db/database.js';
import type { SessionUser } from '../identity/identity-store.js';
import { inboxRecords, listNotifications } from './inbox-store.js';
import { markNotificationRead } from './notification-model.js';
import type { ModuleRegistry } from '../modules/module-registry.js';
import type { RecordTitles } from '../records/record-titles.js';
import type { Inbox, InboxTask } from '../api/inbox.js';

// Declared with the contract; re-exported for the readers that still import it from here.
export type { InboxTask } from '../api/inbox.js';

export class InboxService {
  constructor(
    private readonly db: Database,
    private readonly registry: ModuleRegistry,
    private readonly titles: RecordTitles,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async inbox(caller: SessionUser, limit: number, acceptLanguage?: string): Promise<Inbox> {
    const records = await inboxRecords(this.db.sequelize, caller.unitCode, caller.roles, limit);
    // Each task named as its module names its records (the cadre and the problem; the report, period and unit).
    const titled = await this.titles.describe(records, { callerPath: caller.unitPath, locale: negotiateLocale(acceptLanguage) });
    const tasks: InboxTask[] = [];
    for (const r of records) {
      const published = await this.registry.getVersion(r.moduleKey, r.moduleVersion);
      const compiled = published && (await this.registry.compiled(published));
      const title = compiled?.definition.title ?? { 'zh-CN': r.moduleKey };
      const state = compiled?.workflow.states[r.state]?.title ?? { 'zh-CN': r.state, en: r.state };
      tasks.push({
        id: r.id,
        key: r.moduleKey,
        moduleTitle: { 'zh-CN': title['zh-CN'], en: title.en ?? title['zh-CN'] },
        title: titled.get(r.id)?.title ?? '',
        stateTitle: { 'zh-CN': state['zh-CN'], en: state.en ?? state['zh-CN'] },
        state: r.state,
        unitCode: r.unitCode,
        assignedRole: r.assignedRole,
        deadlineAt: r.deadlineAt?.toISOString() ?? null,
        overdue: r.overdueAt !== null,
        updatedAt: r.updatedAt.toISOString(),
      });
    }
    const notifications = await listNotifications(this.db.sequelize, caller, limit);
    return { tasks, notifications, unread: notifications.filter((n) => !n.read).length };
  }

  async markRead(caller: SessionUser, id: number): Promise<void> {
    if (!(await markNotificationRead(this.db.sequelize, id, caller, this.now()))) throw new FormworkError('FW_NOT_FOUND');
  }
}
