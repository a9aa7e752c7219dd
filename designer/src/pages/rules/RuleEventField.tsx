/**
 * What a rule does, from pickers: an error or warning on a field (message in Chinese and English,
 * a code suggested), fields made required or hidden, a computed value (a fixed value or a
 * formula), routing, escalation and notification (the unit, the role, the reason), or a linked
 * record created in another module (its fields from this record's values).
 */
import { useEffect, useState } from 'react';
import { Button, Form, Input, InputNumber, Radio, Select, Space, Switch } from 'antd';
import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import type { Published } from '../../../../runtime/web/kit/definitions';
import { latestModule } from '../../api';
import { allFields } from '../../model/fields';
import { parseExpr } from '../../model/rule-expression';
import { blankEventParams, suggestCode } from '../../model/rule-list';
import { EVENT_TYPES, type EventState, type EventType } from '../../model/rule-model';
import { levelOptions, roleOptions } from '../../model/rule-subjects';
import { ExpressionField } from './ExpressionField';
import { useRuleEnv } from './rule-env';
import { useRuleWords } from './words';

type Obj = Record<string, unknown>;
type Text = { 'zh-CN': string; en?: string };

/** A new event of a type about a field. */
export function blankEvent(type: EventType, field: string): EventState {
  if (type === 'set') return { type: 'set', path: field, mode: 'expr', expr: parseExpr({ '+': [0, 0] }) };
  if (type === 'create') return { type: 'create', params: { module: '', unit: 'self' }, data: [] };
  return { type, params: blankEventParams(type, field) };
}

/** A field picker (data pointers by label). */
function FieldSelect({ value, onChange, multiple, testId, rows = false }: { value: unknown; onChange(v: unknown): void; multiple?: boolean; testId: string; rows?: boolean }) {
  const { t } = useRuleWords();
  const env = useRuleEnv();
  const options = env.fields.filter((f) => rows || !f.inRows).map((f) => ({ value: f.data, label: f.label }));
  return <Select<string | string[]> mode={multiple ? 'multiple' : undefined} value={value as string | string[] | undefined} onChange={(v) => onChange(v)} options={options} showSearch optionFilterProp="label" placeholder={t('pick')} style={{ minWidth: 220 }} popupMatchSelectWidth={false} data-testid={testId} />;
}

/** A Chinese text and its English. */
function TextPair({ value, onChange, zhLabel, enLabel, testId }: { value: unknown; onChange(v: Text): void; zhLabel: string; enLabel: string; testId: string }) {
  const text = (value ?? { 'zh-CN': '' }) as Text;
  const set = (key: 'zh-CN' | 'en', v: string) => {
    const next: Text = { ...text, [key]: v };
    if (!next.en) delete next.en;
    onChange(next);
  };
  return (
    <>
      <Form.Item label={zhLabel}>
        <Input value={text['zh-CN']} onChange={(e) => set('zh-CN', e.target.value)} data-testid={`${testId}-zh`} />
      </Form.Item>
      <Form.Item label={enLabel}>
        <Input value={text.en ?? ''} onChange={(e) => set('en', e.target.value)} data-testid={`${testId}-en`} />
      </Form.Item>
    </>
  );
}

/** Where a record goes: self, parent, HQ or a level. */
function TargetField({ value, onChange }: { value: unknown; onChange(v: unknown): void }) {
  const { t, locale } = useRuleWords();
  const kind = typeof value === 'string' ? value : 'level';
  return (
    <Space wrap>
      <Radio.Group value={kind} onChange={(e) => onChange(e.target.value === 'level' ? { level: 2 } : e.target.value)} data-testid="event-target">
        {(['self', 'parent', 'root', 'level'] as const).map((k) => (
          <Radio.Button key={k} value={k}>
            {t(`target_${k}`)}
          </Radio.Button>
        ))}
      </Radio.Group>
      {kind === 'level' && <Select value={(value as { level?: number }).level} onChange={(level: number) => onChange({ level })} options={levelOptions(locale).map((o) => ({ value: o.value as number, label: o.label }))} style={{ width: 100 }} />}
    </Space>
  );
}

/** A linked record created in another module. */
function CreateFields({ event, onChange }: { event: Extract<EventState, { type: 'create' }>; onChange(e: EventState): void }) {
  const { t, pick } = useRuleWords();
  const env = useRuleEnv();
  const module = String(event.params.module ?? '');
  const [target, setTarget] = useState<Published>();
  useEffect(() => {
    if (module === '') return;
    void latestModule(module).then(setTarget).catch(() => setTarget(undefined));
  }, [module]);
  const targetFields = target ? allFields(target as unknown as Obj).filter((f) => !f.data.includes('/-')).map((f) => ({ value: f.data, label: f.title })) : event.data.map((d) => ({ value: d.pointer, label: d.pointer }));
  const params = (patch: Obj) => onChange({ ...event, params: { ...event.params, ...patch } });
  const unit = event.params.unit;
  const fromData = unit !== null && typeof unit === 'object' && 'fromData' in unit;
  return (
    <>
      <Form.Item label={t('createModule')}>
        <Select value={module || undefined} onChange={(m: string) => params({ module: m })} options={env.modules.filter((m) => m.kind === 'record').map((m) => ({ value: m.key, label: pick(m.title) }))} style={{ minWidth: 220 }} />
      </Form.Item>
      <Form.Item label={t('createUnit')}>
        <Space wrap>
          <Radio.Group value={fromData ? 'field' : 'target'} onChange={(e) => params({ unit: e.target.value === 'field' ? { fromData: env.fields[0]?.data ?? '' } : 'self' })}>
            <Radio value="target">{t('target')}</Radio>
            <Radio value="field">{t('createUnitField')}</Radio>
          </Radio.Group>
          {fromData ? <FieldSelect value={(unit as { fromData: string }).fromData} onChange={(p: string) => params({ unit: { fromData: p } })} testId="create-unit-field" /> : <TargetField value={unit ?? 'self'} onChange={(u) => params({ unit: u })} />}
        </Space>
      </Form.Item>
      <Form.Item label={t('createLink')}>
        <FieldSelect value={event.params.link} onChange={(p: string) => params({ link: p })} testId="create-link" />
      </Form.Item>
      <Form.Item label={t('createData')}>
        {event.data.map((d, i) => (
          <div key={i} className="dz-create-row">
            <Select value={d.pointer} onChange={(p: string) => onChange({ ...event, data: event.data.map((x, j) => (j === i ? { ...x, pointer: p } : x)) })} options={targetFields} style={{ minWidth: 160 }} popupMatchSelectWidth={false} />
            <span>=</span>
            <ExpressionField value={d.value} onChange={(v) => onChange({ ...event, data: event.data.map((x, j) => (j === i ? { ...x, value: v } : x)) })} testId={`create-data-${i}`} />
            <Button size="small" type="text" icon={<CloseOutlined />} aria-label={t('remove')} onClick={() => onChange({ ...event, data: event.data.filter((_, j) => j !== i) })} />
          </div>
        ))}
        <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => onChange({ ...event, data: [...event.data, { pointer: targetFields[0]?.value ?? '', value: parseExpr('') }] })}>
          {t('addItem')}
        </Button>
      </Form.Item>
    </>
  );
}

/** The event of a rule. */
export function RuleEventField({ event, onChange, codes }: { event: EventState; onChange(next: EventState): void; codes: ReadonlySet<string> }) {
  const { t, locale } = useRuleWords();
  const env = useRuleEnv();
  const firstField = env.fields.find((f) => !f.inRows && f.kind !== 'section')?.data ?? '';
  const about = event.type === 'set' ? event.path : event.type === 'create' ? firstField : String(event.params.path ?? (event.params.paths as string[] | undefined)?.[0] ?? firstField);
  const params = event.type !== 'set' && event.type !== 'create' ? event.params : {};
  const setParams = (patch: Obj) => {
    if (event.type === 'set' || event.type === 'create') return;
    const next = { ...event.params, ...patch };
    for (const [k, v] of Object.entries(next)) if (v === undefined) delete next[k];
    onChange({ ...event, params: next });
  };
  const roles = roleOptions(locale).map((o) => ({ value: o.value as string, label: o.label }));

  let body: React.ReactNode;
  switch (event.type) {
    case 'error':
    case 'warning':
      body = (
        <>
          <Form.Item label={t('atField')}>
            <FieldSelect value={params.path} onChange={(p: string) => setParams({ path: p })} testId="event-field" />
          </Form.Item>
          <TextPair value={params.message} onChange={(m) => setParams({ message: m })} zhLabel={t('messageZh')} enLabel={t('messageEn')} testId="event-message" />
          <Form.Item label={t('problemCode')}>
            <Space.Compact>
              <Input value={String(params.code ?? '')} onChange={(e) => setParams({ code: e.target.value.toUpperCase() || undefined })} style={{ fontFamily: 'monospace', width: 260 }} data-testid="event-code" />
              <Button onClick={() => setParams({ code: suggestCode(String(params.path ?? ''), event.type as 'error', codes) })}>{t('suggest')}</Button>
            </Space.Compact>
          </Form.Item>
        </>
      );
      break;
    case 'require':
    case 'hide':
      body = (
        <Form.Item label={t('fields')}>
          <FieldSelect multiple value={params.paths} onChange={(p: string[]) => setParams({ paths: p })} testId="event-fields" />
        </Form.Item>
      );
      break;
    case 'set':
      body = (
        <>
          <Form.Item label={t('atField')}>
            <FieldSelect value={event.path} onChange={(p: string) => onChange({ ...event, path: p })} testId="event-field" />
          </Form.Item>
          <Form.Item label={t('computeAs')}>
            <Radio.Group value={event.mode} onChange={(e) => onChange(e.target.value === 'expr' ? { type: 'set', path: event.path, mode: 'expr', expr: parseExpr(0) } : { type: 'set', path: event.path, mode: 'value', value: '' })}>
              <Radio value="expr">{t('expression')}</Radio>
              <Radio value="value">{t('fixedValue')}</Radio>
            </Radio.Group>
          </Form.Item>
          {event.mode === 'expr' ? (
            <ExpressionField value={event.expr} onChange={(expr) => onChange({ ...event, expr })} testId="set-expr" />
          ) : (
            <SetValue event={event} onChange={onChange} />
          )}
        </>
      );
      break;
    case 'route':
    case 'escalate':
    case 'notify':
      body = (
        <>
          <Form.Item label={t('target')}>
            <TargetField value={params.to} onChange={(to) => setParams({ to })} />
          </Form.Item>
          <Form.Item label={t('role')}>
            <Select allowClear value={params.role as string | undefined} onChange={(role?: string) => setParams({ role })} options={roles} style={{ width: 160 }} data-testid="event-role" />
          </Form.Item>
          {event.type === 'escalate' && (
            <Form.Item label={t('reassign')}>
              <Switch checked={params.reassign === true} onChange={(on) => setParams({ reassign: on })} />
            </Form.Item>
          )}
          {event.type === 'notify' ? (
            <TextPair value={params.message} onChange={(m) => setParams({ message: m })} zhLabel={t('messageZh')} enLabel={t('messageEn')} testId="event-message" />
          ) : (
            <TextPair value={params.reason} onChange={(m) => setParams({ reason: m['zh-CN'] || m.en ? m : undefined })} zhLabel={t('reason')} enLabel={t('reasonEn')} testId="event-reason" />
          )}
        </>
      );
      break;
    case 'create':
      body = <CreateFields event={event} onChange={onChange} />;
      break;
  }
  return (
    <Form layout="vertical" size="small">
      <Form.Item label={t('eventType')}>
        <Select
          value={event.type}
          onChange={(type: EventType) => onChange(blankEvent(type, about))}
          options={EVENT_TYPES.map((type) => ({ value: type, label: t(`event_${type}`) }))}
          style={{ width: 220 }}
          data-testid="event-type"
        />
      </Form.Item>
      {body}
    </Form>
  );
}

/** A fixed computed value: an option of the field, yes/no, a number or a text. */
function SetValue({ event, onChange }: { event: Extract<EventState, { type: 'set'; mode: 'value' }>; onChange(e: EventState): void }) {
  const { t } = useRuleWords();
  const env = useRuleEnv();
  const subject = env.subjectMap.get(`data:${event.path}`);
  const set = (value: unknown) => onChange({ ...event, value });
  if (subject?.options) return <Select value={event.value as string} onChange={set} options={subject.options.map((o) => ({ value: o.value as string, label: o.label }))} style={{ minWidth: 160 }} />;
  if (subject?.type === 'boolean') return <Radio.Group value={event.value} onChange={(e) => set(e.target.value)} options={[{ value: true, label: t('yes') }, { value: false, label: t('no') }]} />;
  if (subject?.type === 'number') return <InputNumber value={typeof event.value === 'number' ? event.value : undefined} onChange={(v) => set(v ?? 0)} />;
  return <Input value={String(event.value ?? '')} onChange={(e) => set(e.target.value)} style={{ width: 240 }} />;
}
