/** The roll-up's toolbar (see {@link RollupToolbar}). */
import { Breadcrumb, Button, Space, Switch } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useReportWords } from './words';
import type { TrailUnit } from './useRollup';

/** The drill-down trail (a unit's name goes back up to it), the inclusion of submitted reports, the export. */
export function RollupToolbar({
  trail,
  onBackTo,
  includeSubmitted,
  onIncludeSubmitted,
  onExport,
}: {
  trail: TrailUnit[];
  onBackTo: (index: number) => void;
  includeSubmitted: boolean;
  onIncludeSubmitted: (include: boolean) => void;
  onExport: () => void;
}) {
  const { t } = useReportWords();
  return (
    <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
      <Breadcrumb items={trail.map((u, i) => ({ title: <a onClick={() => onBackTo(i)}>{u.name}</a> }))} />
      <Space>
        <Switch checked={includeSubmitted} onChange={onIncludeSubmitted} /> {t('includeSubmitted')}
        <Button icon={<DownloadOutlined />} onClick={onExport} data-testid="export-xlsx">
          {t('exportXlsx')}
        </Button>
      </Space>
    </Space>
  );
}
