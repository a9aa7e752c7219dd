/** 数据集 (`/datasets`): the datasets the caller may export or import into, each with its codebook, an export form and the way to the import wizard. */
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Card, Empty, Result, Select, Space, Spin, Typography } from 'antd';
import { CloudDownloadOutlined, ImportOutlined } from '@ant-design/icons';
import { ExportForm } from '../../../kit/datasets/ExportForm';
import { useDatasets } from '../../../kit/datasets/useDatasets';
import { useAuth } from '../../../kit/session';
import { CodebookCard } from './CodebookCard';
import { useDatasetWords } from './words';

export function DatasetsPage() {
  const { t, pick } = useDatasetWords();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const exports = can('datasets.export');
  const imports = can('datasets.import');
  const { datasets, error } = useDatasets(exports || imports);
  if (error) return <Result status="warning" title={error} />;
  if (!datasets) return <Spin />;
  if (datasets.length === 0) return <Empty description={t('noDatasets')} />;
  const dataset = datasets.find((d) => d.name === search.get('dataset')) ?? datasets[0]!;
  return (
    <>
      <div className="fw-page-title">
        <h2>{t('datasets')}</h2>
        <Space wrap>
        {exports && (
          <Button icon={<CloudDownloadOutlined />} onClick={() => navigate('/datasets/exports')} data-testid="open-export-centre">
            {t('openExportCentre')}
          </Button>
        )}
        <Select
          value={dataset.name}
          style={{ minWidth: 220 }}
          onChange={(name: string) => setSearch({ dataset: name })}
          options={datasets.map((d) => ({ value: d.name, label: pick(d.title) }))}
          data-testid="dataset-choice"
        />
        </Space>
      </div>
      <Typography.Paragraph type="secondary">{t('datasetsHint')}</Typography.Paragraph>
      <div className="fw-datasets">
        <CodebookCard dataset={dataset} />
        <Space direction="vertical" style={{ width: '100%' }} size={12}>
          {exports && (
            <Card size="small" title={t('exportCard')} data-testid="export-card">
              <ExportForm key={dataset.name} datasets={[dataset]} />
            </Card>
          )}
          {imports && (
            <Card size="small" title={t('importCard')} data-testid="import-card">
              <Typography.Paragraph>{t('importHint')}</Typography.Paragraph>
              <Typography.Paragraph type="secondary">{t('idempotentHint')}</Typography.Paragraph>
              <Button type="primary" icon={<ImportOutlined />} onClick={() => navigate(`/datasets/import?dataset=${encodeURIComponent(dataset.name)}`)} data-testid="import-start">
                {t('importStart')}
              </Button>
            </Card>
          )}
        </Space>
      </div>
    </>
  );
}
