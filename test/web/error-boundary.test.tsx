/**
 * The kit's error boundary, without a browser: rjsf really does throw on a schema the server
 * accepts (an embedded `$id` referenced by `$ref`), the boundary turns such a throw into its
 * notice, the notice speaks Chinese first (and English too for an English reader), and a new
 * address or definition lets the children try again. The browser test
 * (test/browser/broken-module.test.ts) shows the same in the running workspace.
 */
import Form from '@rjsf/antd';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { ErrorBoundary, ErrorNotice } from '../../runtime/web/kit/ErrorBoundary';
import { validator } from '../../runtime/web/kit/form/rjsf';

/** A schema the engine (and so the server) accepts, and rjsf cannot resolve. */
const embeddedId = {
  $id: 'https://formwork.dev/modules/mixin-survey',
  type: 'object',
  $defs: { integer: { $id: '/schemas/mixins/integer', type: 'integer', minimum: 0 } },
  properties: { count: { title: '数量', $ref: '/schemas/mixins/integer' } },
} as const;

const noop = () => undefined;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ');

describe('the kit error boundary', () => {
  it('has something to catch: rjsf throws on an embedded $id the server accepts', () => {
    expect(() => renderToStaticMarkup(<Form schema={embeddedId} validator={validator} />)).toThrow(/Could not find a definition for \/schemas\/mixins\/integer/);
  });

  it('turns a throw into its notice, and forgets it when its reset key changes', () => {
    const error = new Error('Could not find a definition for /schemas/mixins/integer.');
    const state = ErrorBoundary.getDerivedStateFromError(error);
    expect(state.error).toBe(error);
    expect(ErrorBoundary.getDerivedStateFromError('a string').error).toBeInstanceOf(Error);

    const boundary = new ErrorBoundary({ kind: 'page', resetKey: '/m/a/new', children: <p>page</p> });
    boundary.state = state;
    const shown = text(renderToStaticMarkup(<>{boundary.render()}</>));
    expect(shown).toContain('此页面暂时无法显示');
    expect(shown).not.toContain('page cannot');

    const setState = vi.spyOn(boundary, 'setState').mockImplementation(noop);
    boundary.componentDidUpdate({ kind: 'page', resetKey: '/m/a/new', children: null });
    expect(setState).not.toHaveBeenCalled();
    boundary.componentDidUpdate({ kind: 'page', resetKey: '/inbox', children: null });
    expect(setState).toHaveBeenCalledWith({ error: null });
  });

  it('says it in Chinese first, in English too for an English reader, with reload and back', () => {
    const error = new Error('Could not find a definition for /schemas/mixins/integer.');
    const zh = text(renderToStaticMarkup(<ErrorNotice kind="form" error={error} locale="zh-CN" onReload={noop} onBack={noop} />));
    expect(zh).toContain('此表单暂时无法显示');
    expect(zh).toContain('其他功能不受影响');
    expect(zh).toContain('重新加载');
    expect(zh).toContain('返回');
    expect(zh).toContain('/schemas/mixins/integer');
    expect(zh).not.toContain('This form cannot be shown');

    const en = text(renderToStaticMarkup(<ErrorNotice kind="form" error={error} locale="en" onReload={noop} onBack={noop} />));
    expect(en.indexOf('此表单暂时无法显示')).toBeGreaterThanOrEqual(0);
    expect(en.indexOf('This form cannot be shown')).toBeGreaterThan(en.indexOf('此表单暂时无法显示'));
    expect(en).toContain('Reload');
    expect(en).toContain('Back');
  });
});
