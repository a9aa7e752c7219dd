/** A state's settings: names, initial, draft or final, deadline and reminders; a step from it; removal. */
import { Button, Checkbox, Form, Input, InputNumber, Popconfirm, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { State, Workflow } from '../../../../runtime/web/kit/engine';
import { removeState, setInitial, updateState } from '../../model/workflow';
import type { FieldChoice } from './WorkflowPanel';
import { useWorkflowWords } from './words';

type Deadline = NonNullable<State['deadline']>;
const days = (duration: string | undefined) => (duration && /^P(\d+)D$/.test(duration) ? Number(duration.slice(1, -1)) : undefined);

export function StateEditor({
  workflow,
  name,
  fields,
  change,
  onRemoved,
  onAddStep,
}: {
  workflow: Workflow;
  name: string;
  fields: readonly FieldChoice[];
  change(next: (wf: Workflow) => Workflow, key?: string): void;
  onRemoved(): void;
  onAddStep(): void;
}) {
  const { t } = useWorkflowWords();
  const state = workflow.states[name]!;
  const set = (next: (s: State) => State, key?: string) => change((wf) => updateState(wf, name, next), key);
  const deadline = state.deadline;
  const mode = !deadline ? 'none' : deadline.after ? 'after' : deadline.at ? 'at' : 'due';
  const setDeadline = (next: Deadline | undefined) =>
    set((s) => {
      const copy = { ...s };
      if (next) copy.deadline = next;
      else delete copy.deadline;
      return copy;
    });
  const reminders = deadline?.remindBefore?.map(days).filter((d): d is number => d !== undefined) ?? [];
  const dateFields = fields.filter((f) => f.kind === 'date' || f.kind === 'datetime');
  const isInitial = name === workflow.initial;

  return (
    <Form layout="vertical" size="small" data-testid="state-editor">
      <Typography.Title level={5}>{t('stateHeading')}</Typography.Title>
      <Form.Item label={t('titleZh')} required>
        <Input value={state.title['zh-CN']} maxLength={100} onChange={(e) => set((s) => ({ ...s, title: { ...s.title, 'zh-CN': e.target.value } }), `state:${name}:zh`)} data-testid="state-title" />
      </Form.Item>
      <Form.Item label={t('titleEn')}>
        <Input value={state.title.en ?? ''} maxLength={100} onChange={(e) => set((s) => ({ ...s, title: { ...s.title, en: e.target.value } }), `state:${name}:en`)} />
      </Form.Item>
      <Space direction="vertical" style={{ marginBottom: 12 }}>
        {isInitial ? (
          <Typography.Text type="secondary">{t('initial')}</Typography.Text>
        ) : (
          <Button size="small" disabled={state.final === true} onClick={() => change((wf) => setInitial(wf, name))}>
            {t('makeInitial')}
          </Button>
        )}
        <Checkbox checked={state.draft ?? isInitial} disabled={state.final === true} onChange={(e) => set((s) => ({ ...s, draft: e.target.checked }))}>
          {t('isDraft')}
        </Checkbox>
        <Checkbox checked={state.final === true} disabled={isInitial} onChange={(e) => set((s) => ({ ...s, final: e.target.checked }))} data-testid="state-final">
          {t('isFinal')}
        </Checkbox>
      </Space>
      {!state.final && (
        <>
          <Form.Item label={t('deadline')} extra={t('overdueHint')}>
            <Select
              value={mode}
              onChange={(m: string) => setDeadline(m === 'none' ? undefined : m === 'after' ? { after: 'P15D' } : m === 'at' ? (dateFields[0] ? { at: dateFields[0].pointer } : undefined) : { due: true })}
              options={[
                { value: 'none', label: t('deadlineNone') },
                { value: 'after', label: t('deadlineAfter') },
                ...(dateFields.length > 0 ? [{ value: 'at', label: t('deadlineAt') }] : []),
                { value: 'due', label: t('deadlineDue') },
              ]}
              data-testid="state-deadline"
            />
          </Form.Item>
          {mode === 'after' && (
            <Form.Item label={`${t('deadlineAfter')}（${t('days')}）`}>
              <InputNumber min={1} max={3650} value={days(deadline?.after)} onChange={(n) => n && setDeadline({ ...deadline, after: `P${n}D` } as Deadline)} data-testid="state-deadline-days" />
            </Form.Item>
          )}
          {mode === 'at' && (
            <Form.Item label={t('dateField')}>
              <Select value={deadline?.at} options={dateFields.map((f) => ({ value: f.pointer, label: f.title }))} onChange={(at: string) => setDeadline({ ...deadline, at } as Deadline)} />
            </Form.Item>
          )}
          {mode !== 'none' && (
            <Form.Item label={t('remindBefore')}>
              <Select
                mode="tags"
                value={reminders.map(String)}
                onChange={(values: string[]) => {
                  const list = [...new Set(values.map(Number).filter((n) => Number.isInteger(n) && n > 0 && n <= 365))].slice(0, 5);
                  const next = { ...deadline } as Deadline;
                  if (list.length > 0) next.remindBefore = list.map((n) => `P${n}D`);
                  else delete next.remindBefore;
                  setDeadline(next);
                }}
                tokenSeparators={[',', '，', ' ']}
              />
            </Form.Item>
          )}
          <Button icon={<PlusOutlined />} onClick={onAddStep} style={{ marginBottom: 12 }} data-testid="add-step">
            {t('addStep')}
          </Button>
        </>
      )}
      {!isInitial && (
        <Popconfirm
          title={t('removeStateConfirm')}
          onConfirm={() => {
            change((wf) => removeState(wf, name));
            onRemoved();
          }}
        >
          <Button danger icon={<DeleteOutlined />} block data-testid="remove-state">
            {t('removeState')}
          </Button>
        </Popconfirm>
      )}
    </Form>
  );
}
