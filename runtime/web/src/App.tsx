/** The workspace shell: sign-in, the menu of published modules, and the pages. */
import { Suspense, useEffect, useState, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { Button, Drawer, Grid, Layout, Menu, Result, Space, Spin, Tag, Tooltip } from 'antd';
import { AppstoreOutlined, AuditOutlined, DatabaseOutlined, BarChartOutlined, ClusterOutlined, HomeOutlined, SafetyCertificateOutlined, TeamOutlined, FileTextOutlined, FormOutlined, InboxOutlined, LineChartOutlined, LogoutOutlined, MenuOutlined, TranslationOutlined } from '@ant-design/icons';
import { api } from '../kit/api';
import { clearCaches, listModules, type ModuleSummary } from '../kit/definitions';
import { ErrorBoundary } from '../kit/ErrorBoundary';
import { defineWords, roleName } from '../kit/i18n';
import { useAuth } from '../kit/session';
import { lazyPage, PageLoading, usePreloadWhile, type PageRoute } from '../kit/lazy-page';
import { administersOnly } from './pages/admin/admin-logic';

// Each page is a chunk of its own, loaded when its route first opens (see kit/lazy-page.tsx):
// the entry bundle holds the shell, and the form renderer, charts and the rest come with the
// pages that use them.
// The sign-in page too: a user whose session is restored never needs it.
const SignInPage = lazyPage(() => import('../kit/SignInPage'), 'SignInPage');
const InboxPage = lazyPage(() => import('./pages/InboxPage'), 'InboxPage');
const ModuleListPage = lazyPage(() => import('./pages/ModuleListPage'), 'ModuleListPage');
const RecordPage = lazyPage(() => import('./pages/record/RecordPage'), 'RecordPage');
const ReportsPage = lazyPage(() => import('./pages/reports/ReportsPage'), 'ReportsPage');
const QualityPage = lazyPage(() => import('./pages/quality/QualityPage'), 'QualityPage');
const DashboardPage = lazyPage(() => import('./pages/DashboardPage'), 'DashboardPage');
const AdminHomePage = lazyPage(() => import('./pages/admin/AdminHomePage'), 'AdminHomePage');
const UnitsPage = lazyPage(() => import('./pages/admin/UnitsPage'), 'UnitsPage');
const UsersPage = lazyPage(() => import('./pages/admin/UsersPage'), 'UsersPage');
const FilingPage = lazyPage(() => import('./pages/admin/FilingPage'), 'FilingPage');
const AuditPage = lazyPage(() => import('./pages/admin/AuditPage'), 'AuditPage');
const DatasetsPage = lazyPage(() => import('./pages/datasets/DatasetsPage'), 'DatasetsPage');
const ImportWizard = lazyPage(() => import('./pages/datasets/ImportWizard'), 'ImportWizard');
const ExportCentre = lazyPage(() => import('./pages/datasets/ExportCentre'), 'ExportCentre');

/** Who gets the administration screens: administrators and auditors. */
const administers = (can: (permission: string) => boolean) => can('users.read') || can('audit.read');
/** Who gets the datasets page: exporters, and officers who may import. */
const usesDatasets = (can: (permission: string) => boolean) => can('datasets.export') || can('datasets.import');

/** The workspace's pages by address, each for those its `when` admits. */
const PAGES: readonly PageRoute[] = [
  { path: '/inbox', page: InboxPage },
  { path: '/dashboard', page: DashboardPage },
  { path: '/m/:key', page: ModuleListPage },
  { path: '/m/:key/new', page: RecordPage },
  { path: '/r/:id', page: RecordPage },
  { path: '/reports/:key', page: ReportsPage },
  { path: '/quality', page: QualityPage, when: (can) => can('quality.read') },
  { path: '/datasets', page: DatasetsPage, when: usesDatasets },
  { path: '/datasets/import', page: ImportWizard, when: usesDatasets },
  { path: '/datasets/exports', page: ExportCentre, when: (can) => can('datasets.export') },
  { path: '/admin', page: AdminHomePage, when: administers },
  { path: '/admin/units', page: UnitsPage, when: administers },
  { path: '/admin/users', page: UsersPage, when: administers },
  { path: '/admin/filing', page: FilingPage, when: administers },
  { path: '/admin/audit', page: AuditPage, when: administers },
];

/** The shell's words: the app's name, the menu, signing out. */
const useShellWords = defineWords({
  appName: ['纪检监察工作平台', 'Discipline inspection workspace'],
  signOut: ['退出登录', 'Sign out'],
  inbox: ['待办事项', 'Inbox'],
  dashboard: ['数据总览', 'Overview'],
  quality: ['数据质量', 'Data quality'],
  modules: ['业务办理', 'Business'],
  reports: ['统计报表', 'Reports'],
  notFound: ['未找到该记录，或您无权查看', 'Not found, or not yours to see'],
  designer: ['模板设计', 'Designer'],
  admin: ['系统管理', 'Administration'],
  adminHome: ['管理首页', 'Administration home'],
  units: ['组织机构', 'Units'],
  users: ['用户管理', 'Users'],
  filing: ['报备审批', 'Filings'],
  audit: ['审计日志', 'Audit log'],
  datasets: ['数据集', 'Datasets'],
} as const);

/** The designer app, for those who design templates. */
const DESIGNER_HOME = '/designer/';

/**
 * Whether the user's roles give them no page of the workspace but the designer: a template
 * designer who neither reads nor files records (their lists would be empty and forbidden) nor
 * administers (an administrator who also designs keeps the administration screens here).
 */
export function designsOnly(can: (permission: string) => boolean): boolean {
  return can('drafts.read') && !can('records.read') && !can('records.create') && !can('users.read') && !can('audit.read');
}

/**
 * A page inside an error boundary: a page that fails (or whose code fails to load) shows a
 * notice in its place while the menu and the header work on; moving to another address forgets
 * the failure. While the page's code loads, 加载中….
 */
function Guarded({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return (
    <ErrorBoundary kind="page" resetKey={pathname}>
      <Suspense fallback={<PageLoading />}>{children}</Suspense>
    </ErrorBoundary>
  );
}

/** The workspace: sign-in until a session exists, then the shell with the menu and the pages. */
export function App() {
  const { me, restoring } = useAuth();
  const { t } = useShellWords();
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
  const onlyDesigns = designsOnly(can);
  // A template designer has nothing to do here: the designer is their app.
  useEffect(() => {
    if (onlyDesigns) window.location.replace(DESIGNER_HOME);
  }, [onlyDesigns]);
  const { t, pick, locale, setLocale } = useShellWords();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.lg;
  const [modules, setModules] = useState<ModuleSummary[]>([]);
  const [drawer, setDrawer] = useState(false);

  // The menu follows whatever is published: looked at again on every page change and menu click,
  // when the window comes back into view, and once a minute.
  const [menuTick, setMenuTick] = useState(0);
  useEffect(() => {
    listModules(true)
      .then(setModules)
      .catch(() => undefined);
  }, [location.pathname, menuTick]);
  useEffect(() => {
    const again = () => {
      if (document.visibilityState === 'visible') setMenuTick((n) => n + 1);
    };
    const timer = window.setInterval(again, 60_000);
    window.addEventListener('focus', again);
    document.addEventListener('visibilitychange', again);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', again);
      document.removeEventListener('visibilitychange', again);
    };
  }, []);

  const switchLanguage = () => {
    const next = locale === 'en' ? 'zh-CN' : 'en';
    setLocale(next);
    void api('PUT', '/api/auth/me/preferences', { locale: next }).catch(() => undefined);
  };

  const records = modules.filter((m) => m.kind === 'record');
  const reports = modules.filter((m) => m.kind === 'report');
  // Administrators and auditors get the administration screens; case pages only for those who read records.
  const adminOnly = administersOnly(me!.roles);
  const home = adminOnly ? '/admin' : '/inbox';
  const adminItems = [
    { key: '/admin', icon: <HomeOutlined />, label: t('adminHome') },
    { key: '/admin/units', icon: <ClusterOutlined />, label: t('units') },
    { key: '/admin/users', icon: <TeamOutlined />, label: t('users') },
    ...(can('users.write') ? [{ key: '/admin/filing', icon: <SafetyCertificateOutlined />, label: t('filing') }] : []),
    ...(can('audit.read') ? [{ key: '/admin/audit', icon: <AuditOutlined />, label: t('audit') }] : []),
  ];
  const items = [
    ...(adminOnly ? adminItems : []),
    { key: '/inbox', icon: <InboxOutlined />, label: t('inbox') },
    ...(can('records.read')
      ? [
          { key: '/dashboard', icon: <BarChartOutlined />, label: t('dashboard') },
          { key: 'records', icon: <AppstoreOutlined />, label: t('modules'), children: records.map((m) => ({ key: `/m/${m.key}`, label: pick(m.title) })) },
          { key: 'reports', icon: <FileTextOutlined />, label: t('reports'), children: reports.map((m) => ({ key: `/reports/${m.key}`, label: pick(m.title) })) },
        ]
      : []),
    ...(can('quality.read') ? [{ key: '/quality', icon: <LineChartOutlined />, label: t('quality') }] : []),
    ...(usesDatasets(can) ? [{ key: '/datasets', icon: <DatabaseOutlined />, label: t('datasets') }] : []),
    ...(administers(can) && !adminOnly ? [{ key: 'admin', icon: <SafetyCertificateOutlined />, label: t('admin'), children: adminItems }] : []),
  ];
  const selected = location.pathname.startsWith('/datasets') ? '/datasets' : location.pathname.startsWith('/admin') ? location.pathname.split('/').slice(0, 3).join('/') : '/' + location.pathname.split('/').slice(1, 3).join('/');
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[selected]}
      defaultOpenKeys={['records', 'reports', 'admin']}
      items={items}
      onClick={({ key }) => {
        setDrawer(false);
        setMenuTick((n) => n + 1);
        navigate(key);
      }}
      style={{ height: '100%', borderRight: 0 }}
    />
  );

  if (onlyDesigns) return <Spin fullscreen />;
  return (
    <Layout style={{ minHeight: '100%' }}>
      <header className="fw-header">
        <Space>
          {narrow && <Button type="text" icon={<MenuOutlined />} onClick={() => setDrawer(true)} aria-label="menu" />}
          <span className="fw-brand">{t('appName')}</span>
        </Space>
        <div className="fw-user">
          <span data-testid="current-unit" className="fw-hide-narrow">{me!.unitName}</span>
          <span className="fw-hide-narrow">{me!.displayName ?? me!.username}</span>
          <span className="fw-hide-narrow">
            {me!.roles.map((r) => (
              <Tag key={r} color="red">
                {roleName(locale, r)}
              </Tag>
            ))}
          </span>
          {can('drafts.read') && (
            <Button type="text" icon={<FormOutlined />} href={DESIGNER_HOME} data-testid="to-designer">
              <span className="fw-hide-narrow">{t('designer')}</span>
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
      <Layout>
        {narrow ? (
          <Drawer open={drawer} onClose={() => setDrawer(false)} placement="left" width={260} styles={{ body: { padding: 0 } }}>
            {menu}
          </Drawer>
        ) : (
          <Layout.Sider width={220} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
            {menu}
          </Layout.Sider>
        )}
        <Layout.Content className="fw-content">
          <Routes>
            <Route path="/" element={<Navigate to={home} replace />} />
            <Route path="/login" element={<Navigate to={home} replace />} />
            {PAGES.filter((r) => !r.when || r.when(can)).map(({ path, page: Page }) => (
              <Route key={path} path={path} element={<Guarded><Page /></Guarded>} />
            ))}
            <Route path="*" element={<Result status="404" title="404" subTitle={t('notFound')} />} />
          </Routes>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
