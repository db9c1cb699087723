import { useEffect, useState } from 'react';
import { api, type ProductList } from '../api/client';
import { FlashSaleBanner } from '../components/FlashSaleBanner';
import { ProductCard } from '../components/ProductCard';
import { Link } from '../router';

export function HomePage() {
  const [items, setItems] = useState<ProductList['items']>([]);
  useEffect(() => {
    void api.GET('/products', { params: { query: { sort: 'bestselling', inStock: 'true', limit: 8 } } })
      .then(({ data }) => setItems(data?.items ?? []), () => undefined);
  }, []);
  return (
    <main>
      <h1 className="visually-hidden">Big E-Commerce</h1>
      <FlashSaleBanner />
      <section aria-labelledby="best-title">
        <h2 id="best-title">Mais vendidos</h2>
        <ul className="grid">
          {items.map((p) => (
            <ProductCard key={p.id} product={p} />
          ))}
        </ul>
        <Link to="/busca">Ver todos os produtos</Link>
      </section>
    </main>
  );
}
