import { lazy, type ReactNode, Suspense } from 'react';
import { RequireSignIn, useIsAdmin } from './auth/hooks';
import { Header } from './components/Header';
import { AccountPage } from './pages/Account';
import { CartPage } from './pages/Cart';
import { CheckoutPage } from './pages/Checkout';
import { HomePage } from './pages/Home';
import { OrderPage } from './pages/Order';
import { OrdersPage } from './pages/Orders';
import { PaymentPage } from './pages/Payment';
import { ProductPage } from './pages/Product';
import { RegisterPage } from './pages/Register';
import { SearchPage } from './pages/Search';
import { SignInPage } from './pages/SignIn';
import { Link, useLocation } from './router';

/**
 * Pages few visits need (password reset, account deletion) are chunks of their own, fetched when
 * opened, so the storefront's first load does not grow with them.
 */
const PasswordResetPage = lazy(() => import('./pages/PasswordReset').then((m) => ({ default: m.PasswordResetPage })));
const DeleteAccountPage = lazy(() => import('./pages/DeleteAccount').then((m) => ({ default: m.DeleteAccountPage })));
const AccountDeletedPage = lazy(() => import('./pages/DeleteAccount').then((m) => ({ default: m.AccountDeletedPage })));

/** Path patterns and their pages; a page under RequireSignIn sends a signed-out visitor to sign in first. */
const ROUTES: [RegExp, (params: string[]) => ReactNode][] = [
  [/^\/$/, () => <HomePage />],
  [/^\/busca$/, () => <SearchPage />],
  [/^\/produto\/([^/]+)$/, ([id]) => <ProductPage key={id} id={id!} />],
  [/^\/entrar$/, () => <SignInPage />],
  [/^\/cadastro$/, () => <RegisterPage />],
  [/^\/recuperar-senha$/, () => <PasswordResetPage />],
  [/^\/conta$/, () => <RequireSignIn><AccountPage /></RequireSignIn>],
  [/^\/conta-excluida$/, () => <AccountDeletedPage />],
  [/^\/conta\/excluir$/, () => <RequireSignIn><DeleteAccountPage /></RequireSignIn>],
  [/^\/carrinho$/, () => <RequireSignIn><CartPage /></RequireSignIn>],
  [/^\/checkout$/, () => <RequireSignIn><CheckoutPage /></RequireSignIn>],
  [/^\/pedidos$/, () => <RequireSignIn><OrdersPage /></RequireSignIn>],
  [/^\/pedidos\/([^/]+)\/pagamento$/, ([id]) => <RequireSignIn><PaymentPage key={id} id={id!} /></RequireSignIn>],
  [/^\/pedidos\/([^/]+)$/, ([id]) => <RequireSignIn><OrderPage key={id} id={id!} /></RequireSignIn>],
];

/**
 * The admin console is its own chunk (with its chart library), fetched only when an admin opens
 * /admin: the storefront's first load does not carry it, and a customer never downloads it.
 */
const AdminApp = lazy(() => import('./admin/AdminApp'));
const isAdminPath = (path: string) => path === '/admin' || path.startsWith('/admin/');

function NotFound() {
  return <main><h1>Página não encontrada</h1><Link to="/">Voltar para a loja</Link></main>;
}

/** Signed-in admins get the console; anyone else signed in sees the storefront's not-found page, nothing of it. */
function AdminGate({ path }: { path: string }) {
  const admin = useIsAdmin();
  if (!admin) return <><Header /><NotFound /></>;
  return (
    <Suspense fallback={<p className="admin-loading" role="status">Carregando o painel…</p>}>
      <AdminApp path={path} />
    </Suspense>
  );
}

function route(path: string): ReactNode {
  for (const [pattern, page] of ROUTES) {
    const match = pattern.exec(path);
    if (match) return page(match.slice(1).map(decodeURIComponent));
  }
  return <NotFound />;
}

export function App() {
  const { path } = useLocation();
  if (isAdminPath(path)) return <RequireSignIn><AdminGate path={path} /></RequireSignIn>;
  return (
    <>
      <Header />
      <Suspense fallback={<p role="status">Carregando…</p>}>{route(path)}</Suspense>
      <footer className="site-footer">Big E-Commerce — preços em reais, frete calculado no carrinho.</footer>
    </>
  );
}
