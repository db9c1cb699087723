import { type FormEvent, useEffect, useState } from 'react';
import { useIsAdmin, useSignedIn } from '../auth/hooks';
import { Link, navigate, useLocation } from '../router';

export function Header() {
  const { path, query } = useLocation();
  const current = path === '/busca' ? (query.get('q') ?? '') : '';
  const [q, setQ] = useState(current);
  const signedIn = useSignedIn();
  const admin = useIsAdmin();
  useEffect(() => setQ(current), [current]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const params = new URLSearchParams();
    if (q.trim()) params.set('q', q.trim());
    navigate(`/busca?${params}`);
  };
  return (
    <header className="site-header">
      <Link to="/" className="logo">
        Big E-Commerce
      </Link>
      <search className="search-form">
        <form onSubmit={submit}>
          <label htmlFor="search-q" className="visually-hidden">
            Buscar produtos
          </label>
          <input id="search-q" name="q" type="search" placeholder="Buscar produtos, marcas…" value={q} onChange={(e) => setQ(e.target.value)} />
          <button type="submit">Buscar</button>
        </form>
      </search>
      <nav className="header-links" aria-label="Sua conta">
        <Link to="/carrinho">Carrinho</Link>
        {signedIn ? <Link to="/pedidos">Pedidos</Link> : null}
        {admin ? <Link to="/admin">Painel</Link> : null}
        {signedIn ? <Link to="/conta">Minha conta</Link> : <Link to="/entrar">Entrar</Link>}
      </nav>
    </header>
  );
}
