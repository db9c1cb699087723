/**
 * Seeds a realistic catalog on first start (skipped when categories exist): a category tree in
 * Portuguese, a few hundred products with accented names and several variants each, including
 * the iPhone the Black Friday flash sale sells. Deterministic, so every newcomer sees the same
 * store. Goes through the same use cases as the admin API.
 */
import type { z } from 'zod';
import type { CategoryView, CreateProductBody } from '../lambdas/domain/catalog/schemas.js';

type ProductSeed = z.input<typeof CreateProductBody>;

export const FLASH_SALE_PRODUCT_SLUG = 'iphone-15-pro-128gb';
export const FLASH_SALE_SKU = 'IPH15P-128-TIT';

const TREE: [string, string[]][] = [
  ['Eletrônicos', ['Celulares e Smartphones', 'Notebooks', 'TVs', 'Áudio e Fones', 'Games']],
  ['Casa e Cozinha', ['Cafeteiras e Café', 'Eletroportáteis', 'Utensílios de Cozinha', 'Cama, Mesa e Banho']],
  ['Moda', ['Camisetas', 'Calçados', 'Bolsas e Mochilas']],
  ['Esporte e Lazer', ['Bicicletas', 'Fitness', 'Camping']],
  ['Beleza e Saúde', ['Perfumes', 'Cuidados com a Pele']],
  ['Livros', ['Ficção', 'Negócios', 'Infantil']],
];

interface Template {
  category: string;
  brands: string[];
  names: string[];
  /** attribute name -> values; variants are the product of the first two attributes */
  attributes: Record<string, string[]>;
  priceRange: [number, number];
  /** shipping weight of one unit */
  weightGrams: number;
  description: string;
}

const TEMPLATES: Template[] = [
  { category: 'Celulares e Smartphones', weightGrams: 450, brands: ['Samsung', 'Motorola', 'Xiaomi'], names: ['Galaxy A55', 'Galaxy S24', 'Moto G84', 'Edge 50', 'Redmi Note 13', 'Poco X6'], attributes: { armazenamento: ['128 GB', '256 GB'], cor: ['Preto', 'Azul', 'Verde'] }, priceRange: [119900, 599900], description: '<p>Smartphone com tela <strong>AMOLED</strong>, câmera tripla e bateria para o dia inteiro.</p>' },
  { category: 'Notebooks', weightGrams: 2600, brands: ['Dell', 'Lenovo', 'Acer', 'Asus'], names: ['Inspiron 15', 'IdeaPad Slim 3', 'Aspire 5', 'VivoBook 15', 'ThinkPad E14'], attributes: { memória: ['8 GB', '16 GB'], armazenamento: ['256 GB SSD', '512 GB SSD'] }, priceRange: [249900, 689900], description: '<p>Notebook para trabalho e estudo, com processador de última geração e teclado numérico.</p>' },
  { category: 'TVs', weightGrams: 14000, brands: ['LG', 'Samsung', 'TCL'], names: ['Smart TV 4K', 'Smart TV QLED', 'Smart TV OLED'], attributes: { tamanho: ['43"', '50"', '55"', '65"'] }, priceRange: [179900, 899900], description: '<p>Imagem 4K com HDR, sistema inteligente e controle por voz em português.</p>' },
  { category: 'Áudio e Fones', weightGrams: 600, brands: ['JBL', 'Sony', 'Edifier'], names: ['Fone Bluetooth Tune', 'Fone com Cancelamento de Ruído', 'Caixa de Som Portátil', 'Soundbar'], attributes: { cor: ['Preto', 'Branco', 'Azul'] }, priceRange: [14990, 249900], description: '<p>Som potente, graves profundos e conexão Bluetooth estável.</p>' },
  { category: 'Games', weightGrams: 900, brands: ['Sony', 'Microsoft', 'Nintendo'], names: ['Controle Sem Fio', 'Headset Gamer', 'Console Portátil'], attributes: { cor: ['Preto', 'Branco'] }, priceRange: [29990, 449900], description: '<p>Para jogar com precisão e conforto por horas.</p>' },
  { category: 'Cafeteiras e Café', weightGrams: 1800, brands: ['Nespresso', 'Três Corações', 'Oster', 'Melitta'], names: ['Cafeteira Expresso', 'Café em Grãos Torra Média', 'Cafeteira Elétrica', 'Moedor de Café', 'Café Especial Mogiana'], attributes: { voltagem: ['110V', '220V'], cor: ['Preta', 'Vermelha'] }, priceRange: [2990, 149900], description: '<p>Café fresquinho com sabor encorpado, do jeito que o brasileiro gosta.</p>' },
  { category: 'Eletroportáteis', weightGrams: 3500, brands: ['Philips Walita', 'Mondial', 'Electrolux', 'Arno'], names: ['Air Fryer', 'Liquidificador', 'Batedeira Planetária', 'Aspirador Vertical', 'Ferro a Vapor'], attributes: { voltagem: ['110V', '220V'], cor: ['Preta', 'Inox'] }, priceRange: [12990, 99900], description: '<p>Praticidade na cozinha com potência e segurança.</p>' },
  { category: 'Utensílios de Cozinha', weightGrams: 2500, brands: ['Tramontina', 'Brinox', 'Rochedo'], names: ['Jogo de Panelas Antiaderente', 'Faqueiro Inox', 'Frigideira Cerâmica', 'Conjunto de Potes Herméticos'], attributes: { cor: ['Grafite', 'Vermelho', 'Inox'] }, priceRange: [4990, 89900], description: '<p>Utensílios duráveis e fáceis de limpar.</p>' },
  { category: 'Cama, Mesa e Banho', weightGrams: 1500, brands: ['Santista', 'Buddemeyer', 'Altenburg'], names: ['Jogo de Lençol Algodão', 'Toalha de Banho', 'Travesseiro Viscoelástico', 'Edredom Queen'], attributes: { tamanho: ['Solteiro', 'Casal', 'Queen'], cor: ['Branco', 'Cinza'] }, priceRange: [3990, 59900], description: '<p>Toque macio e conforto para noites tranquilas.</p>' },
  { category: 'Camisetas', weightGrams: 250, brands: ['Hering', 'Reserva', 'Malwee'], names: ['Camiseta Básica', 'Camiseta Estampada', 'Camiseta Polo', 'Camiseta Dry Fit'], attributes: { tamanho: ['P', 'M', 'G', 'GG'], cor: ['Preta', 'Branca', 'Azul-marinho'] }, priceRange: [3990, 19990], description: '<p>Algodão de qualidade, caimento perfeito e cores que não desbotam.</p>' },
  { category: 'Calçados', weightGrams: 1100, brands: ['Nike', 'Adidas', 'Olympikus', 'Havaianas'], names: ['Tênis de Corrida', 'Tênis Casual', 'Chinelo', 'Sapatênis'], attributes: { tamanho: ['37', '38', '39', '40', '41', '42'], cor: ['Preto', 'Branco'] }, priceRange: [4990, 89990], description: '<p>Conforto e amortecimento para o dia a dia.</p>' },
  { category: 'Bolsas e Mochilas', weightGrams: 1200, brands: ['Samsonite', 'Jansport', 'Santino'], names: ['Mochila para Notebook', 'Mala de Bordo', 'Bolsa Transversal'], attributes: { cor: ['Preta', 'Cinza', 'Vinho'] }, priceRange: [9990, 129990], description: '<p>Resistente, leve e com compartimentos inteligentes.</p>' },
  { category: 'Bicicletas', weightGrams: 16000, brands: ['Caloi', 'Specialized', 'Oggi'], names: ['Bicicleta Aro 29', 'Bicicleta Urbana', 'Bicicleta Elétrica'], attributes: { quadro: ['15"', '17"', '19"'] }, priceRange: [119900, 1299900], description: '<p>Quadro em alumínio, câmbio de 21 marchas e freio a disco.</p>' },
  { category: 'Fitness', weightGrams: 1500, brands: ['Kikos', 'Polimet', 'Acte'], names: ['Halter Emborrachado', 'Tapete de Yoga', 'Corda de Pular', 'Elástico de Resistência'], attributes: { peso: ['1 kg', '2 kg', '5 kg'] }, priceRange: [1990, 39990], description: '<p>Treine em casa com segurança e eficiência.</p>' },
  { category: 'Camping', weightGrams: 3000, brands: ['Nautika', 'Coleman', 'Guepardo'], names: ['Barraca 4 Pessoas', 'Saco de Dormir', 'Lanterna de LED', 'Cadeira Dobrável'], attributes: { cor: ['Verde', 'Laranja'] }, priceRange: [3990, 99990], description: '<p>Equipamento para aventuras ao ar livre, do litoral à serra.</p>' },
  { category: 'Perfumes', weightGrams: 400, brands: ['O Boticário', 'Natura', 'Eudora'], names: ['Malbec', 'Kaiak', 'Lily', 'Egeo', 'Essencial'], attributes: { volume: ['50 ml', '100 ml'] }, priceRange: [8990, 39990], description: '<p>Fragrância marcante e duradoura, feita no Brasil.</p>' },
  { category: 'Cuidados com a Pele', weightGrams: 300, brands: ['Nivea', 'La Roche-Posay', 'Neutrogena'], names: ['Protetor Solar FPS 50', 'Hidratante Facial', 'Sabonete Líquido', 'Sérum Vitamina C'], attributes: { tamanho: ['50 ml', '200 ml'] }, priceRange: [2990, 18990], description: '<p>Cuidado diário para todos os tipos de pele, testado dermatologicamente.</p>' },
  { category: 'Ficção', weightGrams: 450, brands: ['Companhia das Letras', 'Rocco', 'Intrínseca'], names: ['Dom Casmurro', 'Memórias Póstumas de Brás Cubas', 'Grande Sertão: Veredas', 'A Hora da Estrela', 'Vidas Secas', 'O Cortiço'], attributes: { formato: ['Capa comum', 'Capa dura'] }, priceRange: [2990, 12990], description: '<p>Clássico da literatura brasileira em edição caprichada.</p>' },
  { category: 'Negócios', weightGrams: 450, brands: ['Sextante', 'Alta Books', 'Portfolio'], names: ['Gestão Ágil', 'Finanças Pessoais', 'Liderança Prática', 'Vendas Consultivas'], attributes: { formato: ['Capa comum', 'E-book'] }, priceRange: [2990, 9990], description: '<p>Ideias práticas para crescer na carreira e nos negócios.</p>' },
  { category: 'Infantil', weightGrams: 350, brands: ['Salamandra', 'Ática', 'Brinque-Book'], names: ['O Menino Maluquinho', 'A Bolsa Amarela', 'Bisa Bia, Bisa Bel', 'Chapeuzinho Amarelo'], attributes: { formato: ['Capa comum', 'Capa dura'] }, priceRange: [1990, 6990], description: '<p>Histórias que encantam gerações de leitores.</p>' },
];

/** Small deterministic PRNG (mulberry32) so the seed is the same on every machine. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const skuPart = (text: string) => text.normalize('NFD').replace(/[^A-Za-z0-9]/g, '').toUpperCase().slice(0, 4) || 'X';

export interface CatalogSeedPorts {
  listCategories(): Promise<CategoryView[]>;
  createCategory(input: { name: string; parentId?: string | null }): Promise<CategoryView>;
  createProduct(input: ProductSeed): Promise<unknown>;
}

/** Builds the product inputs for the given categories (by name), `perTemplateTarget` products per template at most. */
export function catalogProducts(categoryIdByName: Map<string, string>, options: { products: number; seed?: number }): ProductSeed[] {
  const rnd = random(options.seed ?? 42);
  const products: ProductSeed[] = [];
  const iphoneCategory = categoryIdByName.get('Celulares e Smartphones') as string;
  products.push({
    name: 'iPhone 15 Pro 128 GB',
    slug: FLASH_SALE_PRODUCT_SLUG,
    description: '<p>O <strong>iPhone 15 Pro</strong> tem design em titânio, chip A17 Pro e câmera de 48 MP. Oferta relâmpago da Black Friday!</p>',
    brand: 'Apple',
    categoryIds: [iphoneCategory],
    images: [],
    status: 'active',
    variants: [
      // 50 for regular sale plus the seeded flash sale's week of windows (100 an hour), which each window takes when it opens.
      { sku: FLASH_SALE_SKU, attributes: { armazenamento: '128 GB', cor: 'Titânio Natural' }, priceCents: 729900, stock: 50 + 100 * 24 * 7, weightGrams: 450 },
      { sku: 'IPH15P-128-PRT', attributes: { armazenamento: '128 GB', cor: 'Titânio Preto' }, priceCents: 729900, stock: 35, weightGrams: 450 },
      { sku: 'IPH15P-256-TIT', attributes: { armazenamento: '256 GB', cor: 'Titânio Natural' }, priceCents: 819900, stock: 20, weightGrams: 450 },
    ],
  });
  let serial = 0;
  while (products.length < options.products) {
    const template = TEMPLATES[serial % TEMPLATES.length];
    const brand = template.brands[Math.floor(rnd() * template.brands.length)];
    const baseName = template.names[Math.floor(rnd() * template.names.length)];
    const edition = Math.floor(serial / TEMPLATES.length) + 1;
    const name = `${baseName} ${brand}${edition > 1 ? ` Edição ${edition}` : ''}`;
    const [first, second] = Object.entries(template.attributes);
    const combos = first[1].flatMap((a) => (second ? second[1].map((b) => ({ [first[0]]: a, [second[0]]: b })) : [{ [first[0]]: a }]));
    const chosen = combos.filter(() => rnd() < 0.7).slice(0, 6);
    const variantsAttrs = chosen.length ? chosen : combos.slice(0, 1);
    const base = template.priceRange[0] + Math.floor(rnd() * (template.priceRange[1] - template.priceRange[0]));
    const productSku = `${skuPart(brand)}${skuPart(baseName)}${String(serial).padStart(4, '0')}`;
    products.push({
      name,
      description: template.description,
      brand,
      categoryIds: [categoryIdByName.get(template.category) as string],
      images: [],
      status: 'active',
      variants: variantsAttrs.map((attributes, i) => ({
        sku: `${productSku}-${i + 1}`,
        attributes,
        priceCents: Math.round((base * (1 + i * 0.08)) / 10) * 10 - 10,
        stock: rnd() < 0.1 ? 0 : Math.floor(rnd() * 80),
        weightGrams: template.weightGrams,
      })),
    });
    serial++;
  }
  return products;
}

/** Seeds categories and products unless the store already has categories. Returns what it did. */
export async function seedCatalog(ports: CatalogSeedPorts, options: { products: number }): Promise<{ seeded: boolean; products: number; flashSaleProductId?: string }> {
  if ((await ports.listCategories()).length > 0) return { seeded: false, products: 0 };
  const idByName = new Map<string, string>();
  for (const [root, children] of TREE) {
    const parent = await ports.createCategory({ name: root });
    idByName.set(root, parent.id);
    for (const child of children) idByName.set(child, (await ports.createCategory({ name: child, parentId: parent.id })).id);
  }
  const products = catalogProducts(idByName, options);
  const [iphone, ...rest] = products;
  const created = (await ports.createProduct(iphone)) as { id: string };
  for (let i = 0; i < rest.length; i += 8) {
    await Promise.all(rest.slice(i, i + 8).map((p) => ports.createProduct(p)));
  }
  return { seeded: true, products: products.length, flashSaleProductId: created.id };
}
