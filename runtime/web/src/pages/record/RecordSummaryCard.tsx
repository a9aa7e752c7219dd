/** The record's particulars (see {@link RecordSummaryCard}). */
import { Card, Descriptions } from 'antd';
import { formatDeadline, formatTime } from '../../../kit/format';
import { useRecordWords } from './words';
import type { RecordView } from '../../../kit/contract';

/** A unit's name as the record answer gives it. */
const recordUnitName = (record: RecordView, code: string) => record.unitNames?.[code] ?? code;

/** Whose the record is, who holds it, when it is due, when it was made and last changed. */
export function RecordSummaryCard({ record }: { record: RecordView }) {
  const { t } = useRecordWords();
  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
        <Descriptions.Item label={t('unit')}>{recordUnitName(record, record.unitCode)}</Descriptions.Item>
        <Descriptions.Item label={t('holder')}>{recordUnitName(record, record.assignedUnit)}</Descriptions.Item>
        <Descriptions.Item label={record.dueAt ? t('dueAt') : t('due')}>{formatDeadline(record.dueAt ?? record.deadlineAt) || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('createdAt')}>{formatTime(record.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('updatedAt')}>{formatTime(record.updatedAt)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
