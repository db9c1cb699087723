import { type ReactNode, useEffect, useSyncExternalStore } from 'react';
import { session } from '../api/client';
import { navigate, useLocation } from '../router';

export function useSignedIn(): boolean {
  return useSyncExternalStore((listener) => session.subscribe(listener), () => session.signedIn);
}

/** Whether the signed-in user's token names the admin group (what the page shows; the API decides what it answers). */
export function useIsAdmin(): boolean {
  return useSyncExternalStore((listener) => session.subscribe(listener), () => session.groups.includes('admin'));
}

/** Renders its children for a signed-in customer; sends anyone else to sign in and back here afterwards. */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const signedIn = useSignedIn();
  const { path, query } = useLocation();
  const here = query.size ? `${path}?${query}` : path;
  useEffect(() => {
    if (!signedIn) navigate(`/entrar?next=${encodeURIComponent(here)}`, { replace: true });
  }, [signedIn, here]);
  return signedIn ? children : null;
}
