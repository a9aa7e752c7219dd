/**
 * The live preview: the draft rendered by the kit's own record form — exactly what units will
 * see — with the engine's rules running as one types, at desktop width or a phone's (390 px);
 * the sample typed in can be kept as one of the definition's test cases.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Segmented, Space } from 'antd';
import { DesktopOutlined, MobileOutlined } from '@ant-design/icons';
import { compileDefinition, evaluate, starHeightPatternChecker, type CompiledModule, type EvaluationContext } from '../../../../runtime/web/kit/engine';
import { RecordForm } from '../../../../runtime/web/kit/form/RecordForm';
import { useCodelistSchemas } from '../../codelists';
import type { Draft } from '../../model/paths';
import type { Change } from '../draft/useDraftEditor';
import { useBuilderWords } from './words';

/** The draft compiled in the browser (the last version that compiled, and whether the current one does). */
export function useCompiled(definition: Draft, codelists: Record<string, unknown> | undefined): { compiled?: CompiledModule; broken: boolean } {
  const [state, setState] = useState<{ compiled?: CompiledModule; broken: boolean }>({ broken: false });
  useEffect(() => {
    if (!codelists) return;
    const timer = window.setTimeout(() => {
      try {
        const compiled = compileDefinition(definition, { codelists, patternChecker: starHeightPatternChecker });
        setState({ compiled, broken: false });
      } catch {
        setState((s) => ({ ...s, broken: true }));
      }
    }, 250);
    return () => window.clearTimeout(timer);
  }, [definition, codelists]);
  return state;
}

/** The preview panel. */
export function PreviewPanel({ definition, edit, readOnly }: { definition: Draft; edit(change: Change, key?: string): void; readOnly?: boolean }) {
  const { t } = useBuilderWords();
  const { message } = App.useApp();
  const codelists = useCodelistSchemas(definition);
  const { compiled, broken } = useCompiled(definition, codelists);
  const [width, setWidth] = useState<'desktop' | 'phone'>('desktop');
  const [sample, setSample] = useState<Record<string, unknown>>({});
  const [formKey, setFormKey] = useState(0);
  // The state a new record starts in; the clock stays still while the preview is open.
  const [now] = useState(() => new Date().toISOString());
  const context = useMemo<EvaluationContext>(() => ({ state: compiled?.workflow.initial, now }), [compiled, now]);

  const saveAsTest = async () => {
    if (!compiled) return;
    const testContext = { state: compiled.workflow.initial, now };
    const result = await evaluate(compiled, sample, testContext);
    const tests = Array.isArray(definition.tests) ? definition.tests : [];
    const name = t('sampleName', { n: tests.length + 1 });
    const test = {
      name,
      data: sample,
      context: testContext,
      expect: {
        valid: result.errors.length === 0,
        errors: result.errors.map((p) => ({ path: p.path, code: p.code })),
        warnings: result.warnings.map((p) => ({ path: p.path, code: p.code })),
        derived: result.derived,
      },
    };
    edit((d) => ({ ...d, tests: [...(Array.isArray(d.tests) ? d.tests : []), test] }));
    void message.success(t('savedAsTest', { name }));
  };

  return (
    <Card
      size="small"
      title={t('preview')}
      extra={
        <Segmented
          size="small"
          value={width}
          onChange={(v) => setWidth(v as 'desktop' | 'phone')}
          options={[
            { value: 'desktop', label: t('desktop'), icon: <DesktopOutlined /> },
            { value: 'phone', label: t('phone'), icon: <MobileOutlined /> },
          ]}
          data-testid="preview-width"
        />
      }
    >
      {broken && <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={compiled ? t('previewBroken') : t('previewNone')} data-testid="preview-broken" />}
      <div className={width === 'phone' ? 'dz-preview-phone' : 'dz-preview-desktop'} data-testid="preview">
        {compiled && codelists && <RecordForm key={formKey} compiled={compiled} codelists={codelists} initialData={sample} context={context} onChange={setSample} />}
      </div>
      <Space style={{ marginTop: 8 }} wrap>
        {!readOnly && (
          <Button size="small" disabled={!compiled} onClick={() => void saveAsTest()} data-testid="save-as-test">
            {t('saveAsTest')}
          </Button>
        )}
        <Button
          size="small"
          onClick={() => {
            setSample({});
            setFormKey((k) => k + 1);
          }}
        >
          {t('resetSample')}
        </Button>
      </Space>
    </Card>
  );
}
