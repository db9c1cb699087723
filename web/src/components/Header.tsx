import { type FormEvent, useEffect, useState } from 'react';
import { Link, navigate, useLocation } from '../router';

export function Header() {
  const { path, query } = useLocation();
  const current = path === '/busca' ? (query.get('q') ?? '') : '';
  const [q, setQ] = useState(current);
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
    </header>
  );
}
