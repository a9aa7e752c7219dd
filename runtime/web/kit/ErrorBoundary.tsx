/**
 * Error boundaries: a page or a form that throws while rendering (a definition the browser
 * cannot resolve, a bug) is replaced by a notice in its place, and everything around it — the
 * menu, the header, the rest of the page — keeps working. The workspace puts one around every
 * page; the kit's forms carry their own, so every app that renders a form gets it.
 */
import { Component, type ContextType, type ReactNode } from 'react';
import { Button, Result, Space, Typography } from 'antd';
import { KIT_WORDS, LocaleContext, translate, type KitWord, type Locale } from './i18n';

/** What failed: a whole page, or a form within one. */
export type FailureKind = 'page' | 'form';

/** What an {@link ErrorNotice} shows and offers. */
export interface ErrorNoticeProps {
  kind: FailureKind;
  error: Error;
  locale: Locale;
  onReload(): void;
  onBack(): void;
}

const TITLES: Record<FailureKind, [title: KitWord, hint: KitWord]> = {
  page: ['pageFailed', 'pageFailedHint'],
  form: ['formFailed', 'formFailedHint'],
};

/**
 * The notice in place of what failed: the message in Chinese first (always — units read
 * Chinese), then in English for a user who chose English; reload and back in the user's
 * language; the technical message folded away for whoever reports it.
 */
export function ErrorNotice({ kind, error, locale, onReload, onBack }: ErrorNoticeProps) {
  const [title, hint] = TITLES[kind];
  const zh = (word: KitWord) => translate(KIT_WORDS, 'zh-CN', word);
  const own = (word: KitWord) => translate(KIT_WORDS, locale, word);
  return (
    <div role="alert" data-testid={`${kind}-failed`} className="fw-failed">
      <Result
        status="warning"
        title={zh(title)}
        subTitle={
          <>
            <div>{zh(hint)}</div>
            {locale === 'en' && (
              <div lang="en">
                {translate(KIT_WORDS, 'en', title)}. {translate(KIT_WORDS, 'en', hint)}
              </div>
            )}
          </>
        }
        extra={
          <Space wrap>
            <Button type="primary" onClick={onReload}>
              {own('reload')}
            </Button>
            <Button onClick={onBack}>{own('goBack')}</Button>
          </Space>
        }
      >
        <details>
          <summary>{own('failedDetail')}</summary>
          <Typography.Text type="secondary" code>
            {error.message}
          </Typography.Text>
        </details>
      </Result>
    </div>
  );
}

/** Where an {@link ErrorBoundary} sits and what it guards. */
export interface ErrorBoundaryProps {
  kind: FailureKind;
  /** When this changes (a page's address, a form's definition), a failure is forgotten and the children are tried again. */
  resetKey?: unknown;
  /** Told once the children have failed (e.g. to stop offering what needs them). */
  onError?(error: Error): void;
  children: ReactNode;
}

interface ErrorBoundaryState {
  error: Error | null;
}

/**
 * Catches what its children throw while rendering and shows an {@link ErrorNotice} instead.
 * (Errors in event handlers and promises are the caller's to handle, as React has it.) Outside
 * the I18nProvider it speaks Chinese.
 */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  static override contextType = LocaleContext;
  declare context: ContextType<typeof LocaleContext>;
  override state: ErrorBoundaryState = { error: null };

  /** The state after a child threw: the error, as an Error. */
  static getDerivedStateFromError(error: unknown): ErrorBoundaryState {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown): void {
    this.props.onError?.(error instanceof Error ? error : new Error(String(error)));
  }

  override componentDidUpdate(previous: ErrorBoundaryProps): void {
    if (this.state.error && !Object.is(previous.resetKey, this.props.resetKey)) this.setState({ error: null });
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <ErrorNotice
        kind={this.props.kind}
        error={error}
        locale={this.context?.locale ?? 'zh-CN'}
        // A fresh load fetches the definition again (it may have been republished fixed).
        onReload={() => window.location.reload()}
        onBack={() => window.history.back()}
      />
    );
  }
}
