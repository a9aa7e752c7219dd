/** A published template's version history (`/modules/:key`). */
import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { Card, Table } from 'antd';
import { formatTime } from '../../../../runtime/web/kit/format';
import { moduleVersions, type VersionEntry } from '../../api';
import { useDesignerWords } from '../../words';

/** The version history page. */
export function ModulePage() {
  const { key } = useParams();
  const { t } = useDesignerWords();
  const [versions, setVersions] = useState<VersionEntry[]>();
  useEffect(() => {
    void moduleVersions(key!).then(setVersions);
  }, [key]);
  return (
    <Card size="small">
      <Table<VersionEntry>
        rowKey="version"
        size="small"
        loading={!versions}
        dataSource={versions}
        columns={[
          { title: t('version'), render: (_, v) => t('versionN', { n: v.version }) },
          { title: '', render: (_, v) => t('by', { who: v.publishedBy, when: formatTime(v.publishedAt) }) },
        ]}
      />
    </Card>
  );
}
