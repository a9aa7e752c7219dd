/** The designer shell: sign-in, the header (user, language, the workspace for those who also work there), the pages. */
import { Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { Button, Layout, Result, Space, Spin, Tag, Tooltip } from 'antd';
import { AppstoreOutlined, LogoutOutlined, TranslationOutlined } from '@ant-design/icons';
import { api } from '../../runtime/web/kit/api';
import { clearCaches } from '../../runtime/web/kit/definitions';
import { ErrorBoundary } from '../../runtime/web/kit/ErrorBoundary';
import { roleName } from '../../runtime/web/kit/i18n';
import { useAuth } from '../../runtime/web/kit/session';
import { lazyPage, PageLoading, usePreloadWhile, type PageRoute } from '../../runtime/web/kit/lazy-page';
import { useDesignerWords } from './words';

// Each page is a chunk of its own, loaded when its route first opens: the builder, the rule
// builder, the workflow diagram and the form preview come with the pages that use them.
// The sign-in page too: a user whose session is restored never needs it.
const SignInPage = lazyPage(() => import('../../runtime/web/kit/SignInPage'), 'SignInPage');
const CataloguePage = lazyPage(() => import('./pages/catalogue/CataloguePage'), 'CataloguePage');
const DraftPage = lazyPage(() => import('./pages/draft/DraftPage'), 'DraftPage');
const ModulePage = lazyPage(() => import('./pages/module/ModulePage'), 'ModulePage');

/** The designer's pages by address (all for those who design). */
const PAGES: readonly PageRoute[] = [
  { path: '/', page: CataloguePage },
  { path: '/drafts/:id', page: DraftPage },
  { path: '/modules/:key', page: ModulePage },
];

/** A page inside an error boundary that forgets a failure when the address changes; 加载中… while its code loads. */
function Guarded({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return (
    <ErrorBoundary kind="page" resetKey={pathname}>
      <Suspense fallback={<PageLoading />}>{children}</Suspense>
    </ErrorBoundary>
  );
}

/** The designer: sign-in until a session exists; then the pages for those who hold the designer role. */
export function App() {
  const { me, restoring } = useAuth();
  const { t } = useDesignerWords();
  const location = useLocation();
  usePreloadWhile(restoring, PAGES, location.pathname);
  if (restoring) return <Spin fullscreen />;
  if (!me) {
    return (
      <Routes>
        <Route path="/login" element={<Guarded><SignInPage appName={t('appName')} home="/" /></Guarded>} />
        <Route path="*" element={<Navigate to="/login" replace state={{ from: location.pathname + location.search }} />} />
      </Routes>
    );
  }
  return <Shell />;
}

function Shell() {
  const { me, can, signOut } = useAuth();
  const { t, locale, setLocale } = useDesignerWords();
  const navigate = useNavigate();
  const designs = can('drafts.read');
  const switchLanguage = () => {
    const next = locale === 'en' ? 'zh-CN' : 'en';
    setLocale(next);
    void api('PUT', '/api/auth/me/preferences', { locale: next }).catch(() => undefined);
  };
  return (
    <Layout style={{ minHeight: '100%' }}>
      <header className="fw-header">
        <Space>
          <a className="fw-brand" onClick={() => navigate('/')} data-testid="brand">
            {t('appName')}
          </a>
        </Space>
        <div className="fw-user">
          <span className="fw-hide-narrow">{me!.unitName}</span>
          <span className="fw-hide-narrow">{me!.displayName ?? me!.username}</span>
          <span className="fw-hide-narrow">
            {me!.roles.map((r) => (
              <Tag key={r} color="red">
                {roleName(locale, r)}
              </Tag>
            ))}
          </span>
          {can('records.read') && (
            <Button type="text" icon={<AppstoreOutlined />} href="/" data-testid="to-workspace">
              <span className="fw-hide-narrow">{t('toWorkspace')}</span>
            </Button>
          )}
          <Tooltip title={t('language')}>
            <Button type="text" icon={<TranslationOutlined />} onClick={switchLanguage} data-testid="switch-language">
              <span className="fw-hide-narrow">{t('language')}</span>
            </Button>
          </Tooltip>
          <Button
            type="text"
            icon={<LogoutOutlined />}
            onClick={() => {
              clearCaches();
              void signOut().then(() => navigate('/login'));
            }}
          >
            <span className="fw-hide-narrow">{t('signOut')}</span>
          </Button>
        </div>
      </header>
      <Layout.Content className="fw-content">
        {designs ? (
          <Routes>
            {PAGES.map(({ path, page: Page }) => (
              <Route key={path} path={path} element={<Guarded><Page /></Guarded>} />
            ))}
            <Route path="/login" element={<Navigate to="/" replace />} />
            <Route path="*" element={<Result status="404" title="404" />} />
          </Routes>
        ) : (
          <Result
            status="403"
            title={t('noDesignRole')}
            subTitle={t('noDesignRoleHint')}
            extra={<Button href="/">{t('toWorkspace')}</Button>}
            data-testid="no-design-role"
          />
        )}
      </Layout.Content>
    </Layout>
  );
}
