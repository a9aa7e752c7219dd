/** The designer's entry: antd in the user's language, words, the session, the router (under /designer), the shell. */
import { StrictMode, useCallback, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { session } from '../../runtime/web/kit/api';
import { ErrorBoundary } from '../../runtime/web/kit/ErrorBoundary';
import { I18nProvider, type Locale } from '../../runtime/web/kit/i18n';
import { AuthProvider } from '../../runtime/web/kit/session';
import { App } from './App';
import './styles.css';

// The same key as the workspace: one language for both apps of the origin.
const LOCALE_KEY = 'formwork.locale';

function Root() {
  const [locale, setLocaleState] = useState<Locale>(() => (localStorage.getItem(LOCALE_KEY) === 'en' ? 'en' : 'zh-CN'));
  session.setLanguage(locale);
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(LOCALE_KEY, next);
    session.setLanguage(next);
    setLocaleState(next);
  }, []);
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#b71c1c', borderRadius: 4 } }}>
      <AntApp>
        <I18nProvider locale={locale} setLocale={setLocale}>
          <AuthProvider onLocale={setLocale}>
            <BrowserRouter basename="/designer">
              <ErrorBoundary kind="page">
                <App />
              </ErrorBoundary>
            </BrowserRouter>
          </AuthProvider>
        </I18nProvider>
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
