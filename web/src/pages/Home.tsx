import { useEffect, useState } from 'react';
import { api, type ProductList } from '../api/client';
import { FlashSaleBanner } from '../components/FlashSaleBanner';
import { ProductCard } from '../components/ProductCard';
import { Link } from '../router';

/** Placeholder cards while the best sellers load, so the grid's height does not jump when they arrive (CLS). */
const SKELETONS = ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'];

export function HomePage() {
  const [items, setItems] = useState<ProductList['items'] | undefined>();
  useEffect(() => {
    void api.GET('/products', { params: { query: { sort: 'bestselling', inStock: 'true', limit: 8 } } })
      .then(({ data }) => setItems(data?.items ?? []), () => setItems([]));
  }, []);
  return (
    <main>
      <h1 className="visually-hidden">Big E-Commerce</h1>
      <FlashSaleBanner />
      <section aria-labelledby="best-title">
        <h2 id="best-title">Mais vendidos</h2>
        <ul className="grid" aria-busy={items === undefined}>
          {items === undefined
            ? SKELETONS.map((key) => <li key={key} className="card-skeleton" aria-hidden="true"><div className="card-placeholder" /></li>)
            : items.map((p) => <ProductCard key={p.id} product={p} />)}
        </ul>
        <Link to="/busca">Ver todos os produtos</Link>
      </section>
    </main>
  );
}
