/**
 * The field access matrix: for a role at a unit (own, above or below the record's), what each
 * field is in each state — editable, read-only or hidden — as the server decides; a cell's menu
 * changes it (for everyone, or only this role and/or kind of unit). Below, the ordered rules as
 * sentences, moved or removed one by one.
 */
import { useMemo, useState } from 'react';
import { Button, Card, Checkbox, Dropdown, List, Space, Table, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from '@ant-design/icons';
import type { AccessLevel, AccessRule, Workflow } from '../../../../runtime/web/kit/engine';
import { roleName, useI18n } from '../../../../runtime/web/kit/i18n';
import { accessRows, matrix, moveRule, setCell, type AccessRow, type EditScope, type Viewer } from '../../model/access-matrix';
import type { Draft } from '../../model/paths';
import { stateNames } from '../../model/workflow';
import { useWorkflowWords } from './words';

const LEVEL_COLOR: Record<AccessLevel, string> = { edit: 'green', read: 'blue', hidden: 'default' };
const LEVEL_WORD = { edit: 'levelEdit', read: 'levelRead', hidden: 'levelHidden' } as const;
const RELATION_WORD = { own: 'unitOwn', above: 'unitAbove', below: 'unitBelow' } as const;

export function AccessMatrixView({ definition, workflow, change }: { definition: Draft; workflow: Workflow; change(next: (wf: Workflow) => Workflow, key?: string): void }) {
  const { t } = useWorkflowWords();
  const { locale, pick } = useI18n();
  const [viewer, setViewer] = useState<Viewer>({ role: 'officer', relation: 'own' });
  const [scope, setScope] = useState<EditScope>({ onlyRole: false, onlyUnit: false });
  const rows = useMemo(() => accessRows(definition), [definition]);
  const states = useMemo(() => stateNames(workflow), [workflow]);
  const grid = useMemo(() => matrix(workflow, rows, states, viewer), [workflow, rows, states, viewer]);
  const rules = workflow.access ?? [];
  const setRules = (next: AccessRule[]) =>
    change((wf) => {
      const copy = { ...wf };
      if (next.length > 0) copy.access = next;
      else delete copy.access;
      return copy;
    });
  const titleOf = (pointer: string) => rows.find((r) => r.pointer === pointer)?.title ?? pointer;
  const stateTitle = (name: string) => (workflow.states[name] ? pick(workflow.states[name].title) : name);

  const columns = [
    {
      title: t('field'),
      dataIndex: 'title',
      fixed: 'left' as const,
      width: 160,
      render: (title: string, row: AccessRow) => <span style={{ paddingLeft: row.depth * 14 }}>{title}</span>,
    },
    ...states.map((state) => ({
      title: stateTitle(state),
      key: state,
      width: 96,
      render: (_: unknown, row: AccessRow) => {
        const level = grid[row.pointer]![state]!;
        return (
          <Dropdown
            trigger={['click']}
            menu={{
              items: (['edit', 'read', 'hidden'] as const).map((l) => ({ key: l, label: t(LEVEL_WORD[l]) })),
              onClick: ({ key }) => setRules(setCell(workflow, row.pointer, state, key as AccessLevel, viewer, scope)),
            }}
          >
            <Tag color={LEVEL_COLOR[level]} style={{ cursor: 'pointer' }} data-testid={`cell-${row.pointer}-${state}`} data-level={level}>
              {t(LEVEL_WORD[level])}
            </Tag>
          </Dropdown>
        );
      },
    })),
  ];

  const sentence = (rule: AccessRule) => {
    const fields = rule.fields.map(titleOf).join('、');
    const statesText = rule.states ? t('inStates', { states: rule.states.map(stateTitle).join('、') }) : t('allStates');
    const rolesText = rule.roles ? t('forRoles', { roles: rule.roles.map((r) => roleName(locale, r)).join('、') }) : '';
    const unitsText = rule.units ? t('forUnits', { units: rule.units.map((u) => t(RELATION_WORD[u])).join('、') }) : '';
    return t('ruleSentence', { fields, states: statesText, roles: rolesText, units: unitsText, access: t(LEVEL_WORD[rule.access]) });
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Card size="small">
        <Space wrap>
          <Typography.Text>{t('viewAs')}</Typography.Text>
          <Space.Compact>
            {(['officer', 'leader', 'auditor'] as const).map((role) => (
              <Button key={role} type={viewer.role === role ? 'primary' : 'default'} onClick={() => setViewer({ ...viewer, role })} data-testid={`view-role-${role}`}>
                {roleName(locale, role)}
              </Button>
            ))}
          </Space.Compact>
          <Space.Compact>
            {(['own', 'above', 'below'] as const).map((relation) => (
              <Button key={relation} type={viewer.relation === relation ? 'primary' : 'default'} onClick={() => setViewer({ ...viewer, relation })} data-testid={`view-unit-${relation}`}>
                {t(RELATION_WORD[relation])}
              </Button>
            ))}
          </Space.Compact>
          <Typography.Text type="secondary">{t('editScope')}</Typography.Text>
          <Checkbox checked={scope.onlyRole} onChange={(e) => setScope({ ...scope, onlyRole: e.target.checked })}>
            {t('onlyRole')}
          </Checkbox>
          <Checkbox checked={scope.onlyUnit} onChange={(e) => setScope({ ...scope, onlyUnit: e.target.checked })}>
            {t('onlyUnit')}
          </Checkbox>
        </Space>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {t('matrixHint')}
        </Typography.Paragraph>
      </Card>
      <Table<AccessRow> size="small" rowKey="pointer" columns={columns} dataSource={rows} pagination={false} scroll={{ x: 160 + states.length * 96 }} data-testid="access-matrix" />
      <Card size="small" title={t('rulesList')}>
        {rules.length === 0 ? (
          <Typography.Text type="secondary">{t('noRules')}</Typography.Text>
        ) : (
          <List
            size="small"
            dataSource={rules.map((rule, i) => ({ rule, i }))}
            renderItem={({ rule, i }) => (
              <List.Item
                actions={[
                  <Button key="up" size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => setRules(moveRule(rules, i, -1))} aria-label={t('moveUp')} />,
                  <Button key="down" size="small" icon={<ArrowDownOutlined />} disabled={i === rules.length - 1} onClick={() => setRules(moveRule(rules, i, 1))} aria-label={t('moveDown')} />,
                  <Button key="remove" size="small" danger icon={<DeleteOutlined />} onClick={() => setRules(rules.filter((_, j) => j !== i))} aria-label={t('remove')} />,
                ]}
              >
                <Typography.Text data-testid={`access-rule-${i}`}>
                  {i + 1}. {sentence(rule)}
                  {rule.note ? <Typography.Text type="secondary">（{pick(rule.note)}）</Typography.Text> : null}
                </Typography.Text>
              </List.Item>
            )}
          />
        )}
      </Card>
    </Space>
  );
}
