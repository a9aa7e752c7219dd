/**
 * Sign-in: the one page an app shows before a session exists. Shared by the workspace and the
 * designer (one origin, one session: signing in to either signs in to both).
 */
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { ApiError } from './api';
import { defineWords } from './i18n';
import { useAuth } from './session';
import './sign-in.css';

/** The sign-in page's words. */
const useLoginWords = defineWords({
  signIn: ['登录', 'Sign in'],
  username: ['用户名', 'Username'],
  password: ['密码', 'Password'],
  signInFailed: ['登录失败', 'Sign-in failed'],
  sessionExpired: ['登录已失效，请重新登录', 'Your session has ended; please sign in again'],
} as const);

/** What a {@link SignInPage} shows and where it leads. */
export interface SignInPageProps {
  appName: string;
  /** The app's page after sign-in when none was asked for. */
  home: string;
}

/** Sign-in (`/login`), then back to the page asked for; says so when a session has ended. */
export function SignInPage({ appName, home }: SignInPageProps) {
  const { t, locale, setLocale } = useLoginWords();
  const { signIn, expired } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? home;

  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await signIn(values.username.trim(), values.password);
      navigate(from === '/login' ? home : from, { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('signInFailed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="fw-login">
      <Card>
        <Typography.Title level={3} style={{ textAlign: 'center', color: '#b71c1c', marginTop: 0 }}>
          {appName}
        </Typography.Title>
        {expired && !error && <Alert type="warning" showIcon message={t('sessionExpired')} style={{ marginBottom: 16 }} data-testid="session-expired" />}
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label={t('username')} rules={[{ required: true, message: t('username') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('password') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('signIn')}
          </Button>
        </Form>
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button type="link" onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}>
            {t('language')}
          </Button>
        </div>
      </Card>
    </div>
  );
}
