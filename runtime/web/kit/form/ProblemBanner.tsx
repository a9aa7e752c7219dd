/**
 * The problems that stop a save, listed above the form: each names its field by its label (a row
 * of a list by its number) and jumps to it on a click — opening its tab or step first. The list
 * is what the fields show now, so a fixed problem leaves it, and the banner goes with the last.
 */
import { Alert, Button } from 'antd';
import type { CompiledModule } from '../engine';
import { useI18n, type Locale } from '../i18n';
import type { FieldProblem } from './form-schema';

/** A problem's field in words: its label, inside its list's row (`整改措施 第 2 项 · 完成时限`). */
export function problemLabel(compiled: CompiledModule, pointer: string, locale: Locale, rowWord: (n: number) => string): string {
  const parts = pointer.split('/').slice(1);
  const pick = (text: { 'zh-CN': string; en?: string } | undefined) => (text ? (locale === 'en' ? (text.en ?? text['zh-CN']) : text['zh-CN']) : undefined);
  const words: string[] = [];
  let lastLabel: string | undefined;
  parts.forEach((part, i) => {
    const at = `/${parts.slice(0, i + 1).join('/')}`;
    if (/^\d+$/.test(part)) {
      const row = rowWord(Number(part) + 1);
      words.push(lastLabel ? `${lastLabel} ${row}` : row);
      lastLabel = undefined;
      return;
    }
    lastLabel = pick(compiled.fieldLabel(at)) ?? lastLabel;
  });
  if (lastLabel) words.push(lastLabel);
  return words.join(' · ');
}

/** The message without the field's name in front when it starts with it (the label says it already). */
export function withoutLabel(message: string, label: string): string {
  const named = `「${label}」`;
  const rest = message.startsWith(named) ? message.slice(named.length).replace(/^的/, '').trim() : message;
  return rest === '' ? message : rest;
}

/** The banner (see the file header); nothing when there are no problems. */
export function ProblemBanner({ compiled, problems, onJump }: { compiled: CompiledModule; problems: readonly FieldProblem[]; onJump(pointer: string): void }) {
  const { locale, t } = useI18n();
  if (problems.length === 0) return null;
  const title = t('problemsTitle');
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="form-problems"
      message={title}
      description={
        <ul className="fw-problem-list">
          {problems.map((p) => {
            const label = p.path === '' ? '' : problemLabel(compiled, p.path, locale, (n) => t('problemRow', { n }));
            return (
              <li key={`${p.path} ${p.code} ${p.message}`}>
                {label !== '' ? (
                  <>
                    <Button type="link" size="small" className="fw-problem-link" onClick={() => onJump(p.path)} data-path={p.path}>
                      {label}
                    </Button>
                    {locale === 'en' ? ': ' : '：'}
                    {withoutLabel(p.message, label)}
                  </>
                ) : (
                  p.message
                )}
              </li>
            );
          })}
        </ul>
      }
    />
  );
}
