/**
 * 已有记录的迁移, in the check-and-publish dialog: when the draft's changes leave records of the
 * version it revises invalid or their data orphaned, each such change is listed with the
 * operation that fits it, picked by titles — move a removed field's data to a new field, drop
 * it, map removed codes to new ones, fill a field now required — plus any other operation and
 * renamed states; the operations are written into the draft's `migration` (from the version it
 * revises), said as sentences, and tested below (MigrationTests).
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, List, Select, Space, Tag, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import type { DiffAnswer } from '../../../../runtime/web/kit/contract';
import type { Published } from '../../../../runtime/web/kit/definitions';
import type { Migration, MigrationOperation } from '../../../../runtime/web/kit/engine';
import { moduleVersion } from '../../api';
import { useCodelistSchemas } from '../../codelists';
import { fieldChoices, likelyCodes, likelyTarget, migrationNeeds, operationSentence, readMigration, withOperation, withoutOperation, writeMigration, type FieldChoice, type MigrationNeed } from '../../model/migration';
import type { Draft } from '../../model/paths';
import type { Change } from '../draft/useDraftEditor';
import { MigrationTests } from './MigrationTests';
import { FieldPicker, ValuePicker } from './ValuePicker';
import { useMigrationWords } from './words';

type Words = ReturnType<typeof useMigrationWords>;
const NONE: Record<string, unknown> = {};

export interface MigrationCardProps {
  definition: Draft;
  diff: DiffAnswer;
  edit(change: Change, key?: string): void;
}

/** Whether the card has anything to show: a need found in the diff, or a migration already declared. */
export const wantsMigration = (definition: Draft, diff: DiffAnswer) => diff.basedOn !== null && (migrationNeeds(diff).length > 0 || definition.migration !== undefined);

/** The card (see the file header). */
export function MigrationCard({ definition, diff, edit }: MigrationCardProps) {
  const words = useMigrationWords();
  const { t } = words;
  const from = diff.basedOn!.version;
  const [published, setPublished] = useState<Published>();
  useEffect(() => void moduleVersion(diff.basedOn!.key, from).then(setPublished), [diff.basedOn, from]);
  const codelists = useCodelistSchemas(definition) ?? NONE;
  const oldCodelists = useCodelistSchemas(published as Draft | undefined) ?? NONE;
  const before = useMemo(() => (published ? fieldChoices(published as unknown as Draft, oldCodelists) : []), [published, oldCodelists]);
  const after = useMemo(() => fieldChoices(definition, codelists), [definition, codelists]);
  const needs = useMemo(() => migrationNeeds(diff), [diff]);
  const migration = readMigration(definition, from);
  const set = (next: Migration) => edit((d) => writeMigration(d, next));
  const add = (op: MigrationOperation) => set(withOperation(migration, op));
  const removedStates = (diff.workflow.states.removed as { name?: string; title?: { 'zh-CN'?: string } }[]).filter((s) => s.name);
  const stateOptions = (diff.workflow.states.added as { name?: string; title?: { 'zh-CN'?: string } }[])
    .concat(diff.workflow.states.changed as { name?: string; title?: { 'zh-CN'?: string } }[])
    .map((s) => ({ value: s.name!, label: s.title?.['zh-CN'] ?? s.name! }));

  return (
    <Card size="small" title={t('migration')} style={{ marginBottom: 12 }} data-testid="migration-card">
      {needs.length > 0 && <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={t('migrationHint', { n: from })} />}
      <List
        size="small"
        dataSource={needs}
        data-testid="migration-needs"
        renderItem={(need, i) => (
          <List.Item data-testid={`migration-need-${i}`}>
            <NeedRow need={need} before={before} after={after} words={words} add={add} />
          </List.Item>
        )}
      />
      {removedStates.length > 0 && (
        <div style={{ margin: '8px 0' }}>
          <Typography.Text strong>{t('states')}</Typography.Text> <Typography.Text type="secondary">{t('statesHint')}</Typography.Text>
          {removedStates.map((s) => (
            <div key={s.name} style={{ marginTop: 4 }}>
              {s.title?.['zh-CN'] ?? s.name} →{' '}
              <Select
                style={{ minWidth: 140 }}
                value={migration.states?.[s.name!]}
                options={stateOptions}
                onChange={(to: string) => set({ ...migration, states: { ...(migration.states ?? {}), [s.name!]: to } })}
              />
            </div>
          ))}
        </div>
      )}
      <OtherOperation before={before} after={after} words={words} add={add} />
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t('operations')}
      </Typography.Title>
      {migration.operations.length === 0 ? (
        <Typography.Text type="secondary">{t('noOperations')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={migration.operations}
          data-testid="migration-operations"
          renderItem={(op, i) => (
            <List.Item actions={[<Button key="x" size="small" type="text" icon={<DeleteOutlined />} aria-label={t('remove')} onClick={() => set(withoutOperation(migration, i))} />]}>
              {operationSentence(op, before, after)}
            </List.Item>
          )}
        />
      )}
      <MigrationTests migration={migration} before={before} after={after} from={from} set={set} />
    </Card>
  );
}

/** One change and the operations that fit it. */
function NeedRow({ need, before, after, words, add }: { need: MigrationNeed; before: FieldChoice[]; after: FieldChoice[]; words: Words; add(op: MigrationOperation): void }) {
  const { t } = words;
  const [target, setTarget] = useState<string>();
  const [value, setValue] = useState<unknown>();
  const newField = after.find((f) => f.data === need.data);
  const [codes, setCodes] = useState<Record<string, unknown>>({});
  // Suggestions fill the pickers once the fields are known; the designer's picks stay.
  const known = before.length > 0 && after.length > 0;
  useEffect(() => {
    if (!known) return;
    if (need.kind === 'removed') setTarget((current) => current ?? likelyTarget(need, before, after));
    if (need.kind === 'codesRemoved') setCodes((current) => (Object.keys(current).length > 0 ? current : likelyCodes(need.codes, newField?.options ?? [])));
    // Once, when both versions' fields are known.
  }, [known]);
  switch (need.kind) {
    case 'removed':
      return (
        <Space wrap>
          <Tag color="red">{t('needRemoved', { title: need.title })}</Tag>
          {t('moveTo')}
          <FieldPicker fields={after} value={target} onChange={setTarget} placeholder={t('pickField')} testId="move-target" />
          <Button size="small" type="primary" disabled={!target} onClick={() => add({ op: 'move', from: need.data, to: target! })} data-testid="add-move">
            {t('doMove')}
          </Button>
          <Button size="small" onClick={() => add({ op: 'remove', path: need.data })}>{t('doRemove')}</Button>
        </Space>
      );
    case 'codesRemoved':
      return (
        <Space direction="vertical" size={4}>
          <Tag color="orange">{t('needCodesRemoved', { title: need.title, codes: need.codes.map((c) => c.title).join('、') })}</Tag>
          {need.codes.map((code) => (
            <Space key={String(code.value)}>
              {code.title} {t('mapTo')}
              <ValuePicker field={newField} value={codes[String(code.value)]} onChange={(v) => setCodes((c) => ({ ...c, [String(code.value)]: v }))} placeholder={t('pickCode')} />
            </Space>
          ))}
          <Button size="small" type="primary" disabled={Object.keys(codes).length === 0} onClick={() => add({ op: 'map', path: need.data, values: codes })}>
            {t('doMap')}
          </Button>
        </Space>
      );
    case 'required':
      return (
        <Space wrap>
          <Tag color="blue">{t('needRequired', { title: need.title })}</Tag>
          {t('defaultValue')}
          <ValuePicker field={newField} value={value} onChange={setValue} />
          <Button size="small" type="primary" disabled={value === undefined} onClick={() => add({ op: 'default', path: need.data, value })}>
            {t('doDefault')}
          </Button>
        </Space>
      );
    case 'type':
      return (
        <Space wrap>
          <Tag color="purple">{t('needType', { title: need.title })}</Tag>
          <Button size="small" onClick={() => add({ op: 'remove', path: need.data })}>{t('doRemove')}</Button>
        </Space>
      );
  }
}

type OpKind = MigrationOperation['op'];

/** Any operation, by pickers: what it does, the fields, the value. */
function OtherOperation({ before, after, words, add }: { before: FieldChoice[]; after: FieldChoice[]; words: Words; add(op: MigrationOperation): void }) {
  const { t } = words;
  const [kind, setKind] = useState<OpKind>();
  const [field, setField] = useState<string>();
  const [target, setTarget] = useState<string>();
  const [value, setValue] = useState<unknown>();
  const reset = () => (setField(undefined), setTarget(undefined), setValue(undefined));
  const ready = kind === 'move' ? field && target : kind === 'default' ? field && value !== undefined : kind === 'remove' ? field : kind === 'map' ? field && target !== undefined && value !== undefined : false;
  const submit = () => {
    if (kind === 'move') add({ op: 'move', from: field!, to: target! });
    if (kind === 'default') add({ op: 'default', path: field!, value });
    if (kind === 'remove') add({ op: 'remove', path: field! });
    if (kind === 'map') add({ op: 'map', path: field!, values: { [String(target)]: value } });
    reset();
  };
  const oldField = before.find((f) => f.data === field);
  const newField = after.find((f) => f.data === field);
  return (
    <Space wrap style={{ marginTop: 8 }}>
      <Typography.Text>{t('addOperation')}</Typography.Text>
      <Select<OpKind>
        style={{ width: 140 }}
        value={kind}
        onChange={(k) => (setKind(k), reset())}
        options={(['move', 'default', 'remove', 'map'] as const).map((k) => ({ value: k, label: t(`op${k[0]!.toUpperCase()}${k.slice(1)}` as 'opMove') }))}
      />
      {kind && <FieldPicker fields={kind === 'default' ? after : before} value={field} onChange={setField} placeholder={kind === 'default' ? t('newField') : t('pickField')} />}
      {kind === 'move' && <FieldPicker fields={after} value={target} onChange={setTarget} placeholder={t('newField')} />}
      {kind === 'default' && <ValuePicker field={newField} value={value} onChange={setValue} placeholder={t('value')} />}
      {kind === 'map' && (
        <>
          <ValuePicker field={oldField} value={target} onChange={setTarget} placeholder={t('pickCode')} />
          {t('mapTo')}
          <ValuePicker field={newField ?? oldField} value={value} onChange={setValue} placeholder={t('pickCode')} />
        </>
      )}
      {kind && (
        <Button size="small" disabled={!ready} onClick={submit}>
          {t('add')}
        </Button>
      )}
    </Space>
  );
}
