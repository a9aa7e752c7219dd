/**
 * The codes tab of a code list: a table of its codes (code, Chinese and English names, in use or
 * retired) to add, rename, reorder, retire and reinstate. A code the published version holds keeps
 * its code and is retired rather than deleted, so records holding it stay valid.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { moduleVersion } from '../../api';
import { addCode, codeProblems, missingCodes, moveCode, readCodes, removeCode, restoreMissing, retireCode, writeCodes } from '../../model/codes';
import type { DraftProblem } from '../../../../runtime/web/kit/contract';
import type { OptionRow } from '../../model/options';
import { placeOf } from '../../model/problem-map';
import type { Draft } from '../../model/paths';
import type { Change } from '../draft/useDraftEditor';
import { useCodesWords } from './words';

/** The codes of the version a draft revises (none for a new code list). */
function usePublishedCodes(basedOn: { key: string; version: number } | null): OptionRow[] {
  const [codes, setCodes] = useState<OptionRow[]>([]);
  const key = basedOn?.key;
  const version = basedOn?.version;
  useEffect(() => {
    if (key === undefined || version === undefined) return;
    void moduleVersion(key, version).then((definition) => setCodes(readCodes(definition as unknown as Draft)));
  }, [key, version]);
  return codes;
}

/** The codes tab (see the file header). */
export function CodesPanel({ definition, basedOn, problems: found, edit }: { definition: Draft; basedOn: { key: string; version: number } | null; problems: readonly DraftProblem[]; edit(change: Change, key?: string): void }) {
  const { t } = useCodesWords();
  // What the server refuses in the codes (a code removed while in use, a repeated value …).
  const serverProblems = found.filter((p) => placeOf(definition, p.path).area === 'codes');
  const published = usePublishedCodes(basedOn);
  const publishedValues = new Set(published.map((r) => r.value));
  const rows = readCodes(definition);
  const problems = codeProblems(rows);
  const missing = missingCodes(rows, published);
  const write = (next: OptionRow[], key?: string) => edit((d) => writeCodes(d, next), key);
  const change = (i: number, patch: Partial<OptionRow>, what: string) => write(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)), `code:${i}:${what}`);
  const live = rows.filter((r) => !r.deprecated).length;

  return (
    <Card size="small" style={{ maxWidth: 980 }} data-testid="codes-panel">
      <Typography.Paragraph type="secondary">{t('codesIntro')}</Typography.Paragraph>
      {serverProblems.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={serverProblems.map((p) => p.message).join('；')} data-testid="codes-problems" />}
      {missing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('missingTitle', { codes: missing.map((m) => `${m.value} ${m.title}`).join('、') })}
          action={
            <Button size="small" onClick={() => write(restoreMissing(rows, published))} data-testid="restore-missing">
              {t('restoreMissing')}
            </Button>
          }
        />
      )}
      <Table<OptionRow & { index: number }>
        size="small"
        pagination={false}
        rowKey="index"
        scroll={{ x: 720 }}
        dataSource={rows.map((r, index) => ({ ...r, index }))}
        rowClassName={(r) => (r.deprecated ? 'dz-code-retired' : '')}
        columns={[
          {
            title: t('code'),
            width: 130,
            render: (_, r) => {
              const fixed = publishedValues.has(r.value);
              const wrong = problems.get(r.index)?.find((p) => p === 'emptyCode' || p === 'duplicateCode');
              return (
                <Tooltip title={fixed ? t('publishedFixed') : wrong ? t(wrong) : undefined}>
                  <Input value={r.value} disabled={fixed} status={wrong ? 'error' : undefined} maxLength={64} onChange={(e) => change(r.index, { value: e.target.value.trim() }, 'value')} data-testid={`code-value-${r.index}`} />
                </Tooltip>
              );
            },
          },
          {
            title: t('nameZh'),
            render: (_, r) => {
              const wrong = problems.get(r.index)?.includes('emptyTitle');
              return (
                <Input value={r.title} status={wrong ? 'error' : undefined} placeholder={wrong ? t('emptyTitle') : undefined} maxLength={200} onChange={(e) => change(r.index, { title: e.target.value }, 'title')} data-testid={`code-title-${r.index}`} />
              );
            },
          },
          {
            title: t('nameEn'),
            render: (_, r) => (
              <Input value={r.en ?? ''} placeholder={t('missingEn')} maxLength={200} onChange={(e) => change(r.index, { en: e.target.value || undefined }, 'en')} data-testid={`code-en-${r.index}`} />
            ),
          },
          {
            title: t('status'),
            width: 90,
            render: (_, r) =>
              r.deprecated ? <Tag color="orange">{t('retiredTag')}</Tag> : publishedValues.has(r.value) || !basedOn ? <Tag color="green">{t('inUse')}</Tag> : <Tag color="blue">{t('newTag')}</Tag>,
          },
          {
            title: '',
            width: 190,
            render: (_, r) => (
              <Space size={4}>
                <Tooltip title={t('moveUp')}>
                  <Button size="small" icon={<ArrowUpOutlined />} disabled={r.index === 0} onClick={() => write(moveCode(rows, r.index, -1))} aria-label={t('moveUp')} />
                </Tooltip>
                <Tooltip title={t('moveDown')}>
                  <Button size="small" icon={<ArrowDownOutlined />} disabled={r.index === rows.length - 1} onClick={() => write(moveCode(rows, r.index, 1))} aria-label={t('moveDown')} />
                </Tooltip>
                {r.deprecated ? (
                  <Button size="small" icon={<UndoOutlined />} onClick={() => write(retireCode(rows, r.index, false))} data-testid={`code-reinstate-${r.index}`}>
                    {t('reinstate')}
                  </Button>
                ) : publishedValues.has(r.value) ? (
                  <Button size="small" icon={<StopOutlined />} onClick={() => write(removeCode(rows, r.index, publishedValues))} data-testid={`code-retire-${r.index}`}>
                    {t('retire')}
                  </Button>
                ) : (
                  <Button size="small" danger icon={<DeleteOutlined />} disabled={rows.length === 1} onClick={() => write(removeCode(rows, r.index, publishedValues))} data-testid={`code-delete-${r.index}`}>
                    {t('deleteCode')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Button icon={<PlusOutlined />} onClick={() => write(addCode(rows))} data-testid="add-code">
          {t('addCode')}
        </Button>
        <Typography.Text type="secondary">{t('codeCount', { n: rows.length, live })}</Typography.Text>
      </Space>
    </Card>
  );
}
