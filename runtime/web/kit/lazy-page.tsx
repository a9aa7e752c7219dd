/**
 * Pages loaded on demand: each app's router takes its pages through `lazyPage`, so a page and
 * the heavy libraries only it uses (the form renderer, charts, the rule builder, the workflow
 * diagram …) become chunks of their own, fetched when their route is first opened, and the
 * entry bundle holds the shell alone. `PageLoading` is what shows meanwhile; `preloadPage`
 * starts fetching the page an address names while the session is still being restored, so the
 * page's code and the session arrive together rather than one after the other.
 */
import { lazy, useEffect, type ComponentType, type LazyExoticComponent } from 'react';
import { matchPath } from 'react-router-dom';
import { Spin } from 'antd';
import { useI18n } from './i18n';

/** A page (taking props `P`) loaded when first rendered, or earlier when preloaded. */
export type LazyPage<P extends object = object> = LazyExoticComponent<ComponentType<P>> & { preload(): Promise<unknown> };

/** The props of a component. */
type PropsOf<C> = C extends ComponentType<infer P> ? P : never;

/** A route of an app: its path, its page, and who may open it (everyone when `when` is absent). */
export interface PageRoute {
  path: string;
  page: LazyPage;
  when?: (can: (permission: string) => boolean) => boolean;
}

/**
 * A page component from a module loaded when first rendered (or preloaded); `name` is its named
 * export (the apps export pages by name, React.lazy wants a default). The module is fetched once.
 */
export function lazyPage<M, K extends keyof M>(load: () => Promise<M>, name: K): LazyPage<PropsOf<M[K]> & object> {
  type Page = ComponentType<PropsOf<M[K]> & object>;
  let loading: Promise<{ default: Page }> | undefined;
  const preload = () =>
    (loading ??= load().then(
      (m) => ({ default: m[name] as Page }),
      (error: unknown) => {
        loading = undefined; // fetched again next time, not failed for good
        throw error;
      },
    ));
  return Object.assign(lazy(preload), { preload });
}

/** Starts loading the page of the first route that matches the path (a failure shows when it renders). */
export function preloadPage(routes: readonly PageRoute[], pathname: string): void {
  const route = routes.find((r) => matchPath(r.path, pathname));
  route?.page.preload().catch(() => undefined);
}

/**
 * While `busy` (the session being restored), preloads the page the address names: its code is
 * fetched alongside the session instead of after it.
 */
export function usePreloadWhile(busy: boolean, routes: readonly PageRoute[], pathname: string): void {
  useEffect(() => {
    if (busy) preloadPage(routes, pathname);
  }, [busy, routes, pathname]);
}

/** What a page shows while its code loads: a spinner and 加载中…. */
export function PageLoading() {
  const { t } = useI18n();
  return (
    <div className="fw-page-loading" role="status" data-testid="page-loading" style={{ display: 'flex', gap: 8, alignItems: 'center', justifyContent: 'center', padding: '80px 0' }}>
      <Spin />
      <span>{t('pageLoading')}</span>
    </div>
  );
}
