import { Header } from './components/Header';
import { HomePage } from './pages/Home';
import { ProductPage } from './pages/Product';
import { SearchPage } from './pages/Search';
import { Link, useLocation } from './router';

export function App() {
  const { path } = useLocation();
  const product = /^\/produto\/([^/]+)$/.exec(path);
  let page: React.ReactNode;
  if (path === '/') page = <HomePage />;
  else if (path === '/busca') page = <SearchPage />;
  else if (product) page = <ProductPage key={product[1]} id={decodeURIComponent(product[1])} />;
  else page = <main><h1>Página não encontrada</h1><Link to="/">Voltar para a loja</Link></main>;
  return (
    <>
      <Header />
      {page}
      <footer className="site-footer">Big E-Commerce — preços em reais, frete calculado no carrinho.</footer>
    </>
  );
}
