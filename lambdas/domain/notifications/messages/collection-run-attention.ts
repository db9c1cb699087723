import { dayAndTime } from '../format.js';
import type { Template } from './template.js';

const REASON = {
  failed: 'todas as páginas falharam',
  'no-products': 'nenhum produto foi encontrado',
  'error-rate': 'muitas páginas falharam',
} as const;

const percent = (rate: number) => `${Math.round(rate * 100)}%`;

/** CollectionRunNeedsAttention: every admin is told that a collection run failed, found nothing or failed too many pages. */
export const collectionRunAttention: Template<'CollectionRunNeedsAttention'> = {
  type: 'collection-run-attention',
  email: (data) => ({
    subject: `Coleta de produtos com problema: ${REASON[data.reason]}`,
    blocks: [
      { p: `A execução ${data.runId} da fonte ${data.sourceId} terminou em ${dayAndTime(data.finishedAt)} (horário de Brasília) e precisa da sua atenção: ${REASON[data.reason]}.` },
      {
        list: [
          `Páginas planejadas: ${data.pagesPlanned}`,
          `Páginas lidas: ${data.pagesFetched}`,
          `Páginas com erro: ${data.failed} (${percent(data.errorRate)})`,
          `Produtos encontrados: ${data.productsFound}`,
        ],
      },
      ...(data.errors.length ? [{ p: 'Primeiros erros:' }, { list: data.errors.map((e) => `${e.url}: ${e.reason}`) }] : []),
      { p: 'Veja a execução no console (Coleta > Fontes) ou com npm run collect. O site pode ter mudado o layout, bloqueado o coletor ou estar fora do ar.' },
    ],
  }),
  sms: (data) => `Big E-Commerce: a coleta ${data.runId} da fonte ${data.sourceId} precisa de atenção (${REASON[data.reason]}). Veja o console.`,
};
