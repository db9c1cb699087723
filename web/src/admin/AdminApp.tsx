/**
 * The admin console (issue 18), its own lazily loaded chunk: App.tsx renders it only for a token in
 * the admin group, so customers never download it. Its pages: dashboard (with the live order feed),
 * orders, products, categories, coupons, flash-sale stats, collection, webhooks, customers (search, one
 * customer with their orders) and admins.
 */
import type { ReactNode } from 'react';
import { api, session } from '../api/client';
import { Link, navigate } from '../router';
import { CategoriesPage } from './Categories';
import { ReviewPage, SourceRunsPage, SourcesPage } from './Collection';
import { CouponsPage } from './Coupons';
import { AdminsPage, CustomerPage, CustomersPage } from './Customers';
import { DashboardPage } from './Dashboard';
import { FlashSalesPage } from './FlashSales';
import { OrderDetailPage } from './OrderDetail';
import { OrdersPage } from './Orders';
import { NewProductPage, ProductAdminPage, ProductsPage } from './Products';
import { WebhookDeliveriesPage, WebhooksPage } from './Webhooks';
import './admin.css';

const ROUTES: [RegExp, (params: string[]) => ReactNode][] = [
  [/^\/admin$/, () => <DashboardPage />],
  [/^\/admin\/pedidos$/, () => <OrdersPage />],
  [/^\/admin\/pedidos\/([^/]+)$/, ([id]) => <OrderDetailPage key={id} id={id!} />],
  [/^\/admin\/produtos$/, () => <ProductsPage />],
  [/^\/admin\/produtos\/novo$/, () => <NewProductPage />],
  [/^\/admin\/produtos\/([^/]+)$/, ([id]) => <ProductAdminPage key={id} id={id!} />],
  [/^\/admin\/categorias$/, () => <CategoriesPage />],
  [/^\/admin\/cupons$/, () => <CouponsPage />],
  [/^\/admin\/ofertas$/, () => <FlashSalesPage />],
  [/^\/admin\/coleta$/, () => <SourcesPage />],
  [/^\/admin\/coleta\/fontes\/([^/]+)$/, ([id]) => <SourceRunsPage key={id} id={id!} />],
  [/^\/admin\/coleta\/revisao$/, () => <ReviewPage />],
  [/^\/admin\/integracoes$/, () => <WebhooksPage />],
  [/^\/admin\/integracoes\/([^/]+)$/, ([id]) => <WebhookDeliveriesPage key={id} id={id!} />],
  [/^\/admin\/clientes$/, () => <CustomersPage />],
  [/^\/admin\/clientes\/([^/]+)$/, ([id]) => <CustomerPage key={id} id={id!} />],
  [/^\/admin\/administradores$/, () => <AdminsPage />],
];

const NAV: [string, string, RegExp][] = [
  ['/admin', 'Painel', /^\/admin$/],
  ['/admin/pedidos', 'Pedidos', /^\/admin\/pedidos/],
  ['/admin/produtos', 'Produtos', /^\/admin\/produtos/],
  ['/admin/categorias', 'Categorias', /^\/admin\/categorias/],
  ['/admin/cupons', 'Cupons', /^\/admin\/cupons/],
  ['/admin/ofertas', 'Venda relâmpago', /^\/admin\/ofertas/],
  ['/admin/coleta', 'Coleta', /^\/admin\/coleta/],
  ['/admin/integracoes', 'Integrações', /^\/admin\/integracoes/],
  ['/admin/clientes', 'Clientes', /^\/admin\/(clientes|administradores)/],
];

async function signOut(): Promise<void> {
  await api.POST('/logout', {}).catch(() => undefined);
  session.clear();
  navigate('/entrar');
}

export default function AdminApp({ path }: { path: string }) {
  let page: ReactNode = <main className="admin-main"><h1>Página não encontrada</h1><Link to="/admin">Voltar ao painel</Link></main>;
  for (const [pattern, render] of ROUTES) {
    const match = pattern.exec(path);
    if (match) {
      page = render(match.slice(1).map(decodeURIComponent));
      break;
    }
  }
  return (
    <div className="admin">
      <header className="admin-header">
        <span className="logo">Big E-Commerce · Administração</span>
        <nav aria-label="Administração">
          {NAV.map(([to, label, active]) => <Link key={to} to={to} aria-current={active.test(path) ? 'page' : undefined}>{label}</Link>)}
        </nav>
        <div className="admin-account">
          <Link to="/">Ver a loja</Link>
          <button type="button" className="secondary" onClick={signOut}>Sair</button>
        </div>
      </header>
      {page}
    </div>
  );
}
