/** The history card of the record page (see {@link HistoryCard}). */
import { Card, Timeline, Typography } from 'antd';
import type { CompiledModule } from '../../../kit/engine';
import { formatTime } from '../../../kit/format';
import { useRecordWords } from './words';
import type { HistoryView as HistoryEntry } from '../../../kit/contract';

/** A record's history, newest first: actions, changes (by field label), deadlines, attachments. */
export function HistoryCard({ history, compiled, locale }: { history: HistoryEntry[]; compiled: CompiledModule; locale: 'zh-CN' | 'en' }) {
  const { t, pick } = useRecordWords();
  const stateName = (s: string | null) => (s ? pick(compiled.workflow.states[s]?.title) || s : '');
  const actionName = (a: string | null) => compiled.workflow.transitions.find((x) => x.action === a)?.title;
  const KIND: Record<string, [string, string]> = {
    create: ['登记', 'Created'],
    update: ['修改', 'Changed'],
    route: ['转办', 'Routed'],
    overdue: ['逾期', 'Overdue'],
    remind: ['到期提醒', 'Reminder'],
    escalate: ['督办', 'Escalated'],
    migrate: ['版本迁移', 'Migrated'],
    attach: ['上传附件', 'Attached'],
    detach: ['删除附件', 'Removed attachment'],
    withdraw: ['撤回草稿', 'Draft withdrawn'],
  };
  return (
    <Card size="small" title={t('history')} style={{ marginTop: 12 }}>
      <Timeline
        items={[...history].reverse().map((h) => ({
          color: h.kind === 'overdue' || h.kind === 'escalate' ? 'red' : h.kind === 'transition' ? 'blue' : 'gray',
          children: (
            <div>
              <div>
                <Typography.Text strong>{h.kind === 'transition' ? pick(actionName(h.action)) || h.action : (KIND[h.kind]?.[locale === 'en' ? 1 : 0] ?? h.kind)}</Typography.Text>
                {h.toState && h.kind === 'transition' && <Typography.Text type="secondary">{` → ${stateName(h.toState)}`}</Typography.Text>}
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatTime(h.at)} {h.actorName ?? h.actor ?? ''} {h.unitName ?? h.unitCode ?? ''}
              </Typography.Text>
              {h.comment && <div>「{h.comment}」</div>}
              {h.changes.length > 0 && (
                <div style={{ fontSize: 12, color: '#888' }}>
                  {h.changes
                    .slice(0, 6)
                    .map((c) => pick(compiled.fieldLabel(c.path)) || c.path)
                    .join('、')}
                  {h.changes.length > 6 ? ` …(${h.changes.length})` : ''}
                </div>
              )}
              {typeof (h.details.attachment as { filename?: string } | undefined)?.filename === 'string' && (
                <div style={{ fontSize: 12 }}>{(h.details.attachment as { filename: string }).filename}</div>
              )}
            </div>
          ),
        }))}
      />
    </Card>
  );
}
