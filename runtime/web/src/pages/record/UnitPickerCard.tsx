/** The unit a new record is made in (see {@link UnitPickerCard}). */
import { Card, Space, TreeSelect } from 'antd';
import { useRecordWords } from './words';
import { unitTree, type UnitNode } from '../../../kit/units';

/** The unit to make a new record in, of those I see (none chosen: `placeholder`'s, mine). */
export function UnitPickerCard({ units, placeholder, value, onChange }: { units: UnitNode[]; placeholder: string; value: string | undefined; onChange: (code: string) => void }) {
  const { t } = useRecordWords();
  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Space>
        {t('unit')}
        <TreeSelect allowClear style={{ width: 240 }} treeData={unitTree(units)} placeholder={placeholder} value={value} onChange={onChange} />
      </Space>
    </Card>
  );
}
