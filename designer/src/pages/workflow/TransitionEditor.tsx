/**
 * A step's settings: its names, from which states to which, who takes it, the fields it asks
 * for, the comment, whom it hands the record to, the values it sets (picked from a field's options
 * or code list), whether it is a task; its condition is shown and edited in the JSON tab.
 */
import { Button, Checkbox, Form, Input, Popconfirm, Select, Space, Typography } from 'antd';
import { DeleteOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { Transition, Workflow } from '../../../../runtime/web/kit/engine';
import { ROLE_NAMES, roleName, useI18n } from '../../../../runtime/web/kit/i18n';
import { readOptions, optionsPointer, boundCodelist } from '../../model/options';
import { schemaPointerOf, schemaOf, type Draft } from '../../model/paths';
import { fromList, removeTransition, stateNames, updateTransition } from '../../model/workflow';
import type { FieldChoice } from './WorkflowPanel';
import { useWorkflowWords } from './words';

type SetValue = string | number | boolean;

/** The values a field may be set to: its options, or its code list's codes (none: typed). */
function valueChoices(definition: Draft, codelists: Record<string, unknown>, pointer: string): { value: string; label: string }[] {
  const at = schemaPointerOf(schemaOf(definition), pointer);
  if (!at) return [];
  const own = readOptions(definition, optionsPointer(definition, at));
  if (own.length > 0) return own.filter((o) => !o.deprecated).map((o) => ({ value: o.value, label: o.title }));
  const key = boundCodelist(definition, at);
  const list = key ? (codelists[`codelist:${key}`] as { oneOf?: { const: unknown; title?: string; deprecated?: boolean }[] } | undefined) : undefined;
  return (list?.oneOf ?? []).filter((o) => !o.deprecated).map((o) => ({ value: String(o.const), label: o.title ?? String(o.const) }));
}

export function TransitionEditor({
  workflow,
  index,
  fields,
  definition,
  codelists,
  change,
  onRemoved,
}: {
  workflow: Workflow;
  index: number;
  fields: readonly FieldChoice[];
  definition: Draft;
  codelists: Record<string, unknown>;
  change(next: (wf: Workflow) => Workflow, key?: string): void;
  onRemoved(): void;
}) {
  const { t } = useWorkflowWords();
  const { locale, pick } = useI18n();
  const step = workflow.transitions![index]!;
  const set = (next: (x: Transition) => Transition, key?: string) => change((wf) => updateTransition(wf, index, next), key);
  const stateOptions = stateNames(workflow).map((n) => ({ value: n, label: pick(workflow.states[n]!.title) }));
  const sourceOptions = stateOptions.filter((o) => !workflow.states[o.value]!.final);
  const roleOptions = ['officer', 'leader', 'auditor', 'admin'].filter((r) => ROLE_NAMES[r]).map((r) => ({ value: r, label: roleName(locale, r) }));
  const leafFields = fields.filter((f) => !['section', 'group', 'table'].includes(f.kind) && !f.pointer.includes('/-'));
  const fieldOptions = leafFields.map((f) => ({ value: f.pointer, label: f.title }));
  const sets = Object.entries(step.set ?? {}) as [string, SetValue][];
  const writeSets = (entries: [string, SetValue][]) =>
    set((x) => {
      const copy = { ...x };
      if (entries.length > 0) copy.set = Object.fromEntries(entries);
      else delete copy.set;
      return copy;
    });
  const handoff = step.handoff?.direction ?? 'none';

  return (
    <Form layout="vertical" size="small" data-testid="transition-editor">
      <Typography.Title level={5}>{t('step')}</Typography.Title>
      <Form.Item label={t('titleZh')} required>
        <Input value={step.title['zh-CN']} maxLength={100} onChange={(e) => set((x) => ({ ...x, title: { ...x.title, 'zh-CN': e.target.value } }), `step:${index}:zh`)} data-testid="step-title" />
      </Form.Item>
      <Form.Item label={t('titleEn')}>
        <Input value={step.title.en ?? ''} maxLength={100} onChange={(e) => set((x) => ({ ...x, title: { ...x.title, en: e.target.value } }), `step:${index}:en`)} />
      </Form.Item>
      <Space.Compact block>
        <Form.Item label={t('from')} style={{ flex: 1 }}>
          <Select mode="multiple" value={fromList(step)} options={sourceOptions} onChange={(from: string[]) => from.length > 0 && set((x) => ({ ...x, from }))} data-testid="step-from" />
        </Form.Item>
        <Form.Item label={t('to')} style={{ flex: 1 }}>
          <Select value={step.to} options={stateOptions} onChange={(to: string) => set((x) => ({ ...x, to }))} data-testid="step-to" />
        </Form.Item>
      </Space.Compact>
      <Form.Item label={t('roles')}>
        <Select mode="multiple" value={step.roles ?? ['officer']} options={roleOptions} onChange={(roles: string[]) => roles.length > 0 && set((x) => ({ ...x, roles: roles as Transition['roles'] }))} data-testid="step-roles" />
      </Form.Item>
      <Form.Item label={t('requires')}>
        <Select
          mode="multiple"
          value={step.requires ?? []}
          options={fieldOptions}
          optionFilterProp="label"
          onChange={(requires: string[]) =>
            set((x) => {
              const copy = { ...x };
              if (requires.length > 0) copy.requires = requires;
              else delete copy.requires;
              return copy;
            })
          }
          data-testid="step-requires"
        />
      </Form.Item>
      <Form.Item label={t('comment')}>
        <Select
          value={step.comment ?? 'optional'}
          onChange={(comment: 'none' | 'optional' | 'required') => set((x) => ({ ...x, comment }))}
          options={[
            { value: 'none', label: t('commentNone') },
            { value: 'optional', label: t('commentOptional') },
            { value: 'required', label: t('commentRequired') },
          ]}
        />
      </Form.Item>
      <Space.Compact block>
        <Form.Item label={t('handoff')} style={{ flex: 2 }}>
          <Select
            value={handoff}
            onChange={(direction: string) =>
              set((x) => {
                const copy = { ...x };
                if (direction === 'none') delete copy.handoff;
                else copy.handoff = { ...(x.handoff?.role ? { role: x.handoff.role } : {}), direction: direction as 'up' | 'down' | 'home' };
                return copy;
              })
            }
            options={[
              { value: 'none', label: t('handoffNone') },
              { value: 'up', label: t('handoffUp') },
              { value: 'down', label: t('handoffDown') },
              { value: 'home', label: t('handoffHome') },
            ]}
            data-testid="step-handoff"
          />
        </Form.Item>
        {handoff !== 'none' && (
          <Form.Item label={t('handoffRole')} style={{ flex: 1 }}>
            <Select
              value={step.handoff?.role ?? ''}
              options={[{ value: '', label: t('anyRole') }, ...roleOptions]}
              onChange={(role: string) => set((x) => ({ ...x, handoff: { direction: x.handoff!.direction, ...(role ? { role: role as 'leader' } : {}) } }))}
            />
          </Form.Item>
        )}
      </Space.Compact>
      <Form.Item label={t('sets')}>
        {sets.map(([pointer, value], i) => {
          const choices = valueChoices(definition, codelists, pointer);
          return (
            <Space key={pointer} style={{ display: 'flex', marginBottom: 6 }} align="start">
              <Select
                style={{ width: 140 }}
                value={pointer}
                options={fieldOptions}
                onChange={(next: string) => writeSets(sets.map((e, j) => (j === i ? [next, e[1]] : e)))}
              />
              {choices.length > 0 ? (
                <Select style={{ width: 140 }} value={String(value)} options={choices} onChange={(v: string) => writeSets(sets.map((e, j) => (j === i ? [e[0], v] : e)))} data-testid="step-set-value" />
              ) : (
                <Input style={{ width: 140 }} value={String(value)} onChange={(e) => writeSets(sets.map((x, j) => (j === i ? [x[0], e.target.value] : x)))} />
              )}
              <MinusCircleOutlined onClick={() => writeSets(sets.filter((_, j) => j !== i))} aria-label={t('remove')} />
            </Space>
          );
        })}
        <Button
          size="small"
          icon={<PlusOutlined />}
          disabled={leafFields.length === 0}
          onClick={() => {
            const free = leafFields.find((f) => !sets.some(([p]) => p === f.pointer));
            if (!free) return;
            const first = valueChoices(definition, codelists, free.pointer)[0];
            writeSets([...sets, [free.pointer, first?.value ?? '']]);
          }}
        >
          {t('addSet')}
        </Button>
      </Form.Item>
      <Checkbox checked={step.task !== false} onChange={(e) => set((x) => ({ ...x, task: e.target.checked }))} style={{ marginBottom: 12 }}>
        {t('isTask')}
      </Checkbox>
      {step.condition && <Typography.Paragraph type="secondary">{t('conditionSet')}</Typography.Paragraph>}
      <Popconfirm
        title={t('removeStep')}
        onConfirm={() => {
          change((wf) => removeTransition(wf, index));
          onRemoved();
        }}
      >
        <Button danger icon={<DeleteOutlined />} block data-testid="remove-step">
          {t('removeStep')}
        </Button>
      </Popconfirm>
    </Form>
  );
}
