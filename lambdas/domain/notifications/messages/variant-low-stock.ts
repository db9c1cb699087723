import type { Template } from './template.js';

const units = (n: number) => (n === 1 ? '1 unidade' : `${n} unidades`);

/** VariantLowOnStock: every admin is told that a SKU fell to the low-stock threshold (once per crossing). */
export const variantLowStock: Template<'VariantLowOnStock'> = {
  type: 'variant-low-stock',
  email: (data) => ({
    subject: data.stock === 0 ? `Estoque esgotado: ${data.productName} (${data.sku})` : `Estoque baixo: ${data.productName} (${data.sku})`,
    blocks: [
      { p: `O SKU ${data.sku} de ${data.productName} está com ${units(data.stock)} em estoque (o alerta é de ${units(data.threshold)} ou menos).` },
      { p: 'Reponha o estoque no console (Produtos > o produto > Estoque) ou pela importação de estoque em CSV. Os relatórios de estoque mostram a cobertura em dias de cada SKU.' },
    ],
  }),
  sms: (data) => `Big E-Commerce: estoque de ${data.sku} em ${data.stock} (alerta em ${data.threshold}). Reponha pelo console.`,
};
