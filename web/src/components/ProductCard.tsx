import type { ProductList } from '../api/client';
import { formatPrice } from '../format';
import { Link } from '../router';

export function ProductCard({ product }: { product: ProductList['items'][number] }) {
  return (
    <li className="card">
      <Link to={`/produto/${encodeURIComponent(product.id)}`} className="card-link">
        {product.images[0] ? <img src={product.images[0]} alt="" loading="lazy" /> : <div className="card-placeholder" aria-hidden="true" />}
        <span className="card-name">{product.name}</span>
      </Link>
      {product.brand ? <span className="card-brand">{product.brand}</span> : null}
      <span className="card-price">
        {product.variants.length > 1 ? 'a partir de ' : ''}
        {formatPrice(product.priceCents)}
      </span>
      {product.inStock ? null : <span className="card-out">Esgotado</span>}
    </li>
  );
}
