/** Who is signed in: the session token, the user, their unit, roles and permissions. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, session } from './api';
import type { Me } from './contract';
import type { Locale } from './i18n';

export type { Me };

/** The session as components see it (`useAuth`). */
export interface Auth {
  me: Me | null;
  /** True while the session is being restored on load. */
  restoring: boolean;
  /** Set when the session ended by itself (expiry, sign-out elsewhere). */
  expired: boolean;
  signIn(username: string, password: string): Promise<Me>;
  signOut(): Promise<void>;
  can(permission: string): boolean;
}

const AuthContext = createContext<Auth | null>(null);

/** The session; only inside an {@link AuthProvider}. */
export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/**
 * Restores the session on load, signs in and out, and follows the user's remembered language
 * (`onLocale`) when one is set.
 */
export function AuthProvider({ children, onLocale }: { children: ReactNode; onLocale: (locale: Locale) => void }) {
  const [me, setMe] = useState<Me | null>(null);
  const [restoring, setRestoring] = useState(Boolean(session.token));
  const [expired, setExpired] = useState(false);

  const adopt = useCallback(
    (user: Me) => {
      setMe(user);
      setExpired(false);
      if (user.preferences.locale) onLocale(user.preferences.locale);
      return user;
    },
    [onLocale],
  );

  useEffect(() => {
    session.onExpired(() => {
      setMe(null);
      setExpired(true);
    });
    if (!session.token) return;
    api<Me>('GET', '/api/auth/me')
      .then(adopt)
      .catch(() => session.set(null))
      .finally(() => setRestoring(false));
  }, [adopt]);

  const value = useMemo<Auth>(
    () => ({
      me,
      restoring,
      expired,
      async signIn(username, password) {
        const answer = await api<{ token: string }>('POST', '/api/auth/login', { username, password });
        session.set(answer.token);
        return adopt(await api<Me>('GET', '/api/auth/me'));
      },
      async signOut() {
        await api('POST', '/api/auth/logout').catch(() => undefined);
        session.set(null);
        setMe(null);
      },
      can: (permission) => me?.permissions.includes(permission) ?? false,
    }),
    [me, restoring, expired, adopt],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
