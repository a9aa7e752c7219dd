/**
 * A text field's pattern, with a verdict as one types: not a regular expression, unsafe (nested
 * repetition that can backtrack catastrophically, the engine's own check), or safe. The server
 * checks again with recheck at every save; its verdict shows here as the field's problem.
 */
import { Form, Input, Typography } from 'antd';
import { CheckCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { starHeightPatternChecker } from '../../../../runtime/web/kit/engine';
import { setFieldSchema } from '../../model/field-edits';
import { problemProps, type FieldContext } from './field-context';
import { useBuilderWords } from './words';

/** The verdict on a pattern as typed (undefined: no pattern). */
export function patternVerdict(pattern: string): { ok: true } | { ok: false; invalid?: string } | undefined {
  if (pattern === '') return undefined;
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    return { ok: false, invalid: (error as Error).message };
  }
  return starHeightPatternChecker.check(pattern, 'u').safe ? { ok: true } : { ok: false };
}

/** The pattern input and its verdict. */
export function PatternField({ draft, field, edit, problems }: FieldContext) {
  const { t } = useBuilderWords();
  const pattern = typeof field.schema.pattern === 'string' ? field.schema.pattern : '';
  const verdict = patternVerdict(pattern);
  const server = problemProps(problems, 'pattern');
  return (
    <Form.Item label={t('pattern')} {...server} extra={!('help' in server) && pattern !== '' ? t('patternServer') : undefined}>
      <Input
        value={pattern}
        style={{ fontFamily: 'monospace' }}
        onChange={(e) => edit(setFieldSchema(draft, field.pointer, { pattern: e.target.value === '' ? undefined : e.target.value }), `pattern:${field.pointer}`)}
        data-testid="prop-pattern"
      />
      {verdict && (
        <Typography.Text type={verdict.ok ? 'success' : 'danger'} data-testid="pattern-verdict" data-safe={verdict.ok}>
          {verdict.ok ? <CheckCircleOutlined /> : <WarningOutlined />} {verdict.ok ? t('patternSafe') : verdict.invalid ? t('patternInvalid', { message: verdict.invalid }) : t('patternUnsafe')}
        </Typography.Text>
      )}
    </Form.Item>
  );
}
